"""What a component's rows look like: a table spec, from which the store makes the SQL table
and the one codec that writes and reads its rows.

A spec names the fields that become SQL columns (the ones filters, joins and orderings use);
every other key of a row is kept in the JSON column ``data``. Every table also has ``id``,
``doc_id``, ``origin`` (auto: written by a component and replaced by its next run; manual: a
person's, never touched by a run) and ``run_id``. Nothing here imports SQLAlchemy: annotators
declare specs without loading the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["int", "str", "float", "bool", "json"]
FIELD_TYPES: tuple[str, ...] = ("int", "str", "float", "bool", "json")


@dataclass(frozen=True)
class Field:
    """One SQL column of a component table. ``column`` is its SQL name when the field's own
    name is not a good one (``index``)."""

    name: str
    type: FieldType = "str"
    nullable: bool = True
    index: bool = False
    column: str | None = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(
                f"field {self.name!r}: unknown type {self.type!r}; types: {', '.join(FIELD_TYPES)}"
            )

    @property
    def sql_name(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class TableSpec:
    """A component table.

    ``order`` is the reading order inside a document (and the document index); ``unique``
    the fields that are unique inside a document; ``output`` the order of keys in a row read
    back (keys not listed follow); ``schema`` the package JSON Schema (see
    :mod:`discursus.schemas`) that rows, with the document's name as ``doc``, validate against;
    ``spans`` the pairs of fields that are character offsets into the document's text.
    """

    name: str
    fields: tuple[Field, ...]
    remainder: bool = True
    order: tuple[str, ...] = ("start",)
    unique: tuple[str, ...] = ()
    output: tuple[str, ...] = ()
    schema: str | None = None
    spans: tuple[tuple[str, str], ...] = (("start", "end"),)
    description: str = ""

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        reserved = {"id", "doc_id", "doc", "origin", "run_id", "data"}
        clash = sorted(reserved & set(names))
        if clash:
            raise ValueError(f"table {self.name!r}: field names {clash} are the store's own")
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r}: a field is named twice")
        for name in (*self.order, *self.unique):
            if name not in names:
                raise ValueError(f"table {self.name!r}: {name!r} is not one of its fields")

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"table {self.name!r} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def split(self, row: dict) -> tuple[dict, dict]:
        """A row as (column values, the JSON remainder)."""
        columns = {f.name: row.get(f.name) for f in self.fields}
        rest = {k: v for k, v in row.items() if k not in columns and k != "doc"}
        if rest and not self.remainder:
            raise ValueError(f"table {self.name!r} keeps no other fields; got {sorted(rest)}")
        return columns, rest

    def join(self, columns: dict, rest: dict | None) -> dict:
        """The row back from its column values and JSON remainder, keys in ``output`` order."""
        row = {**(rest or {}), **columns}
        if not self.output:
            return row
        ordered = {k: row[k] for k in self.output if k in row}
        ordered.update((k, v) for k, v in row.items() if k not in ordered)
        return ordered
