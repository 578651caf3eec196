"""Statements read from files: DNA's ``.dna`` databases, and CSV or JSON lines with the
fields of ../shared/schemas/statement (doc, start, end, actor, organization, concept,
agreement, date)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from discursus.errors import DiscursusError
from discursus.ingest.dna import dna_documents, dna_entities, dna_statements, read_dna_tables

STATEMENT_FIELDS = ("doc", "start", "end", "actor", "organization", "concept", "agreement", "date")
SUFFIXES = (".dna", ".csv", ".jsonl")
MAX_TABLE_BYTES = 512 << 20


def read_statements(paths: list[str | Path], statement_type: str = "DNA Statement") -> pd.DataFrame:
    """The statements of every file, one frame (a DNA person is the statement's actor, its
    document's title its doc, and its document's author, source, section and type are
    columns too; its entities' colours and attributes are in ``frame.attrs["entities"]``,
    by variable and value)."""
    frames = []
    entities: dict[str, dict] = {}
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        if suffix == ".dna":
            tables = read_dna_tables(path)
            documents = dna_documents(tables)
            statements = dna_statements(tables, statement_type, str(path))
            for variable, found in dna_entities(tables, statement_type).items():
                entities.setdefault("actor" if variable == "person" else variable, {}).update(found)
            statements = statements.rename(columns={"person": "actor"})
            # DNA's document variables, to build networks of or filter by (author, source...)
            fields = documents.set_index("id")
            statements.insert(0, "doc", statements.doc_id.map(fields.title))
            for field in ("author", "source", "section", "type"):
                if field not in statements:
                    statements[field] = statements.doc_id.map(fields[field])
            frames.append(statements.drop(columns=["doc_id"]))
        elif suffix in (".csv", ".jsonl"):
            frames.append(_table(path, suffix))
        else:
            raise DiscursusError(
                f"{path}: statements are read from {', '.join(SUFFIXES)} files, not {suffix!r}"
            )
    if not frames:
        raise DiscursusError("give statement files: .dna, or CSV or JSON lines of statements")
    frame = pd.concat(frames, ignore_index=True)
    if all(f.agreement.dtype == bool for f in frames if "agreement" in f):
        frame["agreement"] = frame.agreement.astype(bool)
    # DNA's entities' colours and attributes, for the nodes of the networks written
    frame.attrs["entities"] = entities
    return frame


def _table(path: Path, suffix: str) -> pd.DataFrame:
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            raise DiscursusError(f"{path}: {size:,} bytes, over the {MAX_TABLE_BYTES:,} limit")
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]  # fmt: skip
            frame = pd.DataFrame(rows)
    except (OSError, ValueError) as exc:
        raise DiscursusError(f"{path}: cannot read statements: {exc}") from None
    missing = [f for f in ("doc", "actor", "concept", "agreement") if f not in frame]
    if missing:
        raise DiscursusError(
            f"{path}: no {', '.join(missing)} column; statements have {', '.join(STATEMENT_FIELDS)}"
        )
    agreement = pd.to_numeric(frame.agreement, errors="coerce")
    bad = frame[agreement.isna() | ~agreement.isin([-1, 0, 1])]
    if not bad.empty:
        raise DiscursusError(
            f"{path}: agreement {bad.agreement.iloc[0]!r} (row {bad.index[0] + 1}) is not "
            "-1, 0 or 1"
        )
    frame["agreement"] = agreement.astype(int)
    for field in ("organization", "date"):
        if field not in frame:
            frame[field] = None
    return frame
