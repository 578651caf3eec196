"""Discourse Network Analyzer's ``.dna`` files written: a project's documents and statements as
a DNA 3 database that DNA and rDNA open (reading them is :mod:`discursus.ingest.dna`).

What an imported ``.dna`` file brought and a project has no rows for (its coders with their
colours and passwords, entities with their colours and attributes, regexes, other statement
types and their statements) is kept at import and written back, so a file imported and
exported loses nothing. Coders new to the file get the password given, hashed as DNA hashes
it (salted SHA-256, 100,000 rounds).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import secrets
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from discursus.errors import DiscursusError
from discursus.ingest.dna import (  # noqa: F401 - the readers, where views look for them
    DEFAULT_TYPE,
    TABLES,
    DnaFileError,
    dna_documents,
    dna_statements,
    read_dna,
    read_dna_tables,
)

DNA_VERSION = "3.0.11"
HASH_ROUNDS = 100_000

_DDL = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
 Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
 Refresh INTEGER NOT NULL DEFAULT 0, FontSize INTEGER NOT NULL DEFAULT 14,
 Password TEXT NOT NULL, PopupWidth INTEGER DEFAULT 300,
 ColorByCoder INTEGER NOT NULL DEFAULT 0, PopupDecoration INTEGER NOT NULL DEFAULT 0,
 PopupAutoComplete INTEGER NOT NULL DEFAULT 1, {permissions});
CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER, OtherCoder INTEGER,
 viewStatements INTEGER NOT NULL DEFAULT 1, editStatements INTEGER NOT NULL DEFAULT 1,
 viewDocuments INTEGER NOT NULL DEFAULT 1, editDocuments INTEGER NOT NULL DEFAULT 1,
 FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE,
 FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL, Text TEXT NOT NULL,
 Coder INTEGER, Author TEXT NOT NULL DEFAULT '', Source TEXT NOT NULL DEFAULT '',
 Section TEXT NOT NULL DEFAULT '', Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '',
 Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL,
 Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL,
 DataType TEXT NOT NULL DEFAULT 'short text' CHECK (DataType IN ('boolean', 'integer',
 'long text', 'short text')), StatementTypeId INTEGER,
 FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
 UNIQUE (Variable, StatementTypeId));
CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER,
 TargetVariableId INTEGER, FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE
 CASCADE, FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE REGEXES(Label TEXT PRIMARY KEY, Red INTEGER NOT NULL DEFAULT 0,
 Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER,
 DocumentId INTEGER, Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL, Coder INTEGER,
 CHECK (Start < Stop), FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
 FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE,
 FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
 Value TEXT NOT NULL DEFAULT '', Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER,
 UNIQUE (VariableId, Value), FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL, Value TEXT DEFAULT '',
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
 AttributeVariable TEXT NOT NULL, UNIQUE(VariableId, AttributeVariable),
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL,
 AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '',
 UNIQUE (EntityId, AttributeVariableId),
 FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE,
 FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE);
"""
_PERMISSIONS = [c for c in TABLES["CODERS"] if c.startswith("Permission")]


def password_hash(password: str, salt: bytes | None = None) -> str:
    """A password as DNA stores it (jasypt's strong digester: a 16-byte salt, SHA-256 of the
    salt and password hashed again to 100,000 rounds, salt and digest in base64)."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    for _ in range(HASH_ROUNDS - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one DNA's ``stored`` hash was made of."""
    raw = base64.b64decode(stored)
    return password_hash(password, raw[:16]) == stored


def write_dna_tables(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write DNA 3 tables (see :data:`discursus.ingest.dna.TABLES`) as a ``.dna`` file; it is
    written beside and moved into place, so a crash leaves no half file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(suffix=".dna", dir=path.parent or ".")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            permissions = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 1" for c in _PERMISSIONS)
            connection.executescript(_DDL.format(permissions=permissions))
            for table, columns in TABLES.items():
                frame = tables.get(table)
                if frame is None or len(frame) == 0:
                    continue
                rows = [tuple(_sql(v) for v in row)
                        for row in frame[list(columns)].itertuples(index=False)]  # fmt: skip
                marks = ", ".join("?" * len(columns))
                quoted = ", ".join(f'"{c}"' for c in columns)
                connection.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except (sqlite3.Error, KeyError) as exc:
        raise DiscursusError(f"{path}: could not write the DNA file: {exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def _sql(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def kept_dna_tables(path: str | Path, statement_type: str = DEFAULT_TYPE) -> dict[str, list]:
    """What a project keeps of a ``.dna`` file at import beyond its documents' texts and the
    statements of ``statement_type`` (those become the project's): every other table, as
    JSON rows."""
    tables = read_dna_tables(path)
    types = tables["STATEMENTTYPES"]
    type_id = types.ID[types.Label == statement_type].tolist()
    statements = tables["STATEMENTS"]
    imported = set(statements.ID[statements.StatementTypeId.isin(type_id)])
    kept = {}
    for table, frame in tables.items():
        if table == "DOCUMENTS":
            frame = frame.drop(columns=["Text"])
        elif table == "STATEMENTS":
            frame = frame[~frame.ID.isin(imported)]
        elif table.startswith("DATA"):
            frame = frame[~frame.StatementId.isin(imported)]
        kept[table] = [{k: _sql(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return kept


def project_dna_tables(
    documents: pd.DataFrame,
    texts: Mapping[int, str],
    statements: pd.DataFrame,
    kept: Mapping[str, list] | None,
    password: str,
    statement_type: str = DEFAULT_TYPE,
) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """DNA 3 tables of a project's ``documents`` (rows of ``Project.documents()``, with
    ``texts`` by id) and ``statements`` (rows of ``Project.statements()``), on the tables an
    import kept (else a new DNA project). Returns the tables and counts of what went in."""
    tables = {t: pd.DataFrame(kept[t], columns=list(c)) if kept and t in kept
              else pd.DataFrame(columns=list(c)) for t, c in TABLES.items()}  # fmt: skip
    if tables["SETTINGS"].empty:
        today = dt.date.today().isoformat()
        tables["SETTINGS"] = pd.DataFrame([("version", DNA_VERSION), ("date", today)],
                                          columns=["Property", "Value"])  # fmt: skip
    builder = _Builder(tables, password)
    type_id = builder.statement_type(statement_type)
    variables = builder.variables(type_id)
    doc_ids = builder.documents(documents, texts)
    counts = {"documents": len(doc_ids), "statements": 0, "mentions_as_false": 0}
    extra_variables = [v for v in variables if v not in ("person", "organization", "concept",
                                                         "agreement")]  # fmt: skip
    for row in statements.itertuples(index=False):
        doc = doc_ids.get(row.doc)
        if doc is None:
            continue
        data = row.data if isinstance(getattr(row, "data", None), dict) else {}
        statement_id = builder.statement(type_id, doc, int(row.start), int(row.end),
                                         builder.coder(str(row.coder or "discursus")),
                                         data.get("id"))  # fmt: skip
        values = {"person": row.actor, "organization": row.organization or "",
                  "concept": row.concept}  # fmt: skip
        for name, value in values.items():
            if name in variables:
                builder.value(statement_id, variables[name], value)
        if "agreement" in variables:
            variable_id, kind = variables["agreement"]
            if kind == "boolean":
                counts["mentions_as_false"] += int(row.agreement == 0)
                builder.value(statement_id, variables["agreement"], int(row.agreement == 1))
            else:
                builder.value(statement_id, variables["agreement"], int(row.agreement))
        for name in extra_variables:  # a DNA file's further variables, as they were imported
            value = data.get(name)
            if value is not None:
                builder.value(statement_id, variables[name], value)
        counts["statements"] += 1
    return builder.finish(), counts


class _Builder:
    """Rows added to DNA tables with fresh ids."""

    def __init__(self, tables: dict[str, pd.DataFrame], password: str) -> None:
        self.tables = tables
        self.password = password
        self.new: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.next_id = {t: int(pd.to_numeric(f.ID, errors="coerce").max()) + 1
                        if "ID" in f and len(f) else 1 for t, f in tables.items()}  # fmt: skip
        coders = tables["CODERS"]
        self.coders = dict(zip(coders.Name, coders.ID, strict=True))
        entities = tables["ENTITIES"]
        triples = zip(entities.ID, entities.VariableId, entities.Value, strict=True)
        self.entities = {(int(v), str(s)): int(i) for i, v, s in triples}
        self.statement_ids = set(tables["STATEMENTS"].ID.astype(int))

    def _add(self, table: str, row: dict) -> int:
        if "ID" in TABLES[table] and "ID" not in row:
            row["ID"] = self.next_id[table]
            self.next_id[table] += 1
        self.new[table].append(row)
        return row.get("ID", 0)

    def statement_type(self, label: str) -> int:
        types = self.tables["STATEMENTTYPES"]
        found = types.ID[types.Label == label].tolist()
        if found:
            return int(found[0])
        return self._add("STATEMENTTYPES", {"Label": label, "Red": 239, "Green": 208,
                                            "Blue": 51})  # fmt: skip

    def variables(self, type_id: int) -> dict[str, tuple[int, str]]:
        frame = pd.concat([self.tables["VARIABLES"], pd.DataFrame(self.new["VARIABLES"])])
        frame = frame[frame.StatementTypeId == type_id] if len(frame) else frame
        found = {str(r.Variable): (int(r.ID), str(r.DataType)) for r in frame.itertuples()}
        if not found:  # a new DNA project: DNA's statement with discursus's -1, 0, 1
            for name, kind in (("person", "short text"), ("organization", "short text"),
                               ("concept", "short text"), ("agreement", "integer")):  # fmt: skip
                variable_id = self._add("VARIABLES", {"Variable": name, "DataType": kind,
                                                      "StatementTypeId": type_id})  # fmt: skip
                found[name] = (variable_id, kind)
        return found

    def coder(self, name: str) -> int:
        if name not in self.coders:
            row = {"Name": name, "Red": 0, "Green": 0, "Blue": 0, "Refresh": 0, "FontSize": 14,
                   "Password": password_hash(self.password), "PopupWidth": 300,
                   "ColorByCoder": 0, "PopupDecoration": 0, "PopupAutoComplete": 1,
                   **dict.fromkeys(_PERMISSIONS, 1)}  # fmt: skip
            self.coders[name] = self._add("CODERS", row)
        return int(self.coders[name])

    def documents(self, documents: pd.DataFrame, texts: Mapping[int, str]) -> dict[str, int]:
        kept = self.tables["DOCUMENTS"].set_index("ID") if len(self.tables["DOCUMENTS"]) else None
        used: set[int] = set()
        ids = {}
        rows = []
        for doc in documents.itertuples(index=False):
            meta = doc.meta if isinstance(doc.meta, dict) else {}
            dna_id = meta.get("dna_id")
            dna_id = int(dna_id) if dna_id is not None and int(dna_id) not in used else None
            if dna_id is None:
                dna_id = self.next_id["DOCUMENTS"]
                self.next_id["DOCUMENTS"] += 1
            used.add(dna_id)
            before = kept.loc[dna_id] if kept is not None and dna_id in kept.index else None
            rows.append({
                "ID": dna_id, "Title": str(doc.name), "Text": texts.get(doc.id, ""),
                "Coder": int(before.Coder) if before is not None and pd.notna(before.Coder)
                else self.coder("discursus"),
                "Author": _text(doc.author) or _text(meta.get("author")),
                "Source": _text(meta.get("source")) or _text(getattr(doc, "outlet", None)),
                "Section": _text(meta.get("section")),
                "Notes": _text(meta.get("notes")), "Type": _text(meta.get("type")),
                "Date": _seconds(doc.date),
            })  # fmt: skip
            ids[str(doc.name)] = dna_id
        self.tables["DOCUMENTS"] = pd.DataFrame(rows, columns=list(TABLES["DOCUMENTS"]))
        # statements of other types on documents no longer written go with them
        statements = self.tables["STATEMENTS"]
        gone = set(statements.ID[~statements.DocumentId.isin(set(ids.values()))].astype(int))
        if gone:
            self.tables["STATEMENTS"] = statements[~statements.ID.isin(gone)]
            for table in ("DATABOOLEAN", "DATAINTEGER", "DATASHORTTEXT", "DATALONGTEXT"):
                frame = self.tables[table]
                self.tables[table] = frame[~frame.StatementId.isin(gone)]
        return ids

    def statement(self, type_id, doc_id, start, end, coder_id, dna_id=None) -> int:
        row = {"StatementTypeId": type_id, "DocumentId": doc_id, "Start": start, "Stop": end,
               "Coder": coder_id}  # fmt: skip
        if dna_id is not None and pd.notna(dna_id) and int(dna_id) not in self.statement_ids:
            row["ID"] = int(dna_id)
            self.next_id["STATEMENTS"] = max(self.next_id["STATEMENTS"], int(dna_id) + 1)
        statement_id = self._add("STATEMENTS", row)
        self.statement_ids.add(statement_id)
        return statement_id

    def value(self, statement_id: int, variable: tuple[int, str], value) -> None:
        variable_id, kind = variable
        if kind == "short text":
            key = (variable_id, str(value))
            if key not in self.entities:
                self.entities[key] = self._add("ENTITIES", {
                    "VariableId": variable_id, "Value": str(value), "Red": 0, "Green": 0,
                    "Blue": 0, "ChildOf": None})  # fmt: skip
                for attribute in self._attributes(variable_id):
                    self._add("ATTRIBUTEVALUES", {"EntityId": self.entities[key],
                                                  "AttributeVariableId": attribute,
                                                  "AttributeValue": ""})  # fmt: skip
            self._add("DATASHORTTEXT", {"StatementId": statement_id, "VariableId": variable_id,
                                        "Entity": self.entities[key]})  # fmt: skip
        else:
            table = {"boolean": "DATABOOLEAN", "integer": "DATAINTEGER"}.get(kind, "DATALONGTEXT")
            self._add(table, {"StatementId": statement_id, "VariableId": variable_id,
                              "Value": value})  # fmt: skip

    def _attributes(self, variable_id: int) -> list[int]:
        frame = self.tables["ATTRIBUTEVARIABLES"]
        return [int(i) for i in frame.ID[frame.VariableId == variable_id]]

    def finish(self) -> dict[str, pd.DataFrame]:
        out = {}
        for table, columns in TABLES.items():
            frames = [f for f in (self.tables[table], pd.DataFrame(self.new[table]))
                      if len(f)]  # fmt: skip
            frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
            out[table] = frame.reindex(columns=list(columns))
        return out


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _seconds(value) -> int:
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return 0
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return 0
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return int(stamp.timestamp())
