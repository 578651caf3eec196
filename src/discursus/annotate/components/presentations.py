"""Presentations of the in-group and the out-group (see
:mod:`discursus.annotate.presentation`): the clauses that say something favourable or
unfavourable of "we" or of "they" and the Others, the evidence of the ideological square."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

PRESENTATIONS = TableSpec(
    "presentations",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("group", "str", nullable=False, index=True),
        Field("polarity", "str", nullable=False),
    ),
    output=(
        "start",
        "end",
        "group",
        "subject",
        "valence",
        "polarity",
        "mitigation",
        "cue",
        "signifiers",
        "sentence_start",
        "sentence_end",
    ),  # fmt: skip
    description="favourable and unfavourable presentations of the in-group and the out-group",
)


@annotator(
    "presentations",
    version="1",
    requires=(PARSE, "citations", "antagonisms"),
    produces=(PRESENTATIONS,),
    label="presentations",
)
def presentations(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Each sentence's presentations of the in-group and the out-group, before the
    reference list; the out-group includes the Others the document sets itself against."""
    from discursus.annotate.body import body_sentences, in_sentence
    from discursus.annotate.presentation import presentations as clauses

    others = {row["other"] for row in item.rows.get("antagonisms", ())}
    return {"presentations": [in_sentence(row, sentence) for sentence in body_sentences(item)
                              for row in clauses(sentence, others)]}  # fmt: skip
