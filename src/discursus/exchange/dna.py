"""Discourse Network Analyzer's own files: a ``.dna`` project (SQLite, DNA 3 schema) read as
documents and statements.

The file is untrusted input: it is opened read-only and its size bounded; only the tables and
columns below are read (documents; statement types; their variables; short-text entities,
boolean, integer and long-text values; coders). A statement type's variables become the
statement's fields (DNA's "DNA Statement" type has person, organization, concept and a
boolean agreement); each statement keeps its document, offsets, date and coder.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

from discursus.errors import DiscursusError

MAX_DNA_BYTES = 2 << 30
DEFAULT_TYPE = "DNA Statement"


class DnaFileError(DiscursusError):
    """A file that is not a readable DNA 3 database."""


def read_dna(
    path: str | Path, statement_type: str = DEFAULT_TYPE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents (id, title, text, author, source, section, type, date) and the
    statements of ``statement_type`` (id, doc, start, end, date, coder, then one column per
    variable; a boolean variable as bool) of a ``.dna`` file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DnaFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if size > MAX_DNA_BYTES:
        raise DnaFileError(f"{path}: {size:,} bytes, over the {MAX_DNA_BYTES:,} limit")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DnaFileError(f"{path}: not a DNA database: {exc}") from None
    try:
        return _read(connection, path, statement_type)
    except sqlite3.DatabaseError as exc:
        raise DnaFileError(f"{path}: not a DNA 3 database ({exc})") from None
    finally:
        connection.close()


def _read(connection, path: Path, statement_type: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    types = dict(connection.execute("SELECT Label, ID FROM STATEMENTTYPES"))
    if statement_type not in types:
        raise DnaFileError(
            f"{path}: no statement type {statement_type!r}; types: {', '.join(types)}"
        )
    type_id = types[statement_type]
    documents = pd.read_sql_query(
        "SELECT ID AS id, Title AS title, Text AS text, Author AS author, Source AS source, "
        "Section AS section, Type AS type, Date AS date FROM DOCUMENTS ORDER BY ID",
        connection,
    )
    documents["date"] = documents.date.map(_date)
    variables = connection.execute(
        "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ? ORDER BY ID",
        (type_id,),
    ).fetchall()
    coders = dict(connection.execute("SELECT ID, Name FROM CODERS"))
    statements = pd.read_sql_query(
        "SELECT ID AS id, DocumentId AS doc_id, Start AS start, Stop AS end, Coder AS coder "
        "FROM STATEMENTS WHERE StatementTypeId = ? ORDER BY ID",
        connection,
        params=(type_id,),
    )
    statements["coder"] = statements.coder.map(coders)
    dates = dict(zip(documents.id, documents.date, strict=True))
    statements["date"] = statements.doc_id.map(dates)
    for variable_id, name, kind in variables:
        if kind == "short text":
            query = (
                "SELECT d.StatementId, e.Value FROM DATASHORTTEXT d JOIN ENTITIES e "
                "ON e.ID = d.Entity WHERE d.VariableId = ?"
            )
        elif kind == "long text":
            query = "SELECT StatementId, Value FROM DATALONGTEXT WHERE VariableId = ?"
        elif kind == "boolean":
            query = "SELECT StatementId, Value FROM DATABOOLEAN WHERE VariableId = ?"
        else:
            query = "SELECT StatementId, Value FROM DATAINTEGER WHERE VariableId = ?"
        values = dict(connection.execute(query, (variable_id,)))
        column = statements.id.map(values)
        if kind == "boolean":
            column = column.fillna(0).astype(int).astype(bool)
        elif kind == "integer":
            column = column.fillna(0).astype(int)
        else:
            column = column.fillna("")
        statements[name] = column
    return documents, statements


def _date(seconds) -> str | None:
    if seconds is None or pd.isna(seconds):
        return None
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
