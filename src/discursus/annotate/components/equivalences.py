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
    version="1",
    requires=(PARSE,),
    produces=(EQUIVALENCES,),
    label="equivalences",
)
def equivalences(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Each sentence's articulations of equivalence, with the sentence's offsets."""
    from discursus.annotate.equivalence import equivalences as articulations

    rows = []
    for sentence in item.doc.sents:
        for row in articulations(sentence):
            rows.append({**row, "sentence_start": sentence.start_char,
                         "sentence_end": sentence.end_char})  # fmt: skip
    return {"equivalences": rows}
