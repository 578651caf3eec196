"""The antagonistic frontier of each discourse: the Others it sets itself against (Laclau and
Mouffe; the "Other" of the seed paper's "Islam versus arrogance"), measured from the
``antagonisms`` annotator's rows.

Per discourse (see :mod:`discursus.analysis.signifiers`), each Other with the constructions
that oppose it ("against X", "X versus Y", "resist X", "X is the enemy"), in how many of the
discourse's documents, who is said to oppose it (the Self: "we", or the subject named), and
the passages; the Others opposed most, and in most documents, first.

What it captures: the Others a discourse names in explicit constructions of opposition.
What it does not (yet): an Other made by labelling alone, "we / they" pronoun camps, conflict
ties of the networks and negative stance toward targets, nor the chain on each side of the
frontier.
"""

from __future__ import annotations

import pandas as pd

from discursus.analysis.signifiers import discourses

SHOWN = 10
EXAMPLES = 3


def frontier(
    antagonisms: pd.DataFrame, documents: pd.DataFrame, by: str | None = None, shown: int = SHOWN
) -> pd.DataFrame:
    """A row per discourse and Other: discourse, rank, other, constructions (how many),
    documents, share (of the discourse's documents with a construction of antagonism), kinds
    (the constructions by kind), selves (who opposes it, commonest first), evidence (doc,
    start, end)."""
    columns = ["discourse", "rank", "other", "constructions", "documents", "share", "kinds",
               "selves", "evidence"]  # fmt: skip
    rows = []
    for discourse, found in discourses(antagonisms, documents, by):
        with_any = found.doc.nunique()
        ranked = (found.groupby("other")
                  .agg(constructions=("doc", "size"), documents=("doc", "nunique"))
                  .reset_index()
                  .sort_values(["constructions", "documents", "other"],
                               ascending=[False, False, True]))  # fmt: skip
        for rank, row in enumerate(ranked.head(shown).itertuples(), 1):
            made = found[found.other == row.other].sort_values(["doc", "start"])
            rows.append({
                "discourse": discourse, "rank": rank, "other": row.other,
                "constructions": int(row.constructions), "documents": int(row.documents),
                "share": round(row.documents / with_any, 3),
                "kinds": made.construction.value_counts().sort_index().to_dict(),
                "selves": made["self"].dropna().value_counts().index.tolist(),
                "evidence": [{"doc": r.doc, "start": int(r.start), "end": int(r.end)}
                             for r in made.head(EXAMPLES).itertuples()],
            })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
