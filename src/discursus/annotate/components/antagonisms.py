"""Constructions of antagonism (see :mod:`discursus.annotate.antagonism`): where each sentence
sets itself against an Other, with the Other, the construction and who opposes."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

ANTAGONISMS = TableSpec(
    "antagonisms",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("construction", "str", nullable=False),
        Field("other", "str", nullable=False, index=True),
    ),
    output=(
        "start",
        "end",
        "construction",
        "other",
        "other_start",
        "other_end",
        "self",
        "cue",
        "sentence_start",
        "sentence_end",
    ),  # fmt: skip
    description="the Others a text sets itself against: against X, X versus Y, resist X, labels",
)


@annotator(
    "antagonisms",
    version="2",
    requires=(PARSE, "citations"),
    produces=(ANTAGONISMS,),
    label="antagonisms",
)
def antagonisms(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Each sentence's constructions of antagonism, before the reference list."""
    from discursus.annotate.antagonism import antagonisms as constructions
    from discursus.annotate.body import body_sentences, in_sentence

    return {"antagonisms": [in_sentence(row, sentence) for sentence in body_sentences(item)
                            for row in constructions(sentence)]}  # fmt: skip
