"""Articulations of equivalence (see :mod:`discursus.annotate.equivalence`): the coordinated
lists, appositions and equating predications of each sentence, each with its signifiers."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

EQUIVALENCES = TableSpec(
    "equivalences",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("relation", "str", nullable=False, index=True),
    ),
    output=("start", "end", "relation", "members", "cue", "sentence_start", "sentence_end"),
    description="signifiers articulated as equivalent: lists, appositions, equating predications",
)


@annotator(
    "equivalences",
    version="2",
    requires=(PARSE, "citations"),
    produces=(EQUIVALENCES,),
    label="equivalences",
)
def equivalences(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Each sentence's articulations of equivalence, with the sentence's offsets; a
    citation's authors and the reference list are none (a paper's "Laclau and Mouffe")."""
    from discursus.annotate.body import body_sentences, in_sentence
    from discursus.annotate.equivalence import equivalences as articulations

    cited = [(c["start"], c["end"]) for c in item.rows.get("citations", ())]
    rows = []
    for sentence in body_sentences(item):
        for row in articulations(sentence):
            members = [m for m in row["members"]
                       if not any(s <= m["start"] < e for s, e in cited)]  # fmt: skip
            if len(members) < 2:
                continue
            rows.append(in_sentence({**row, "start": members[0]["start"],
                                     "end": max(m["end"] for m in members),
                                     "members": members}, sentence))  # fmt: skip
    return {"equivalences": rows}
