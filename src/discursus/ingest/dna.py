"""Discourse Network Analyzer's own files: a ``.dna`` project (SQLite, DNA 3 schema) read as
its tables, and as documents and statements.

The file is untrusted input: it is opened read-only (or its bytes deserialized into memory)
and its size bounded; only the DNA 3 tables and columns in :data:`TABLES` are read, by fixed
queries. A statement type's variables become the statement's fields (DNA's "DNA Statement"
type has person, organization, concept and a boolean agreement); each statement keeps its
document, offsets, date and coder.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from discursus.errors import DiscursusError

MAX_DNA_BYTES = 2 << 30
DEFAULT_TYPE = "DNA Statement"

# DNA 3's tables, in an order where each comes after the tables it refers to, and the
# columns of each that a project holds
TABLES: dict[str, tuple[str, ...]] = {
    "SETTINGS": ("Property", "Value"),
    "CODERS": (
        "ID", "Name", "Red", "Green", "Blue", "Refresh", "FontSize", "Password", "PopupWidth",
        "ColorByCoder", "PopupDecoration", "PopupAutoComplete", "PermissionAddDocuments",
        "PermissionEditDocuments", "PermissionDeleteDocuments", "PermissionImportDocuments",
        "PermissionAddStatements", "PermissionEditStatements", "PermissionDeleteStatements",
        "PermissionEditAttributes", "PermissionEditRegex", "PermissionEditStatementTypes",
        "PermissionEditCoders", "PermissionEditCoderRelations",
        "PermissionViewOthersDocuments", "PermissionEditOthersDocuments",
        "PermissionViewOthersStatements", "PermissionEditOthersStatements",
    ),
    "CODERRELATIONS": (
        "ID", "Coder", "OtherCoder", "viewStatements", "editStatements", "viewDocuments",
        "editDocuments",
    ),
    "DOCUMENTS": (
        "ID", "Title", "Text", "Coder", "Author", "Source", "Section", "Notes", "Type", "Date",
    ),
    "STATEMENTTYPES": ("ID", "Label", "Red", "Green", "Blue"),
    "VARIABLES": ("ID", "Variable", "DataType", "StatementTypeId"),
    "VARIABLELINKS": ("ID", "SourceVariableId", "TargetVariableId"),
    "REGEXES": ("Label", "Red", "Green", "Blue"),
    "STATEMENTS": ("ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"),
    "ENTITIES": ("ID", "VariableId", "Value", "Red", "Green", "Blue", "ChildOf"),
    "DATABOOLEAN": ("ID", "StatementId", "VariableId", "Value"),
    "DATAINTEGER": ("ID", "StatementId", "VariableId", "Value"),
    "DATASHORTTEXT": ("ID", "StatementId", "VariableId", "Entity"),
    "DATALONGTEXT": ("ID", "StatementId", "VariableId", "Value"),
    "ATTRIBUTEVARIABLES": ("ID", "VariableId", "AttributeVariable"),
    "ATTRIBUTEVALUES": ("ID", "EntityId", "AttributeVariableId", "AttributeValue"),
}  # fmt: skip


class DnaFileError(DiscursusError):
    """A file that is not a readable DNA 3 database."""


def read_dna_tables(
    source: str | Path | bytes, display: str | None = None
) -> dict[str, pd.DataFrame]:
    """Every DNA 3 table of a ``.dna`` file (a path, or the file's bytes), as frames with the
    columns of :data:`TABLES`, in key order."""
    display = display or str(source if not isinstance(source, bytes) else "the .dna file")
    if isinstance(source, bytes):
        if len(source) > MAX_DNA_BYTES:
            raise DnaFileError(
                f"{display}: {len(source):,} bytes, over the {MAX_DNA_BYTES:,} limit"
            )
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(source)
        except sqlite3.Error as exc:
            connection.close()
            raise DnaFileError(f"{display}: not a DNA database: {exc}") from None
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise DnaFileError(f"{display}: cannot read: {exc.strerror or exc}") from None
        if size > MAX_DNA_BYTES:
            raise DnaFileError(f"{display}: {size:,} bytes, over the {MAX_DNA_BYTES:,} limit")
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise DnaFileError(f"{display}: not a DNA database: {exc}") from None
    try:
        present = {name.upper() for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
        missing = [t for t in ("DOCUMENTS", "STATEMENTS", "STATEMENTTYPES", "VARIABLES")
                   if t not in present]  # fmt: skip
        if missing:
            raise DnaFileError(f"{display}: not a DNA 3 database (no {', '.join(missing)} table)")
        tables = {}
        for table, columns in TABLES.items():
            if table not in present:  # an older file without, say, coder relations
                tables[table] = pd.DataFrame(columns=list(columns))
                continue
            quoted = ", ".join(f'"{c}"' for c in columns)
            order = columns[0]
            tables[table] = pd.read_sql_query(
                f'SELECT {quoted} FROM "{table}" ORDER BY "{order}"', connection
            )
        return tables
    except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
        raise DnaFileError(f"{display}: not a DNA 3 database ({exc})") from None
    finally:
        connection.close()


def dna_documents(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The documents: id, title, text, author, source, section, type, notes, date (ISO)."""
    documents = tables["DOCUMENTS"].rename(columns=str.lower)
    documents = documents[["id", "title", "text", "author", "source", "section", "type",
                           "notes", "date"]].copy()  # fmt: skip
    documents["date"] = documents.date.map(_date)
    return documents


def dna_statements(tables: Mapping[str, pd.DataFrame], statement_type: str = DEFAULT_TYPE,
                   display: str = "the .dna file") -> pd.DataFrame:  # fmt: skip
    """The statements of ``statement_type``: id, doc_id, start, end, coder, date, then one
    column per variable (a boolean one as bool, an integer one as int, text as str)."""
    types = dict(zip(tables["STATEMENTTYPES"].Label, tables["STATEMENTTYPES"].ID, strict=True))
    if statement_type not in types:
        raise DnaFileError(
            f"{display}: no statement type {statement_type!r}; types: {', '.join(types)}"
        )
    type_id = types[statement_type]
    found = tables["STATEMENTS"]
    found = found[found.StatementTypeId == type_id]
    statements = pd.DataFrame({
        "id": found.ID.to_numpy(), "doc_id": found.DocumentId.to_numpy(),
        "start": found.Start.to_numpy(), "end": found.Stop.to_numpy(),
        "coder": found.Coder.map(dict(zip(tables["CODERS"].ID, tables["CODERS"].Name,
                                          strict=True))).to_numpy(),
    })  # fmt: skip
    documents = dna_documents(tables)
    statements["date"] = statements.doc_id.map(dict(zip(documents.id, documents.date,
                                                        strict=True)))  # fmt: skip
    variables = tables["VARIABLES"]
    entities = dict(zip(tables["ENTITIES"].ID, tables["ENTITIES"].Value, strict=True))
    for row in variables[variables.StatementTypeId == type_id].itertuples():
        if row.DataType == "short text":
            data = tables["DATASHORTTEXT"]
            data = data[data.VariableId == row.ID]
            values = dict(zip(data.StatementId, data.Entity.map(entities), strict=True))
        else:
            table = {"long text": "DATALONGTEXT", "boolean": "DATABOOLEAN"}.get(
                row.DataType, "DATAINTEGER"
            )
            data = tables[table]
            data = data[data.VariableId == row.ID]
            values = dict(zip(data.StatementId, data.Value, strict=True))
        column = statements.id.map(values)
        if row.DataType == "boolean":
            column = column.fillna(0).astype(int).astype(bool)
        elif row.DataType == "integer":
            column = column.fillna(0).astype(int)
        else:
            column = column.fillna("").astype(str)
        statements[row.Variable] = column
    return statements


def dna_entities(tables: Mapping[str, pd.DataFrame], statement_type: str = DEFAULT_TYPE
                 ) -> dict[str, dict[str, dict[str, str]]]:  # fmt: skip
    """The entities of ``statement_type``'s short-text variables with their colour and
    attributes: {variable: {value: {"color": "#rrggbb", attribute: value}}}."""
    types = tables["STATEMENTTYPES"]
    type_ids = set(types.ID[types.Label == statement_type])
    variables = tables["VARIABLES"]
    names = dict(zip(variables.ID, variables.Variable, strict=True))
    wanted = set(variables.ID[variables.StatementTypeId.isin(type_ids)])
    attributes = tables["ATTRIBUTEVARIABLES"]
    attribute_names = dict(zip(attributes.ID, attributes.AttributeVariable, strict=True))
    values = tables["ATTRIBUTEVALUES"]
    by_entity: dict[int, dict[str, str]] = {}
    for row in values.itertuples():
        name = attribute_names.get(row.AttributeVariableId)
        if name is not None and row.AttributeValue:
            by_entity.setdefault(int(row.EntityId), {})[name] = str(row.AttributeValue)
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in tables["ENTITIES"].itertuples():
        if row.VariableId not in wanted or not row.Value:
            continue
        rgb = [int(c) if pd.notna(c) else 0 for c in (row.Red, row.Green, row.Blue)]
        color = "#{:02x}{:02x}{:02x}".format(*rgb)
        found.setdefault(names[row.VariableId], {})[str(row.Value)] = {
            "color": color,
            **by_entity.get(int(row.ID), {}),
        }
    return found


def read_dna(
    path: str | Path, statement_type: str = DEFAULT_TYPE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents (see :func:`dna_documents`) and the statements of ``statement_type``
    (see :func:`dna_statements`) of a ``.dna`` file."""
    tables = read_dna_tables(path)
    return dna_documents(tables), dna_statements(tables, statement_type, str(path))


def read_dna_documents(data: bytes, display: str) -> pd.DataFrame:
    """A ``.dna`` file's documents as a table's rows for ingest: id (the title, as DNA's
    statements name it), text, and the document's fields as metadata."""
    documents = dna_documents(read_dna_tables(data, display))
    documents = documents.rename(columns={"id": "dna_id"})
    documents.insert(0, "id", documents.pop("title"))
    return documents


def _date(seconds) -> str | None:
    if seconds is None or pd.isna(seconds):
        return None
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
