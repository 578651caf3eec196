"""What ingest hands to the store: a document's exact text and its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# Metadata keys that get a column of their own; any other field is kept in ``meta``.
CORE_FIELDS = ("title", "date", "author", "speaker", "outlet", "language")


@dataclass
class TextFacts:
    """What is computed from a whole text, once: where it is read (a reader's process, in
    parallel with the store) or else by the store."""

    content_hash: str
    n_words: int
    signature: bytes  # MinHash, see discursus.ingest.duplicates


def text_facts(texts: list[str]) -> list[TextFacts]:
    """The facts of many texts (their signatures in one array operation)."""
    from discursus.ingest.duplicates import signatures_and_word_counts

    signatures, counts = signatures_and_word_counts(texts)
    return [
        TextFacts(content_hash(text), count, signature)
        for text, count, signature in zip(texts, counts, signatures, strict=True)
    ]


@dataclass
class RawDocument:
    """A document read from a file, before it is stored.

    ``name`` is the id users see (the file's base name, or a path relative to the folder given,
    or an id from the table), ``source_key`` identifies where it came from, so a re-ingest of the
    same file updates the document instead of adding a copy.
    """

    name: str
    source_key: str
    source_path: str
    format: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # metadata that could not be read for this document, a line each: it was ingested without
    warnings: list[str] = field(default_factory=list)
    facts: TextFacts | None = None

    @property
    def content_hash(self) -> str:
        return self.facts.content_hash if self.facts else content_hash(self.text)


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: what annotate compares to know a document changed.
    Encoded a megabyte of characters at a time, so a long text is not copied whole."""
    digest = hashlib.sha256()
    for start in range(0, len(text), 1 << 20):
        digest.update(text[start : start + (1 << 20)].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
