"""Citations in running text and the parsed reference list (see
:mod:`discursus.annotate.citations`)."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import annotator
from discursus.tablespec import Field, TableSpec

CITATION_FIELDS = ("start", "end", "raw", "kind", "narrative", "works", "scripture")

CITATIONS = TableSpec(
    "citations",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("kind", "str", nullable=False),
    ),
    output=CITATION_FIELDS,
    schema="citation.schema.json",
    description="author-year and scripture citations (shared/schemas/citation)",
)
REFERENCE_ENTRIES = TableSpec(
    "reference_entries",
    (Field("index", "int", nullable=False, column="idx"),),
    order=("index",),
    unique=("index",),
    output=("index", "authors", "year", "title", "venue", "start", "end"),
    description="the document's reference list, parsed",
)


@annotator("citations", version="1", produces=(CITATIONS, REFERENCE_ENTRIES), label="citations")
def citations(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Author-year citations linked to the parsed reference list; Quran and Bible references."""
    from discursus.annotate.citations import extract_citations

    rows, references = extract_citations(item.text, "")
    return {
        "citations": [{k: row[k] for k in CITATION_FIELDS} for row in rows],
        "reference_entries": references,
    }
