"""What annotate gives back: token rows and per-document records, plain data the store
applies. Kept apart from the annotators so reading a project never loads spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

TOKEN_SCHEMA = pa.schema(
    [
        ("doc_id", pa.int64()),
        ("i", pa.int32()),
        ("sent", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("whitespace", pa.string()),
        ("lemma", pa.string()),
        ("pos", pa.string()),
        ("tag", pa.string()),
        ("dep", pa.string()),
        ("head", pa.int32()),
        ("ent_iob", pa.string()),
        ("ent_type", pa.string()),
        ("is_alpha", pa.bool_()),
        ("is_stop", pa.bool_()),
        ("is_punct", pa.bool_()),
    ]
)


@dataclass
class DocInput:
    doc_id: int
    content_hash: str
    text: str


@dataclass
class DocAnnotation:
    """What annotate found in one document. Offsets are ``str`` indices into its text."""

    doc_id: int
    content_hash: str
    sentences: list[tuple[int, int, int]]  # (sent_index, start, end)
    entities: list[tuple[int, int, str, str]]  # (start, end, label, text)
    n_tokens: int
    quotes: list[dict] = field(default_factory=list)  # shared/schemas/quote rows, no "doc"
    actors: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)  # shared/schemas/citation rows
    references: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # analyses that failed on this text


@dataclass
class BatchAnnotation:
    docs: list[DocAnnotation]
    tokens: pa.Table
