"""The store: one folder holding a corpus and everything discursus and its users made of it.

``project.sqlite`` holds documents, metadata, runs, each component's rows and state;
``tokens/*.parquet`` holds token rows, read with DuckDB, and ``index/`` the token index.
Writes are ordered so that a run killed at any moment leaves whole documents or nothing: a
token shard is written to a temporary name and renamed, and only then does one SQLite
transaction point the batch's documents at it. Shards no row points at are leftovers of a
killed run and are removed by the next one. Nothing here decides what to run: the loops are
in :mod:`discursus.runs`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import (
    Engine,
    MetaData,
    Table,
    Text,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from discursus.annotate.records import TOKEN_SCHEMA, BatchAnnotation
from discursus.budget import signals_deferred, stop_on_sigterm
from discursus.errors import InputError, InputWarning, ProjectError
from discursus.ingest.document import CORE_FIELDS, RawDocument, TextFacts, text_facts
from discursus.ingest.duplicates import find_duplicates, signatures_and_word_counts
from discursus.provenance import environment_versions
from discursus.registry import Component
from discursus.store import migrate
from discursus.store.anchors import quote_selector, relocate
from discursus.store.journaling import Changes, record_change, step_journal
from discursus.store.schema import (
    BUILTIN_SPECS,
    annotations,
    component_settings,
    component_state,
    documents,
    duplicates,
    input_failures,
    journal,
    long_texts,
    metadata,
    runs,
)
from discursus.store.tables import RowCodec, component_table
from discursus.store.token_index import (
    INDEX_DIR,
    TokenIndex,
    build_index,
    fingerprint,
    index_stamp,
    open_index,
)
from discursus.tablespec import TableSpec

DB_NAME = "project.sqlite"
LONG_TEXT_CHARS = 4_000_000
SHARD_DIR = "tokens"
LOG_DIR = "logs"
_BUILTIN_TABLES = {spec.name for spec in BUILTIN_SPECS}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A project's storage: documents, runs, the lock, shards, the index and component tables."""

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
        self.engine: Engine = create_engine(f"sqlite:///{db}",
                                            connect_args={"timeout": WRITER_WAIT})  # fmt: skip
        # a person's changes from this process's threads (the workbench's requests) wait
        # their turn here: SQLite's own wait polls, and a save of twenty coders' took 4.6 s
        self._writers = threading.Lock()
        # tables of components from other packages, beside the ones they refer to
        self._other_tables = MetaData()
        for table in (runs, documents):
            table.to_metadata(self._other_tables)
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
    def run(self, kind: str, config: dict[str, Any], model: str | None = None):
        """A write run: holds the project lock, and records its start, end and outcome.
        Ctrl-C or SIGTERM stops it between two units of work (what is done is kept) and
        marks it interrupted; the next run resumes."""
        with self._lock(), stop_on_sigterm():
            self._prepare()
            with signals_deferred(), self.engine.begin() as conn:
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
                # written whole even if another signal comes now
                with signals_deferred(), self.engine.begin() as conn:
                    conn.execute(
                        update(runs)
                        .where(runs.c.id == run_id)
                        .values(status=status, finished_at=_now())
                    )

    def record_failures(self, run_id: int, errors: list[InputError | InputWarning], log) -> None:
        if not errors:
            return
        rows = []
        for error in errors:
            level = "warning" if isinstance(error, InputWarning) else "failed"
            rows.append(dict(run_id=run_id, path=error.path, reason=error.reason, level=level))
            log.write(f"{level.upper()} {error.path}: {error.reason}\n")
        with signals_deferred(), self.engine.begin() as conn:
            conn.execute(insert(input_failures), rows)
        log.flush()

    def set_summary(self, run_id: int, summary: dict[str, Any]) -> None:
        with signals_deferred(), self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(summary=summary))

    def log_path(self, run_id: int) -> Path:
        return self.path / LOG_DIR / f"run-{run_id:05d}.log"

    # -- documents --------------------------------------------------------------------------

    def store_documents(
        self, batch: list[RawDocument], run_id: int
    ) -> list[tuple[RawDocument, str | InputError]]:
        """Store documents in one transaction; if it fails, one by one, so the document at
        fault is named and the others are kept. For each: added, updated, unchanged, or the
        error that kept it out."""
        outcomes: list[tuple[RawDocument, str | InputError]] = []
        rows = []
        for doc in batch:
            try:
                rows.append((doc, _document_values(doc, run_id)))
            except (ValueError, TypeError, OverflowError, RecursionError) as exc:
                outcomes.append((doc, _unstorable(doc, exc)))
        try:
            with signals_deferred(), self.engine.begin() as conn:
                done = self._store_documents(conn, rows)
            return outcomes + [(doc, o) for (doc, _), o in zip(rows, done, strict=True)]
        except (ValueError, TypeError, OverflowError, SQLAlchemyError):
            pass
        for doc, values in rows:
            try:
                with self.engine.begin() as conn:
                    outcomes.append((doc, self._store_documents(conn, [(doc, values)])[0]))
            except (ValueError, TypeError, OverflowError, SQLAlchemyError) as exc:
                outcomes.append((doc, _unstorable(doc, exc)))
        return outcomes

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
        # New text: the old automatic rows no longer fit its offsets (a person's stay; the
        # components' states stay too, and say the text changed)
        conn.execute(delete(annotations).where(annotations.c.doc_id == doc_id))
        for table in self._existing_component_tables(conn):
            conn.execute(
                delete(table).where((table.c.doc_id == doc_id) & (table.c.origin == "auto"))
            )
        self._reanchor(conn, doc, doc_id)
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
        return "updated"

    def _reanchor(self, conn, doc: RawDocument, doc_id: int) -> None:
        """A person's rows on a document whose text changed, placed again in the new text by
        their quote (see :mod:`discursus.store.anchors`); those whose words are gone keep
        their old place, flagged ``anchor: unplaced``, and the document gets a warning."""
        from discursus.registry import table_specs

        old_text = None
        unplaced = 0
        present = set(inspect(conn).get_table_names())
        for spec in table_specs().values():
            if spec.name not in present or not spec.spans or not spec.remainder:
                continue
            table = self.component_table(spec)
            codec = RowCodec(spec, table)
            query = select(table).where((table.c.doc_id == doc_id) & (table.c.origin == "manual"))
            for stored in conn.execute(query).mappings().all():
                if old_text is None:
                    query_text = select(_TEXT).select_from(_WITH_TEXT)
                    old_text = conn.execute(query_text.where(documents.c.id == doc_id)).scalar()
                row = codec.decode(stored)
                moved = _reanchored(row, spec.spans, old_text or "", doc.text)
                unplaced += moved.get("anchor") == "unplaced"
                values = codec.encode(doc_id, moved, stored["run_id"], "manual")
                conn.execute(update(table).where(table.c.id == stored["id"]).values(**values))
        if unplaced:
            warning = (
                f"its text changed: {unplaced} coding(s) or other rows a person made could "
                "not be placed in the new text (list them with: discursus codings --unplaced)"
            )
            if warning not in doc.warnings:
                doc.warnings.append(warning)

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

    def refresh_duplicates(self) -> int:
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

    # -- components' rows and states --------------------------------------------------------

    def component_table(self, spec: TableSpec) -> Table:
        """The SQL table of ``spec``: the package's own from its schema; a table of another
        package's component is made from the spec (and created by the first write)."""
        if spec.name in _BUILTIN_TABLES:
            return metadata.tables[spec.name]
        if spec.name in metadata.tables:
            raise ProjectError(f"a component's table may not be named {spec.name!r}")
        if spec.name not in self._other_tables.tables:
            component_table(spec, self._other_tables)
        return self._other_tables.tables[spec.name]

    def _existing_component_tables(self, conn) -> list[Table]:
        from discursus.registry import table_specs

        present = set(inspect(conn).get_table_names())
        return [self.component_table(s) for name, s in table_specs().items() if name in present]

    def component_rows(
        self,
        spec: TableSpec,
        doc_ids: Sequence[int] | None = None,
        origin: str | None = None,
        with_ids: bool = False,
    ) -> list[tuple[int, str, dict[str, Any]]]:
        """Rows of a component table as (doc_id, origin, row), in document and ``order``
        order; only of ``doc_ids`` and of ``origin`` if given; with the row's ``id`` (the
        store's, to refer to it) if ``with_ids``. A table never written is empty."""
        table = self.component_table(spec)
        with self._connect() as conn:
            if spec.name not in _BUILTIN_TABLES and not inspect(conn).has_table(spec.name):
                return []
            order = [table.c[spec.field(name).sql_name] for name in spec.order]
            query = select(table).order_by(table.c.doc_id, *order, table.c.id)
            if origin is not None:
                query = query.where(table.c.origin == origin)
            codec = RowCodec(spec, table)
            found = []
            for ids in _chunks(doc_ids):
                chunk = query if ids is None else query.where(table.c.doc_id.in_(ids))
                for stored in conn.execute(chunk).mappings():
                    row = codec.decode(stored)
                    if with_ids:
                        row = {"id": stored["id"], **row}
                    found.append((stored["doc_id"], stored["origin"], row))
        return found

    def add_rows(
        self, spec: TableSpec, doc_id: int, rows: Iterable[Mapping[str, Any]], origin: str
    ) -> int:
        """Add rows to a component table with ``origin`` (manual: a person's, which no run
        touches); returns how many."""
        table = self.component_table(spec)
        codec = RowCodec(spec, table)
        values = [codec.encode(doc_id, row, None, origin) for row in rows]
        with self.engine.begin() as conn:
            table.create(conn, checkfirst=True)
            if values:
                conn.execute(insert(table), values)
        return len(values)

    # -- a person's changes, journalled -------------------------------------------------------

    @contextmanager
    def journalled(self, who: str, action: str, summary: str) -> Iterator[Changes]:
        """One change a person makes, in one transaction with its journal entry: write rows
        through the :class:`~discursus.store.journal.Changes` yielded."""
        if self._outdated:
            with self._lock():
                self._prepare()
        with self._writers, self.engine.begin() as conn:
            changes = Changes(conn, self._journal_tables())
            yield changes
            record_change(conn, changes, who, action, summary)

    def undo(self, who: str | None = None) -> dict[str, Any]:
        """Undo the latest change a person made (``who``: the latest of theirs; see
        :meth:`history`); returns its entry. A change whose rows were changed since is
        refused, and nothing is changed."""
        return self._step("undo", who)

    def redo(self, who: str | None = None) -> dict[str, Any]:
        """Make the change undone last again (``who``: theirs); returns its entry."""
        return self._step("redo", who)

    def _step(self, direction: str, who: str | None = None) -> dict[str, Any]:
        if self._outdated:
            raise ProjectError(f"nothing to {direction}: the project has no journal yet")
        with self._writers, self.engine.begin() as conn:
            return step_journal(conn, self._journal_tables(), direction, who)

    def history(self) -> pd.DataFrame:
        """The journal, latest first: id, at, who, action, summary, state, rows (changed)."""
        with self._connect() as conn:
            found = conn.execute(select(journal).order_by(journal.c.id.desc())).mappings().all()
        rows = [
            {**{k: v for k, v in row.items() if k != "changes"}, "rows": len(row["changes"])}
            for row in found
        ]
        columns = ["id", "at", "who", "action", "summary", "state", "rows"]
        return pd.DataFrame(rows, columns=columns)

    def change_stamp(self) -> tuple:
        """What changes whenever the project's data does (a run, a person's change, an undo):
        for a reader that keeps what it computed until then."""
        from sqlalchemy import func

        with self._connect() as conn:
            last_run = conn.execute(select(func.max(runs.c.id), func.max(runs.c.finished_at)))
            changes = conn.execute(select(func.max(journal.c.id), func.count())
                                   .where(journal.c.state == "done"))  # fmt: skip
            return (*last_run.one(), *changes.one())

    def _journal_tables(self) -> dict[str, Table]:
        from discursus.registry import table_specs

        return {name: self.component_table(spec) for name, spec in table_specs().items()}

    def stored_settings(self) -> dict[str, dict[str, Any]]:
        """The settings the project keeps per component (see ``schema.component_settings``)."""
        with self._connect() as conn:
            query = select(component_settings.c.component, component_settings.c.settings)
            return {name: dict(settings) for name, settings in conn.execute(query).all()}

    def save_settings(self, settings: Mapping[str, Mapping[str, Any]]) -> None:
        """Keep these components' settings for the runs that come after."""
        with self.engine.begin() as conn:
            for component, values in settings.items():
                conn.execute(
                    delete(component_settings).where(component_settings.c.component == component)
                )
                conn.execute(
                    insert(component_settings).values(
                        component=component, settings=dict(values), updated_at=_now()
                    )
                )

    def component_states(self) -> pd.DataFrame:
        """What each component last did on each document (see ``schema.component_state``)."""
        return self._frame(select(component_state).order_by(component_state.c.doc_id))

    def texts(self, ids: Sequence[int]) -> dict[int, str]:
        """The texts of the documents ``ids``."""
        found: dict[int, str] = {}
        with self._connect() as conn:
            for chunk in _chunks(list(ids)):
                query = select(documents.c.id, _TEXT).select_from(_WITH_TEXT)
                found.update(conn.execute(query.where(documents.c.id.in_(chunk))).all())
        return found

    def stored_tokens(self, ids: Sequence[int]) -> dict[int, pa.Table]:
        """The token rows of the documents ``ids`` from their current shards, one table each."""
        if not ids:
            return {}
        with self._connect() as conn:
            current = []
            for chunk in _chunks(list(ids)):
                query = select(annotations.c.doc_id, annotations.c.shard)
                current += conn.execute(query.where(annotations.c.doc_id.in_(chunk))).all()
        if not current:
            return {}
        import duckdb

        frame = pd.DataFrame(current, columns=["doc_id", "shard"])
        frame["path"] = [str(self.path / shard) for shard in frame.shard]
        connection = duckdb.connect()
        connection.register("wanted", frame[["doc_id", "path"]])
        columns = ", ".join(f't."{name}"' for name in TOKEN_SCHEMA.names)
        table = connection.sql(
            f"SELECT {columns} FROM read_parquet($paths, filename = true) t "
            "JOIN wanted w ON t.doc_id = w.doc_id AND t.filename = w.path "
            "ORDER BY t.doc_id, t.i",
            params={"paths": sorted(set(frame.path))},
        ).to_arrow_table()
        connection.close()
        table = table.cast(TOKEN_SCHEMA)
        doc_ids = table.column("doc_id").to_numpy()
        found = {}
        edges = [0, *(np.flatnonzero(np.diff(doc_ids)) + 1).tolist()]
        for start, end in zip(edges, [*edges[1:], len(doc_ids)], strict=True):
            if end > start:
                found[int(doc_ids[start])] = table.slice(start, end - start)
        return found

    def save_batch(
        self,
        result: BatchAnnotation,
        run_id: int,
        sequence: int,
        components: Sequence[Component],
        stamps: Mapping[str, Any],
    ) -> None:
        """Store what the engine found: the token shard of the documents parsed, then in one
        transaction, for each component that ran on a document, its automatic rows there
        replaced and its state recorded (rows a person made stay)."""
        parsed = [d for d in result.docs if d.n_tokens is not None]
        shard = f"{SHARD_DIR}/r{run_id:05d}-{sequence:06d}.parquet"
        if parsed:
            target = self.path / shard
            temporary = target.with_suffix(".parquet.tmp")
            pq.write_table(result.tokens, temporary)
            with open(temporary, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        with signals_deferred(), self.engine.begin() as conn:
            if parsed:
                ids = [d.doc_id for d in parsed]
                conn.execute(delete(annotations).where(annotations.c.doc_id.in_(ids)))
                conn.execute(
                    insert(annotations),
                    [
                        dict(
                            doc_id=d.doc_id,
                            content_hash=d.content_hash,
                            run_id=run_id,
                            shard=shard,
                            n_sentences=len(d.rows.get("sentences", [])),
                            n_tokens=d.n_tokens,
                            n_entities=len(d.rows.get("entities", [])),
                        )
                        for d in parsed
                    ],
                )
            for component in components:
                ran = [d for d in result.docs if component.name in d.ran]
                if ran:
                    self._replace_rows(conn, component, ran, run_id, stamps[component.name])

    def _replace_rows(self, conn, component: Component, ran, run_id: int, stamp) -> None:
        ids = [d.doc_id for d in ran]
        for spec in component.produces:
            table = self.component_table(spec)
            if spec.name not in _BUILTIN_TABLES:
                table.create(conn, checkfirst=True)
            conn.execute(delete(table).where(table.c.doc_id.in_(ids) & (table.c.origin == "auto")))
            codec = RowCodec(spec, table)
            rows = [
                codec.encode(d.doc_id, row, run_id)
                for d in ran
                if d.ran[component.name] is None
                for row in d.rows.get(spec.name, [])
            ]
            if rows:
                conn.execute(insert(table), rows)
        conn.execute(
            delete(component_state).where(
                (component_state.c.component == component.name) & component_state.c.doc_id.in_(ids)
            )
        )
        conn.execute(
            insert(component_state),
            [
                dict(
                    doc_id=d.doc_id,
                    component=component.name,
                    version=stamp.version,
                    config_hash=stamp.config_hash,
                    model=stamp.model,
                    inputs=stamp.inputs,
                    text_hash=d.content_hash,
                    status="done" if d.ran[component.name] is None else "failed",
                    problem=d.ran[component.name],
                    run_id=run_id,
                )
                for d in ran
            ],
        )

    # -- the token index ------------------------------------------------------------------

    def _index_sources(self) -> tuple[list[tuple[int, Path]], str]:
        with self._connect() as conn:
            rows = conn.execute(
                select(annotations.c.doc_id, annotations.c.shard, annotations.c.content_hash)
            ).all()
        shards = sorted((doc_id, self.path / shard) for doc_id, shard, _ in rows)
        return shards, fingerprint([tuple(row) for row in rows])

    def refresh_index(self) -> None:
        """Rebuild the token index if the annotated documents changed since it was built."""
        shards, stamp = self._index_sources()
        if index_stamp(self.path / INDEX_DIR) != stamp:
            build_index(self.path / INDEX_DIR, shards, stamp)

    def index(self) -> TokenIndex:
        """The token index annotate last built: of every annotated document, or, while a run
        is writing (or after one was stopped), of the last complete state. Reading never
        builds it: a project without one says which command does."""
        if index_stamp(self.path / INDEX_DIR) is None:
            raise ProjectError(
                f"the project at {self.path} has no token index yet; build it with: "
                f"discursus annotate --project {self.path}"
            )
        return open_index(self.path / INDEX_DIR, self.document_names())

    def document_ids_by_source_key(self, keys: Sequence[str]) -> dict[str, int]:
        """The ids of the documents read from ``keys`` (those the project has)."""
        found: dict[str, int] = {}
        with self._connect() as conn:
            for start in range(0, len(keys), 500):
                query = select(documents.c.source_key, documents.c.id).where(
                    documents.c.source_key.in_(keys[start : start + 500])
                )
                found.update(dict(conn.execute(query).all()))
        return found

    def document_names(self, ids: list[int] | None = None) -> dict[int, str]:
        """Each document's name (of those ``ids`` only, if given), by id."""
        query = select(documents.c.id, documents.c.name)
        if ids is not None:
            query = query.where(documents.c.id.in_(ids))
        with self._connect() as conn:
            return dict(conn.execute(query).all())

    def remove_orphan_shards(self) -> None:
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


def _reanchored(
    row: dict[str, Any], spans: tuple[tuple[str, str], ...], old_text: str, new_text: str
) -> dict[str, Any]:
    """``row`` with its spans placed in ``new_text``: the first by its stored selector (the
    quote a person coded, renewed from the new text), the others, and rows without one, by
    the words their offsets give in ``old_text`` (kept as a selector only when they are lost,
    to look for them when the text changes again)."""
    row = dict(row)
    lost = False
    scale = len(new_text) / max(1, len(old_text))
    for number, (start_field, end_field) in enumerate(spans):
        start, end = row.get(start_field), row.get(end_field)
        if start is None or end is None:
            continue
        kept = row.get("selector") if number == 0 else None
        selector = kept or quote_selector(old_text, start, end)
        place = relocate(selector, new_text, near=round(start * scale))
        if place is None:
            lost = True
            # kept inside the new text, so nothing that reads it breaks; flagged to be placed
            row[start_field] = min(start, len(new_text))
            row[end_field] = min(max(end, row[start_field]), len(new_text))
            if number == 0:
                row["selector"] = selector  # the words to look for when the text changes again
            continue
        row[start_field], row[end_field] = place
        if kept:
            row["selector"] = quote_selector(new_text, *place)
    if lost:
        row["anchor"] = "unplaced"
    else:
        row.pop("anchor", None)
    return row


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


# seconds a write waits for another's to end (sqlite3's default is 5): twenty people coding
# at once in the workbench queue their saves, and a save refused for waiting is a person's
# work to do again
WRITER_WAIT = 60.0


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # in WAL mode this never corrupts the database; a power cut may lose the last commits
    # (a killed process loses nothing), and each commit does not wait for the disk
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _unstorable(doc: RawDocument, error: Exception) -> InputError:
    reason = f"cannot be stored: {error.__class__.__name__}: {error}"[:500]
    return InputError(doc.source_path, reason)


def _chunks(ids: Sequence[int] | None, size: int = 500) -> Iterator[Sequence[int] | None]:
    """``ids`` in pieces small enough for one ``IN (...)``; ``None`` (all) as it is."""
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
