"""The workbench's networks to explore. The discourse network: actors tied by the
congruence of their statements (Discourse Network Analysis's one-mode network), coloured by
coalition (Leiden), drawn as an SVG on the server (no drawing library in the page: each node
and tie is a link to its statements and their passages), filtered by the documents'
metadata (a time window: ``year >= 2015``), a code and a camp (a coalition). And each
discourse's semantic system: its signifiers tied where they meet (the signifier network),
coloured by chain of equivalence, its nodal point outlined; a signifier or a tie is a link
to its passages."""

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


SIGNIFIERS_DRAWN = 40
SEMANTIC_SIZE = 600
PASSAGES_SHOWN = 30


def semantic_view(system: dict, discourse: str) -> dict[str, Any]:
    """One discourse's signifiers (name, x, y, r, colour, chain, nodal) and ties (a, b,
    coordinates, width, npmi) to draw: those of its signifier network and its chains,
    the most tied first."""
    network, chains, points = system["network"], system["chains"], system["nodal_points"]
    ties = _rows_of(network, discourse)
    chain_of: dict[str, int] = {}
    for row in _rows_of(chains, discourse).itertuples():
        for member in row.members:
            chain_of.setdefault(member, int(row.chain))
    nodal = _rows_of(points, discourse)
    first = nodal.signifier.iloc[0] if not nodal.empty else None
    degree = pd.concat([ties.a, ties.b]).value_counts().to_dict() if not ties.empty else {}
    degree = {**dict.fromkeys(chain_of, 0), **degree}
    kept = sorted(degree, key=lambda t: (t != first, -degree[t], t))[:SIGNIFIERS_DRAWN]
    drawn = ties[ties.a.isin(kept) & ties.b.isin(kept)] if not ties.empty else ties
    pairs = list(zip(drawn.a, drawn.b, drawn.npmi.astype(float), strict=True))
    if not kept:
        return {"nodes": [], "ties": [], "size": SEMANTIC_SIZE}
    position = _layout(kept, [(a, b, max(w, 0.05)) for a, b, w in pairs], SEMANTIC_SIZE)
    nodes = [{"name": t, "x": position[t][0], "y": position[t][1],
              "r": round((11 if t == first else 5) + 1.5 * math.sqrt(degree[t]), 1),
              "colour": PALETTE[(chain_of[t] - 1) % len(PALETTE)] if t in chain_of else "#9aa5b1",
              "chain": chain_of.get(t), "nodal": t == first} for t in kept]  # fmt: skip
    lines = [{"a": a, "b": b, "x1": position[a][0], "y1": position[a][1], "x2": position[b][0],
              "y2": position[b][1], "npmi": round(w, 2), "width": round(0.5 + 3 * max(w, 0), 2)}
             for a, b, w in pairs]  # fmt: skip
    return {"nodes": nodes, "ties": lines, "size": SEMANTIC_SIZE}


def signifier_passages(system: dict, discourse: str, signifier: str,
                       other: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The passages a signifier (with ``other``: a tie) stands for in a discourse: the
    sentences where it meets the signifiers it is tied to, then its chain's articulations
    and, if it is an Other, the constructions opposing it. Columns: doc, start, end, why."""
    rows = []
    for tie in _rows_of(system["network"], discourse).itertuples():
        if signifier in (tie.a, tie.b) and (other is None or other in (tie.a, tie.b)):
            rows += [{**e, "why": f"{tie.a} with {tie.b}"} for e in tie.evidence]
    if other is None:
        for chain in _rows_of(system["chains"], discourse).itertuples():
            if signifier in chain.members:
                rows += [{**e, "why": f"chain {chain.chain}"} for e in chain.evidence]
        for found in _rows_of(system["frontier"], discourse).itertuples():
            if found.other == signifier:
                rows += [{**e, "why": "an Other"} for e in found.evidence]
    frame = pd.DataFrame(rows, columns=["doc", "start", "end", "why"])
    return frame.drop_duplicates(["doc", "start", "end"]).head(PASSAGES_SHOWN)


def _rows_of(frame: pd.DataFrame | None, discourse: str) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["discourse", "a", "b", "npmi", "members", "evidence",
                                     "signifier", "other", "chain"])  # fmt: skip
    return frame[frame.discourse == discourse]


def _layout(names: list[str], ties: list[tuple[str, str, float]],
            size: int = SIZE) -> dict[str, tuple]:  # fmt: skip
    """Fruchterman-Reingold positions (igraph, seeded) in the picture's square."""
    import random

    import igraph

    if len(names) == 1:
        return {names[0]: (size / 2, size / 2)}
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
    return {name: (round(margin + (x - min(xs)) / span_x * (size - 2 * margin), 1),
                   round(margin + (y - min(ys)) / span_y * (size - 2 * margin), 1))
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
