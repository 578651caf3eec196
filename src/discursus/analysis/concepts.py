"""The concepts a semantic system is read in: the signifiers' own terms, or the codes of a
codebook.

With terms (the default), a signifier is the head noun's lemma with its qualifiers, as the
``equivalences`` and ``antagonisms`` annotators write it; where the project has targets,
a target's aliases are its name (:func:`alias_map`: "the corridor" is the Meridian
Corridor). With codes, a signifier is a code:
an articulation's member becomes each code whose passage covers it (a keyword's hit, or a
person's coded passage), so "justice, independence and dignity" ties the codes of those
words; members no code covers drop out, and an articulation left with one code ties
nothing. The passages count where a person coded (coded, accepted) and where an automatic
coder suggested; never a coding a changed text lost.
"""

from __future__ import annotations

import bisect

import pandas as pd

from discursus.errors import DiscursusError

CONCEPTS = ("terms", "codes")


def check_concepts(concepts: str) -> str:
    if concepts not in CONCEPTS:
        raise DiscursusError(f"concepts {concepts!r} is not one of {', '.join(CONCEPTS)}")
    return concepts


def alias_map(targets) -> dict[str, str]:
    """Each alias of a target that is not a person, as a signifier's term (lower case, no
    leading article), to its name's: the terms one target goes by, merged."""
    if targets is None:
        return {}
    mapping = {}
    for target in targets.targets:
        if target.kind == "person":
            continue
        name = _as_term(target.name)
        for alias in target.aliases:
            term = _as_term(alias)
            if term and term != name:
                mapping[term] = name
    return mapping


def _as_term(text: str) -> str:
    words = text.lower().split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def merge_aliases(equivalences: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """The articulations with each aliased member read as its target's term (a member
    given twice so, "the corridor and the Meridian Corridor", once)."""
    if not mapping:
        return equivalences
    merged = []
    for row in equivalences.itertuples(index=False):
        members, seen = [], set()
        for member in row.members:
            term = mapping.get(member["term"], member["term"])
            if term not in seen:
                seen.add(term)
                members.append({**member, "term": term})
        if len(members) >= 2:
            merged.append(row._replace(members=members))
    return pd.DataFrame(merged, columns=equivalences.columns)


def aliased_others(antagonisms: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """The constructions of antagonism with each aliased Other read as its target's term."""
    if not mapping:
        return antagonisms
    return antagonisms.assign(other=antagonisms.other.map(lambda t: mapping.get(t, t)))


def code_spans(codings: pd.DataFrame) -> pd.DataFrame:
    """The passages each code covers: doc, start, end, code. A rule's hits where it has
    them (a sentence coded for one word is that word's code, not the whole sentence's),
    else the coded passage."""
    from discursus.analysis.themes import counted_codings

    if codings.empty:
        return pd.DataFrame(columns=["doc", "start", "end", "code"])
    rows = []
    for row in counted_codings(codings, suggestions=True).itertuples():
        hits = row.hits if isinstance(row.hits, list) and row.hits else None
        for start, end in (
            ((h["start"], h["end"]) for h in hits) if hits else [(row.start, row.end)]
        ):
            rows.append((row.doc, int(start), int(end), row.code))
    spans = pd.DataFrame(rows, columns=["doc", "start", "end", "code"]).drop_duplicates()
    return spans.sort_values(["doc", "start", "end", "code"], ignore_index=True)


class _Covering:
    """The codes covering a passage of a document, looked up by bisection."""

    def __init__(self, spans: pd.DataFrame) -> None:
        self.by_doc = {doc: (rows.start.tolist(), rows.end.tolist(), rows.code.tolist())
                       for doc, rows in spans.groupby("doc")}  # fmt: skip

    def codes(self, doc: str, start: int, end: int) -> list[str]:
        found = self.by_doc.get(doc)
        if found is None:
            return []
        starts, ends, codes = found
        last = bisect.bisect_left(starts, end)
        return sorted({codes[k] for k in range(last) if ends[k] > start})


def equivalences_as_codes(equivalences: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """The articulations of equivalence with each member read as the codes covering it;
    those left with fewer than two codes dropped."""
    covering = _Covering(spans)
    kept = []
    for row in equivalences.itertuples(index=False):
        members = {}
        for member in row.members:
            for code in covering.codes(row.doc, member["start"], member["end"]):
                members.setdefault(code, {**member, "term": code})
        if len(members) >= 2:
            kept.append(row._replace(members=sorted(members.values(), key=lambda m: m["start"])))
    return pd.DataFrame(kept, columns=equivalences.columns)


def antagonisms_as_codes(antagonisms: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """The constructions of antagonism whose Other a code covers, the Other read as that
    code (a row per code)."""
    covering = _Covering(spans)
    kept = []
    for row in antagonisms.itertuples(index=False):
        for code in covering.codes(row.doc, row.other_start, row.other_end):
            kept.append(row._replace(other=code))
    return pd.DataFrame(kept, columns=antagonisms.columns)


def code_occurrences(spans: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each code's passages, a row per sentence they fall in: term (the code), doc, sent,
    start, end."""
    from discursus.analysis.themes import units_overlapping

    ordered = sentences.sort_values(["doc", "start"])
    overlapping = units_overlapping(ordered)
    rows = [(span.code, span.doc, ordered.sent[label], span.start, span.end)
            for span in spans.itertuples(index=False)
            for label in overlapping(span.doc, span.start, span.end)]  # fmt: skip
    return pd.DataFrame(rows, columns=["term", "doc", "sent", "start", "end"])
