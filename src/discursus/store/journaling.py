"""The journal: every change a person makes, kept with the rows it touched as they were before
and after, so that ``discursus undo`` puts them back and ``redo`` makes the change again.

A change is written through :class:`Changes` inside one transaction; the entry is written in
the same transaction, so a crash leaves neither. Undo checks that each row is still as the
change left it: a row something else changed since is not overwritten, and the undo is
refused, naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from discursus.errors import ProjectError
from discursus.store.schema import journal, metadata


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def put_settings(changes: Changes, component: str, settings: Mapping[str, Any]) -> None:
    """Keep ``settings`` as ``component``'s, as part of the journalled change ``changes``."""
    from discursus.store.schema import component_settings

    key = {"component": component}
    values = {"settings": dict(settings), "updated_at": now()}
    found = changes.conn.execute(
        select(component_settings.c.component).where(component_settings.c.component == component)
    ).first()
    if found:
        changes.update(component_settings, key, values)
    else:
        changes.insert(component_settings, {**key, **values})


class Changes:
    """The rows one journalled change inserts, updates and deletes, recorded as it goes."""

    def __init__(self, conn: Connection, tables: Mapping[str, Table]) -> None:
        self.conn = conn
        self.items: list[dict[str, Any]] = []
        self._tables = tables

    def insert(self, table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert one row; returns it as stored (with its key)."""
        result = self.conn.execute(insert(table).values(**values))
        names = [c.name for c in table.primary_key]
        key = dict(zip(names, result.inserted_primary_key, strict=True))
        after = self._row(table, key)
        self.items.append({"table": table.name, "before": None, "after": after})
        return after

    def update(self, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        before = self._row(table, key)
        if before is None:
            raise ProjectError(f"no row {dict(key)} in {table.name}")
        self.conn.execute(update(table).where(_match(table, key)).values(**values))
        after = self._row(table, key)
        if after != before:
            self.items.append({"table": table.name, "before": before, "after": after})

    def delete(self, table: Table, key: Mapping[str, Any]) -> None:
        before = self._row(table, key)
        if before is None:
            return
        self.conn.execute(delete(table).where(_match(table, key)))
        self.items.append({"table": table.name, "before": before, "after": None})

    def _row(self, table: Table, key: Mapping[str, Any]) -> dict[str, Any] | None:
        found = self.conn.execute(select(table).where(_match(table, key))).mappings().first()
        return None if found is None else dict(found)


def _match(table: Table, key: Mapping[str, Any]):
    return and_(*(table.c[name] == value for name, value in key.items()))


def _key(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {c.name: row[c.name] for c in table.primary_key}


def record_change(
    conn: Connection, changes: Changes, who: str, action: str, summary: str
) -> int | None:
    """Write the journal entry of ``changes`` (none if nothing changed); a new change drops
    what was undone before it, as an editor's redo does."""
    if not changes.items:
        return None
    conn.execute(update(journal).where(journal.c.state == "undone").values(state="dropped"))
    result = conn.execute(
        insert(journal).values(
            at=now(), who=who, action=action, summary=summary, changes=changes.items, state="done"
        )
    )
    return result.inserted_primary_key[0]


def step_journal(conn: Connection, tables: Mapping[str, Table], direction: str,
                 who: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Undo the latest change still done, or redo the earliest one undone (``who``: that
    person's, so one person's undo never takes back another's change)."""
    if direction == "undo":
        query = select(journal).where(journal.c.state == "done").order_by(journal.c.id.desc())
    else:
        query = select(journal).where(journal.c.state == "undone").order_by(journal.c.id)
    if who is not None:
        query = query.where(journal.c.who == who)
    entry = conn.execute(query.limit(1)).mappings().first()
    if entry is None:
        whose = f" of {who}'s" if who is not None else ""
        raise ProjectError(f"nothing{whose} to {direction} (see: discursus history)")
    items = entry["changes"]
    if direction == "undo":
        moves = [(i["table"], i["after"], i["before"]) for i in reversed(items)]
    else:
        moves = [(i["table"], i["before"], i["after"]) for i in items]
    for name, now_row, then_row in moves:
        table = tables[name] if name in tables else metadata.tables[name]
        row = now_row or then_row
        key = _key(table, row)
        current = conn.execute(select(table).where(_match(table, key))).mappings().first()
        current = None if current is None else dict(current)
        if current != now_row:
            raise ProjectError(
                f"cannot {direction} #{entry['id']} ({entry['summary']}): row {key} of "
                f"{name} has changed since; nothing was changed"
            )
        if then_row is None:
            conn.execute(delete(table).where(_match(table, key)))
        elif now_row is None:
            conn.execute(insert(table).values(**then_row))
        else:
            conn.execute(update(table).where(_match(table, key)).values(**then_row))
    state = "undone" if direction == "undo" else "done"
    conn.execute(update(journal).where(journal.c.id == entry["id"]).values(state=state))
    return {**dict(entry), "state": state}
