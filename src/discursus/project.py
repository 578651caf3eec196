"""A project: one folder holding a corpus and everything discursus and its users made of it.

:class:`Project` is the Python API: the store (:mod:`discursus.store.store`), the runs that
write it (:mod:`discursus.runs`) and readers that give tables as pandas DataFrames.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from discursus.annotate.components.citations import CITATIONS, REFERENCE_ENTRIES
from discursus.annotate.components.speech import ACTORS, QUOTES
from discursus.annotate.config import AnnotateConfig
from discursus.annotate.records import TOKEN_SCHEMA
from discursus.codework import CodeWork
from discursus.errors import ProjectError
from discursus.ingest import IngestConfig
from discursus.labelwork import LabelWork
from discursus.peoplework import PeopleWork
from discursus.registry import table_specs
from discursus.runs import annotate as annotate_run
from discursus.runs import ingest as ingest_run
from discursus.runs.annotate import AnnotateSummary, Plan
from discursus.runs.ingest import IngestSummary
from discursus.runs.progress import Progress
from discursus.semanticwork import SemanticWork
from discursus.statementwork import StatementWork
from discursus.store.schema import (
    annotations,
    documents,
    duplicates,
    entities,
    input_failures,
    runs,
    sentences,
)
from discursus.store.store import _TEXT, _WITH_TEXT, Store
from discursus.targetwork import TargetWork

__all__ = ["AnnotateSummary", "IngestSummary", "Progress", "Project", "open_project"]

QUOTE_FIELDS = ("doc", *QUOTES.output)
CITATION_FIELDS = ("doc", *CITATIONS.output)


class Project(CodeWork, StatementWork, TargetWork, LabelWork, SemanticWork, PeopleWork, Store):
    """Open with :func:`discursus.open_project`. Tables come out as pandas DataFrames."""

    _read_once_cache: dict | None = None

    @contextmanager
    def reading(self) -> Iterator[Project]:
        """A read-only session: inside it, the statements (the costliest table to read,
        found from the codings, the quotes and the sentences) are found once for each way
        of asking, so a reader that asks many times (the report) pays once. Nothing may be
        written to the project inside it."""
        outer = self._read_once_cache
        if outer is None:
            self._read_once_cache = {}
        try:
            yield self
        finally:
            if outer is None:
                self._read_once_cache = None

    def _read_once(self, key: tuple, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``read()``, kept for the rest of a :meth:`reading` session (a copy each time, so
        a caller's changes stay its own)."""
        if self._read_once_cache is None:
            return read()
        if key not in self._read_once_cache:
            self._read_once_cache[key] = read()
        return self._read_once_cache[key].copy()

    # -- runs -------------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[str | os.PathLike[str]],
        config: IngestConfig | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Read documents into the project; a document read before is updated, not copied.
        An interrupted ingest keeps the batches (500 documents or 20 M characters) it
        finished. Files that cannot be read are recorded with the reason."""
        return ingest_run.ingest(self, paths, config, progress)

    def annotate(
        self,
        config: AnnotateConfig | None = None,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> AnnotateSummary:
        """Run each component on the documents where it is stale (see :meth:`status`);
        ``progress`` advances by characters."""
        return annotate_run.annotate(self, config, workers, progress)

    def set_setting(self, component: str, key: str, value: Any, who: str, action: str,
                    summary: str, progress: Progress | None = None) -> AnnotateSummary:  # fmt: skip
        """Make ``value`` the ``key`` setting of ``component`` (journalled: undo brings the
        last one back), and run the component, and what reads its rows, again."""
        from discursus.registry import dependents
        from discursus.store.journaling import put_settings

        settings = {**self.stored_settings().get(component, {}), key: value}
        with self.journalled(who, action, summary) as changes:
            put_settings(changes, component, settings)
        config = AnnotateConfig(components=(component, *dependents(component)),
                                settings={component: settings})  # fmt: skip
        return self.annotate(config, progress=progress)

    def plan(self, config: AnnotateConfig | None = None) -> Plan:
        """What :meth:`annotate` with ``config`` would run on each document, and why."""
        return annotate_run.plan(self, config)

    def status(self, config: AnnotateConfig | None = None) -> pd.DataFrame:
        """Per component: its version and how many documents are fresh, stale (and why) or
        failed."""
        return annotate_run.status(self, config)

    def pending_annotation(self, config: AnnotateConfig | None = None) -> pd.DataFrame:
        """Documents on which some component is stale: id, name, content_hash, n_chars, run."""
        pending = self.plan(config).pending
        return pending[["id", "name", "content_hash", "n_chars", "run"]].reset_index(drop=True)

    # -- reading ----------------------------------------------------------------------------

    def documents(self, *, text: bool = False, ids: list[int] | None = None) -> pd.DataFrame:
        """One row per document (of those ``ids`` only, if given): id, name, metadata
        columns, sizes, and whether annotated."""
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
        if ids is not None:
            query = query.where(documents.c.id.in_(ids))
        frame = self._frame(query)
        frame["annotated"] = frame["annotated"].fillna(False).astype(bool)
        return frame

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

    def named_sentences(self) -> pd.DataFrame:
        """:meth:`sentences` of every document, with its document's name as ``doc``: the
        units the coding analyses count in."""
        sentences = self.sentences()
        sentences["doc"] = sentences.doc_id.map(self.document_names())
        return sentences

    def texts_by_name(self, names) -> dict[str, str]:
        """The texts of the documents called ``names`` (names the project lacks left out)."""
        by_id = self.document_names()
        ids = {name: doc_id for doc_id, name in by_id.items()}
        wanted = sorted({ids[name] for name in names if name in ids})
        return {by_id[doc_id]: text for doc_id, text in self.texts(wanted).items()}

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

    def rows(
        self, table: str, doc: int | str | None = None, origin: str | None = None
    ) -> list[dict[str, Any]]:
        """Rows of a component table (see ``discursus components``), each with its document's
        name as ``doc`` first, in document and text order; of one document or origin if given."""
        specs = table_specs()
        if table not in specs:
            raise ProjectError(f"no table {table!r}; tables: {', '.join(sorted(specs))}")
        ids = None if doc is None else [self._doc_id(doc)]
        found = self.component_rows(specs[table], ids, origin)
        names = self.document_names(ids)
        return [{"doc": names[doc_id], **row} for doc_id, _, row in found]

    def codings(
        self,
        code: str | None = None,
        status: str | None = None,
        rule: str | None = None,
        min_score: float | None = None,
        coder: str | None = None,
        unplaced: bool = False,
        blind_for: str | None = None,
        doc: int | str | None = None,
    ) -> pd.DataFrame:
        """Codings: an automatic coder's suggestions (status suggested) and a person's
        decisions and codes (accepted, rejected, coded), each with its provenance (coder,
        rule, score, codebook version). A suggestion a person accepted or rejected (at the same
        place, whatever run made it) or coded by hand where it stands is shown as decided.
        ``anchor`` is "unplaced" for a person's coding whose words a changed text no longer
        has (``unplaced``: only those). ``stale`` marks a suggestion made by a rule or model
        the project's codebook or classifier has changed since (the next coding run makes
        it anew). ``blind_for``: what that coder may see when coding blind: their own
        codings and the automatic suggestions, none of the other people's. ``doc``: only
        one document's (by id or name), read alone.
        Columns: id, doc, start, end, code, unit, status, coder, origin, anchor, stale, rule,
        score, hits, suggestion, selector."""
        from discursus.annotate.components.codes import CODINGS

        names = self.document_names()
        current = self._current_versions()
        rows, decided, coded = [], set(), {}
        only = None if doc is None else [self._find(doc)["id"]]
        for doc_id, origin, row in self.component_rows(CODINGS, doc_ids=only, with_ids=True):
            if blind_for is not None and origin == "manual" and row["coder"] != blind_for:
                continue
            row = {"doc": names.get(doc_id), "origin": origin, **row}
            row["stale"] = origin == "auto" and _is_stale(row, current)
            rows.append(row)
            if origin == "manual" and row["status"] in ("accepted", "rejected"):
                # by place, not by id: a re-run gives a suggestion a new id, not a new place
                decided.add((row["doc"], row["code"], row["start"], row["end"]))
            elif origin == "manual" and row.get("anchor") != "unplaced":
                coded.setdefault((row["doc"], row["code"]), []).append((row["start"], row["end"]))
        for row in rows:
            if row["status"] != "suggested":
                continue
            place = (row["doc"], row["code"], row["start"], row["end"])
            spans = coded.get(place[:2], ())
            # a passage a person coded needs no suggestion there
            if place in decided or any(s < row["end"] and row["start"] < e for s, e in spans):
                row["status"] = "decided"
        kept = [
            row
            for row in rows
            if (code is None or row["code"] == code)
            and (status is None or row["status"] == status)
            and (rule is None or row.get("rule") == rule or rule in _rules_of(row))
            and (min_score is None or (row.get("score") or 0) >= min_score)
            and (coder is None or row["coder"] == coder)
            and (not unplaced or row.get("anchor") == "unplaced")
        ]
        columns = ["id", "doc", "start", "end", "code", "unit", "status", "coder", "origin"]
        extra = ["anchor", "stale", "rule", "score", "hits", "suggestion", "selector"]
        return pd.DataFrame(kept, columns=columns + extra)

    def _current_versions(self) -> dict[str, Any]:
        """Each code's version in the project's codebook, and the classifier's digest."""
        stored = self.stored_settings().get("codes", {})
        book = self.codebook()
        versions: dict[str, Any] = {c.name: c.version for c in book.codes} if book else {}
        return {"codes": versions, "model": (stored.get("classifier") or {}).get("digest")}

    def agreement(
        self,
        coders: list[str],
        codes: list[str] | None = None,
        codings: pd.DataFrame | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Agreement between ``coders`` per code and overall, and the disagreements (see
        :func:`discursus.analysis.agreement.agreement`); the units are sentences.
        ``codings``: rows of :meth:`codings` already read, to read them once."""
        from discursus.analysis.agreement import agreement

        codings = self.codings() if codings is None else codings
        return agreement(codings, self.named_sentences(), coders, codes)

    def quote_rows(self, doc: int | str | None = None) -> list[dict]:
        """Reported speech as rows of shared/schemas/quote, in document and text order."""
        return self.rows("quotes", doc)

    def quotes(self, doc: int | str | None = None) -> pd.DataFrame:
        """Reported speech: one row per attribution (the quote contract's fields as columns)."""
        return pd.DataFrame(self.quote_rows(doc), columns=list(QUOTE_FIELDS))

    def citation_rows(self, doc: int | str | None = None) -> list[dict]:
        """Citations as rows of shared/schemas/citation, in document and text order."""
        return self.rows("citations", doc)

    def citations(self, doc: int | str | None = None) -> pd.DataFrame:
        """Citations: one row per citation group or scripture reference."""
        return pd.DataFrame(self.citation_rows(doc), columns=list(CITATION_FIELDS))

    def references(self, doc: int | str | None = None) -> pd.DataFrame:
        """Parsed reference lists: doc, index, authors, year, title, venue, start, end."""
        columns = ["doc", *REFERENCE_ENTRIES.output]
        return pd.DataFrame(self.rows("reference_entries", doc), columns=columns)

    def doc_actors(self, doc: int | str | None = None) -> pd.DataFrame:
        """Actors per document (or of one) as annotate resolved them: doc, name, type,
        aliases, roles, statements."""
        return pd.DataFrame(self.rows("actors", doc), columns=["doc", *ACTORS.output])

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


def _is_stale(row: dict, current: dict[str, Any]) -> bool:
    if row.get("model") is not None:
        return row["model"] != current["model"]
    if row.get("code_version") is not None:
        return current["codes"].get(row["code"]) != row["code_version"]
    return False


def _rules_of(row: dict) -> set[str]:
    return {hit["rule"] for hit in row.get("hits") or []}


def open_project(path: str | os.PathLike[str], *, create: bool = False) -> Project:
    """Open the project at ``path`` (``create=True`` makes it if it is not there)."""
    return Project(path, create=create)
