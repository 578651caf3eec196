"""A person's coding work on a project: passages coded by hand, decisions on suggestions,
memos, and codes renamed, merged and split.

Every change goes through the journal (:mod:`discursus.store.journaling`) in one transaction,
so ``discursus undo`` takes it back and ``redo`` makes it again, and a crash leaves the project
as it was. A person's rows are ``origin = manual``: no automatic run changes them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select, update

from discursus.annotate.codebook import Codebook, codebook_from_data
from discursus.annotate.components.codes import CODINGS
from discursus.errors import ProjectError
from discursus.store.anchors import quote_selector
from discursus.store.journaling import Changes, now, put_settings
from discursus.store.schema import memos
from discursus.store.tables import RowCodec

MEMO_TARGETS = ("document", "code", "coding", "project")
CODES = "codes"  # the component whose settings hold the project's codebook


def _who(name: str | None, what: str = "codes") -> str:
    if not name or not name.strip():
        raise ProjectError(f"say who {what}: a coder's name")
    return name.strip()


class CodeWork:
    """The coding part of :class:`discursus.project.Project`."""

    # -- the codebook ----------------------------------------------------------------------

    def codebook(self) -> Codebook | None:
        """The codebook the project codes with (the last given to ``discursus code``)."""
        stored = self.stored_settings().get(CODES, {}).get("codebook")
        return codebook_from_data(stored, "the project's codebook") if stored else None

    def write_codebook(self, changes: Changes, codebook: Codebook) -> None:
        """Make ``codebook`` the project's, as part of the journalled change ``changes``."""
        settings = {**self.stored_settings().get(CODES, {}), "codebook": codebook.to_dict()}
        put_settings(changes, CODES, settings)

    def add_codebook(self, codebook: Codebook, who: str) -> int:
        """Add ``codebook``'s codes to the project's (codes it has keep their rules); the
        first codebook given becomes the project's. Returns how many codes were added."""
        from discursus.annotate.codebook import with_codes

        who = _who(who, "adds it")
        merged, added = with_codes(self.codebook(), codebook.to_dict()["codes"], codebook.name)
        if merged is None or not added:
            return 0
        summary = f"{who} added {added} code(s) from codebook {codebook.name!r}"
        with self.journalled(who, "codebook", summary) as changes:
            self.write_codebook(changes, merged)
        return added

    def classifier_settings(
        self,
        coders: list[str] | None = None,
        *,
        codes: list[str] | None = None,
        min_examples: int = 5,
        threshold: float = 0.5,
    ) -> tuple[pd.DataFrame, dict[str, Any] | None]:
        """Measure and train the classifier coder on people's codings (see
        :mod:`discursus.runs.learn`): its report per code, and the ``codes`` settings that
        code with it (None if no code has enough examples). :meth:`learn` also runs it."""
        from discursus.runs.learn import learn

        report, model = learn(
            self, coders, codes=codes, min_examples=min_examples, threshold=threshold
        )
        if model is None:
            return report, None
        kept = self.stored_settings().get(CODES, {})
        return report, {CODES: {**kept, "classifier": model, "threshold": threshold}}

    def learn(
        self,
        coders: list[str] | None = None,
        *,
        codes: list[str] | None = None,
        min_examples: int = 5,
        threshold: float = 0.5,
    ) -> pd.DataFrame:
        """Train the classifier on people's codings and code the corpus with it: its
        suggestions (coder ``classifier``) are the passages most like theirs, to check next.
        Returns the cross-validated precision, recall and F1 per code."""
        from discursus.annotate.config import AnnotateConfig

        report, settings = self.classifier_settings(
            coders, codes=codes, min_examples=min_examples, threshold=threshold
        )
        if settings is not None:
            self.annotate(AnnotateConfig(components=(CODES,), settings=settings))
        return report

    def themes(self, unit: str = "sentence", suggestions: bool = False):
        """Axial and selective coding on the codings (a person's; with ``suggestions`` the
        open suggestions too): co-occurrence by ``unit`` (sentence, paragraph, document),
        categories, their relations with evidence, the core category (see
        :class:`discursus.analysis.themes.Themes`)."""
        from discursus.analysis.themes import Themes

        codings = self.codings()
        texts = self.texts_by_name(set(codings.doc))
        return Themes(codings, self.named_sentences(), texts, unit, suggestions)

    def suggest_codes(
        self, *, min_frequency: int = 3, min_documents: int = 2, limit: int | None = 50
    ) -> pd.DataFrame:
        """Open coding: candidate codes from the corpus (see
        :mod:`discursus.analysis.opencoding`), those the codebook has left out."""
        from discursus.analysis.opencoding import spelling_key, suggest_codes

        book = self.codebook()
        known = set()
        for code in book.codes if book else ():
            known |= {spelling_key(t) for t in (code.name, *code.keywords, *code.lemmas)}
        return suggest_codes(self.index(), min_frequency=min_frequency,
                             min_documents=min_documents, limit=limit, known=known)  # fmt: skip

    def accept_codes(self, suggestions: pd.DataFrame, names: list[str], who: str) -> list[str]:
        """Add the suggested codes ``names`` (a code or any of its variants, as
        :meth:`suggest_codes` lists them) to the codebook, their variants as keywords; the
        next ``discursus code`` finds them. Returns the codes added."""
        from discursus.annotate.codebook import Codebook

        wanted = []
        for name in names:
            found = [row for row in suggestions.itertuples()
                     if name == row.code or name in row.variants]  # fmt: skip
            if not found:
                listed = ", ".join(suggestions.code.head(15))
                raise ProjectError(f"{name!r} is not a suggested code; suggested: {listed}")
            row = found[0]
            wanted.append({"name": row.code, "keywords": list(row.variants),
                           "description": f"open coding: {row.frequency} times in "
                                          f"{row.documents} documents"})  # fmt: skip
        book = Codebook("Open codes", (), data={"name": "Open codes", "codes": wanted})
        self.add_codebook(book, who)
        return [item["name"] for item in wanted]

    # -- codings by hand and decisions -----------------------------------------------------

    def add_coding(
        self,
        doc: int | str,
        code: str,
        coder: str,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
        occurrence: int | None = None,
        memo: str | None = None,
    ) -> dict[str, Any]:
        """A person codes a passage: by offsets (``start``, ``end``) or by its quoted text
        (``quote``; where it stands more than once, ``occurrence`` picks one, else the
        candidates are named). The coding keeps the quote with the words around it (a W3C
        TextQuoteSelector: exact, prefix, suffix), to find it again if the text changes."""
        coder = _who(coder)
        if not code or not code.strip():
            raise ProjectError("name the code")
        found = self.document(doc)
        text = found["text"]
        start, end = passage_of(found, start, end, quote, occurrence)
        row = {
            "start": start,
            "end": end,
            "code": code.strip(),
            "unit": "passage",
            "status": "coded",
            "coder": coder,
            "selector": quote_selector(text, start, end),
        }
        summary = f"{coder} coded {found['name']} {start}-{end} as {row['code']!r}"
        with self.journalled(coder, "code", summary) as changes:
            stored = self._insert_coding(changes, found["id"], row)
            if memo:
                self._insert_memo(changes, "coding", str(stored["id"]), memo, coder)
        return {"id": stored["id"], "doc": found["name"], **row}

    def _insert_coding(self, changes: Changes, doc_id: int, row: dict) -> dict:
        table = self.component_table(CODINGS)
        return changes.insert(table, RowCodec(CODINGS, table).encode(doc_id, row, None, "manual"))

    def review(
        self,
        decision: str,
        coder: str,
        *,
        ids: list[int] | None = None,
        code: str | None = None,
        rule: str | None = None,
        min_score: float | None = None,
        doc: int | str | None = None,
    ) -> int:
        """Accept or reject suggestions, those of ``ids`` or all that ``code``, ``rule`` and
        ``min_score`` keep (at least one must be given), of one document if ``doc`` is given:
        each decision is a person's row (origin manual, coder ``coder``), which no automatic
        run changes. Returns how many."""
        if decision not in ("accepted", "rejected"):
            raise ProjectError(f"decision {decision!r} is not 'accepted' or 'rejected'")
        coder = _who(coder, "decides")
        if ids is None and code is None and rule is None and min_score is None:
            raise ProjectError("name the suggestions: by id, or by code, rule or score")
        # each person decides for themselves: a suggestion another decided is still open here
        pending = self.codings(
            code=code,
            status="suggested",
            rule=rule,
            min_score=min_score,
            blind_for=coder,
            doc=doc,
        )
        if ids is not None:
            unknown = sorted(set(ids) - set(pending.id))
            if unknown:
                raise ProjectError(
                    f"no open suggestion with id {', '.join(map(str, unknown))} "
                    "(list them with: discursus codings --status suggested)"
                )
            pending = pending[pending.id.isin(ids)]
        if pending.empty:
            return 0
        doc_ids = {name: doc_id for doc_id, name in self.document_names().items()}
        texts = self.texts(sorted({doc_ids[name] for name in pending.doc}))
        what = ", ".join(sorted(set(pending.code)))
        summary = f"{coder} {decision} {len(pending)} suggestion(s) of {what}"
        action = {"accepted": "accept", "rejected": "reject"}[decision]
        with self.journalled(coder, action, summary) as changes:
            for row in pending.to_dict("records"):
                doc_id = doc_ids[row["doc"]]
                decided = {
                    "start": row["start"],
                    "end": row["end"],
                    "code": row["code"],
                    "unit": row["unit"],
                    "status": decision,
                    "coder": coder,
                    "suggestion": row["id"],
                    "suggested_by": row["coder"],
                    "rule": row["rule"],
                    "score": row["score"],
                    "hits": row["hits"] if isinstance(row["hits"], list) else [],
                    "selector": quote_selector(texts[doc_id], row["start"], row["end"]),
                }
                self._insert_coding(changes, doc_id, decided)
        return len(pending)

    def _manual_codings(self, ids: list[int], doc: int | str | None = None) -> pd.DataFrame:
        mine = self.codings(doc=doc)
        mine = mine[mine.id.isin(ids)]
        missing = sorted(set(ids) - set(mine.id))
        if missing:
            raise ProjectError(f"no coding with id {', '.join(map(str, missing))}")
        auto = mine[mine.origin != "manual"]
        if not auto.empty:
            raise ProjectError(
                f"coding {', '.join(map(str, auto.id))} is a suggestion: accept or reject it "
                "(a person's decision is what can be recoded or removed)"
            )
        return mine

    def remove_codings(self, ids: list[int], who: str, doc: int | str | None = None) -> int:
        """Remove a person's codings (or decisions) by id (of one document if ``doc`` is
        given, read alone); undo brings them back."""
        who = _who(who, "removes them")
        found = self._manual_codings(ids, doc)
        table = self.component_table(CODINGS)
        summary = f"{who} removed coding(s) {', '.join(map(str, found.id))}"
        with self.journalled(who, "uncode", summary) as changes:
            for coding_id in found.id:
                changes.delete(table, {"id": int(coding_id)})
        return len(found)

    def recode(self, ids: list[int], code: str, who: str, doc: int | str | None = None) -> int:
        """Move a person's codings to another code (new codes are fine; ``doc``: as in
        :meth:`remove_codings`)."""
        who = _who(who, "recodes")
        if not code or not code.strip():
            raise ProjectError("name the code to recode to")
        found = self._manual_codings(ids, doc)
        summary = f"{who} recoded coding(s) {', '.join(map(str, found.id))} as {code.strip()!r}"
        with self.journalled(who, "recode", summary) as changes:
            self._set_code(changes, [int(i) for i in found.id], code.strip())
        return len(found)

    def _set_code(self, changes: Changes, ids: list[int], code: str) -> None:
        table = self.component_table(CODINGS)
        for coding_id in ids:
            changes.update(table, {"id": coding_id}, {"code": code})

    def merge_coders(
        self, coders: list[str], into: str, who: str, *, how: str = "agreed"
    ) -> tuple[int, pd.DataFrame]:
        """After blind coding: the sentences ``coders`` coded, as the codings of ``into``:
        where all of them say yes (``how="agreed"``) or any of them (``"all"``). Returns
        the codings made and the disagreements, for a person to settle."""
        from discursus.analysis.agreement import coder_values

        who = _who(who, "merges them")
        into = (into or "").strip()
        if how not in ("agreed", "all"):
            raise ProjectError(f"how {how!r} is not 'agreed' or 'all'")
        if len(coders) < 2 or not into or into in coders:
            raise ProjectError("name two coders or more, and a new coder to merge them into")
        codings = self.codings()
        table, _ = coder_values(codings, self.named_sentences(), coders)
        ids = {name: doc_id for doc_id, name in self.document_names().items()}
        theirs = codings[codings.coder == into]
        have = {(r.doc, r.code, r.start, r.end) for r in theirs.itertuples()}
        codes = sorted({c.split("\x1f", 1)[1] for c in table.columns if "\x1f" in c})
        rows = []
        for code in codes:
            values = table[[f"{coder}\x1f{code}" for coder in coders]]
            yes = values.eq(1)
            keep = yes.all(axis=1) if how == "agreed" else yes.any(axis=1)
            for unit in table[keep].itertuples():
                if (unit.doc, code, unit.start, unit.end) not in have:
                    rows.append((ids[unit.doc], unit.doc, code, int(unit.start), int(unit.end)))
        texts = self.texts(sorted({r[0] for r in rows}))
        summary = f"{who} merged the codings of {', '.join(coders)} into {into} ({how})"
        with self.journalled(who, "merge-coders", summary) as changes:
            for doc_id, _, code, start, end in rows:
                self._insert_coding(changes, doc_id, {
                    "start": start, "end": end, "code": code, "unit": "sentence",
                    "status": "coded", "coder": into, "merged_from": list(coders), "how": how,
                    "selector": quote_selector(texts[doc_id], start, end),
                })  # fmt: skip
        _, disagreements = self.agreement(coders, codings=codings)
        return len(rows), disagreements

    # -- codes renamed, merged and split ---------------------------------------------------

    def rename_code(self, old: str, new: str, who: str) -> int:
        """Rename a code in the codebook, on every coding and memo; returns the codings
        renamed. The suggestions follow at once (and are made anew by the next run)."""
        who = _who(who, "renames it")
        new = (new or "").strip()
        if not new:
            raise ProjectError("name the new code")
        book = self.codebook()
        known = set(self.codings().code)
        if old not in known and (book is None or old not in {c.name for c in book.codes}):
            raise ProjectError(f"no code {old!r}; codes: {', '.join(sorted(known)) or 'none'}")
        if new in known or (book and new in {c.name for c in book.codes}):
            raise ProjectError(f"there is a code {new!r} already: merge the two instead")
        summary = f"{who} renamed code {old!r} to {new!r}"
        with self.journalled(who, "rename", summary) as changes:
            if book is not None and old in {c.name for c in book.codes}:
                from discursus.annotate.codebook import renamed_code

                self.write_codebook(changes, renamed_code(book, old, new))
            count = self._move_code(changes, old, new)
        return count

    def merge_codes(self, source: str, target: str, who: str) -> int:
        """Fold the code ``source`` into ``target``: its codings, memos, rules and sub-codes;
        a passage a coder gave both codes keeps one. Returns the codings moved."""
        who = _who(who, "merges them")
        book = self.codebook()
        in_book = {c.name for c in book.codes} if book else set()
        known = set(self.codings().code) | in_book
        for name in (source, target):
            if name not in known:
                raise ProjectError(f"no code {name!r}; codes: {', '.join(sorted(known))}")
        summary = f"{who} merged code {source!r} into {target!r}"
        with self.journalled(who, "merge", summary) as changes:
            if source in in_book and target in in_book:
                from discursus.annotate.codebook import merged_codes

                self.write_codebook(changes, merged_codes(book, source, target))
            elif source in in_book:
                from discursus.annotate.codebook import renamed_code

                self.write_codebook(changes, renamed_code(book, source, target))
            count = self._move_code(changes, source, target)
        return count

    def split_code(
        self,
        code: str,
        into: str,
        who: str,
        *,
        ids: list[int] | None = None,
        rules: list[str] | None = None,
    ) -> int:
        """A new code ``into`` beside ``code``, taking the codings ``ids`` and the rules
        ``rules`` (``keyword:WORD``, ``lemma:WORD``: the person's decisions on what those
        rules found go too). Returns the codings moved."""
        who = _who(who, "splits it")
        into = (into or "").strip()
        if not into:
            raise ProjectError("name the new code")
        if not ids and not rules:
            raise ProjectError("say what goes to the new code: codings by --id, rules by --rule")
        book = self.codebook()
        mine = self.codings(code=code)
        moving = set(ids or [])
        if ids:
            moving = set(self._manual_codings(ids).id)
        if rules:
            decided = mine[(mine.origin == "manual") & mine.rule.isin(rules)]
            moving |= set(decided.id)
        if rules and (book is None or code not in {c.name for c in book.codes}):
            raise ProjectError(f"code {code!r} is not in the project's codebook: it has no rules")
        summary = f"{who} split code {into!r} off {code!r}"
        with self.journalled(who, "split", summary) as changes:
            if book is not None and code in {c.name for c in book.codes}:
                from discursus.annotate.codebook import with_code

                parent = book.code(code).parent
                self.write_codebook(
                    changes, with_code(book, into, parent=parent, take_from=code, rules=rules or [])
                )
            self._set_code(changes, sorted(int(i) for i in moving), into)
        return len(moving)

    def _move_code(self, changes: Changes, old: str, new: str) -> int:
        """Every coding and memo of ``old`` to ``new``: a person's journalled, the suggestions
        directly (the next run makes them anew from the codebook)."""
        table = self.component_table(CODINGS)
        rows = (
            changes.conn.execute(
                select(table)
                .where((table.c.origin == "manual") & table.c.code.in_([old, new]))
                .order_by(table.c.id)
            )
            .mappings()
            .all()
        )

        def place(row) -> tuple:
            return (row["doc_id"], row["start"], row["end"], row["coder"], row["status"])

        kept = {place(row) for row in rows if row["code"] == new}
        count = 0
        for row in rows:
            if row["code"] != old:
                continue
            if place(row) in kept:  # the coder gave this passage both codes: one stays
                changes.delete(table, {"id": row["id"]})
            else:
                changes.update(table, {"id": row["id"]}, {"code": new})
                kept.add(place(row))
            count += 1
        changes.conn.execute(
            update(table).where((table.c.origin == "auto") & (table.c.code == old)).values(code=new)
        )
        for memo_id in changes.conn.execute(
            select(memos.c.id).where((memos.c.target == "code") & (memos.c.ref == old))
        ).scalars():
            changes.update(memos, {"id": memo_id}, {"ref": new})
        return count

    # -- memos -----------------------------------------------------------------------------

    def add_memo(
        self,
        text: str,
        author: str,
        *,
        document: int | str | None = None,
        code: str | None = None,
        coding: int | None = None,
    ) -> dict[str, Any]:
        """A memo on a document, a code, a coding, or (none given) the project."""
        author = _who(author, "writes it")
        if not text or not text.strip():
            raise ProjectError("the memo is empty")
        given = [x is not None for x in (document, code, coding)]
        if sum(given) > 1:
            raise ProjectError("a memo is on one thing: a document, a code or a coding")
        if document is not None:
            target, ref, label = "document", str(self._doc_id(document)), f"document {document}"
        elif code is not None:
            target, ref, label = "code", code.strip(), f"code {code.strip()!r}"
        elif coding is not None:
            table = self.component_table(CODINGS)
            with self._connect() as conn:  # one row looked up, not every coding decoded
                found = conn.execute(select(table.c.id).where(table.c.id == coding)).first()
            if found is None:
                raise ProjectError(f"no coding with id {coding}")
            target, ref, label = "coding", str(coding), f"coding {coding}"
        else:
            target, ref, label = "project", "", "the project"
        with self.journalled(author, "memo", f"{author} wrote a memo on {label}") as changes:
            row = self._insert_memo(changes, target, ref, text, author)
        return row

    @staticmethod
    def _insert_memo(changes: Changes, target: str, ref: str, text: str, author: str) -> dict:
        values = {"target": target, "ref": ref, "text": text.strip(), "author": author, "at": now()}
        return changes.insert(memos, values)

    def memos(self, target: str | None = None) -> pd.DataFrame:
        """Memos: id, target (document, code, coding, project), about (the document's name,
        the code, the coding's id), text, author, at."""
        if target is not None and target not in MEMO_TARGETS:
            raise ProjectError(f"memo target {target!r} is not one of {', '.join(MEMO_TARGETS)}")
        columns = ["id", "target", "about", "text", "author", "at"]
        if self._outdated:
            return pd.DataFrame(columns=columns)
        query = select(memos).order_by(memos.c.id)
        if target is not None:
            query = query.where(memos.c.target == target)
        frame = self._frame(query)
        names = self.document_names()
        frame["about"] = [
            names.get(int(ref), ref) if kind == "document" else ref
            for kind, ref in zip(frame.target, frame.ref, strict=True)
        ]
        return frame.reindex(columns=columns)


def passage_of(
    document: dict, start: int | None, end: int | None, quote: str | None, occurrence: int | None
) -> tuple[int, int]:
    """The passage a person names in ``document`` (a row of ``Project.document``): by
    offsets, or by its quoted text (see :func:`place_quote`); refused if it is none."""
    text = document["text"]
    if quote is not None:
        start, end = place_quote(text, quote, occurrence, document["name"])
    if start is None or end is None:
        raise ProjectError("give the passage: --start and --end, or --quote")
    if not 0 <= start < end <= len(text):
        raise ProjectError(
            f"characters {start}-{end} are not a passage of {document['name']} "
            f"({len(text):,} characters)"
        )
    return start, end


def place_quote(text: str, quote: str, occurrence: int | None, name: str) -> tuple[int, int]:
    """Where ``quote`` stands in ``text``: the one place, or the ``occurrence``-th (from 1)."""
    if not quote:
        raise ProjectError("the quote is empty")
    places = []
    at = text.find(quote)
    while at != -1:
        places.append(at)
        at = text.find(quote, at + 1)
    if not places:
        raise ProjectError(f"{quote!r} is not in {name}")
    if occurrence is None and len(places) > 1:
        shown = "; ".join(
            f"{n} at {p}: …{text[max(0, p - 25) : p + len(quote) + 25]}…".replace("\n", " ")
            for n, p in enumerate(places[:10], 1)
        )
        raise ProjectError(
            f"{quote!r} stands {len(places)} times in {name}; pick one with --occurrence N: "
            + shown
        )
    index = (occurrence or 1) - 1
    if not 0 <= index < len(places):
        raise ProjectError(f"{quote!r} stands {len(places)} times in {name}, not {occurrence}")
    return places[index], places[index] + len(quote)
