"""A project: one folder holding a corpus and everything discursus and its users made of it.

``project.sqlite`` holds documents, metadata, runs and every annotation a person can see or
edit; ``tokens/*.parquet`` holds token rows, read with DuckDB. Writes are ordered so that a run
killed at any moment leaves whole documents or nothing: a token shard is written to a temporary
name and renamed, and only then does one SQLite transaction point the batch's documents at it.
Shards no row points at are leftovers of a killed run and are removed by the next one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import (
    Engine,
    Text,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from discursus.annotate.config import AnnotateConfig
from discursus.annotate.records import TOKEN_SCHEMA, BatchAnnotation, DocInput
from discursus.budget import stop_on_sigterm
from discursus.errors import InputError, InputWarning, ProjectError
from discursus.ingest import IngestConfig, iter_corpus
from discursus.ingest.document import CORE_FIELDS, RawDocument, TextFacts, text_facts
from discursus.ingest.duplicates import find_duplicates, signatures_and_word_counts
from discursus.ingest.sandbox import shared_sandbox
from discursus.provenance import environment_versions
from discursus.store import migrate
from discursus.store.schema import (
    actors,
    annotations,
    citations,
    documents,
    duplicates,
    entities,
    input_failures,
    long_texts,
    quotes,
    reference_entries,
    runs,
    sentences,
)
from discursus.store.token_index import (
    INDEX_DIR,
    TokenIndex,
    build_index,
    fingerprint,
    index_stamp,
    open_index,
)

DB_NAME = "project.sqlite"
# ingest stores documents a transaction per batch: an interrupted ingest keeps whole batches
INGEST_BATCH_DOCS = 500
INGEST_BATCH_CHARS = 20_000_000
LONG_TEXT_CHARS = 4_000_000
SHARD_DIR = "tokens"
LOG_DIR = "logs"


class Progress(Protocol):
    """What a run reports to while it works; the CLI hands in a progress bar."""

    def start(self, total: int | None) -> None:
        """The amount of work the run will do (documents or characters), None if unknown."""

    def advance(self, amount: int, note: str) -> None:
        """``amount`` more work is done; ``note`` says on what."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class IngestSummary:
    run_id: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[InputError] = field(default_factory=list)
    # ingested with something lost (metadata), or skipped on purpose (a folder link)
    warnings: list[InputWarning] = field(default_factory=list)
    duplicate_pairs: int = 0

    @property
    def ingested(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class AnnotateSummary:
    run_id: int
    annotated: int = 0
    up_to_date: int = 0
    tokens: int = 0
    failed: list[InputError] = field(default_factory=list)
    # (doc_id, what failed): an analysis (reported speech, citations) lost on one document
    problems: list[tuple[int, str]] = field(default_factory=list)


class Project:
    """Open with :func:`discursus.open_project`. Tables come out as pandas DataFrames."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.path = Path(path)
        db = self.path / DB_NAME
        if not db.exists():
            if not create:
                raise ProjectError(
                    f"no discursus project at {self.path} (no {DB_NAME}); "
                    f"create one with: discursus ingest FILES --project {self.path}"
                )
            self.path.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(f"sqlite:///{db}")
        event.listen(self.engine, "connect", _sqlite_pragmas)
        # Opening to read writes nothing: a project of an older schema is upgraded by the
        # first run that writes (which holds the lock), and refused for reading until then.
        self._outdated = migrate.outdated(self.engine)
        if create:
            self._prepare()

    def _prepare(self) -> None:
        """What a writing run needs: the current schema and the project's folders."""
        (self.path / SHARD_DIR).mkdir(exist_ok=True)
        (self.path / LOG_DIR).mkdir(exist_ok=True)
        if self._outdated:
            migrate.upgrade(self.engine)
            self._outdated = None

    def _connect(self):
        """A connection to read with; a project of an older schema says how to upgrade it."""
        if self._outdated:
            raise ProjectError(
                f"the project at {self.path} has schema revision {self._outdated!r}, older than "
                f"this discursus reads; upgrade it with: discursus annotate --project {self.path}"
            )
        return self.engine.connect()

    def __repr__(self) -> str:
        return f"<discursus Project {str(self.path)!r}>"

    # -- runs -------------------------------------------------------------------------------

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The project's write lock: one writer at a time."""
        lock = open(self.path / ".lock", "w")  # noqa: SIM115 - held for the whole block
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise ProjectError(f"another discursus run is writing to {self.path}") from None
        try:
            yield
        finally:
            lock.close()

    @contextmanager
    def _run(self, kind: str, config: dict[str, Any], model: str | None = None):
        """A write run: holds the project lock, and records its start, end and outcome.
        Ctrl-C or SIGTERM stops it between two units of work (what is done is kept) and
        marks it interrupted; the next run resumes."""
        with self._lock(), stop_on_sigterm():
            self._prepare()
            with self.engine.begin() as conn:
                # Holding the lock, any run still marked running was killed.
                conn.execute(
                    update(runs).where(runs.c.status == "running").values(status="interrupted")
                )
                run_id = conn.execute(
                    insert(runs).values(
                        kind=kind,
                        status="running",
                        started_at=_now(),
                        config=config,
                        versions=environment_versions(model),
                    )
                ).inserted_primary_key[0]
            status = "failed"
            try:
                yield run_id
                status = "done"
            except KeyboardInterrupt:
                status = "interrupted"
                raise
            finally:
                with self.engine.begin() as conn:
                    conn.execute(
                        update(runs)
                        .where(runs.c.id == run_id)
                        .values(status=status, finished_at=_now())
                    )

    def _record_failure(self, run_id: int, error: InputError | InputWarning, log) -> None:
        self._record_failures(run_id, [error], log)

    def _record_failures(self, run_id: int, errors: list[InputError | InputWarning], log) -> None:
        if not errors:
            return
        rows = []
        for error in errors:
            level = "warning" if isinstance(error, InputWarning) else "failed"
            rows.append(dict(run_id=run_id, path=error.path, reason=error.reason, level=level))
            log.write(f"{level.upper()} {error.path}: {error.reason}\n")
        with self.engine.begin() as conn:
            conn.execute(insert(input_failures), rows)
        log.flush()

    def _set_summary(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(summary=summary))

    def log_path(self, run_id: int) -> Path:
        return self.path / LOG_DIR / f"run-{run_id:05d}.log"

    # -- ingest -----------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[str | os.PathLike[str]],
        config: IngestConfig | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Read documents into the project; a document read before is updated, not copied.

        Documents are stored a batch (500 documents or 20 M characters) per transaction, so an
        interrupted ingest keeps the batches it finished. Files that cannot be read are
        recorded with the reason, and documents read with something lost with what was lost.
        """
        config = config or IngestConfig()
        run_config = {"paths": [os.fspath(p) for p in paths], **config.to_dict()}
        with self._run("ingest", run_config) as run_id, open(self.log_path(run_id), "a") as log:
            summary = IngestSummary(run_id)
            if progress:
                progress.start(None)
            batch: list[RawDocument] = []
            batch_chars = 0
            shared_sandbox().start()  # its imports overlap the walk of the corpus
            for item in iter_corpus(paths, config, exclude=[self.path]):
                if isinstance(item, InputError | InputWarning):
                    self._note_problem(summary, item, log)
                    if progress:
                        progress.advance(1, f"{item.path}: {item.reason}")
                    continue
                batch.append(item)
                batch_chars += len(item.text)
                if len(batch) >= INGEST_BATCH_DOCS or batch_chars >= INGEST_BATCH_CHARS:
                    self._store_batch(batch, run_id, summary, log, progress)
                    batch, batch_chars = [], 0
            self._store_batch(batch, run_id, summary, log, progress)
            summary.duplicate_pairs = self._refresh_duplicates()
            self._set_summary(
                run_id,
                {
                    "added": summary.added,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "failed": len(summary.failed),
                    "warnings": len(summary.warnings),
                    "duplicate_pairs": summary.duplicate_pairs,
                },
            )
        return summary

    def _note_problem(
        self, summary: IngestSummary, problem: InputError | InputWarning, log
    ) -> None:
        if isinstance(problem, InputWarning):
            summary.warnings.append(problem)
        else:
            summary.failed.append(problem)
        self._record_failure(summary.run_id, problem, log)

    def _store_batch(
        self,
        batch: list[RawDocument],
        run_id: int,
        summary: IngestSummary,
        log,
        progress: Progress | None,
    ) -> None:
        """Store documents in one transaction; if it fails, one by one, so the document at
        fault is named and the others are kept."""
        if not batch:
            return
        rows = []
        for doc in batch:
            try:
                rows.append((doc, _document_values(doc, run_id)))
            except (ValueError, TypeError, OverflowError, RecursionError) as exc:
                reason = f"cannot be stored: {exc.__class__.__name__}: {exc}"[:500]
                self._note_problem(summary, InputError(doc.source_path, reason), log)
        try:
            with self.engine.begin() as conn:
                outcomes = self._store_documents(conn, rows)
        except (ValueError, TypeError, OverflowError, SQLAlchemyError):
            outcomes = []
            for doc, values in rows:
                try:
                    with self.engine.begin() as conn:
                        outcomes += self._store_documents(conn, [(doc, values)])
                except (ValueError, TypeError, OverflowError, SQLAlchemyError) as exc:
                    reason = f"cannot be stored: {exc.__class__.__name__}: {exc}"[:500]
                    self._note_problem(summary, InputError(doc.source_path, reason), log)
                    outcomes.append(None)
        lost = []
        for (doc, _), outcome in zip(rows, outcomes, strict=True):
            if outcome is None:
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            log.write(f"{outcome.upper()} {doc.source_path} as {doc.name}\n")
            lost += [InputWarning(doc.source_path, reason) for reason in doc.warnings]
        summary.warnings += lost
        self._record_failures(run_id, lost, log)
        if progress and outcomes:
            progress.advance(len(outcomes), batch[-1].name)

    def _store_documents(self, conn, rows: list[tuple[RawDocument, dict[str, Any]]]) -> list[str]:
        """Store a batch in the caller's transaction: new documents in one statement, the
        others one by one; returns added, updated or unchanged for each."""
        keys = [doc.source_key for doc, _ in rows]
        known = {}
        for start in range(0, len(keys), 500):
            query = select(documents.c.source_key, documents.c.id, documents.c.content_hash)
            found = conn.execute(query.where(documents.c.source_key.in_(keys[start : start + 500])))
            known.update({key: (doc_id, digest) for key, doc_id, digest in found})
        if len(set(keys)) < len(keys):  # one file given twice: in order, one at a time
            outcomes = [self._store_document(conn, doc, values) for doc, values in rows]
            self._write_long_texts(conn, rows, outcomes)
            return outcomes
        outcomes: list[str] = []
        new_docs = [doc for doc in (doc for doc, _ in rows) if doc.source_key not in known]
        wanted = [doc.name for doc in new_docs]
        in_use = set()
        for start in range(0, len(wanted), 500):
            query = select(documents.c.name).where(
                documents.c.name.in_(wanted[start : start + 500])
            )
            in_use.update(conn.execute(query).scalars())
        # facts a reader computed come with the document; the others are computed here, at once
        unknown = [doc.text for doc in new_docs if doc.facts is None]
        computed = iter(zip(*signatures_and_word_counts(unknown), strict=True))
        facts = iter(
            [(d.facts.signature, d.facts.n_words) if d.facts else next(computed) for d in new_docs]
        )
        new_rows = []
        taken: set[str] = set()
        for doc, values in rows:
            if doc.source_key in known:
                outcomes.append(self._store_known(conn, doc, values, *known[doc.source_key]))
                continue
            name = doc.name
            if name in in_use or name in taken:
                name = self._free_name(conn, doc.name, taken)
            taken.add(name)
            signature, n_words = next(facts)
            new_rows.append(
                {
                    **values,
                    "name": name,
                    "source_key": doc.source_key,
                    "n_words": n_words,
                    "minhash": signature,
                }
            )
            outcomes.append("added")
        if new_rows:
            _insert_documents(conn, new_rows)
        self._write_long_texts(conn, rows, outcomes)
        return outcomes

    @staticmethod
    def _write_long_texts(conn, rows, outcomes: list[str]) -> None:
        """Texts over ``LONG_TEXT_CHARS`` were stored empty: write them to ``long_texts`` in
        pieces through SQLite's blob handle, so neither Python nor SQLite holds a second copy
        of the whole text."""
        for (doc, _), outcome in zip(rows, outcomes, strict=True):
            if outcome == "unchanged" or (outcome == "added" and len(doc.text) <= LONG_TEXT_CHARS):
                continue
            doc_id = conn.execute(
                select(documents.c.id).where(documents.c.source_key == doc.source_key)
            ).scalar_one()
            conn.execute(delete(long_texts).where(long_texts.c.doc_id == doc_id))
            if len(doc.text) <= LONG_TEXT_CHARS:
                continue
            pieces = range(0, len(doc.text), 1 << 20)
            size = sum(len(doc.text[i : i + (1 << 20)].encode("utf-8")) for i in pieces)
            conn.execute(insert(long_texts).values(doc_id=doc_id, text=func.zeroblob(size)))
            with conn.connection.dbapi_connection.blobopen("long_texts", "text", doc_id) as blob:
                for i in pieces:
                    blob.write(doc.text[i : i + (1 << 20)].encode("utf-8"))

    def _store_document(self, conn, doc: RawDocument, values: dict[str, Any]) -> str:
        """Store one document, looking up whether the project has it."""
        existing = conn.execute(
            select(documents.c.id, documents.c.content_hash).where(
                documents.c.source_key == doc.source_key
            )
        ).first()
        if existing is None:
            name = self._free_name(conn, doc.name)
            facts = _facts(doc)
            conn.execute(
                insert(documents).values(
                    name=name,
                    source_key=doc.source_key,
                    **values,
                    n_words=facts.n_words,
                    minhash=facts.signature,
                )
            )
            return "added"
        return self._store_known(conn, doc, values, existing.id, existing.content_hash)

    def _store_known(
        self, conn, doc: RawDocument, values: dict[str, Any], doc_id: int, stored_hash: str
    ) -> str:
        """A document the project has: its metadata refreshed, or, when its text changed,
        the text replaced and what annotate found in the old one removed."""
        if stored_hash == values["content_hash"]:
            core = {key: values[key] for key in CORE_FIELDS}
            conn.execute(
                update(documents)
                .where(documents.c.id == doc_id)
                .values(**core, meta=values["meta"])
            )
            return "unchanged"
        facts = _facts(doc)
        values = {**values, "n_words": facts.n_words, "minhash": facts.signature}
        # New text: the old automatic annotations no longer fit its offsets.
        conn.execute(delete(annotations).where(annotations.c.doc_id == doc_id))
        conn.execute(delete(sentences).where(sentences.c.doc_id == doc_id))
        conn.execute(
            delete(entities).where((entities.c.doc_id == doc_id) & (entities.c.origin == "auto"))
        )
        _delete_automatic(conn, [doc_id])
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
        return "updated"

    @staticmethod
    def _free_name(conn, name: str, taken: set[str] = frozenset()) -> str:
        """``name``, or ``name~2``, ``name~3`` ... if the project (or ``taken``) has it."""
        candidate, n = name, 1
        while (
            candidate in taken
            or conn.execute(select(documents.c.id).where(documents.c.name == candidate)).first()
        ):
            n += 1
            candidate = f"{name}~{n}"
        return candidate

    def _refresh_duplicates(self) -> int:
        with self._connect() as conn:
            rows = conn.execute(
                select(documents.c.id, documents.c.content_hash, documents.c.minhash)
            ).all()
        pairs = find_duplicates((r.id, r.content_hash, r.minhash) for r in rows)
        with self.engine.begin() as conn:
            conn.execute(delete(duplicates))
            if pairs:
                conn.execute(
                    insert(duplicates),
                    [dict(doc_a=a, doc_b=b, kind=k, similarity=s) for a, b, k, s in pairs],
                )
        return len(pairs)

    # -- annotate ---------------------------------------------------------------------------

    def pending_annotation(self) -> pd.DataFrame:
        """Documents that are new or whose text changed since they were annotated."""
        query = (
            select(documents.c.id, documents.c.name, documents.c.content_hash, documents.c.n_chars)
            .select_from(documents.outerjoin(annotations, annotations.c.doc_id == documents.c.id))
            .where(
                annotations.c.doc_id.is_(None)
                | (annotations.c.content_hash != documents.c.content_hash)
            )
            .order_by(documents.c.id)
        )
        with self._connect() as conn:
            return pd.DataFrame(
                conn.execute(query).all(), columns=["id", "name", "content_hash", "n_chars"]
            )

    def annotate(
        self,
        config: AnnotateConfig | None = None,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> AnnotateSummary:
        """Run the pipeline on new and changed documents; ``progress`` advances by characters."""
        config = config or AnnotateConfig()
        run_config = {**config.to_dict(), "workers": workers}
        with (
            self._run("annotate", run_config, config.model) as run_id,
            open(self.log_path(run_id), "a") as log,
        ):
            self._remove_orphan_shards()
            summary = AnnotateSummary(run_id)
            pending = self.pending_annotation()
            with self._connect() as conn:
                total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            summary.up_to_date = total - len(pending)
            too_long = pending[pending.n_chars > config.max_doc_chars]
            for row in too_long.itertuples():
                error = InputError(
                    row.name,
                    f"{row.n_chars:,} characters, over the annotate limit of "
                    f"{config.max_doc_chars:,} (--max-doc-chars)",
                )
                summary.failed.append(error)
                self._record_failure(run_id, error, log)
            pending = pending[pending.n_chars <= config.max_doc_chars]
            sizes = dict(zip(pending.id.tolist(), pending.n_chars.tolist(), strict=True))
            if progress:
                progress.start(sum(sizes.values()))
            batches = self._batches(pending, config.batch_chars)
            from discursus.annotate.runner import annotate_batches  # loads spaCy

            # closed at once if the run stops, so worker processes do not outlive it
            with closing(annotate_batches(batches, config, workers)) as results:
                for sequence, result in enumerate(results):
                    self._save_batch(result, run_id, sequence)
                    summary.annotated += len(result.docs)
                    summary.tokens += result.tokens.num_rows
                    chars = sum(sizes[d.doc_id] for d in result.docs)
                    for d in result.docs:
                        log.write(f"ANNOTATED doc {d.doc_id}: {d.n_tokens} tokens\n")
                        for problem in d.problems:
                            log.write(f"PROBLEM doc {d.doc_id}: {problem}\n")
                            summary.problems.append((d.doc_id, problem))
                    if progress:
                        progress.advance(chars, f"{summary.annotated}/{len(pending)} documents")
            self._refresh_index()
            self._set_summary(
                run_id,
                {
                    "annotated": summary.annotated,
                    "up_to_date": summary.up_to_date,
                    "tokens": summary.tokens,
                    "failed": len(summary.failed),
                    "problems": len(summary.problems),
                },
            )
        return summary

    def _batches(self, pending: pd.DataFrame, batch_chars: int) -> Iterator[list[DocInput]]:
        """Batches of documents up to ``batch_chars``; texts are read only when a batch is due."""
        group: list[tuple[int, str]] = []
        size = 0
        for row in pending.itertuples():
            group.append((int(row.id), row.content_hash))
            size += row.n_chars
            if size >= batch_chars:
                yield self._load_texts(group)
                group, size = [], 0
        if group:
            yield self._load_texts(group)

    def _load_texts(self, group: list[tuple[int, str]]) -> list[DocInput]:
        ids = [doc_id for doc_id, _ in group]
        with self._connect() as conn:
            texts = dict(
                conn.execute(
                    select(documents.c.id, _TEXT)
                    .select_from(_WITH_TEXT)
                    .where(documents.c.id.in_(ids))
                ).all()
            )
        return [DocInput(doc_id, content_hash, texts[doc_id]) for doc_id, content_hash in group]

    def _save_batch(self, result: BatchAnnotation, run_id: int, sequence: int) -> None:
        shard = f"{SHARD_DIR}/r{run_id:05d}-{sequence:06d}.parquet"
        target = self.path / shard
        temporary = target.with_suffix(".parquet.tmp")
        pq.write_table(result.tokens, temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        ids = [d.doc_id for d in result.docs]
        with self.engine.begin() as conn:
            conn.execute(delete(sentences).where(sentences.c.doc_id.in_(ids)))
            conn.execute(
                delete(entities).where(entities.c.doc_id.in_(ids) & (entities.c.origin == "auto"))
            )
            conn.execute(delete(annotations).where(annotations.c.doc_id.in_(ids)))
            _delete_automatic(conn, ids)
            _insert_speech_and_citations(conn, result, run_id)
            sentence_rows = [
                dict(doc_id=d.doc_id, sent_index=i, start=s, end=e)
                for d in result.docs
                for i, s, e in d.sentences
            ]
            entity_rows = [
                dict(
                    doc_id=d.doc_id,
                    start=s,
                    end=e,
                    label=label,
                    text=text,
                    origin="auto",
                    run_id=run_id,
                )
                for d in result.docs
                for s, e, label, text in d.entities
            ]
            if sentence_rows:
                conn.execute(insert(sentences), sentence_rows)
            if entity_rows:
                conn.execute(insert(entities), entity_rows)
            conn.execute(
                insert(annotations),
                [
                    dict(
                        doc_id=d.doc_id,
                        content_hash=d.content_hash,
                        run_id=run_id,
                        shard=shard,
                        n_sentences=len(d.sentences),
                        n_tokens=d.n_tokens,
                        n_entities=len(d.entities),
                    )
                    for d in result.docs
                ],
            )

    def _index_sources(self) -> tuple[list[tuple[int, Path]], str]:
        with self._connect() as conn:
            rows = conn.execute(
                select(annotations.c.doc_id, annotations.c.shard, annotations.c.content_hash)
            ).all()
        shards = sorted((doc_id, self.path / shard) for doc_id, shard, _ in rows)
        return shards, fingerprint([tuple(row) for row in rows])

    def _refresh_index(self) -> None:
        """Rebuild the token index if the annotated documents changed since it was built."""
        shards, stamp = self._index_sources()
        if index_stamp(self.path / INDEX_DIR) != stamp:
            build_index(self.path / INDEX_DIR, shards, stamp)

    def index(self) -> TokenIndex:
        """The token index of every annotated document (built now if annotate has not built
        it, as in projects made before it existed). While a run is writing, the index of the
        last complete state is read."""
        stamp = index_stamp(self.path / INDEX_DIR)
        if stamp != self._index_sources()[1]:
            try:
                with self._lock():
                    self._refresh_index()
            except ProjectError:
                if stamp is None:
                    raise ProjectError(
                        f"a run is writing to {self.path} and no token index is built yet: "
                        "try again when it ends"
                    ) from None
        with self._connect() as conn:
            names = dict(conn.execute(select(documents.c.id, documents.c.name)).all())
        return open_index(self.path / INDEX_DIR, names)

    def _remove_orphan_shards(self) -> None:
        with self._connect() as conn:
            live = {row[0] for row in conn.execute(select(annotations.c.shard).distinct())}
        for path in (self.path / SHARD_DIR).iterdir():
            if f"{SHARD_DIR}/{path.name}" not in live:
                path.unlink()

    # -- reading ----------------------------------------------------------------------------

    def _frame(self, query) -> pd.DataFrame:
        with self._connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

    def documents(self, *, text: bool = False) -> pd.DataFrame:
        """One row per document: id, name, metadata columns, sizes, and whether annotated."""
        columns = [
            documents.c.id,
            documents.c.name,
            documents.c.title,
            documents.c.date,
            documents.c.author,
            documents.c.speaker,
            documents.c.outlet,
            documents.c.language,
            documents.c.format,
            documents.c.n_chars,
            documents.c.n_words,
            documents.c.source_path,
            documents.c.meta,
            documents.c.content_hash,
            (annotations.c.content_hash == documents.c.content_hash).label("annotated"),
        ]
        if text:
            columns.append(_TEXT.label("text"))
        query = (
            select(*columns)
            .select_from(_WITH_TEXT.outerjoin(annotations, annotations.c.doc_id == documents.c.id))
            .order_by(documents.c.id)
        )
        frame = self._frame(query)
        frame["annotated"] = frame["annotated"].fillna(False).astype(bool)
        return frame

    def _find(self, ref: int | str, *columns) -> Any:
        """The row of a document by name or id; a string is a name first, so a document
        named "12" (a table's id) stays reachable."""
        columns = columns or (documents,)
        with self._connect() as conn:
            row = None
            if isinstance(ref, str):
                query = select(*columns).where(documents.c.name == ref)
                row = conn.execute(query).mappings().first()
            if row is None and str(ref).isdigit():
                query = select(*columns).where(documents.c.id == int(ref))
                row = conn.execute(query).mappings().first()
        if row is None:
            raise ProjectError(
                f"no document {ref!r} in {self.path} (list them with: discursus docs)"
            )
        return row

    def _doc_id(self, ref: int | str) -> int:
        return self._find(ref, documents.c.id)["id"]

    def document(self, ref: int | str) -> dict[str, Any]:
        """One document with its text, by name or by id."""
        found = {k: v for k, v in self._find(ref).items() if k != "minhash"}
        if len(found["text"]) < found["n_chars"]:  # a long text, kept apart
            with self._connect() as conn:
                stored = conn.execute(
                    select(long_texts.c.text).where(long_texts.c.doc_id == found["id"])
                ).scalar_one()
            found["text"] = stored.decode("utf-8")
        return found

    def sentences(self, doc: int | str | None = None) -> pd.DataFrame:
        """Sentences with their text: doc_id, sent_index, start, end, text."""
        query = select(
            sentences.c.doc_id,
            sentences.c.sent_index,
            sentences.c.start,
            sentences.c.end,
            func.substr(_TEXT, sentences.c.start + 1, sentences.c.end - sentences.c.start).label(
                "text"
            ),
        ).select_from(_WITH_TEXT.join(sentences, sentences.c.doc_id == documents.c.id))
        if doc is not None:
            query = query.where(sentences.c.doc_id == self._doc_id(doc))
        return self._frame(query.order_by(sentences.c.doc_id, sentences.c.sent_index))

    def entities(self, doc: int | str | None = None) -> pd.DataFrame:
        """Named entities: doc_id, start, end, label, text, origin (auto or manual)."""
        query = select(
            entities.c.doc_id,
            entities.c.start,
            entities.c.end,
            entities.c.label,
            entities.c.text,
            entities.c.origin,
        )
        if doc is not None:
            query = query.where(entities.c.doc_id == self._doc_id(doc))
        return self._frame(query.order_by(entities.c.doc_id, entities.c.start))

    def tokens(
        self, doc: int | str | None = None, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """Token rows (see ``TOKEN_SCHEMA``) from the current shard of each document."""
        wanted = columns or TOKEN_SCHEMA.names
        unknown = set(wanted) - set(TOKEN_SCHEMA.names)
        if unknown:
            raise ProjectError(
                f"unknown token columns {sorted(unknown)}; known: {TOKEN_SCHEMA.names}"
            )
        query = select(annotations.c.doc_id, annotations.c.shard)
        if doc is not None:
            query = query.where(annotations.c.doc_id == self._doc_id(doc))
        current = self._frame(query)
        if current.empty:
            return TOKEN_SCHEMA.empty_table().select(wanted).to_pandas()
        import duckdb

        current["path"] = [str(self.path / shard) for shard in current.shard]
        connection = duckdb.connect()
        connection.register("current_shards", current[["doc_id", "path"]])
        selected = ", ".join(f't."{name}"' for name in wanted)
        frame = connection.execute(
            f"SELECT {selected} FROM read_parquet($paths, filename = true) t "
            "JOIN current_shards c ON t.doc_id = c.doc_id AND t.filename = c.path "
            "ORDER BY t.doc_id, t.i",
            {"paths": sorted(set(current.path))},
        ).df()
        connection.close()
        return frame

    def quote_rows(self, doc: int | str | None = None) -> list[dict]:
        """Reported speech as rows of shared/schemas/quote, in document and text order."""
        query = select(quotes, documents.c.name).join(documents, quotes.c.doc_id == documents.c.id)
        if doc is not None:
            query = query.where(quotes.c.doc_id == self._doc_id(doc))
        rows = []
        with self._connect() as conn:
            for r in conn.execute(query.order_by(quotes.c.doc_id, quotes.c.start)).mappings():
                row = {"doc": r["name"], **{k: r[k] for k in _QUOTE_COLUMNS}}
                row.update(r["data"])
                rows.append(_order_quote(row))
        return rows

    def quotes(self, doc: int | str | None = None) -> pd.DataFrame:
        """Reported speech: one row per attribution (the quote contract's fields as columns)."""
        return pd.DataFrame(self.quote_rows(doc), columns=list(QUOTE_FIELDS))

    def citation_rows(self, doc: int | str | None = None) -> list[dict]:
        """Citations as rows of shared/schemas/citation, in document and text order."""
        query = select(citations, documents.c.name).join(
            documents, citations.c.doc_id == documents.c.id
        )
        if doc is not None:
            query = query.where(citations.c.doc_id == self._doc_id(doc))
        rows = []
        with self._connect() as conn:
            for r in conn.execute(query.order_by(citations.c.doc_id, citations.c.start)).mappings():
                row = {"doc": r["name"], "start": r["start"], "end": r["end"]}
                row.update(r["data"])
                row["kind"] = r["kind"]
                rows.append({k: row.get(k) for k in CITATION_FIELDS})
        return rows

    def citations(self, doc: int | str | None = None) -> pd.DataFrame:
        """Citations: one row per citation group or scripture reference."""
        return pd.DataFrame(self.citation_rows(doc), columns=list(CITATION_FIELDS))

    def references(self, doc: int | str | None = None) -> pd.DataFrame:
        """Parsed reference lists: doc, index, authors, year, title, venue, start, end."""
        query = select(reference_entries.c.data, documents.c.name).join(
            documents, reference_entries.c.doc_id == documents.c.id
        )
        if doc is not None:
            query = query.where(reference_entries.c.doc_id == self._doc_id(doc))
        with self._connect() as conn:
            result = conn.execute(
                query.order_by(reference_entries.c.doc_id, reference_entries.c.idx)
            )
            rows = [{"doc": name, **data} for data, name in result]
        columns = ["doc", "index", "authors", "year", "title", "venue", "start", "end"]
        return pd.DataFrame(rows, columns=columns)

    def doc_actors(self) -> pd.DataFrame:
        """Actors per document as annotate resolved them: doc, name, type, aliases, roles,
        statements."""
        query = select(
            documents.c.name.label("doc"),
            actors.c.name,
            actors.c.type,
            actors.c.aliases,
            actors.c.roles,
            actors.c.statements,
        ).join(documents, actors.c.doc_id == documents.c.id)
        return self._frame(query.order_by(actors.c.doc_id, actors.c.id))

    def failures(self, latest_only: bool = True) -> pd.DataFrame:
        """Files that could not be read (or annotated), with why; by default from the latest
        run of each kind only, so a file fixed since no longer shows."""
        return self._input_problems("failed", latest_only)

    def warnings(self, latest_only: bool = True) -> pd.DataFrame:
        """Inputs read with something left out (a document without its metadata, a folder link
        not followed), with what was lost."""
        return self._input_problems("warning", latest_only)

    def _input_problems(self, level: str, latest_only: bool) -> pd.DataFrame:
        query = (
            select(
                input_failures.c.run_id,
                runs.c.kind,
                input_failures.c.path,
                input_failures.c.reason,
            )
            .join(runs, runs.c.id == input_failures.c.run_id)
            .where(input_failures.c.level == level)
        )
        if latest_only:
            latest = select(func.max(runs.c.id)).group_by(runs.c.kind).scalar_subquery()
            query = query.where(runs.c.id.in_(latest))
        return self._frame(query.order_by(input_failures.c.id))

    def duplicates(self) -> pd.DataFrame:
        """Pairs of exact and near-duplicate documents, by name."""
        a = documents.alias("a")
        b = documents.alias("b")
        query = (
            select(
                a.c.name.label("doc_a"),
                b.c.name.label("doc_b"),
                duplicates.c.kind,
                duplicates.c.similarity,
            )
            .join(a, a.c.id == duplicates.c.doc_a)
            .join(b, b.c.id == duplicates.c.doc_b)
            .order_by(duplicates.c.kind, a.c.name)
        )
        return self._frame(query)

    def runs(self) -> pd.DataFrame:
        """Every run with its config, versions and outcome."""
        frame = self._frame(select(runs).order_by(runs.c.id))
        return frame


QUOTE_FIELDS = (
    "doc",
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
CITATION_FIELDS = ("doc", "start", "end", "raw", "kind", "narrative", "works", "scripture")


def _order_quote(row: dict) -> dict:
    ordered = {k: row[k] for k in QUOTE_FIELDS if k in row}
    ordered.setdefault("chain", [])
    return ordered


def _delete_automatic(conn, ids: list[int]) -> None:
    """Remove what annotate wrote for these documents; rows a person made (origin manual) stay."""
    conn.execute(delete(quotes).where(quotes.c.doc_id.in_(ids) & (quotes.c.origin == "auto")))
    conn.execute(
        delete(citations).where(citations.c.doc_id.in_(ids) & (citations.c.origin == "auto"))
    )
    conn.execute(delete(actors).where(actors.c.doc_id.in_(ids)))
    conn.execute(delete(reference_entries).where(reference_entries.c.doc_id.in_(ids)))


_QUOTE_COLUMNS = ("start", "end", "kind", "speaker", "source_type", "endorsed")


def _insert_speech_and_citations(conn, result: BatchAnnotation, run_id: int) -> None:
    quote_rows, actor_rows, citation_rows, reference_rows = [], [], [], []
    for d in result.docs:
        for row in d.quotes:
            data = {k: v for k, v in row.items() if k not in _QUOTE_COLUMNS}
            columns = {k: row.get(k) for k in _QUOTE_COLUMNS}
            quote_rows.append(
                dict(doc_id=d.doc_id, data=data, origin="auto", run_id=run_id, **columns)
            )
        for actor in d.actors:
            actor_rows.append(dict(doc_id=d.doc_id, run_id=run_id, **actor))
        for row in d.citations:
            data = {k: v for k, v in row.items() if k not in ("start", "end", "kind")}
            citation_rows.append(
                dict(
                    doc_id=d.doc_id,
                    start=row["start"],
                    end=row["end"],
                    kind=row["kind"],
                    data=data,
                    origin="auto",
                    run_id=run_id,
                )
            )
        for ref in d.references:
            reference_rows.append(dict(doc_id=d.doc_id, idx=ref["index"], data=ref, run_id=run_id))
    for table, rows in (
        (quotes, quote_rows),
        (actors, actor_rows),
        (citations, citation_rows),
        (reference_entries, reference_rows),
    ):
        if rows:
            conn.execute(insert(table), rows)


def _facts(doc: RawDocument) -> TextFacts:
    """The document's text facts: the ones its reader computed, else computed now."""
    return doc.facts or text_facts([doc.text])[0]


def _insert_documents(conn, rows: list[dict[str, Any]]) -> None:
    """New documents in one ``executemany`` on the DBAPI cursor of the caller's transaction:
    at tens of thousands of rows, SQLAlchemy's per-row parameter processing is most of the
    cost. The columns are the table's own; ``meta`` is encoded as SQLAlchemy's JSON type
    would (``json.dumps``)."""
    names = [c.name for c in documents.columns if c.name in rows[0] and c.name != "id"]
    statement = (
        f"INSERT INTO documents ({', '.join(chr(34) + n + chr(34) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    meta = names.index("meta")
    values = []
    for row in rows:
        record = [row[name] for name in names]
        record[meta] = json.dumps(record[meta])
        values.append(record)
    conn.connection.dbapi_connection.cursor().executemany(statement, values)


# a document's text, wherever it is kept (long ones in long_texts, as UTF-8)
_WITH_TEXT = documents.outerjoin(long_texts, long_texts.c.doc_id == documents.c.id)
_TEXT = func.coalesce(cast(long_texts.c.text, Text), documents.c.text)


def _document_values(doc: RawDocument, run_id: int) -> dict[str, Any]:
    """The documents row of ``doc`` (all but its name), checked to be storable."""
    core = {key: _as_text(doc.metadata.get(key)) for key in CORE_FIELDS}
    extra = {k: v for k, v in doc.metadata.items() if k not in CORE_FIELDS}
    return dict(
        source_path=doc.source_path,
        format=doc.format,
        # a long text is written afterwards, in pieces (see Project._write_long_texts)
        text=doc.text if len(doc.text) <= LONG_TEXT_CHARS else "",
        content_hash=doc.content_hash,
        n_chars=len(doc.text),
        ingest_run=run_id,
        meta=extra,
        **core,
    )


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # in WAL mode this never corrupts the database; a power cut may lose the last commits
    # (a killed process loses nothing), and each commit does not wait for the disk
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def open_project(path: str | os.PathLike[str], *, create: bool = False) -> Project:
    """Open the project at ``path`` (``create=True`` makes it if it is not there)."""
    return Project(path, create=create)
