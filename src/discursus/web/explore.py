"""The workbench's discourse network to explore: actors tied by the congruence of their
statements (Discourse Network Analysis's one-mode network), coloured by coalition (Leiden),
drawn as an SVG on the server (no drawing library in the page: each node and tie is a link to
its statements and their passages). Filtered by the documents' metadata (a time window:
``year >= 2015``), a code and a camp (a coalition)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

NODES_DRAWN = 120
TIES_DRAWN = 600
SIZE = 900
STATEMENTS_SHOWN = 200
PALETTE = ("#3a6ea5", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490", "#be123c",
           "#4d7c0f", "#6d28d9", "#a16207")  # fmt: skip


def network_view(statements: pd.DataFrame, code: str | None = None,
                 camp: int | None = None) -> dict[str, Any]:  # fmt: skip
    """The picture's nodes (name, x, y, r, colour, coalition, statements) and ties (a, b, x1,
    y1, x2, y2, weight), the coalitions, and the codes to filter by."""
    from discursus.analysis.networks import coalitions, onemode

    codes = sorted(set(statements.concept)) if not statements.empty else []
    if code:
        statements = statements[statements.concept == code]
    if statements.empty or statements.actor.nunique() < 2:
        return {"nodes": [], "ties": [], "coalitions": [], "codes": codes}
    matrix = onemode(statements, "actor", "concept", "agreement", "congruence", "average")
    members, modularity = coalitions(matrix, "leiden", seed=0)
    coalition_of = dict(zip(members.node, members.coalition, strict=True))
    counts = statements.actor.value_counts()
    kept = [a for a in counts.index if camp is None or coalition_of.get(a) == camp][:NODES_DRAWN]
    sub = matrix.loc[kept, kept]
    ties = [(a, b, float(sub.at[a, b])) for i, a in enumerate(kept) for b in kept[i + 1 :]
            if sub.at[a, b] > 0]  # fmt: skip
    ties = sorted(ties, key=lambda t: -t[2])[:TIES_DRAWN]
    position = _layout(kept, ties)
    biggest = max(int(counts[a]) for a in kept) if kept else 1
    nodes = [{"name": a, "x": position[a][0], "y": position[a][1],
              "r": round(4 + 10 * math.sqrt(int(counts[a]) / biggest), 1),
              "colour": PALETTE[(coalition_of.get(a, 1) - 1) % len(PALETTE)],
              "coalition": int(coalition_of.get(a, 0)), "statements": int(counts[a])}
             for a in kept]  # fmt: skip
    strongest = max((w for _, _, w in ties), default=1.0)
    drawn = [{"a": a, "b": b, "x1": position[a][0], "y1": position[a][1], "x2": position[b][0],
              "y2": position[b][1], "weight": round(w, 3),
              "width": round(0.5 + 3 * w / strongest, 2)} for a, b, w in ties]  # fmt: skip
    found = sorted({(int(r.coalition), int(r.size)) for r in members.itertuples()})
    return {
        "nodes": nodes,
        "ties": drawn,
        "codes": codes,
        "modularity": round(modularity, 3),
        "coalitions": [
            {"coalition": c, "size": s, "colour": PALETTE[(c - 1) % len(PALETTE)]} for c, s in found
        ],
    }


def _layout(names: list[str], ties: list[tuple[str, str, float]]) -> dict[str, tuple]:
    """Fruchterman-Reingold positions (igraph, seeded) in the picture's square."""
    import random

    import igraph

    if len(names) == 1:
        return {names[0]: (SIZE / 2, SIZE / 2)}
    where = {name: k for k, name in enumerate(names)}
    graph = igraph.Graph(n=len(names), edges=[(where[a], where[b]) for a, b, _ in ties])
    random.seed(0)
    seeds = [[math.cos(2 * math.pi * k / len(names)), math.sin(2 * math.pi * k / len(names))]
             for k in range(len(names))]  # fmt: skip
    coords = graph.layout_fruchterman_reingold(seed=seeds, weights=[w for _, _, w in ties]
                                               if ties else None, niter=500).coords  # fmt: skip
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    margin = 40
    return {name: (round(margin + (x - min(xs)) / span_x * (SIZE - 2 * margin), 1),
                   round(margin + (y - min(ys)) / span_y * (SIZE - 2 * margin), 1))
            for name, x, y in zip(names, xs, ys, strict=True)}  # fmt: skip


def statements_of(statements: pd.DataFrame, actor: str, other: str | None = None,
                  code: str | None = None) -> pd.DataFrame:  # fmt: skip
    """An actor's statements (with ``other``: both actors' on the concepts they share), the
    rows a node or a tie stands for."""
    if code:
        statements = statements[statements.concept == code]
    mine = statements[statements.actor == actor]
    if other is None:
        return mine.head(STATEMENTS_SHOWN)
    theirs = statements[statements.actor == other]
    shared = set(mine.concept) & set(theirs.concept)
    both = pd.concat([mine, theirs])
    return both[both.concept.isin(shared)].sort_values(["concept", "actor"]).head(STATEMENTS_SHOWN)
