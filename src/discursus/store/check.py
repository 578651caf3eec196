"""Verifying a project: is every row where it should be, and how to repair what is not.

:func:`check_project` only reads. :func:`repair_project` fixes what can be fixed without a
person's work at stake: it removes leftovers of killed runs, marks documents whose automatic
annotation is damaged for ``annotate`` to redo, and rebuilds the token index. Rows a person
made (``origin = manual``) are reported, never changed.
"""

from __future__ import annotations

import fcntl
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from discursus.errors import ProjectError
from discursus.store.schema import BUILTIN_SPECS

# component tables with a passage of a document, and whether rows have an origin (all do now;
# a project not yet upgraded is refused before any check)
PASSAGE_TABLES = {spec.name: True for spec in BUILTIN_SPECS if "start" in spec.field_names}
DOCUMENT_TABLES = ("annotations", "component_state", *(spec.name for spec in BUILTIN_SPECS))


@dataclass
class Finding:
    """One check: ``problems`` rows or files found, what they are, and the repair."""

    check: str
    problems: int
    detail: str
    repair: str = ""

    @property
    def ok(self) -> bool:
        return self.problems == 0

    def row(self) -> dict:
        return {"status": "ok" if self.ok else "problem", **asdict(self)}


def _connect(path: Path) -> sqlite3.Connection:
    database = path / "project.sqlite"
    if not database.exists():
        raise ProjectError(f"no discursus project at {path} (no project.sqlite)")
    # read only: checking never changes the project
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True)


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from discursus.store.migrate import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def _lock_free(path: Path) -> bool:
    lock_path = path / ".lock"
    if not lock_path.exists():
        return True
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
    return True


# a passage row ``t`` not inside the text of its document ``d``
_OUTSIDE = 't.start < 0 OR t."end" < t.start OR t."end" > d.n_chars'


def _bad_offsets(connection: sqlite3.Connection, table: str, has_origin: bool) -> list[tuple]:
    """(doc_id, origin) of rows whose passage is not inside their document. (Table names in
    these queries are this module's own constants, never input.)"""
    origin = "t.origin" if has_origin else "'auto'"
    return connection.execute(
        f"SELECT t.doc_id, {origin} FROM {table} t JOIN documents d ON d.id = t.doc_id "
        f"WHERE {_OUTSIDE}"
    ).fetchall()


def check_project(path: str | Path) -> list[Finding]:
    """Every check on the project at ``path``, in order; nothing is written."""
    path = Path(path)
    connection = _connect(path)
    try:
        return list(_checks(path, connection))
    finally:
        connection.close()


def _checks(path: Path, connection: sqlite3.Connection):
    revision, head = _revision(connection), _head_revision()
    if revision == head:
        yield Finding("schema", 0, f"revision {revision}, the current one")
    else:
        yield Finding(
            "schema",
            1,
            f"revision {revision}, this discursus writes {head}",
            "discursus annotate -p PROJECT upgrades it (a newer one needs a newer discursus)",
        )
        return
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    broken_keys = connection.execute("PRAGMA foreign_key_check").fetchall()
    if integrity == ["ok"] and not broken_keys:
        yield Finding("integrity", 0, "SQLite integrity and foreign keys hold")
    else:
        detail = "; ".join(r for r in integrity if r != "ok")[:300] or (
            f"{len(broken_keys)} rows point at rows that do not exist"
        )
        yield Finding(
            "integrity",
            max(1, len(broken_keys)),
            detail,
            "copy the project folder, then restore project.sqlite from a backup; "
            "or ingest and annotate the corpus into a new project",
        )
    orphans = 0
    for table in DOCUMENT_TABLES:
        orphans += connection.execute(
            f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
    yield Finding(
        "annotations point at documents",
        orphans,
        f"{orphans} rows of documents no longer in the project" if orphans else "all do",
        "discursus check --repair removes the automatic ones" if orphans else "",
    )
    bad_auto, bad_manual = set(), 0
    for table, has_origin in PASSAGE_TABLES.items():
        for doc_id, origin in _bad_offsets(connection, table, has_origin):
            if origin == "manual":
                bad_manual += 1
            else:
                bad_auto.add(doc_id)
    yield Finding(
        "offsets inside their documents",
        len(bad_auto),
        f"automatic rows of {len(bad_auto)} documents outside their text"
        if bad_auto
        else "all automatic rows are",
        "discursus check --repair marks those documents for annotate to redo" if bad_auto else "",
    )
    if bad_manual:
        yield Finding(
            "manual rows inside their documents",
            bad_manual,
            f"{bad_manual} rows a person made lie outside their document's text (it changed)",
            "correct or delete them by hand; no automatic run touches them",
        )
    shards = connection.execute("SELECT doc_id, shard, n_tokens FROM annotations").fetchall()
    missing = sorted({doc for doc, shard, _ in shards if not (path / shard).is_file()})
    yield Finding(
        "token shards present",
        len(missing),
        f"{len(missing)} annotated documents have no token shard" if missing else "all are",
        "discursus check --repair marks them for annotate to redo" if missing else "",
    )
    live = {shard for _, shard, _ in shards}
    shard_dir = path / "tokens"
    leftovers = (
        sorted(p.name for p in shard_dir.iterdir() if f"tokens/{p.name}" not in live)
        if shard_dir.is_dir()
        else []
    )
    yield Finding(
        "no orphan shards",
        len(leftovers),
        f"{len(leftovers)} shard files no document points at (a killed run's)"
        if leftovers
        else "none",
        "discursus check --repair (or the next annotate) removes them" if leftovers else "",
    )
    mismatched = _token_mismatches(path, connection, shards, missing)
    yield Finding(
        "tokens match their documents",
        len(mismatched),
        f"{len(mismatched)} documents whose token rows disagree with the annotation record"
        if mismatched
        else "counts and offsets agree",
        "discursus check --repair marks them for annotate to redo" if mismatched else "",
    )
    from discursus.store.token_index import INDEX_DIR, fingerprint, index_stamp

    current = connection.execute("SELECT doc_id, shard, content_hash FROM annotations")
    stamp = fingerprint([tuple(row) for row in current])
    stale = index_stamp(path / INDEX_DIR) != stamp
    yield Finding(
        "token index up to date",
        int(stale),
        "built from other annotations than the current ones" if stale else "it is",
        "rebuilt by the next read (discursus kwic) or discursus check --repair" if stale else "",
    )
    running = connection.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
    if running and _lock_free(path):
        yield Finding(
            "runs finished",
            running,
            f"{running} runs marked running were killed",
            "discursus check --repair (or the next run) marks them interrupted",
        )
    else:
        yield Finding("runs finished", 0, "a run is writing now" if running else "all ended")


def _token_mismatches(path, connection, shards, missing) -> list[int]:
    """Documents whose shard rows are not ``n_tokens`` rows inside the document's text."""
    present = [(doc, str(path / shard), n) for doc, shard, n in shards if doc not in missing]
    if not present:
        return []
    import duckdb
    import pandas as pd

    sizes = dict(connection.execute("SELECT id, n_chars FROM documents").fetchall())
    current = pd.DataFrame(present, columns=["doc_id", "path", "n_tokens"])
    current["n_chars"] = current.doc_id.map(sizes)
    duck = duckdb.connect()
    try:
        duck.register("current_shards", current)
        found = duck.execute(
            "SELECT c.doc_id, c.n_tokens, c.n_chars, count(t.i) AS rows, "
            'max(t."end") AS last, min(t.start) AS first '
            "FROM current_shards c LEFT JOIN read_parquet($paths, filename = true) t "
            "ON t.doc_id = c.doc_id AND t.filename = c.path GROUP BY ALL",
            {"paths": sorted(set(current.path))},
        ).fetchall()
    except duckdb.Error:
        return sorted(current.doc_id.tolist())  # a shard that cannot be read: all suspect
    finally:
        duck.close()
    return sorted(
        doc
        for doc, n_tokens, n_chars, rows, last, first in found
        if rows != n_tokens or (rows and (first < 0 or last > n_chars))
    )


def repair_project(project) -> list[str]:
    """Repair what :func:`check_project` finds that needs no person; returns what was done."""
    findings = {f.check: f for f in check_project(project.path)}
    if not findings["schema"].ok:
        raise ProjectError(findings["schema"].detail + ": " + findings["schema"].repair)
    done: list[str] = []
    with project._lock():
        done += _repair_rows(project)
        project.remove_orphan_shards()
        project.refresh_index()
    done.append("removed shard files no document points at; token index up to date")
    return done


def _repair_rows(project) -> list[str]:
    from sqlalchemy import text

    done: list[str] = []
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE runs SET status = 'interrupted' WHERE status = 'running'"))
        removed = 0
        for table in DOCUMENT_TABLES:
            origin = " AND origin = 'auto'" if PASSAGE_TABLES.get(table) else ""
            removed += conn.execute(
                text(f"DELETE FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents){origin}")
            ).rowcount
        if removed:
            done.append(f"removed {removed} automatic rows of documents no longer there")
        redo = set()
        sqlite = conn.connection.dbapi_connection
        for table, has_origin in PASSAGE_TABLES.items():
            redo |= {
                doc for doc, origin in _bad_offsets(sqlite, table, has_origin) if origin != "manual"
            }
        shards = conn.execute(text("SELECT doc_id, shard, n_tokens FROM annotations")).all()
        missing = {doc for doc, shard, _ in shards if not (project.path / shard).is_file()}
        redo |= missing
        redo |= set(_token_mismatches(project.path, sqlite, [tuple(s) for s in shards], missing))
        for doc in sorted(redo):
            # no parse and no state: annotate runs every component on it again
            conn.execute(text("DELETE FROM annotations WHERE doc_id = :doc"), {"doc": doc})
            conn.execute(text("DELETE FROM component_state WHERE doc_id = :doc"), {"doc": doc})
        for table, has_origin in PASSAGE_TABLES.items():
            # what annotate will write again; a person's rows stay, wherever they point
            conn.execute(
                text(
                    f"DELETE FROM {table} WHERE id IN (SELECT t.id FROM {table} t "
                    f"JOIN documents d ON d.id = t.doc_id WHERE ({_OUTSIDE})"
                    + (" AND t.origin = 'auto')" if has_origin else ")")
                )
            )
        if redo:
            done.append(
                f"marked {len(redo)} documents for annotate to redo: run discursus annotate"
            )
    return done
