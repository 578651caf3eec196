"""The project database's tables, in one place. Changes to them come with a migration."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),  # ingest | annotate
    Column("status", String, nullable=False),  # running | done | failed | interrupted
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("config", JSON, nullable=False),
    Column("versions", JSON, nullable=False),
    Column("summary", JSON),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("source_key", String, nullable=False, unique=True),
    Column("source_path", String, nullable=False),
    Column("format", String, nullable=False),
    # a text over LONG_TEXT_CHARS is "" here, and its UTF-8 bytes are in long_texts
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("n_chars", Integer, nullable=False),
    Column("n_words", Integer, nullable=False),
    Column("title", String),
    Column("date", String),
    Column("author", String),
    Column("speaker", String),
    Column("outlet", String),
    Column("language", String),
    Column("meta", JSON, nullable=False),
    Column("minhash", LargeBinary),
    Column("ingest_run", Integer, ForeignKey("runs.id")),
)

# The text of a document too long to bind in one statement, written in pieces through SQLite's
# blob handle (the blob is the last column, so SQLite reserves it without filling memory).
long_texts = Table(
    "long_texts",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("text", LargeBinary, nullable=False),  # UTF-8
)

input_failures = Table(
    "input_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("path", String, nullable=False),
    Column("reason", String, nullable=False),
    # failed: the file (member, row) was not ingested; warning: it was, with something lost
    Column("level", String, nullable=False, server_default="failed"),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_a", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("doc_b", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String, nullable=False),  # exact | near
    Column("similarity", Float, nullable=False),
)

annotations = Table(
    "annotations",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("shard", String, nullable=False),
    Column("n_sentences", Integer, nullable=False),
    Column("n_tokens", Integer, nullable=False),
    Column("n_entities", Integer, nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sent_index", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    UniqueConstraint("doc_id", "sent_index"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String, nullable=False),
    Column("text", String, nullable=False),
    # auto: written by annotate and replaced by the next run; manual: a person's, never touched.
    Column("origin", String, nullable=False, default="auto"),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Index("ix_entities_doc", "doc_id", "start"),
)


def _passage_rows(name: str, *extra, indexes: tuple = ()) -> Table:
    """A table of rows annotate finds at a passage of a document (quotes, citations): the
    indexed columns filters use, ``data`` with the rest of the contract row, and ``origin``
    (auto: replaced by the next run; manual: a person's, never touched)."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("kind", String, nullable=False),
        *extra,
        Column("data", JSON, nullable=False),
        Column("origin", String, nullable=False, default="auto"),
        Column("run_id", Integer, ForeignKey("runs.id")),
        Index(f"ix_{name}_doc", "doc_id", "start"),
        *indexes,
    )


# Reported speech: one row per attribution (shared/schemas/quote); ``data`` holds cue,
# mentions, chain and fragments.
quotes = _passage_rows(
    "quotes",
    Column("speaker", String),
    Column("source_type", String, nullable=False),
    Column("endorsed", Boolean),
    indexes=(Index("ix_quotes_speaker", "speaker"),),
)

# The actors one document's speakers resolve to, with the aliases and roles seen there.
actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("name", String, nullable=False),
    Column("type", String, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Index("ix_actors_doc", "doc_id"),
)

# Citations in running text (shared/schemas/citation); ``data`` holds works and scripture.
citations = _passage_rows("citations")

# A document's reference list, parsed: what citations link to.
reference_entries = Table(
    "reference_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    UniqueConstraint("doc_id", "idx"),
)
