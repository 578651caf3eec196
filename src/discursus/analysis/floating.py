"""Floating signifiers: the signifiers that rival discourses both articulate, each into a
chain of its own (Laclau and Mouffe: the elements discourses fight to fill with their
meaning), measured from the articulations of equivalence.

Per discourse (see :mod:`discursus.analysis.signifiers`), a signifier's neighbourhood is the
set of signifiers its articulations tie it to. A signifier that two discourses or more
articulate floats when its neighbourhoods there overlap little: the mean Jaccard overlap of
each pair of them is at most ``max_overlap``. Its **difference** is one minus that overlap;
its **score** the difference times its ties in all the discourses, so a signifier set apart
on much evidence comes before one set apart once. Each is shown with its neighbourhood in
every discourse (the most tied first) and passages from each.

What it captures: a signifier set beside different things by different discourses. What it
does not: a shift of meaning without a change of company (the embedding extra's
contextual distance is for later), nor whether the discourses are antagonistic: that is
for the reader, from the frontier and the camps the user chose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from discursus.analysis.signifiers import discourses, ties

MAX_OVERLAP = 0.5
NEIGHBOURS_SHOWN = 6
EXAMPLES = 2


def floating_signifiers(
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None,
    max_overlap: float = MAX_OVERLAP,
) -> pd.DataFrame:
    """A row per floating signifier, the highest score first: signifier, discourses, score,
    difference, overlap, ties (in all of them), neighbourhoods (per discourse, its
    neighbours), evidence (per discourse, doc, start, end)."""
    columns = ["signifier", "discourses", "score", "difference", "overlap", "ties",
               "neighbourhoods", "evidence"]  # fmt: skip
    neighbours: dict[str, dict[str, Counter]] = defaultdict(dict)
    passages: dict[str, dict[str, list]] = defaultdict(dict)
    for discourse, found in discourses(equivalences, documents, by):
        around: dict[str, Counter] = defaultdict(Counter)
        for (a, b), count in ties(found)[0].items():
            around[a][b] += count
            around[b][a] += count
        where: dict[str, list] = defaultdict(list)
        for row in found.sort_values(["doc", "start"]).itertuples():
            for term in sorted({m["term"] for m in row.members}):
                where[term].append({"doc": row.doc, "start": int(row.start), "end": int(row.end)})
        for term, counter in around.items():
            neighbours[term][discourse] = counter
            passages[term][discourse] = where[term][:EXAMPLES]
    rows = []
    for term, by_discourse in neighbours.items():
        if len(by_discourse) < 2:
            continue
        sets = {d: set(c) for d, c in by_discourse.items()}
        pairs = list(combinations(sorted(sets), 2))
        overlap = sum(len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a, b in pairs)
        overlap /= len(pairs)
        if overlap > max_overlap:
            continue
        tied = sum(sum(c.values()) for c in by_discourse.values())
        rows.append({
            "signifier": term, "discourses": sorted(by_discourse),
            "score": round((1 - overlap) * tied, 3),
            "difference": round(1 - overlap, 3), "overlap": round(overlap, 3), "ties": tied,
            "neighbourhoods": {d: [n for n, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))]
                               [:NEIGHBOURS_SHOWN] for d, c in sorted(by_discourse.items())},
            "evidence": {d: passages[term][d] for d in sorted(by_discourse)},
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["score"], r["signifier"]))
    return pd.DataFrame(rows, columns=columns)
