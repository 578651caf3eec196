"""Nodal points: the signifier that organises a discourse's chains of equivalence (Laclau and
Mouffe's point de capiton), measured, with how stable the finding is.

Per discourse (see :mod:`discursus.analysis.signifiers`), the signifiers are ranked by their
PageRank in the graph of the ties its articulations of equivalence make (weighted by how
often; networkx, damping 0.85), times the share of the discourse's documents that
articulate them: a signifier tied to many others, and to others that are themselves
central, across the discourse rather than in one long list, comes first. Beside each: those
documents, and its **stability**: the share of ``boot`` bootstrap resamplings of the
discourse's documents (with replacement, seeded) in which it ranks first.

What it captures: which signifier the discourse's own equivalences organise around. What it
does not: a signifier central by repetition alone, or one the texts name without setting
it beside others; nor what the signifier means (see the chains, and floating signifiers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis.signifiers import discourses, tie_matrix, ties

SHOWN = 3  # the nodal point and its runners-up
MIN_SIGNIFIERS = 3  # fewer tied signifiers organise nothing
BOOT = 200
MEASURE = (
    "pagerank of the equivalence ties (damping 0.85, weighted) x share of the "
    "discourse's documents articulating it"
)


def _ranking(articulations: pd.DataFrame) -> pd.Series:
    """Each signifier's PageRank times the share of the documents that articulate it, best
    first (ties broken by name, so a ranking never depends on the order rows came in)."""
    import networkx as nx

    matrix = tie_matrix(ties(articulations)[0])
    if matrix.empty:
        return pd.Series(dtype=float)
    graph = nx.from_pandas_adjacency(matrix)
    rank = pd.Series(nx.pagerank(graph, alpha=0.85, weight="weight"))
    share = _documents(articulations).reindex(rank.index) / articulations.doc.nunique()
    scores = (rank * share).round(12)
    return scores.sort_index().sort_values(ascending=False, kind="stable")


def _documents(articulations: pd.DataFrame) -> pd.Series:
    """How many documents articulate each signifier."""
    pairs = {(r.doc, m["term"]) for r in articulations.itertuples() for m in r.members}
    return pd.Series([term for _, term in pairs]).value_counts()


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
        ranking = _ranking(found)
        if len(ranking) < min_signifiers:
            continue
        names = sorted(set(found.doc))
        articulated = _documents(found)
        firsts = _bootstrap(found, names, boot, seed)
        for rank, (term, score) in enumerate(ranking.head(shown).items(), 1):
            rows.append({"discourse": discourse, "rank": rank, "signifier": term,
                         "score": round(float(score), 4), "documents": int(articulated[term]),
                         "share": round(articulated[term] / len(names), 3),
                         "stability": round(firsts.get(term, 0) / boot, 3) if boot else None,
                         "measure": MEASURE})  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _bootstrap(found: pd.DataFrame, names: list[str], boot: int, seed: int) -> dict[str, int]:
    """How often each signifier ranks first over ``boot`` resamplings of the documents."""
    rng = np.random.default_rng(seed)
    by_doc = {name: rows for name, rows in found.groupby("doc")}
    firsts: dict[str, int] = {}
    for _ in range(boot):
        drawn = rng.choice(len(names), size=len(names), replace=True)
        sample = pd.concat([by_doc[names[k]] for k in drawn], ignore_index=True)
        ranking = _ranking(sample)
        if not ranking.empty:
            firsts[ranking.index[0]] = firsts.get(ranking.index[0], 0) + 1
    return firsts
