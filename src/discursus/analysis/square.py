"""The ideological square (van Dijk): how each discourse, and each actor, presents its
in-group and its out-group, counted from the ``presentations`` annotator's clauses.

The four corners, and their mitigations:

- **our good** emphasised: favourable presentations of the self ("we defend justice");
- **their bad** emphasised: unfavourable presentations of the other ("they spread lies");
- **our bad** de-emphasised: unfavourable presentations of the self that are mitigated
  (hedged, conceded, denied), beside those that are not (``self_unfavourable``: self-
  criticism);
- **their good** de-emphasised: favourable presentations of the other that are mitigated,
  beside those that are not (``other_favourable``: acknowledgement).

``polarisation`` is the share of all presentations that take the square's two emphasised
corners or its two mitigated ones (from 0, a discourse that criticises itself and credits
the other, to 1); with fewer than ``min_presentations`` it is not given. Each corner keeps
its first passages.

What it captures: evaluative clauses whose subject is a group pronoun, a group "our" or
"their" qualifies, a pejorative label, or an Other the text opposes. What it does not: who
"they" are (the pronoun is not resolved), irony, and evaluation carried by a whole
paragraph rather than a clause's words.
"""

from __future__ import annotations

import pandas as pd

from discursus.analysis.signifiers import actors_of, discourses

CORNERS = ("self_favourable", "other_unfavourable", "self_unfavourable_mitigated",
           "self_unfavourable", "other_favourable_mitigated", "other_favourable")  # fmt: skip
SQUARE = ("self_favourable", "other_unfavourable", "self_unfavourable_mitigated",
          "other_favourable_mitigated")  # fmt: skip
MIN_PRESENTATIONS = 5
EXAMPLES = 2
PER = ("discourse", "actor")


def corner(group: str, polarity: str, mitigation) -> str:
    """The corner of the square a presentation stands in."""
    name = f"{group}_{polarity}"
    emphasised = (group, polarity) in (("self", "favourable"), ("other", "unfavourable"))
    return name if emphasised or not isinstance(mitigation, str) else name + "_mitigated"


def ideological_square(
    presentations: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None = None,
    per: str = "discourse",
    min_presentations: int = MIN_PRESENTATIONS,
) -> pd.DataFrame:
    """A row per discourse (with ``per="actor"``: per discourse and actor, an actor being
    the document's speaker, else the document): discourse, actor, presentations, each
    corner's count, polarisation, evidence (per corner, doc, start, end)."""
    from discursus.errors import DiscursusError

    if per not in PER:
        raise DiscursusError(f"per {per!r} is not one of {', '.join(PER)}")
    columns = ["discourse", "actor", "presentations", *CORNERS, "polarisation", "evidence"]
    speakers = actors_of(documents)
    rows = []
    for discourse, found in discourses(presentations, documents, by):
        found = found.assign(
            corner=[corner(g, p, m) for g, p, m in zip(found.group, found.polarity,
                                                      found.mitigation, strict=True)],
            actor=found.doc.map(lambda doc: speakers.get(doc, doc)),
        )  # fmt: skip
        if per != "actor":
            found = found.assign(actor=None)
        key = found.actor.fillna("")
        counts = pd.crosstab(key, found.corner)
        firsts = (found.assign(actor_key=key).sort_values(["actor_key", "corner", "doc", "start"])
                  .groupby(["actor_key", "corner"]).head(EXAMPLES))  # fmt: skip
        evidence: dict = {}
        for row in firsts.itertuples():
            evidence.setdefault(row.actor_key, {}).setdefault(row.corner, []).append(
                {"doc": row.doc, "start": int(row.start), "end": int(row.end)}
            )
        for actor in counts.index:
            cells = counts.loc[actor]
            total = int(cells.sum())
            square = int(sum(cells.get(c, 0) for c in SQUARE))
            rows.append({
                "discourse": discourse, "actor": actor or None, "presentations": total,
                **{c: int(cells.get(c, 0)) for c in CORNERS},
                "polarisation": round(square / total, 3) if total >= min_presentations else None,
                "evidence": {c: evidence[actor][c] for c in CORNERS if c in evidence[actor]},
            })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
