"""What the engine takes and gives back: plain data, so the same work runs in this process, in
worker processes or on a cluster, and the store applies it. Kept apart from the annotators so
reading a project never loads spaCy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    """One document for the engine. ``run`` names the components to run on it (all of the
    pipeline if empty); when the parse is fresh and not among them, ``tokens`` holds the stored
    parse the Doc is rebuilt from, and ``rows`` the stored rows of fresh requirements."""

    doc_id: int
    content_hash: str
    text: str
    run: tuple[str, ...] = ()
    tokens: pa.Table | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnotatorInput:
    """What an annotator sees of one document: its text, the spaCy Doc (when the annotator
    requires the parse) and the rows of the tables its requirements produce, by table name."""

    doc_id: int
    text: str
    doc: Any = None
    rows: Mapping[str, list[dict]] = field(default_factory=dict)


@dataclass
class DocResult:
    """What the engine found in one document: rows by table (offsets are ``str`` indices into
    its text; no ``doc`` key, the store knows the document by id), and for each component that
    ran, None or the problem that stopped it on this document."""

    doc_id: int
    content_hash: str
    rows: dict[str, list[dict]] = field(default_factory=dict)
    ran: dict[str, str | None] = field(default_factory=dict)
    n_tokens: int | None = None  # set when the document was parsed in this run
    labels: dict[str, str] = field(default_factory=dict)  # component -> how problems name it

    @property
    def problems(self) -> list[str]:
        return [
            f"{self.labels.get(name, name)}: {problem}"
            for name, problem in self.ran.items()
            if problem is not None
        ]


@dataclass
class BatchAnnotation:
    docs: list[DocResult]
    tokens: pa.Table  # token rows of the documents parsed in this batch


@dataclass(frozen=True)
class IndexInput:
    """What an annotator's index route sees of many documents at once: the project's token
    index, the documents' ids, their texts and their sentences (start, end) from the parse."""

    index: Any
    doc_ids: list[int]
    texts: Mapping[int, str]
    sentences: Mapping[int, list[tuple[int, int]]]
