"""Reported speech and the actors its speakers resolve to (see
:mod:`discursus.annotate.speech`)."""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

QUOTE_FIELDS = (
    "start",
    "end",
    "text",
    "kind",
    "cue",
    "speaker",
    "speaker_mention",
    "source_type",
    "endorsed",
    "cue_mention",
    "chain",
    "fragments",
)

QUOTES = TableSpec(
    "quotes",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("kind", "str", nullable=False),
        Field("speaker", "str", index=True),
        Field("source_type", "str", nullable=False),
        Field("endorsed", "bool"),
    ),
    output=QUOTE_FIELDS,
    schema="quote.schema.json",
    description="one row per attribution (shared/schemas/quote)",
)
ACTORS = TableSpec(
    "actors",
    (
        Field("name", "str", nullable=False),
        Field("type", "str", nullable=False),
        Field("aliases", "json", nullable=False),
        Field("roles", "json", nullable=False),
        Field("statements", "int", nullable=False),
        Field("named", "bool"),
    ),
    remainder=False,
    order=(),
    output=("name", "type", "aliases", "roles", "statements", "named"),
    spans=(),
    description="the actors one document's speakers resolve to, with aliases and roles",
)


def _learned_artefacts() -> str:
    # the cue model and lexicon are part of what the component is: retraining changes output
    digest = hashlib.sha256()
    package = resources.files("discursus.annotate.speech")
    for name in ("cue_model.json", "cue_lexicon.tsv"):
        resource = package.joinpath(name)
        digest.update(resource.read_bytes() if resource.is_file() else b"-")
    return digest.hexdigest()[:8]


@annotator(
    "speech",
    version=f"3+cues.{_learned_artefacts()}",
    requires=(PARSE, "citations"),
    produces=(QUOTES, ACTORS),
    label="reported speech",
)
def speech(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Direct, indirect and mixed quotes with cue, speaker, source chain; actors per document."""
    from discursus.annotate.speech import analyze_speech

    # a reference list is neither read for speech nor for actors
    body_end = min((ref["start"] for ref in item.rows.get("reference_entries", [])), default=None)
    found = analyze_speech(item.doc, "", body_end)
    return {
        "quotes": [{k: v for k, v in row.items() if k != "doc"} for row in found.quotes],
        "actors": found.actors,
    }
