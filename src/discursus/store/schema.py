"""The project database's tables, in one place. Changes to them come with a migration."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
)

from discursus.annotate.components.antagonisms import ANTAGONISMS
from discursus.annotate.components.citations import CITATIONS, REFERENCE_ENTRIES
from discursus.annotate.components.codes import CODINGS
from discursus.annotate.components.equivalences import EQUIVALENCES
from discursus.annotate.components.frames import FRAMES
from discursus.annotate.components.parse import ENTITIES, SENTENCES
from discursus.annotate.components.presentations import PRESENTATIONS
from discursus.annotate.components.speech import ACTORS, QUOTES
from discursus.annotate.components.stance import STANCES
from discursus.annotate.components.targets import TARGET_MENTIONS
from discursus.annotate.components.techniques import TECHNIQUES
from discursus.store.tables import component_table

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

# What each component last did on each document, with what it was made from: its rows there
# are fresh while these fields equal what the current pipeline would record.
component_state = Table(
    "component_state",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("component", String, primary_key=True),
    Column("version", String, nullable=False),
    Column("config_hash", String, nullable=False),
    Column("model", String, nullable=False),
    Column("inputs", String, nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("status", String, nullable=False),  # done | failed
    Column("problem", Text),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Index("ix_component_state_component", "component", "status"),
)

# The package's own component tables, made from their annotators' specs (a component from
# another package gets its table from the store when it first writes).
BUILTIN_SPECS = (SENTENCES, ENTITIES, QUOTES, ACTORS, CITATIONS, REFERENCE_ENTRIES, CODINGS,
                 TARGET_MENTIONS, STANCES, FRAMES, TECHNIQUES, EQUIVALENCES,
                 ANTAGONISMS, PRESENTATIONS)  # fmt: skip
(sentences, entities, quotes, actors, citations, reference_entries, codings, target_mentions,
 stances, frames, techniques, equivalences, antagonisms, presentations) = (
    component_table(spec, metadata) for spec in BUILTIN_SPECS
)  # fmt: skip

# A component's settings as the project keeps them (the codebook of "codes"), so a run that
# names none uses the last ones given, and its rows stay fresh.
component_settings = Table(
    "component_settings",
    metadata,
    Column("component", String, primary_key=True),
    Column("settings", JSON, nullable=False),
    Column("updated_at", String, nullable=False),
)

# Memos a person writes: on a document, a code, a coding or the project as a whole.
memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("target", String, nullable=False),  # document | code | coding | project
    Column("ref", String, nullable=False),  # the document's id, the code's name, the coding's id
    Column("text", Text, nullable=False),
    Column("author", String, nullable=False),
    Column("at", String, nullable=False),
    Index("ix_memos_target", "target", "ref"),
)

# Statements a person made, corrected or deleted (an automatic statement deleted or corrected
# is named by ``replaces``), or imported from DNA's files or CSV: never touched by a run.
statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("actor", String, nullable=False),
    Column("organization", String),
    Column("concept", String, nullable=False),
    Column("agreement", Integer, nullable=False),  # 1 supports, -1 rejects, 0 mentions
    Column("status", String, nullable=False),  # stated | deleted
    Column("replaces", String),  # the id of the automatic statement it corrects or deletes
    Column("coder", String, nullable=False),
    Column("data", JSON, nullable=False),  # selector, source file, DNA's other variables
    Column("at", String, nullable=False),
    Index("ix_statements_doc", "doc_id", "start"),
)

# Every change a person makes (codings, decisions, memos, the codebook), with the rows it
# changed as they were before and after, so it can be undone and redone.
journal = Table(
    "journal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String, nullable=False),
    Column("who", String, nullable=False),
    Column("action", String, nullable=False),
    Column("summary", Text, nullable=False),
    Column("changes", JSON, nullable=False),  # [{"table", "before", "after"}], in order
    Column("state", String, nullable=False),  # done | undone | dropped (undone, then replaced)
)

# The workbench's people (discursus serve): a password as its argon2 hash, never itself; the
# role says what they may do (owner: everything and the people; coder: read and code;
# viewer: read).
users = Table(
    "users",
    metadata,
    Column("name", String, primary_key=True),
    Column("password_hash", String, nullable=False),
    Column("role", String, nullable=False),  # owner | coder | viewer
    Column("created_at", String, nullable=False),
)

# A signed-in browser: the SHA-256 of its token (the token itself only in its cookie), the
# CSRF token its forms carry, and when it expires.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String, ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", String, nullable=False),
)
