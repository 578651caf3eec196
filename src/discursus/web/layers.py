"""A document's annotations as the workbench's document view shows them: spans of a kind
each, a layer the page toggles (a person's codes, the automatic coders' open suggestions,
reported speech and its speakers, citations, statements, stance, persuasion techniques),
each with a label saying whose and why."""

from __future__ import annotations

import pandas as pd

from discursus.project import Project


def annotations(project: Project, doc: dict, blind_for: str | None):
    """The spans the document view highlights, each of a kind the page toggles (a
    person's codes, the automatic coders' open suggestions, reported speech and its
    speakers, citations, statements, stance, persuasion techniques), the open suggestions
    to decide on, and the people's codings (to recode or remove)."""
    spans, suggested, people = [], [], []
    codings = project.codings(blind_for=blind_for, doc=doc["id"])
    for row in codings.itertuples():
        if row.status == "suggested":
            kind = "suggestion"
            suggested.append({"id": int(row.id), "code": row.code, "coder": row.coder,
                              "rule": row.rule, "score": row.score,
                              "text": doc["text"][row.start : row.end]})  # fmt: skip
        elif row.status in ("coded", "accepted"):
            kind = "code"
            if row.origin == "manual":
                people.append({"id": int(row.id), "code": row.code, "coder": row.coder,
                               "status": row.status,
                               "text": doc["text"][row.start : row.end]})  # fmt: skip
        else:  # rejected, or a suggestion a person has decided on
            continue
        spans.append({"start": int(row.start), "end": int(row.end), "kind": kind,
                      "label": f"{row.code} ({row.coder}, {row.status})"})  # fmt: skip
    for quote in project.quote_rows(doc["id"]):
        speaker = quote.get("speaker") or "unattributed"
        spans.append(_span(quote, "quote", speaker))
        mention = quote.get("speaker_mention") or {}
        if mention.get("start") is not None:
            spans.append(_span(mention, "speaker", speaker))
    for citation in project.citation_rows(doc["id"]):
        spans.append(_span(citation, "citation", citation.get("raw") or citation["kind"]))
    spans += _statement_spans(project, doc, codings, blind_for)
    for row in project.rows("stances", doc["id"]):
        if row["stance"] in ("favor", "against"):
            cue = row.get("cue") or row.get("rule") or ""
            holder = row.get("holder") or "the text"
            spans.append(_span(row, "stance", f"{holder} {row['stance']} {row['target']} ({cue})"))
    for row in project.rows("techniques", doc["id"]):
        if row["unit"] == "span":
            rule = row.get("rule") or "model"
            spans.append(_span(row, "technique", f"{row['technique']} ({rule})"))
    return spans, suggested, people


def _span(row: dict, kind: str, label: str) -> dict:
    """A row's span (its start and end) as a layer of the document view."""
    return {"start": int(row["start"]), "end": int(row["end"]), "kind": kind, "label": label}


LAYERS = {"code": "codes", "suggestion": "suggestions", "quote": "quotes",
          "speaker": "speakers", "citation": "citations", "statement": "statements",
          "stance": "stance", "technique": "techniques"}  # fmt: skip


def _sign(agreement) -> str:
    """A statement's agreement as the page shows it: + (agrees), - (disagrees), else the
    value (DNA's agreement may be any integer)."""
    if pd.isna(agreement):
        return "?"
    return {1: "+", -1: "-", 0: "±"}.get(int(agreement), str(agreement))


def _statement_spans(project: Project, doc: dict, codings, blind_for: str | None) -> list[dict]:
    """The document's statements (actor, concept, agreement), read from its own rows. A
    coder coding blind is shown none: statements are made of everyone's codings."""
    if blind_for is not None or codings.empty:
        return []
    return [{"start": int(row.start), "end": int(row.end), "kind": "statement",
             "label": f"{row.actor} {_sign(row.agreement)} {row.concept}"}
            for row in project.statements(doc=doc["id"]).itertuples()]  # fmt: skip
