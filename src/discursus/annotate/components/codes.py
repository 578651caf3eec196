"""Automatic coding: the codebook's rules (keywords, lemmas, spaCy Matcher patterns) applied to
every sentence or paragraph, each hit a suggestion a person accepts or rejects.

The codebook is this component's setting (stored in the project by ``discursus code``), so a
changed codebook makes its codings stale and the next run replaces the suggestions, never a
person's decisions (``origin = manual``).
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from discursus.annotate.records import AnnotatorInput, IndexInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

UNITS = ("sentence", "paragraph", "statement")  # statement: a passage of reported speech
RULE_CODER = "rules"  # the name the rule-based coder codes under, as a person codes under theirs
STATUSES = ("suggested", "accepted", "rejected", "coded")
PERSON_YES = ("coded", "accepted")  # a person's codings that say yes (a rejection says no)

CODINGS = TableSpec(
    "codings",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("code", "str", nullable=False, index=True),
        Field("unit", "str", nullable=False),
        Field("status", "str", nullable=False),
        Field("coder", "str", nullable=False),
    ),
    output=(
        "start",
        "end",
        "code",
        "unit",
        "status",
        "coder",
        "rule",
        "score",
        "hits",
        "codebook",
        "codebook_version",
        "code_version",
    ),  # fmt: skip
    description="codes attached to passages: suggestions with their rule, a person's decisions",
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def coding_settings(
    codebook, unit: str = "sentence", kept: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """The run settings that code with ``codebook`` (a :class:`Codebook`) by ``unit``, keeping
    the other settings of ``kept`` (the project's: its trained classifier)."""
    return {"codes": {**(kept or {}), "codebook": codebook.to_dict(), "unit": unit}}


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph: text between blank lines, trimmed.

    >>> paragraphs("One.\\n\\n  Two, three.\\n")
    [(0, 4), (8, 19)]
    """
    spans, start = [], 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, start + len(piece.rstrip())))
        if brk:
            start = brk.end()
    return spans


def _requires_for(settings: dict[str, Any]) -> tuple[str, ...]:
    """Statements are the passages of reported speech: coding by them requires the speech
    component's rows."""
    return ("speech",) if settings.get("unit") == "statement" else ()


def codes_on_index(found: IndexInput, config: dict[str, Any]) -> dict[int, dict] | None:
    """What :func:`codes` finds, for many documents at once from the token index: keywords
    and lemmas looked up in its postings, no parse rebuilt. None (the documents go through
    :func:`codes`) when the codebook has Matcher patterns, which need the parse itself."""
    from discursus.annotate.codebook import codebook_from_data

    book = config.get("codebook")
    book = codebook_from_data(book, "the project's codebook") if book else None
    if book is not None and any(c.patterns or c.dependency_patterns for c in book.codes):
        return None
    unit = config.get("unit", "sentence")
    if unit == "statement":
        return None  # its units are the speech component's rows, which the engine reads
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    hits = index_hits(found, book) if book is not None else {}
    versions = _versions(book) if book is not None else {}
    results = {}
    for doc_id in found.doc_ids:
        text = found.texts[doc_id]
        if unit == "sentence":
            units = [_trimmed(text, s, e) for s, e in found.sentences.get(doc_id, [])]
            units = [(start, end) for start, end in units if end > start]
        else:
            units = paragraphs(text)
        mine = [(c, r, s, e, text[s:e]) for c, r, s, e in hits.get(doc_id, [])]
        rows = rows_of_hits(mine, units, unit, book, versions) if book is not None else []
        if book is not None and config.get("encoder"):
            rows += _example_rows(text, config, units, unit, book, versions)
        if config.get("classifier"):
            rows += _classifier_rows(text, config, units, unit)
        results[doc_id] = {"codings": _in_order(rows)}
    return results


def index_hits(found: IndexInput, book) -> dict[int, list[tuple[str, str, int, int]]]:
    """Every keyword and lemma hit in the documents, by document: (code, rule, start, end)."""
    import numpy as np

    index = found.index
    lower = index.ids("lower")
    lower_lexicon = index.lexicon("lower")
    # read only when a code has lemmas: a lexicon is read from disk on first use
    lemma_lexicon = index.lexicon("lemma") if any(c.lemmas for c in book.codes) else None
    wanted = np.isin(index.doc_ids, np.asarray(found.doc_ids))
    tokenizer = _blank_tokenizer()
    found_hits: dict[int, list] = {}

    def emit(code: str, rule: str, positions, length: int) -> None:
        if not len(positions):
            return
        first = index.doc_of(positions)
        last = index.doc_of(positions + length - 1)
        keep = (first == last) & wanted[first]
        positions, docs = positions[keep], first[keep]
        starts = index.start[positions]
        ends = index.end[positions + length - 1]
        doc_ids = index.doc_ids[docs].tolist()
        for doc_id, start, end in zip(doc_ids, starts.tolist(), ends.tolist(), strict=True):
            found_hits.setdefault(doc_id, []).append((code, rule, start, end))

    for code in book.codes:
        for keyword in code.keywords:
            ids = [lower_lexicon.ids.get(token.lower_) for token in tokenizer(keyword)]
            if not ids or None in ids:
                continue
            positions = np.asarray(lower_lexicon.postings(ids[0]))
            for k, term in enumerate(ids[1:], 1):
                positions = positions[positions + k < len(lower)]
                positions = positions[lower[positions + k] == term]
            emit(code.name, f"keyword:{keyword}", positions, len(ids))
        for lemma in code.lemmas:
            # as the Matcher's rule: the tagger gives a capitalised noun its capitals
            forms = {lemma, lemma.lower(), lemma.capitalize()}
            ids = [lemma_lexicon.ids[f] for f in sorted(forms) if f in lemma_lexicon.ids]
            if ids:
                positions = np.sort(np.concatenate([lemma_lexicon.postings(i) for i in ids]))
                emit(code.name, f"lemma:{lemma}", positions, 1)
    return found_hits


_TOKENIZER: list = []


def _blank_tokenizer():
    if not _TOKENIZER:
        import spacy

        _TOKENIZER.append(spacy.blank("en").tokenizer)
    return _TOKENIZER[0]


@annotator(
    "codes",
    version="2",
    requires=(PARSE,),
    produces=(CODINGS,),
    config={
        "codebook": None,
        "unit": "sentence",
        "classifier": None,
        "threshold": 0.5,
        "encoder": None,
        "similarity": 0.6,
    },  # fmt: skip
    label="coding",
    traits={"on_index": codes_on_index, "requires_for": _requires_for},
)
def codes(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """The codebook's keywords, lemmas and patterns found in each sentence or paragraph, the
    passages like a code's examples (with an ``encoder``), and those a classifier trained on
    people's codings finds like theirs."""
    if not config.get("codebook") and not config.get("classifier"):
        return {"codings": []}
    unit = config.get("unit", "sentence")
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    units = coding_units(item.text, item.doc, unit, item.rows.get("quotes", ()))
    rows = []
    if config.get("codebook"):
        rules = _rules(item.doc.vocab, json.dumps(config["codebook"], sort_keys=True))
        rows = _rule_rows(item, rules, units, unit)
        if config.get("encoder"):
            rows += _example_rows(item.text, config, units, unit, rules.codebook, rules.versions)
    if config.get("classifier"):
        rows += _classifier_rows(item.text, config, units, unit)
    return {"codings": _in_order(rows)}


def _in_order(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda r: (r["start"], r["hits"][0]["start"] if r["hits"] else r["start"],
                             r["code"], r["coder"]))  # fmt: skip
    return rows


def coding_units(text: str, doc, unit: str, quotes=()) -> list[tuple[int, int]]:
    """The (start, end) of each unit a coding covers: sentences (of the parse), paragraphs,
    or statements (the passages of reported speech, from ``quotes`` rows)."""
    if unit == "statement":
        return sorted({(q["start"], q["end"]) for q in quotes if q["end"] > q["start"]})
    if unit == "sentence":
        units = [_trimmed(text, s.start_char, s.end_char) for s in doc.sents]
        return [(start, end) for start, end in units if end > start]
    return paragraphs(text)


EXAMPLE_CODER = "examples"  # the example-based coder's name, as a person codes under theirs


def _example_rows(text: str, config: dict, units: list, unit: str, book, versions) -> list[dict]:
    """The units most like a code's example passages (cosine similarity of sentence
    embeddings at or above ``similarity``), each a suggestion of the coder ``examples``."""
    from discursus.annotate.encoders import encoder, similarities

    with_examples = [code for code in book.codes if code.examples]
    if not with_examples or not units:
        return []
    name = config["encoder"]
    examples = tuple(example for code in with_examples for example in code.examples)
    scores = similarities(name, [text[s:e] for s, e in units], examples)
    threshold = float(config.get("similarity", 0.6))
    rows, at = [], 0
    for code in with_examples:
        block = scores[:, at : at + len(code.examples)]
        at += len(code.examples)
        best, score = block.argmax(axis=1), block.max(axis=1)
        for (start, end), number, value in zip(units, best.tolist(), score.tolist(), strict=True):
            if value >= threshold:
                rows.append(
                    {"start": start, "end": end, "code": code.name, "unit": unit,
                     "status": "suggested", "coder": EXAMPLE_CODER,
                     "rule": f"example:{number + 1}", "score": round(float(value), 4),
                     "hits": [], "encoder": encoder(name).identity, "codebook": book.name,
                     "codebook_version": versions[""], "code_version": versions[code.name]}
                )  # fmt: skip
    return rows


def _classifier_rows(text: str, config: dict, units: list, unit: str) -> list[dict]:
    from discursus.annotate.classifier import CODER, RULE, model_of

    model = model_of(config["classifier"])
    threshold = float(config.get("threshold", 0.5))
    rows = []
    for code, probability in model.scores([text[s:e] for s, e in units]).items():
        for (start, end), p in zip(units, probability, strict=True):
            if p >= threshold:
                rows.append(
                    {"start": start, "end": end, "code": code, "unit": unit,
                     "status": "suggested", "coder": CODER, "rule": RULE,
                     "score": round(float(p), 4), "hits": [],
                     "model": config["classifier"]["digest"]}
                )  # fmt: skip
    return rows


def _rule_rows(item: AnnotatorInput, rules, units: list, unit: str) -> list[dict]:
    doc = item.doc
    hits = [
        (code.name, rule, span.start_char, span.end_char, span.text)
        for code, rule, span in rules.matches(doc)
    ]
    return rows_of_hits(hits, units, unit, rules.codebook, rules.versions)


def rows_of_hits(hits, units: list, unit: str, codebook, versions=None) -> list[dict]:
    """Suggestions from rule hits (code, rule, start, end, text): one per code and unit, with
    every hit in it, the first hit's rule and the codebook's versions."""
    versions = versions or _versions(codebook)
    starts = [start for start, _ in units]
    found: dict[tuple[str, int], dict] = {}
    overlapping = unit == "statement"  # a quotation may stand inside another
    for code, rule, start, end, text in hits:
        for at in _units_of(starts, units, start, overlapping):
            _add_hit(found, units[at], code, rule, start, end, text, unit, codebook, versions)
    rows = []
    for row in found.values():
        row["hits"].sort(key=lambda h: (h["start"], h["rule"]))
        row["rule"] = row["hits"][0]["rule"]
        row["score"] = 1.0  # a rule holds or it does not
        rows.append(row)
    return rows


def _add_hit(found, place, code, rule, start, end, text, unit, codebook, versions) -> None:
    unit_start, unit_end = place
    row = found.setdefault(
        (code, unit_start, unit_end),
        {
            "start": unit_start,
            "end": unit_end,
            "code": code,
            "unit": unit,
            "status": "suggested",
            "coder": RULE_CODER,
            "hits": [],
            "codebook": codebook.name,
            "codebook_version": versions[""],
            "code_version": versions[code],
        },
    )
    hit = {"rule": rule, "start": start, "end": end, "text": text}
    if hit not in row["hits"]:
        row["hits"].append(hit)


def _versions(codebook) -> dict[str, str]:
    """The codebook's version (under "") and each code's, hashed once."""
    return {"": codebook.version, **{code.name: code.version for code in codebook.codes}}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence without the blank lines the parser leaves at its end."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _units_of(
    starts: list[int], units: list[tuple[int, int]], offset: int, overlapping: bool = False
) -> list[int]:
    """The units (by number, in order) holding ``offset``; of units that do not overlap,
    the one at most."""
    at = bisect.bisect_right(starts, offset) - 1
    if not overlapping:
        return [at] if at >= 0 and units[at][0] <= offset < units[at][1] else []
    return [i for i in range(at + 1) if units[i][0] <= offset < units[i][1]]


class _Rules:
    """The codebook's rules as spaCy matchers over one vocabulary."""

    def __init__(self, vocab, codebook) -> None:
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.codebook = codebook
        self.versions = _versions(codebook)  # hashed once: a row of every hit carries them
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.matcher = Matcher(vocab)
        self.dependency = DependencyMatcher(vocab)
        self.labels: dict[int, tuple[Any, str]] = {}
        tokenizer = _blank_tokenizer()
        for code in codebook.codes:
            for keyword in code.keywords:
                key = f"{code.name}\x1fkeyword:{keyword}"
                words = [t.text for t in tokenizer(keyword)]
                self.phrases.add(key, [Doc(vocab, words=words)])
                self.labels[vocab.strings[key]] = (code, f"keyword:{keyword}")
            for lemma in code.lemmas:
                key = f"{code.name}\x1flemma:{lemma}"
                # the tagger gives a capitalised noun its capitals ("Resistance")
                wanted = sorted({lemma, lemma.lower(), lemma.capitalize()})
                self.matcher.add(key, [[{"LEMMA": {"IN": wanted}}]])
                self.labels[vocab.strings[key]] = (code, f"lemma:{lemma}")
            for number, pattern in enumerate(code.patterns, 1):
                key = f"{code.name}\x1fpattern:{number}"
                self.matcher.add(key, [list(pattern)])
                self.labels[vocab.strings[key]] = (code, f"pattern:{number}")
            for number, pattern in enumerate(code.dependency_patterns, 1):
                key = f"{code.name}\x1fdependency:{number}"
                self.dependency.add(key, [list(pattern)])
                self.labels[vocab.strings[key]] = (code, f"dependency:{number}")

    def matches(self, doc):
        # a matcher with no rules warns when called: call only the ones that have some
        found = [*(self.phrases(doc) if len(self.phrases) else [])]
        found += self.matcher(doc) if len(self.matcher) else []
        for match_id, start, end in found:
            code, rule = self.labels[match_id]
            yield code, rule, doc[start:end]
        # a dependency match is the tokens it binds: the hit spans the first to the last
        for match_id, tokens in self.dependency(doc) if len(self.dependency) else []:
            code, rule = self.labels[match_id]
            yield code, rule, doc[min(tokens) : max(tokens) + 1]


_CACHE: dict[tuple[int, str], tuple[Any, _Rules]] = {}


def _rules(vocab, encoded: str) -> _Rules:
    """The matchers of a codebook, built once per process and vocabulary."""
    from discursus.annotate.codebook import codebook_from_data

    key = (id(vocab), encoded)
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not vocab:  # an id can be reused by another vocab
        if len(_CACHE) >= 4:
            _CACHE.clear()
        codebook = codebook_from_data(json.loads(encoded), "the project's codebook")
        cached = _CACHE[key] = (vocab, _Rules(vocab, codebook))
    return cached[1]
