"""The backbone of a discourse network, as DNA computes it: the concepts (the second mode)
that carry the structure of the actor network, and the redundant rest.

The actor network built through a set of concepts (one-mode, by default subtract with
average normalization, negative ties set to zero) has a Laplacian spectrum; normalized to sum
to one, it is compared with the spectrum of the network through all concepts. The **spectral
loss** of a set is the sum of the absolute differences of the two spectra, sorted: 0 when the
set keeps the structure, more the more it loses. The actors are always those of the full
network, so a set whose concepts some actors never speak of leaves them isolated.

- ``nested``: from all concepts, remove at each step the one whose removal loses least; a
  hierarchy of every backbone size (the last concept standing is the most structural). The
  backbone is the last ``size`` concepts standing, or without a size the smallest of these
  nested sets whose loss is at most ``max_loss``.
- ``penalty``: simulated annealing (seeded) over sets of any size, minimizing the loss times
  ``exp(-penalty * redundant / all)``: a larger penalty, a smaller backbone.
- ``fixed``: simulated annealing over sets of exactly ``size`` concepts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from discursus.analysis.networks import _choice, _prepare, onemode_matrix
from discursus.errors import DiscursusError

METHODS = ("nested", "penalty", "fixed")


def spectrum(matrix: np.ndarray) -> np.ndarray:
    """The Laplacian eigenvalues of a one-mode matrix (negative ties as none), largest first,
    scaled to sum to one (all zero for a network without ties)."""
    adjacency = np.clip(np.asarray(matrix, dtype=float), 0, None)
    laplacian = np.diag(adjacency.sum(axis=1)) - adjacency
    values = np.sort(np.linalg.eigvalsh((laplacian + laplacian.T) / 2))[::-1]
    values = np.clip(values, 0, None)  # round-off below zero
    total = values.sum()
    return values / total if total > 0 else values


def spectral_loss(full: np.ndarray, other: np.ndarray) -> float:
    """The sum of absolute differences between two spectra of the same nodes."""
    return float(np.abs(full - other).sum())


class _Networks:
    """The actor networks through subsets of the concepts, on the full network's actors."""

    def __init__(self, statements, variable1, variable2, qualifier, aggregation,
                 normalization, duplicates, exclude, invert, dna_compatible):  # fmt: skip
        kept, self.actors, self.concepts, self.levels, self.array = _prepare(
            statements, variable1, variable2, qualifier, aggregation, duplicates, False,
            exclude, invert, dna_compatible,
        )  # fmt: skip
        if kept.empty:
            raise DiscursusError("no statements to compute a backbone of")
        self.statements = self.array.sum(axis=(0, 2)).astype(int)
        self.aggregation, self.normalization = aggregation, normalization
        self.dna_compatible = dna_compatible
        self.full = self.spectrum_of(range(len(self.concepts)))

    def matrix(self, chosen) -> np.ndarray:
        chosen = sorted(chosen)
        if not chosen:
            return np.zeros((len(self.actors), len(self.actors)))
        return onemode_matrix(self.array[:, chosen, :], self.levels, self.aggregation,
                              self.normalization, self.dna_compatible)  # fmt: skip

    def spectrum_of(self, chosen) -> np.ndarray:
        return spectrum(self.matrix(chosen))

    def loss(self, chosen) -> float:
        return spectral_loss(self.full, self.spectrum_of(chosen))


def backbone(
    statements: pd.DataFrame,
    method: str = "nested",
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str | None = "agreement",
    aggregation: str = "subtract",
    normalization: str = "average",
    duplicates: str = "document",
    penalty: float = 3.5,
    size: int = 0,
    max_loss: float = 0.1,
    iterations: int = 10000,
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict]:
    """The backbone of the ``variable1`` network's ``variable2`` entities (see the module).

    Returns a row per concept (concept, backbone: in it or not, statements, and for
    ``nested``: removed, the step at which it left, and backbone_loss, the loss of what
    remained after it) and a summary (method, backbone, redundant, backbone_loss,
    redundant_loss: the loss of the network through the redundant concepts alone)."""
    _choice(method, METHODS, "backbone method")
    networks = _Networks(statements, variable1, variable2, qualifier, aggregation,
                         normalization, duplicates, exclude, invert, dna_compatible)  # fmt: skip
    n = len(networks.concepts)
    rows = pd.DataFrame({"concept": networks.concepts, "statements": networks.statements})
    if method == "nested":
        remaining = set(range(n))
        removed_at, losses = {}, {}
        for step in range(1, n + 1):
            if len(remaining) == 1:
                last = remaining.pop()
                removed_at[last], losses[last] = step, networks.loss([])
                break
            trials = {c: networks.loss(remaining - {c}) for c in sorted(remaining)}
            # least loss first; among equals, the concept with fewer statements leaves first
            out = min(trials, key=lambda c: (round(trials[c], 12), networks.statements[c], c))
            remaining.discard(out)
            removed_at[out], losses[out] = step, trials[out]
        rows["removed"] = [removed_at[i] for i in range(n)]
        rows["backbone_loss"] = [round(losses[i], 6) for i in range(n)]
        # the backbone: the last ``size`` concepts standing, or (size 0) the smallest nested
        # set that loses at most ``max_loss``
        standing = sorted(range(n), key=removed_at.get, reverse=True)  # last removed first
        if size:
            keep = min(size, n)
        else:
            # the set left once ``c`` is out holds ``n - removed_at[c]`` concepts
            small_enough = [n - removed_at[c] for c in standing if losses[c] <= max_loss]
            keep = max(min(small_enough, default=n), 1)
        chosen = set(standing[:keep])
    else:
        if method == "fixed" and not 1 <= size <= n:
            raise DiscursusError(f"backbone size {size} is not between 1 and {n} (the concepts)")
        chosen = _annealing(networks, method, penalty, size, iterations, seed)
    rows["backbone"] = [i in chosen for i in range(n)]
    redundant = set(range(n)) - chosen
    summary = {
        "method": method,
        "backbone": [networks.concepts[i] for i in sorted(chosen)],
        "redundant": [networks.concepts[i] for i in sorted(redundant)],
        "backbone_loss": round(networks.loss(chosen), 6),
        "redundant_loss": round(networks.loss(redundant), 6),
    }
    order = ["removed"] if method == "nested" else ["backbone", "statements"]
    ascending = [False] if method == "nested" else [False, False]
    rows = rows.sort_values(order, ascending=ascending, kind="stable", ignore_index=True)
    return rows, summary


def _annealing(networks: _Networks, method: str, penalty: float, size: int, iterations: int,
               seed: int) -> set[int]:  # fmt: skip
    """Simulated annealing over backbone sets: a move adds, removes or swaps a concept
    (``fixed``: swaps only); a worse set is taken with a probability that falls as the
    temperature (1 down to 0) does; the best set seen wins."""
    n = len(networks.concepts)
    rng = np.random.default_rng(seed)

    def cost(chosen: set[int]) -> float:
        loss = networks.loss(chosen)
        if method == "penalty":
            loss *= math.exp(-penalty * (n - len(chosen)) / n)
        return loss

    if method == "fixed":
        current = set(rng.choice(n, size=size, replace=False).tolist())
    else:
        current = set(range(n))
    current_cost = cost(current)
    best, best_cost = set(current), current_cost
    if n < 2:
        return best
    for t in range(iterations):
        temperature = 1 - t / iterations
        inside, outside = sorted(current), sorted(set(range(n)) - current)
        moves = ["swap"] if method == "fixed" else ["add", "remove", "swap"]
        move = moves[int(rng.integers(len(moves)))]
        candidate = set(current)
        if move == "add" and outside:
            candidate.add(outside[int(rng.integers(len(outside)))])
        elif move == "remove" and len(inside) > 1:
            candidate.discard(inside[int(rng.integers(len(inside)))])
        elif move == "swap" and inside and outside:
            candidate.discard(inside[int(rng.integers(len(inside)))])
            candidate.add(outside[int(rng.integers(len(outside)))])
        else:
            continue
        candidate_cost = cost(candidate)
        worse = candidate_cost - current_cost
        if worse <= 0 or (temperature > 0 and rng.random() < math.exp(-worse / temperature)):
            current, current_cost = candidate, candidate_cost
            if current_cost < best_cost - 1e-12:
                best, best_cost = set(current), current_cost
    return best
