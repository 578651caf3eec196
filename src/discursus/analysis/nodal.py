"""Nodal points: the signifier that organises a discourse's chains of equivalence (Laclau and
Mouffe's point de capiton), measured, with how stable the finding is.

Per discourse (see :mod:`discursus.analysis.signifiers`), the signifiers are ranked by their
PageRank in the graph of the ties its articulations of equivalence make (weighted by how
often; networkx, damping 0.85), times the share of the discourse's documents that
articulate them: a signifier tied to many others, and to others that are themselves
central, across the discourse rather than in one long list, comes first. Beside each: those
documents, and its **stability**: the share of ``boot`` bootstrap resamplings of the
discourse's documents (with replacement, seeded) in which it ranks first; none for a
discourse of one document, which resampling cannot shake.

What it captures: which signifier the discourse's own equivalences organise around. What it
does not: a signifier central by repetition alone, or one the texts name without setting
it beside others; nor what the signifier means (see the chains, and floating signifiers).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from discursus.analysis.signifiers import discourses, ties

SHOWN = 3  # the nodal point and its runners-up
MIN_SIGNIFIERS = 3  # fewer tied signifiers organise nothing
BOOT = 200
MEASURE = (
    "pagerank of the equivalence ties (damping 0.85, weighted) x share of the "
    "discourse's documents articulating it"
)


def _per_document(found: pd.DataFrame) -> tuple[list[str], list[Counter], list[set[str]]]:
    """Each document's name, the ties its articulations make, and the signifiers in them."""
    names, tie_counts, terms = [], [], []
    for name, rows in found.groupby("doc", sort=True):
        names.append(name)
        tie_counts.append(ties(rows)[0])
        terms.append({m["term"] for members in rows.members for m in members})
    return names, tie_counts, terms


def _ranking(tie_counts: list[Counter], terms: list[set[str]], weights) -> pd.Series:
    """Each signifier's PageRank times the share of the documents (counted ``weights``
    times each: a resampling draws one several times) that articulate it, best first; ties
    broken by name, so a ranking never depends on the order rows came in."""
    import networkx as nx

    summed: Counter = Counter()
    present: Counter = Counter()
    for counts, found, weight in zip(tie_counts, terms, weights, strict=True):
        if weight:
            for pair, count in counts.items():
                summed[pair] += weight * count
            for term in found:
                present[term] += weight
    if not summed:
        return pd.Series(dtype=float)
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(summed.items()))
    rank = pd.Series(nx.pagerank(graph, alpha=0.85, weight="weight"))
    share = pd.Series({term: present[term] for term in rank.index}) / sum(weights)
    scores = (rank * share).round(12)
    return scores.sort_index().sort_values(ascending=False, kind="stable")


def nodal_points(
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None = None,
    shown: int = SHOWN,
    boot: int = BOOT,
    seed: int = 0,
    min_signifiers: int = MIN_SIGNIFIERS,
) -> pd.DataFrame:
    """A row per discourse and rank (1: the nodal point, then its runners-up): discourse,
    rank, signifier, score, documents (of the discourse's that articulate it), share (of
    its documents), stability (share of bootstrap resamplings where it ranks first),
    measure. A discourse tying fewer than ``min_signifiers`` signifiers has none."""
    columns = ["discourse", "rank", "signifier", "score", "documents", "share", "stability",
               "measure"]  # fmt: skip
    rows = []
    for discourse, found in discourses(equivalences, documents, by):
        names, tie_counts, terms = _per_document(found)
        ranking = _ranking(tie_counts, terms, [1] * len(names))
        if len(ranking) < min_signifiers:
            continue
        firsts = _bootstrap(tie_counts, terms, boot, seed)
        for rank, (term, score) in enumerate(ranking.head(shown).items(), 1):
            articulated = sum(term in found_terms for found_terms in terms)
            rows.append({"discourse": discourse, "rank": rank, "signifier": term,
                         "score": round(float(score), 4), "documents": articulated,
                         "share": round(articulated / len(names), 3),
                         "stability": (round(firsts.get(term, 0) / boot, 3)
                                       if boot and len(names) > 1 else None),
                         "measure": MEASURE})  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _bootstrap(tie_counts: list[Counter], terms: list[set[str]], boot: int,
               seed: int) -> dict[str, int]:  # fmt: skip
    """How often each signifier ranks first over ``boot`` resamplings of the documents."""
    rng = np.random.default_rng(seed)
    n = len(tie_counts)
    firsts: dict[str, int] = {}
    for _ in range(boot):
        weights = np.bincount(rng.choice(n, size=n, replace=True), minlength=n).tolist()
        ranking = _ranking(tie_counts, terms, weights)
        if not ranking.empty:
            firsts[ranking.index[0]] = firsts.get(ranking.index[0], 0) + 1
    return firsts
