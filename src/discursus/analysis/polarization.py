"""Polarization of a discourse network, as DNA measures it: the partition of its actors into
``k`` equally large clusters that best separates agreement from disagreement, and how well it
does (the quality, 0 to 1 when normalized).

Two networks of the same actors go in: the congruence network (how much two actors agree on
the concepts they both speak of) and the conflict network (how much they disagree). Of a
partition, the quality is the total absolute deviation of the congruence within clusters from
its expected share, plus that of the conflict between clusters from its expected share (the
expected share of a dyad is its cluster's or cluster pair's part of all dyads, times the
network's total over those dyads), divided, when normalized, by the two networks' totals.
A discourse split into two camps that agree inside and fight across scores high; one where
everyone agrees, or disagrees at random, low.

The best partition is found exactly, among every balanced two-cluster partition, for up to
:data:`EXHAUSTIVE_NODES` actors; beyond that, by DNA's greedy membership swapping from several
seeded random starts (an approximation, as DNA's own). Per time window, each window's networks
(see :func:`discursus.analysis.networks.iter_time_windows`) are partitioned on their own.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from discursus.analysis.networks import filter_statements, iter_time_windows, onemode
from discursus.errors import DiscursusError

EXHAUSTIVE_NODES = 16
RESTARTS = 10


def quality(
    memberships: np.ndarray,
    congruence: np.ndarray,
    conflict: np.ndarray,
    k: int = 2,
    normalize: bool = True,
) -> float:
    """DNA's polarization quality of ``memberships`` (cluster 0..k-1 of each node) on the
    ``congruence`` and ``conflict`` matrices (zero diagonals)."""
    memberships = np.asarray(memberships)
    n = len(memberships)
    congruence_total = float(np.abs(congruence).sum())
    conflict_total = float(np.abs(conflict).sum())
    if n < 2 or congruence_total + conflict_total == 0:
        return 0.0
    sizes = np.bincount(memberships, minlength=k).astype(float)
    within_dyads = float((sizes * (sizes - 1)).sum())
    between_dyads = n * (n - 1) - within_dyads
    same = memberships[:, None] == memberships[None, :]
    off_diagonal = ~np.eye(n, dtype=bool)
    total = 0.0
    if within_dyads:
        share = sizes * (sizes - 1) / within_dyads
        expected = (share * congruence_total / within_dyads)[memberships]
        inside = same & off_diagonal
        total += float(np.abs(congruence - expected[:, None])[inside].sum())
    if between_dyads:
        pair = np.multiply.outer(sizes[memberships], sizes[memberships]) / between_dyads
        expected = pair * conflict_total / between_dyads
        total += float(np.abs(conflict - expected)[~same].sum())
    return total / (congruence_total + conflict_total) if normalize else total


def best_partition(
    congruence: np.ndarray,
    conflict: np.ndarray,
    k: int = 2,
    normalize: bool = True,
    seed: int = 0,
) -> tuple[np.ndarray, float]:
    """The balanced ``k``-cluster partition of highest :func:`quality`, and its quality."""
    n = len(congruence)
    if k < 2:
        raise DiscursusError(f"k {k} is too small: polarization needs at least 2 clusters")
    if n <= k:
        return np.arange(n) % k, 0.0
    if k == 2 and n <= EXHAUSTIVE_NODES:
        return _exhaustive(congruence, conflict, normalize)
    rng = np.random.default_rng(seed)
    best, best_q = None, -np.inf
    for _ in range(RESTARTS):
        memberships, q = _swapping(rng.permutation(np.arange(n) % k), congruence, conflict, k,
                                   normalize)  # fmt: skip
        if q > best_q:
            best, best_q = memberships, q
    return best, best_q


def _exhaustive(congruence, conflict, normalize) -> tuple[np.ndarray, float]:
    n = len(congruence)
    best, best_q = None, -np.inf
    # node 0 always in cluster 0: each partition once, not also with its clusters swapped
    for rest in itertools.combinations(range(1, n), n // 2 - 1 if n % 2 == 0 else n // 2):
        memberships = np.ones(n, dtype=np.int64)
        memberships[[0, *rest]] = 0
        q = quality(memberships, congruence, conflict, 2, normalize)
        if q > best_q + 1e-12:
            best, best_q = memberships, q
    return best, best_q


def _swapping(memberships, congruence, conflict, k, normalize) -> tuple[np.ndarray, float]:
    """DNA's greedy algorithm: swap two nodes of different clusters while that raises the
    quality (the cluster sizes stay as they are)."""
    current = quality(memberships, congruence, conflict, k, normalize)
    improved = True
    while improved:
        improved = False
        for i in range(len(memberships)):
            for j in range(i + 1, len(memberships)):
                if memberships[i] == memberships[j]:
                    continue
                memberships[i], memberships[j] = memberships[j], memberships[i]
                q = quality(memberships, congruence, conflict, k, normalize)
                if q > current + 1e-12:
                    current, improved = q, True
                else:
                    memberships[i], memberships[j] = memberships[j], memberships[i]
    return memberships, current


def polarization(
    statements: pd.DataFrame,
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str = "agreement",
    normalization: str = "average",
    duplicates: str = "include",
    k: int = 2,
    normalize: bool = True,
    time_window: str | None = None,
    window_size: int = 100,
    kernel: str = "uniform",
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The polarization of the ``variable1`` network (through ``variable2``, its ties of
    agreement and disagreement by ``qualifier``), over the whole range or per time window.

    Returns the scores (time, start, stop, statements, nodes, quality: a row per window, one
    row without windows) and the memberships (time, node, cluster: 1..k, the largest
    first)."""
    common = dict(variable1=variable1, variable2=variable2, qualifier=qualifier,
                  normalization=normalization, duplicates=duplicates, exclude=exclude,
                  invert=invert, dna_compatible=dna_compatible)  # fmt: skip
    if time_window is None:
        congruence = onemode(statements, aggregation="congruence", **common)
        conflict = onemode(statements, aggregation="conflict", **common)
        kept = len(
            filter_statements(
                statements,
                variable1,
                variable2,
                qualifier,
                "congruence",
                duplicates,
                exclude,
                invert,
                dna_compatible,
            )
        )
        slices = [({"time": None, "start": None, "stop": None, "statements": kept},
                   congruence, conflict)]  # fmt: skip
    else:
        windowed = dict(unit=time_window, size=window_size, kernel=kernel, **common)
        slices = [
            (window, window["matrix"], other["matrix"])
            for window, other in zip(
                iter_time_windows(statements, aggregation="congruence", **windowed),
                iter_time_windows(statements, aggregation="conflict", **windowed),
                strict=True,
            )
        ]
    scores, members = [], []
    for window, congruence, conflict in slices:
        # the actors active in the window: DNA drops isolates before partitioning
        active = (congruence.abs().sum(axis=1) + conflict.abs().sum(axis=1)) > 0
        names = list(congruence.index[active.to_numpy()])
        a = congruence.loc[names, names].to_numpy(dtype=float)
        b = conflict.loc[names, names].to_numpy(dtype=float)
        memberships, q = best_partition(a, b, k, normalize, seed) if names else ([], 0.0)
        scores.append({"time": window["time"], "start": window["start"],
                       "stop": window["stop"], "statements": window["statements"],
                       "nodes": len(names), "quality": round(float(q), 6)})  # fmt: skip
        order = pd.Series(memberships).value_counts().index.tolist()
        for node, cluster in zip(names, memberships, strict=True):
            members.append({"time": window["time"], "node": node,
                            "cluster": order.index(cluster) + 1})  # fmt: skip
    return pd.DataFrame(scores), pd.DataFrame(members, columns=["time", "node", "cluster"])
