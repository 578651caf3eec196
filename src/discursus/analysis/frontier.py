"""The antagonistic frontier of each discourse: the Others it sets itself against (Laclau and
Mouffe; the "Other" of the seed paper's "Islam versus arrogance"), measured from the
``antagonisms`` annotator's rows.

Per discourse (see :mod:`discursus.analysis.signifiers`), each Other with the constructions
that oppose it ("against X", "X versus Y", "resist X", "X is the enemy", a pejorative label),
and, where the project has them, the targets its documents take a stance against in their
own voice (``stance``)
and the concepts its actors' statements reject (``rejects``, the conflict ties of DNA's
networks); in how many of the discourse's documents, who is said to oppose it (the Self:
"we", the subject named, the stance's holder, the statement's actor), and the passages; the
Others opposed most, and in most documents, first.

:func:`frontier_sides` gives the chain of equivalence on each side of the frontier: on the
Other's, the Others, the signifiers articulated as equivalent to one of them, and those a
clause predicates of "they" or an Other (see :mod:`discursus.annotate.presentation`); on the
Self's, the signifiers predicated of "we" and the Selves that "versus" names.

What it captures: the Others a discourse names in explicit constructions of opposition,
labels, stances and statements. What it does not: an Other only implied ("some", "those
who"), and who "they" are.
"""

from __future__ import annotations

import pandas as pd

from discursus.analysis.signifiers import discourses

SHOWN = 10
EXAMPLES = 3


def opposition_rows(antagonisms: pd.DataFrame, stances: pd.DataFrame | None = None,
                    statements: pd.DataFrame | None = None) -> pd.DataFrame:  # fmt: skip
    """The constructions of antagonism with the stances against targets the documents take
    in their own voice (construction ``stance``, the holder as Self) and the rejecting
    statements (``rejects``, the actor as Self) as rows like theirs."""
    frames = [antagonisms[["doc", "start", "end", "construction", "other", "self"]]]
    if stances is not None and not stances.empty:
        # in the document's own voice: a stance it reports is the quoted speaker's
        against = stances[(stances.stance == "against") & (stances.voice == "own")]
        frames.append(pd.DataFrame({"doc": against.doc, "start": against.start,
                                    "end": against.end, "construction": "stance",
                                    "other": against.target, "self": against.holder}))  # fmt: skip
    if statements is not None and not statements.empty:
        rejected = statements[statements.agreement == -1]
        frames.append(pd.DataFrame({"doc": rejected.doc, "start": rejected.start,
                                    "end": rejected.end, "construction": "rejects",
                                    "other": rejected.concept,
                                    "self": rejected.actor}))  # fmt: skip
    frames = [f for f in frames if not f.empty]
    if not frames:
        return antagonisms[["doc", "start", "end", "construction", "other", "self"]]
    return pd.concat(frames, ignore_index=True)


def others_by_discourse(opposed: pd.DataFrame, documents: pd.DataFrame,
                        by: str | None) -> dict[str, dict[str, int]]:  # fmt: skip
    """Each discourse's Others, in lower case (a stance's target is named as written), with
    the number of its documents that oppose each."""
    return {name: rows.assign(other=rows.other.astype(str).str.lower())
            .groupby("other").doc.nunique().to_dict()
            for name, rows in discourses(opposed, documents, by)}  # fmt: skip


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


SIDE_SHOWN = 8


def frontier_sides(
    antagonisms: pd.DataFrame,
    equivalences: pd.DataFrame,
    presentations: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None = None,
    shown: int = SIDE_SHOWN,
) -> pd.DataFrame:
    """A row per discourse and side of its frontier (self, other): discourse, side,
    signifiers (the most weighted first), weights (each one's count), evidence (doc, start,
    end)."""
    from collections import Counter

    from discursus.analysis.signifiers import ties

    columns = ["discourse", "side", "signifiers", "weights", "evidence"]
    opposed = dict(discourses(antagonisms, documents, by))
    presented = dict(discourses(presentations, documents, by))
    articulated = dict(discourses(equivalences, documents, by))
    rows = []
    for discourse in sorted(set(opposed) | set(presented)):
        sides: dict[str, Counter] = {"self": Counter(), "other": Counter()}
        passages: dict[str, list] = {"self": [], "other": []}
        against = opposed.get(discourse, antagonisms.iloc[:0])
        for row in against.itertuples():
            sides["other"][row.other] += 1
            passages["other"].append((row.doc, int(row.start), int(row.end)))
            if row.construction == "versus" and isinstance(row.self, str):
                sides["self"][row.self] += 1
        others = set(sides["other"])
        if discourse in articulated:
            for (a, b), count in ties(articulated[discourse])[0].items():
                for one, two in ((a, b), (b, a)):
                    if one in others and two not in others:
                        sides["other"][two] += count
        for row in presented.get(discourse, presentations.iloc[:0]).itertuples():
            if row.group == "other" and row.subject.lower() in others:
                sides["other"][row.subject.lower()] += 1  # an Other presented by name
            for member in row.signifiers:
                sides[row.group][member["term"]] += 1
            passages[row.group].append((row.doc, int(row.start), int(row.end)))
        for side in ("self", "other"):
            if not sides[side]:
                continue
            ranked = sorted(sides[side].items(), key=lambda item: (-item[1], item[0]))[:shown]
            rows.append({
                "discourse": discourse, "side": side, "signifiers": [t for t, _ in ranked],
                "weights": [w for _, w in ranked],
                "evidence": [{"doc": d, "start": s, "end": e}
                             for d, s, e in sorted(set(passages[side]))[:EXAMPLES]],
            })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
