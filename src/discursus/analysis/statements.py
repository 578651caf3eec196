"""Statements found automatically: who says what about which concept, and whether they
support it, reject it or only mention it (Discourse Network Analysis's actor, organization,
concept, agreement), each with its evidence.

- **Who**: a passage of reported speech is its speaker's (an organization speaking is its own
  organization); in a document with a speaker (a speech, a statement, an op-ed), the rest of
  the text is the speaker's own voice, and "I" and "we" passages are the speaker's (or, with
  no speaker, the author's). The speaker's organization is the document's ``organization``
  field, else the one they introduce themselves with ("I am the President of ...").
- **What**: every coding that says yes (a person's coded and accepted ones, the automatic
  coders' open suggestions) is a concept where it stands; its rule's hits mark the words.
- **Agreement**, read in the clause around the concept's words (the words of the concept
  itself left out): the nearest word of opposition ("reject", "oppose", "against", "end",
  "resist"...) or of support ("support", "defend", "welcome", "need"...), up to five words
  before the concept or three after it, decides; a negation just before it, or between it
  and the concept, turns it round ("will not accept"); nothing is a mention (0), and so is a
  negation alone ("sovereignty is not for sale" is no rejection of sovereignty). Words of
  other concepts say nothing ("dignity and resistance"). A coding of a whole passage (a
  classifier's sentence) takes the passage's stance: the more of its support and
  opposition words, each turned round by a negation. A claim the speaker reports in
  order to reject it (``endorsed: false``) is a rejection, never a support.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from discursus.analysis.themes import counted_codings
from discursus.annotate.stancewords import agreement_of
from discursus.annotate.voices import THE_SPEAKER

COLUMNS = [
    "doc", "start", "end", "actor", "organization", "concept", "agreement", "date", "voice",
    "evidence", "evidence_start", "evidence_end", "rule", "coder",
]  # fmt: skip


def find_statements(
    documents: pd.DataFrame,
    texts: dict[str, str],
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    codings: pd.DataFrame,
    suggestions: bool = True,
    stance=None,
    actors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Statements (see the module) from the rows of a project: ``documents`` (name, speaker,
    author, date, meta), ``sentences`` (doc, start, end), ``quotes`` (the quote contract's
    rows), ``codings`` (rows of ``Project.codings()``). ``stance``: a learned stance model
    (``stance(passages, concepts)`` gives each passage's agreement and probability, or
    None), used instead of the words of stance where it knows the concept. ``actors``:
    rows of ``Project.doc_actors()``, whose roles name a reported speaker's organization
    ("the spokeswoman of the Harbour Union")."""
    counted = counted_codings(codings, suggestions)
    by_doc = {name: group for name, group in counted.groupby("doc")}
    meta = documents.set_index("name")
    # each document's quotes and sentences, grouped once rather than filtered per document
    quotes_of = {doc: group for doc, group in quotes.groupby("doc")} if not quotes.empty else {}
    sentences_of = {doc: group for doc, group in sentences.groupby("doc")}
    no_quotes, no_sentences = quotes.iloc[:0], sentences.iloc[:0]
    rows = []
    for doc, coded in by_doc.items():
        if doc not in texts or doc not in meta.index:
            continue
        text = texts[doc]
        info = meta.loc[doc]
        speaker = _text(info.get("speaker"))
        own = speaker or _text(info.get("author"))
        organization = _meta_field(info.get("meta"), "organization")
        if organization is None and speaker:
            organization = self_introduced_organization(text)
        roles = _role_organizations(actors, doc, text)
        passages = _passages(quotes_of.get(doc, no_quotes),
                             sentences_of.get(doc, no_sentences), speaker, own, organization,
                             roles)  # fmt: skip
        starts = [p[0] for p in passages]
        concept_spans = {coding.Index: _spans_of(coding) for coding in coded.itertuples()}
        every = sorted(span for spans in concept_spans.values() for span in spans)
        every_starts = [span[0] for span in every]
        longest = max((e - s for s, e in every), default=0)
        for coding in coded.itertuples():
            spans = concept_spans[coding.Index]
            own_spans = set(spans)
            for hit_start, hit_end in spans:
                passage = _passage_at(passages, starts, hit_start, hit_end)
                if passage is None:
                    continue
                start, end, actor, org, voice, endorsed = passage
                # the other concepts' spans that reach into the passage: only their words
                # can stand in its clauses
                low = bisect.bisect_left(every_starts, start - longest)
                high = bisect.bisect_left(every_starts, end)
                others = tuple(span for span in every[low:high]
                               if span[1] > start and span not in own_spans)  # fmt: skip
                value, rule = agreement_of(text, start, end, hit_start, hit_end, endorsed, others)
                rows.append({
                    "doc": doc, "start": start, "end": end, "actor": actor,
                    "organization": org, "concept": coding.code, "agreement": value,
                    "date": _text(info.get("date")), "voice": voice,
                    "evidence": text[hit_start:hit_end], "evidence_start": hit_start,
                    "evidence_end": hit_end, "rule": rule, "coder": coding.coder,
                })  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    if stance is not None:
        _apply_stance(frame, texts, stance)
    # one statement a passage and concept: a stance outweighs a mention, the first stance wins
    frame["_stance"] = frame.agreement.ne(0)
    order = ["doc", "start", "end", "concept", "_stance", "evidence_start"]
    frame = frame.sort_values(order, ascending=[True] * 4 + [False, True], kind="stable")
    frame = frame.drop_duplicates(["doc", "start", "end", "actor", "concept"])
    return frame.drop(columns="_stance").reset_index(drop=True)


def _apply_stance(frame: pd.DataFrame, texts: dict[str, str], stance) -> None:
    """The learned stance in place of the words' (a claim reported to be rejected stays a
    rejection)."""
    open_rows = frame.index[frame.rule != "reported to reject"]
    passages = [texts[frame.doc[i]][frame.start[i] : frame.end[i]] for i in open_rows]
    found = stance(passages, [frame.concept[i] for i in open_rows])
    for i, learned in zip(open_rows, found, strict=True):
        if learned is not None:
            frame.loc[i, "agreement"] = learned[0]
            frame.loc[i, "rule"] = f"learned stance {learned[1]:.2f}"


def _spans_of(coding) -> list[tuple[int, int]]:
    """The words a coding stands on: its rule's hits, else its whole span."""
    hits = coding.hits if isinstance(coding.hits, list) and coding.hits else None
    if hits:
        return [(h["start"], h["end"]) for h in hits]
    return [(coding.start, coding.end)]


def _role_organizations(actors: pd.DataFrame | None, doc: str, text: str) -> dict[str, str]:
    """The organizations a document's people speak for, as their roles there name them
    ("leader of the harbour union": the Harbour Union, as the text writes it)."""
    if actors is None or actors.empty:
        return {}
    found = {}
    for actor in actors[(actors.doc == doc) & (actors.type == "person")].itertuples():
        for role in sorted(actor.roles or ()):
            match = _ROLE_OF.search(role)
            if not match:
                continue
            written = re.search(r"\b" + re.escape(match.group(1)) + r"\b", text, re.IGNORECASE)
            if written and written.group(0)[:1].isupper():  # a name, not "of the party"
                found[actor.name] = written.group(0)
                break
    return found


_ROLE_OF = re.compile(r"\b(?:of|at|for)\s+(?:the\s+)?(\S.*)$")


def _passages(quotes, sentences, speaker, own, organization, roles=None) -> list[tuple]:
    """(start, end, actor, organization, voice, endorsed) of the document's passages, by
    start: its reported speech, then the speaker's own sentences outside it (``quotes`` and
    ``sentences``: the document's own rows)."""
    found = []
    for quote in quotes.itertuples():
        name = _text(quote.speaker)
        if not name:
            continue
        if name == THE_SPEAKER:
            if not own:
                continue
            name, voice, org = own, "own", organization
        else:
            voice = "reported"
            org = name if quote.source_type == "organization" else (roles or {}).get(name)
        endorsed = None if pd.isna(quote.endorsed) else bool(quote.endorsed)
        found.append((int(quote.start), int(quote.end), name, org, voice, endorsed))
    if speaker:
        reported = [(s, e) for s, e, _, _, voice, _ in found if voice == "reported"]
        for sentence_start, sentence_end in zip(sentences.start.tolist(),
                                                sentences.end.tolist(), strict=True):  # fmt: skip
            if not any(s < sentence_end and sentence_start < e for s, e in reported):
                found.append((int(sentence_start), int(sentence_end), speaker, organization,
                              "own", None))  # fmt: skip
    # the innermost passage first where they nest: sorted by start, the shorter first
    return sorted(found, key=lambda p: (p[0], p[1] - p[0]))


def _passage_at(passages, starts, hit_start: int, hit_end: int):
    """The shortest passage holding the hit."""
    best = None
    for index in range(bisect.bisect_right(starts, hit_start) - 1, -1, -1):
        start, end = passages[index][:2]
        if (
            start <= hit_start
            and hit_end <= end
            and (best is None or end - start < best[1] - best[0])
        ):
            best = passages[index]
    return best


# who a speaker speaks for, as they introduce themselves: "I am the President of X",
# "on behalf of X", "representing X", a heading "Statement of NAME, ROLE, X"
_TOKEN = r"(?:[A-Z][\w&'\-]*(?:\.[A-Z])*\.?)"
_ORG = _TOKEN + r"(?:(?:, | )(?:(?:and|of|for|the|on|to|&) )*" + _TOKEN + r")*"
_INTRODUCTIONS = [
    re.compile(r"\b(?:I am|I'm|I serve as|I work as)\s+(?:the\s+|a\s+|an\s+)?"
               r"(?:[\w\-]+\s+){0,6}?(?:of|at|for|with)\s+(?:the\s+)?(" + _ORG + ")"),
    re.compile(r"\bon behalf of\s+(?:the\s+)?(" + _ORG + ")"),
    re.compile(r"\brepresent(?:ing|s)?\s+(?:the\s+)?(" + _ORG + ")"),
    re.compile(r"^\s*(?:Prepared |Opening )?(?:Statement|Testimony|Remarks) of (?:Hon\. )?"
               r"[A-Z][\w.\- ]+?, [A-Z][\w ]+?, (" + _ORG + ")", re.MULTILINE),
]  # fmt: skip
HEADING = 3  # the heading's pattern: its organization is its last part
_CORPORATE = {"Inc.", "Inc", "Ltd.", "Ltd", "LLC", "Corp.", "Co.", "plc", "GmbH", "S.A."}
# a legislator's heading: "OPENING STATEMENT OF HON. NAME, U.S. SENATOR FROM ..." is the
# chamber's voice
_LEGISLATOR = re.compile(
    r"^\s*(?:prepared |opening )?(?:statement|testimony|remarks) of [^\n,]+, (?:u\.s\. )?"
    r"(senator|representative|congressman|congresswoman|member of parliament|mep)\b",
    re.IGNORECASE | re.MULTILINE,
)
_CHAMBERS = {"senator": "Senate", "representative": "House of Representatives",
             "congressman": "House of Representatives",
             "congresswoman": "House of Representatives",
             "member of parliament": "Parliament", "mep": "European Parliament"}  # fmt: skip
# an organization the speaker names in a sentence where they say "we" or "our" ("thank you
# for having the Sierra Club to come and give our view")
_ORG_HEADS = (
    "Association|Agency|Alliance|Authority|Board|Bureau|Center|Centre|Church|Club|Coalition|"
    "Commission|Committee|Company|Corporation|Council|Department|Federation|Foundation|Front|"
    "Fund|Group|Institute|League|Ministry|Movement|Network|Office|Organization|Organisation|"
    "Party|Service|Society|Trust|Union|University"
)
_OUR_ORG = re.compile(r"\b(?:the\s+)?((?:[A-Z][\w&'\-]*\s+){1,6}(?:" + _ORG_HEADS + r"))\b")
_WE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_MONTHS = ("January February March April May June July August September October November "
           "December").split()  # fmt: skip
INTRODUCTION_CHARS = 8000
WE_SENTENCE_CHARS = 1500


def self_introduced_organization(text: str) -> str | None:
    """The organization a text's speaker says they speak for, in its opening: as they
    introduce themselves, a legislator's heading (their chamber), else an organization
    they name where they say "we" or "our". An acronym is written out where the text does.

    >>> self_introduced_organization("My name is Ann Bell and I am the Director of the "
    ...                              "Coastal Trust. We thank you.")
    'Coastal Trust'
    """
    opening = text[:INTRODUCTION_CHARS]
    found = [(m.start(), k, m.group(1)) for k, p in enumerate(_INTRODUCTIONS)
             for m in [p.search(opening)] if m]  # fmt: skip
    if found:
        _, kind, name = min(found)
        name = _tidy(name)
        if name and kind == HEADING:  # "NAME, Director, Energy Programs, Sierra Club"
            parts = name.split(", ")
            if len(parts) > 1 and parts[-1] not in _CORPORATE:
                name = parts[-1]
        return _expanded(name, text) if name else None
    legislator = _LEGISLATOR.search(opening)
    if legislator:
        return _CHAMBERS[legislator.group(1).lower()]
    for sentence in re.split(r"(?<=[.!?])\s+", text[:WE_SENTENCE_CHARS]):
        named = _OUR_ORG.search(sentence)
        if named and _WE.search(sentence):
            return named.group(1).strip()
    return None


def _tidy(name: str) -> str | None:
    # a sentence's end (a period after a word, not an initial: "Inc. We", not "U.S. Public")
    cut = re.search(r"(?<!\b[A-Z])\.(?=\s)", name)
    if cut:
        name = name[: cut.end()]
    parts = name.split(", ")
    while len(parts) > 1 and (parts[-1].split()[0] in _MONTHS or parts[-1][:1].isdigit()):
        parts.pop()  # "..., April 8"
    name = ", ".join(parts).strip(" ,")
    if name.endswith(".") and not name.endswith("Inc.") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    return name if len(name) > 2 else None


_LONG_FORM = re.compile(r"\b[A-Z][\w'\-]*(?:\s+(?:&\s+|and\s+|of\s+|for\s+|the\s+)*"
                        r"[A-Z][\w'\-]*)+")  # fmt: skip


def _expanded(name: str, text: str) -> str:
    """An acronym ("NPRA") written out as the text writes it ("National Petrochemical &
    Refiners Association"): the capitalized words whose initials it is."""
    first = name.split(", ")[0]  # "TFA, the Tidewater Fishers Association": the acronym
    letters = first.replace("&", "").replace(".", "")
    if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
        return name
    for match in _LONG_FORM.finditer(text):
        words = [w for w in match.group(0).split() if w[:1].isupper()]
        if len(words) == len(letters) and "".join(w[0] for w in words) == letters:
            return match.group(0)
    return name


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def _meta_field(meta, key: str) -> str | None:
    if isinstance(meta, dict):
        return _text(meta.get(key))
    return None
