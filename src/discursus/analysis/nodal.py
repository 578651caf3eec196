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

A signifier the discourse sets itself against (one of its Others: see
:mod:`discursus.analysis.frontier`) in half the documents that articulate it, or more, is not
its nodal point: the Other organises a chain from outside, as its antagonistic limit. (A
corpus of thousands of speeches opposes almost every signifier somewhere once.)

What it captures: which signifier the discourse's own equivalences organise around. What it
does not: a signifier central by repetition alone, or one the texts name without setting
it beside others; nor what the signifier means (see the chains, and floating signifiers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis.signifiers import discourses, ties

SHOWN = 3  # the nodal point and its runners-up
OTHER_SHARE = 0.5  # of the documents articulating a signifier that oppose it: an Other
MIN_SIGNIFIERS = 3  # fewer tied signifiers organise nothing
BOOT = 200
MEASURE = (
    "pagerank of the equivalence ties (damping 0.85, weighted) x share of the "
    "discourse's documents articulating it"
)


class _Evidence:
    """A discourse's articulations by document, as sparse matrices: each document's ties
    (documents x pairs of signifiers) and the signifiers it articulates (documents x
    signifiers), so a resampling of documents is a weighted sum, not a rebuilt graph."""

    def __init__(self, found: pd.DataFrame, others: dict[str, int] | None = None) -> None:
        import scipy.sparse as sp

        per_doc = [(name, ties(rows)[0], {m["term"] for ms in rows.members for m in ms})
                   for name, rows in found.groupby("doc", sort=True)]  # fmt: skip
        self.names = [name for name, _, _ in per_doc]
        self.terms = sorted(set().union(*(found for _, _, found in per_doc)))
        where = {term: k for k, term in enumerate(self.terms)}
        pairs = sorted(set().union(*(counts for _, counts, _ in per_doc)))
        column = {pair: k for k, pair in enumerate(pairs)}
        self.a = np.array([where[a] for a, _ in pairs], dtype=np.int64)
        self.b = np.array([where[b] for _, b in pairs], dtype=np.int64)
        rows, cols, values = [], [], []
        for d, (_, counts, _) in enumerate(per_doc):
            for pair, count in counts.items():
                rows.append(d)
                cols.append(column[pair])
                values.append(count)
        self.tied = sp.csr_matrix((values, (rows, cols)), shape=(len(per_doc), len(pairs)))
        rows = [d for d, (_, _, found) in enumerate(per_doc) for _ in found]
        cols = [where[t] for _, _, found in per_doc for t in found]
        self.present = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                     shape=(len(per_doc), len(self.terms)))  # fmt: skip
        self.articulated = np.asarray(self.present.sum(axis=0)).ravel()
        # an Other organises the chain from outside: a signifier the discourse opposes in
        # half the documents that articulate it, or more, is none of its nodal points
        opposing = np.array([(others or {}).get(term.lower(), 0) for term in self.terms])
        self.excluded = opposing >= OTHER_SHARE * self.articulated

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """Each signifier's PageRank in the graph of the ties of the documents (counted
        ``weights`` times each: a resampling draws one several times) times the share of
        them that articulate it; NaN for a signifier in no tie of theirs."""
        pair_weights = self.tied.T @ weights
        kept = pair_weights > 0
        rank = _pagerank(len(self.terms), self.a[kept], self.b[kept], pair_weights[kept])
        share = (self.present.T @ weights) / weights.sum()
        scores = np.round(rank * share, 12)
        scores[self.excluded] = np.nan
        return scores


def _pagerank(n: int, a: np.ndarray, b: np.ndarray, weights: np.ndarray, alpha: float = 0.85,
              tol: float = 1e-6, max_iter: int = 100) -> np.ndarray:  # fmt: skip
    """PageRank of the undirected weighted graph of the edges (a, b, weight) over the
    signifiers that have one, as networkx computes it (power iteration from the uniform
    vector, uniform teleport, both directions of each edge); NaN for the others."""
    import scipy.sparse as sp

    nodes = np.unique(np.concatenate([a, b]))
    result = np.full(n, np.nan)
    if not len(nodes):
        return result
    i, j = np.searchsorted(nodes, a), np.searchsorted(nodes, b)  # nodes are sorted
    size = len(nodes)
    matrix = sp.csr_matrix((np.r_[weights, weights], (np.r_[i, j], np.r_[j, i])),
                           shape=(size, size))  # fmt: skip
    strength = np.asarray(matrix.sum(axis=1)).ravel()
    matrix = sp.diags(1.0 / strength) @ matrix
    x = np.full(size, 1.0 / size)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ matrix) + (1 - alpha) / size
        if np.abs(x - last).sum() < size * tol:
            break
    result[nodes] = x
    return result


def _ranking(evidence: _Evidence, weights: np.ndarray) -> pd.Series:
    """The signifiers' scores, best first, ties broken by name (so a ranking never depends
    on the order rows came in)."""
    scores = pd.Series(evidence.scores(weights), index=evidence.terms).dropna()
    return scores.sort_values(ascending=False, kind="stable")  # the terms are sorted by name


def nodal_points(
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None = None,
    shown: int = SHOWN,
    boot: int = BOOT,
    seed: int = 0,
    min_signifiers: int = MIN_SIGNIFIERS,
    others: dict[str, dict[str, int]] | None = None,
) -> pd.DataFrame:
    """A row per discourse and rank (1: the nodal point, then its runners-up): discourse,
    rank, signifier, score, documents (of the discourse's that articulate it), share (of
    its documents), stability (share of bootstrap resamplings where it ranks first),
    measure. A discourse tying fewer than ``min_signifiers`` signifiers has none; one of
    signifier it opposes (``others``: by discourse, each Other in lower case with the
    documents opposing it) in half the documents that articulate it or more is none of its
    nodal points."""
    columns = ["discourse", "rank", "signifier", "score", "documents", "share", "stability",
               "measure"]  # fmt: skip
    rows = []
    for discourse, found in discourses(equivalences, documents, by):
        evidence = _Evidence(found, (others or {}).get(discourse))
        names = evidence.names
        ranking = _ranking(evidence, np.ones(len(names)))
        if len(ranking) < min_signifiers:
            continue
        firsts = _bootstrap(evidence, boot, seed)
        where = {term: k for k, term in enumerate(evidence.terms)}
        for rank, (term, score) in enumerate(ranking.head(shown).items(), 1):
            articulated = int(evidence.articulated[where[term]])
            rows.append({"discourse": discourse, "rank": rank, "signifier": term,
                         "score": round(float(score), 4), "documents": articulated,
                         "share": round(articulated / len(names), 3),
                         "stability": (round(firsts.get(term, 0) / boot, 3)
                                       if boot and len(names) > 1 else None),
                         "measure": MEASURE})  # fmt: skip
    # a stability not given stays None (a float column would make it NaN, which is no JSON)
    frame = pd.DataFrame(rows, columns=columns)
    frame["stability"] = pd.Series([row["stability"] for row in rows], dtype=object)
    return frame


def _bootstrap(evidence: _Evidence, boot: int, seed: int) -> dict[str, int]:
    """How often each signifier ranks first over ``boot`` resamplings of the documents."""
    rng = np.random.default_rng(seed)
    n = len(evidence.names)
    firsts: dict[str, int] = {}
    for _ in range(boot):
        weights = np.bincount(rng.choice(n, size=n, replace=True), minlength=n).astype(float)
        scores = evidence.scores(weights)
        if np.isnan(scores).all():
            continue
        # the first maximum: the terms are sorted by name, so a tie goes to the first name
        first = evidence.terms[int(np.nanargmax(scores))]
        firsts[first] = firsts.get(first, 0) + 1
    return firsts
