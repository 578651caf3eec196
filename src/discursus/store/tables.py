"""Component tables made from their specs, and the one codec that writes and reads their rows.

A row is stored as the spec's fields in SQL columns and every other key in ``data`` (JSON);
read back, it is the same dict. The package's own tables are built by its migrations; a table
of a component from another package is created the first time a run writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from discursus.tablespec import TableSpec

_SQL_TYPES = {"int": Integer, "str": String, "float": Float, "bool": Boolean, "json": JSON}
ORIGINS = ("auto", "manual")


def component_table(spec: TableSpec, metadata: MetaData) -> Table:
    """The SQL table of ``spec`` in ``metadata``: id, doc_id, its fields, ``data`` (if it keeps
    other fields), origin, run_id; an index on (doc_id, *order), one per indexed field."""
    sql = {f.name: f.sql_name for f in spec.fields}
    return Table(
        spec.name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        *(Column(f.sql_name, _SQL_TYPES[f.type], nullable=f.nullable) for f in spec.fields),
        *((Column("data", JSON, nullable=False),) if spec.remainder else ()),
        # auto: written by a run and replaced by the next; manual: a person's, never touched
        Column("origin", String, nullable=False, default="auto", server_default="auto"),
        Column("run_id", Integer, ForeignKey("runs.id")),
        Index(f"ix_{spec.name}_doc", "doc_id", *(sql[name] for name in spec.order)),
        *(Index(f"ix_{spec.name}_{f.sql_name}", f.sql_name) for f in spec.fields if f.index),
        *(
            (UniqueConstraint("doc_id", *(sql[name] for name in spec.unique)),)
            if spec.unique
            else ()
        ),
    )


class RowCodec:
    """Rows of one component table to SQL values and back."""

    def __init__(self, spec: TableSpec, table: Table) -> None:
        self.spec = spec
        self.table = table

    def encode(
        self, doc_id: int, row: Mapping[str, Any], run_id: int | None, origin: str = "auto"
    ) -> dict[str, Any]:
        if origin not in ORIGINS:
            raise ValueError(f"origin {origin!r} is not one of {ORIGINS}")
        columns, rest = self.spec.split(dict(row))
        values = {self.spec.field(k).sql_name: v for k, v in columns.items()}
        if self.spec.remainder:
            values["data"] = rest
        return dict(doc_id=doc_id, origin=origin, run_id=run_id, **values)

    def decode(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        columns = {f.name: stored[f.sql_name] for f in self.spec.fields}
        return self.spec.join(columns, stored["data"] if self.spec.remainder else None)

    def encode_all(
        self, doc_rows: Iterable[tuple[int, Iterable[Mapping[str, Any]]]], run_id: int | None
    ) -> list[dict[str, Any]]:
        return [self.encode(doc_id, row, run_id) for doc_id, rows in doc_rows for row in rows]
