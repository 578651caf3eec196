"""Statements in a project: those found automatically (see
:mod:`discursus.analysis.statements`) and a person's own, made by hand, corrected, deleted or
imported from DNA's ``.dna`` files and CSV.

An automatic statement has an id made of what it is (``a`` and a hash of its document,
passage, actor and concept), so a person can correct or delete it and the correction holds
after every run: correcting one stores the person's statement in its place (``replaces`` its
id); deleting one stores that it is deleted. A person's statements (ids ``m1``, ``m2``...) are
``origin = manual``: no automatic run changes them. Every change is journalled (undo, redo).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from discursus.analysis.filters import select_documents
from discursus.errors import ProjectError
from discursus.store.anchors import quote_selector, relocate
from discursus.store.journaling import now, put_settings
from discursus.store.schema import statements as statement_rows

AGREEMENTS = (-1, 0, 1)
STANCES = ("auto", "lexicon", "learned")
EDITABLE = ("actor", "organization", "concept", "agreement", "start", "end")


def automatic_id(doc: str, start: int, end: int, actor: str, concept: str) -> str:
    """The id of an automatic statement: the same statement, the same id, run after run."""
    key = "\0".join(map(str, (doc, start, end, actor, concept)))
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _agreement(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number not in AGREEMENTS or (isinstance(value, float) and value != number):
        raise ProjectError(f"agreement {value!r} is not one of -1 (rejects), 0 (mentions), 1")
    return number


def _who(name: str | None) -> str:
    from discursus.codework import _who as who

    return who(name, "codes the statement")


class StatementWork:
    """The statements part of :class:`discursus.project.Project`."""

    def statements(
        self,
        suggestions: bool = True,
        where: str | None = None,
        automatic: bool = True,
        with_data: bool = False,
        stance: str = "auto",
        doc: int | str | None = None,
    ) -> pd.DataFrame:
        """The project's statements: found automatically from its reported speech, its
        speakers' own voice and its codings (a person's; with ``suggestions`` the automatic
        coders' open ones too), with a person's corrections, deletions and own statements
        applied. Columns: id, origin (auto or manual), doc, start, end, actor, organization,
        concept, agreement, date, voice, evidence, evidence_start, evidence_end, rule, coder.
        ``where``: only the documents this metadata filter keeps; ``automatic``: False for
        a person's statements only; ``with_data``: a ``data`` column too (what an imported
        statement brought: DNA's statement id and other variables). ``stance``: ``lexicon``
        (the words of stance), ``learned`` (the model :meth:`learn_stance` keeps), or
        ``auto`` (learned where a model is kept). ``doc``: one document's alone, reading
        only its rows (the workbench's document view)."""
        key = ("statements", suggestions, where, automatic, with_data, stance, doc)
        return self._read_once(key, lambda: self._find_statements(
            suggestions, where, automatic, with_data, stance, doc))  # fmt: skip

    def _find_statements(self, suggestions: bool, where: str | None, automatic: bool,
                         with_data: bool, stance: str,
                         doc: int | str | None = None) -> pd.DataFrame:  # fmt: skip
        from discursus.analysis.statements import COLUMNS, find_statements

        # one document's statements read its own row alone
        every = self.documents(ids=None if doc is None else [self._doc_id(doc)])
        documents = select_documents(every, where)
        kept = set(documents.name)
        found = pd.DataFrame(columns=COLUMNS)
        if automatic:
            learned = self._stance(stance)
            codings = self.codings(doc=doc)
            codings = codings[codings.doc.isin(kept)]
            if not codings.empty:
                texts = self.texts_by_name(set(codings.doc))
                if doc is None:
                    sentences = self.named_sentences()
                    sentences = sentences[sentences.doc.isin(texts)]
                else:
                    sentences = self.sentences(doc).assign(doc=next(iter(kept)))
                found = find_statements(every, texts, sentences, self.quotes(doc),
                                        codings, suggestions, learned,
                                        self.doc_actors(doc))  # fmt: skip
        found.insert(0, "origin", "auto")
        found.insert(0, "id", [
            automatic_id(r.doc, r.start, r.end, r.actor, r.concept) for r in found.itertuples()
        ])  # fmt: skip
        mine = self._statement_rows(kept, every)
        replaced = set(mine.replaces.dropna())
        found = found[~found.id.isin(replaced)]
        mine = mine[mine.status == "stated"].drop(columns=["status", "replaces"])
        columns = ["id", "origin", *COLUMNS, *(["data"] if with_data else [])]
        frames = [f for f in (found, mine) if not f.empty]
        if not frames:
            return pd.DataFrame(columns=columns)
        frame = pd.concat(frames, ignore_index=True).reindex(columns=columns)
        frame = frame.sort_values(["doc", "start", "end", "concept"], kind="stable")
        return frame.reset_index(drop=True)

    def _stance(self, stance: str):
        from discursus.runs.stance import COMPONENT, StanceModel

        if stance not in STANCES:
            raise ProjectError(f"stance {stance!r} is not one of {', '.join(STANCES)}")
        if stance == "lexicon":
            return None
        kept = self.stored_settings().get(COMPONENT, {}).get("stance")
        if kept is None:
            if stance == "learned":
                raise ProjectError("no stance learned yet: discursus learn-stance -p P")
            return None
        return StanceModel(kept).stance

    def learn_stance(
        self, coders: list[str] | None = None, *, min_examples: int = 3
    ) -> pd.DataFrame:
        """Learn the stance of passages from a person's statements (see
        :mod:`discursus.runs.stance`) and keep the model for :meth:`statements`. Returns the
        cross-validated accuracy and macro F1 per concept (``*``: all together)."""
        from discursus.runs.stance import COMPONENT, learn_stance

        report, settings = learn_stance(self, coders, min_examples=min_examples)
        if settings is not None:
            kept = self.stored_settings().get(COMPONENT, {})
            self.save_settings({COMPONENT: {**kept, "stance": settings}})
        return report

    def _statement_rows(
        self, docs: set[str] | None = None, documents: pd.DataFrame | None = None
    ) -> pd.DataFrame:
        """A person's statement rows, as statements (id m<N>), with their status and
        ``replaces``; offsets found again where the text changed under them."""
        names = self.document_names()
        with self._connect() as conn:
            if "statements" not in self._tables_present(conn):
                stored = []
            else:
                stored = conn.execute(select(statement_rows)).mappings().all()
        if stored and documents is None:
            documents = self.documents()
        dates = documents.set_index("name").date.to_dict() if stored else {}
        wanted = [row for row in stored if docs is None or names.get(row["doc_id"]) in docs]
        texts = self.texts(sorted({row["doc_id"] for row in wanted})) if wanted else {}
        rows = []
        for row in wanted:
            data = dict(row["data"] or {})
            start, end = row["start"], row["end"]
            text = texts.get(row["doc_id"], "")
            selector = data.get("selector")
            if selector and text[start:end] != selector.get("exact"):
                moved = relocate(selector, text, start)
                if moved:
                    start, end = moved
            doc = names.get(row["doc_id"])
            rows.append({
                "id": f"m{row['id']}", "origin": "manual", "doc": doc, "start": start,
                "end": end, "actor": row["actor"], "organization": row["organization"],
                "concept": row["concept"], "agreement": row["agreement"],
                "date": data.get("date") or dates.get(doc), "voice": "coded",
                "evidence": text[start:end], "evidence_start": start, "evidence_end": end,
                "rule": data.get("source") or "by hand", "coder": row["coder"],
                "status": row["status"], "replaces": row["replaces"], "data": data,
            })  # fmt: skip
        from discursus.analysis.statements import COLUMNS

        columns = ["id", "origin", *COLUMNS, "status", "replaces", "data"]
        return pd.DataFrame(rows, columns=columns)

    def _tables_present(self, conn) -> set[str]:
        from sqlalchemy import inspect

        return set(inspect(conn).get_table_names())

    def add_statement(
        self,
        doc: int | str,
        actor: str,
        concept: str,
        agreement: int,
        coder: str,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
        occurrence: int | None = None,
        organization: str | None = None,
    ) -> dict[str, Any]:
        """A person's statement on a passage (``start``/``end``, or the ``quote``d text)."""
        from discursus.codework import passage_of

        coder = _who(coder)
        found = self.document(doc)
        text = found["text"]
        start, end = passage_of(found, start, end, quote, occurrence)
        row = self._statement_values(found["id"], text, start, end, actor, concept, agreement,
                                     organization, coder)  # fmt: skip
        summary = f"{coder} stated {actor!r} on {concept!r} ({agreement:+d}) in {found['name']}"
        with self.journalled(coder, "statement", summary) as changes:
            stored = changes.insert(statement_rows, row)
        return {"id": f"m{stored['id']}", "doc": found["name"], **row}

    def _statement_values(self, doc_id, text, start, end, actor, concept, agreement,
                          organization, coder, replaces=None, status="stated",
                          data=None) -> dict[str, Any]:  # fmt: skip
        if not actor or not str(actor).strip():
            raise ProjectError("name the statement's actor")
        if not concept or not str(concept).strip():
            raise ProjectError("name the statement's concept")
        organization = str(organization).strip() if organization else None
        return {
            "doc_id": doc_id, "start": int(start), "end": int(end),
            "actor": str(actor).strip(), "organization": organization or None,
            "concept": str(concept).strip(), "agreement": _agreement(agreement),
            "status": status, "replaces": replaces, "coder": coder,
            "data": {"selector": quote_selector(text, int(start), int(end)), **(data or {})},
            "at": now(),
        }  # fmt: skip

    def _find_statement(self, statement_id: str) -> dict[str, Any]:
        found = self.statements()
        match = found[found.id == statement_id]
        if match.empty:
            raise ProjectError(
                f"no statement {statement_id!r}: ids are as `discursus statements -p P` lists "
                "them (a... automatic, m... a person's)"
            )
        return match.iloc[0].to_dict()

    def correct_statement(self, statement_id: str, coder: str, **changes: Any) -> dict[str, Any]:
        """Change a statement's ``actor``, ``organization``, ``concept``, ``agreement``,
        ``start`` or ``end``: a person's statement in place; an automatic one by a person's
        statement that replaces it."""
        coder = _who(coder)
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise ProjectError(f"cannot change {', '.join(unknown)}; a statement's fields: "
                               f"{', '.join(EDITABLE)}")  # fmt: skip
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            raise ProjectError("say what to change: --actor, --organization, --concept, "
                               "--agreement, --start or --end")  # fmt: skip
        current = self._find_statement(statement_id)
        merged = {**current, **changes}
        found = self.document(current["doc"])
        text = found["text"]
        if not 0 <= int(merged["start"]) < int(merged["end"]) <= len(text):
            raise ProjectError(f"characters {merged['start']}-{merged['end']} are not a passage "
                               f"of {found['name']}")  # fmt: skip
        summary = f"{coder} corrected statement {statement_id} ({', '.join(sorted(changes))})"
        with self.journalled(coder, "statement", summary) as journal:
            if current["origin"] == "manual":
                key = {"id": int(statement_id[1:])}
                query = select(statement_rows.c.data, statement_rows.c.replaces)
                old = journal.conn.execute(query.where(statement_rows.c.id == key["id"])).one()
                values = self._statement_values(
                    found["id"], text, merged["start"], merged["end"], merged["actor"],
                    merged["concept"], merged["agreement"], merged["organization"], coder,
                    old.replaces, data={k: v for k, v in old.data.items() if k != "selector"},
                )  # fmt: skip
                journal.update(statement_rows, key, values)
                new_id = statement_id
            else:
                values = self._statement_values(
                    found["id"], text, merged["start"], merged["end"], merged["actor"],
                    merged["concept"], merged["agreement"], merged["organization"], coder,
                    replaces=statement_id,
                )  # fmt: skip
                new_id = f"m{journal.insert(statement_rows, values)['id']}"
        return {"id": new_id, "doc": found["name"], **values}

    def delete_statement(self, statement_id: str, coder: str) -> None:
        """Delete a statement: a person's is removed (undo brings it back); an automatic one
        is kept deleted, run after run."""
        coder = _who(coder)
        current = self._find_statement(statement_id)
        summary = f"{coder} deleted statement {statement_id}"
        with self.journalled(coder, "statement", summary) as journal:
            if current["origin"] == "manual":
                journal.delete(statement_rows, {"id": int(statement_id[1:])})
            else:
                found = self.document(current["doc"])
                values = self._statement_values(
                    found["id"], found["text"], current["start"], current["end"],
                    current["actor"], current["concept"], current["agreement"],
                    current["organization"], coder, replaces=statement_id, status="deleted",
                )  # fmt: skip
                journal.insert(statement_rows, values)

    def import_statements(
        self, paths: list[str | Path], coder: str, statement_type: str = "DNA Statement"
    ) -> tuple[int, list[str]]:
        """Import the statements of DNA ``.dna`` files, CSV or JSON lines as a person's, onto
        the project's documents of the same name (a ``.dna`` file's documents are read into
        the project with ``discursus ingest`` first). Returns how many were imported and the
        problems of those that were not (each names its file and row); a ``.dna`` file's
        other tables (coders, entities and their attributes, other statement types) are kept
        for :meth:`export_dna`."""
        from discursus.exchange.statements import read_statements

        coder = _who(coder)
        names = {name: doc_id for doc_id, name in self.document_names().items()}
        problems: list[str] = []
        rows: list[dict] = []
        kept_tables: dict[str, Any] = {}
        for path in map(Path, paths):
            frame = read_statements([path], statement_type)
            if path.suffix.lower() == ".dna":
                from discursus.exchange.dna import kept_dna_tables

                kept_tables = kept_dna_tables(path, statement_type)
            wanted = {names[d] for d in set(frame.doc.astype(str)) if d in names}
            by_id = {doc_id: name for name, doc_id in names.items()}
            texts = {by_id[i]: t for i, t in self.texts(sorted(wanted)).items()}
            for number, record in enumerate(frame.to_dict("records"), 1):
                doc = str(record.get("doc"))
                where = f"{path.name} statement {number}"
                if doc not in names:
                    problems.append(f"{where}: no document {doc!r} in the project (ingest it)")
                    continue
                text = texts[doc]
                agreement = record["agreement"]
                if isinstance(agreement, bool):  # DNA's boolean: true agrees, false rejects
                    agreement = 1 if agreement else -1
                try:
                    start, end = int(record["start"]), int(record["end"])
                    if not 0 <= start < end <= len(text):
                        raise ProjectError(f"characters {start}-{end} are not in {doc!r}")
                    extra = {k: _plain(v) for k, v in record.items() if k not in (
                        "doc", "start", "end", "actor", "organization", "concept",
                        "agreement", "coder")}  # fmt: skip
                    extra["source"] = f"imported: {path.name}"
                    rows.append(self._statement_values(
                        names[doc], text, start, end, record.get("actor"),
                        record.get("concept"), agreement, record.get("organization"),
                        _who(record.get("coder") or coder), data=extra,
                    ))  # fmt: skip
                except (ProjectError, KeyError, TypeError, ValueError) as exc:
                    problems.append(f"{where}: {exc}")
        if rows or kept_tables:
            summary = f"{coder} imported {len(rows)} statements from " + ", ".join(
                Path(p).name for p in paths
            )
            with self.journalled(coder, "import statements", summary) as changes:
                for row in rows:
                    changes.insert(statement_rows, row)
                if kept_tables:
                    put_settings(changes, "dna", {"tables": kept_tables})
        return len(rows), problems

    def export_dna(self, path: str | Path, password: str, where: str | None = None) -> dict:
        """Write the project's documents and statements as a DNA 3 ``.dna`` file (with what
        an imported ``.dna`` file brought: its coders, entities and attributes, other
        statement types). Coders new to the file log in with ``password``."""
        from discursus.exchange.dna import project_dna_tables, write_dna_tables

        documents = select_documents(self.documents(), where)
        texts = self.texts(sorted(documents.id))
        kept = self.stored_settings().get("dna", {}).get("tables")
        tables, summary = project_dna_tables(
            documents, texts, self.statements(where=where, with_data=True), kept, password
        )
        write_dna_tables(tables, path)
        return summary


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
