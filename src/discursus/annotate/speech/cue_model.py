"""Deciding whether a verb with something it reports is a reporting cue.

A logistic model over a few features of the candidate (lemma, lexicon score, how the content
hangs from the verb, what kind of subject it has, whether it stands inside a quotation). It is
trained on PolNeAR's train split by ``bench/learn_cues.py`` and stored as plain weights in
``cue_model.json`` (no pickled code). Without that file, the lexicon score alone decides.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from discursus.annotate.speech.cues import cue_score
from discursus.annotate.speech.marks import QuotedSpan

# verbs the lexicon gives less than this are never candidates (keeps the model's work small)
MIN_CANDIDATE_SCORE = 0.05
# without a model: the lexicon score a verb needs
LEXICON_THRESHOLD = 0.35


def _length_bucket(n: int) -> str:
    for limit, name in ((1, "1"), (3, "2-3"), (7, "4-7"), (15, "8-15")):
        if n <= limit:
            return name
    return "16+"


def _subject_kind(subject: Token | None, inherited: bool) -> str:
    if subject is None:
        return "none"
    if subject.ent_type_:
        kind = subject.ent_type_
    elif subject.pos_ == "PRON":
        kind = f"pron:{subject.lower_}"
    else:
        kind = subject.pos_
    return f"{kind}{':inherited' if inherited else ''}"


def cue_features(
    verb: Token,
    subject: Token | None,
    route: str,
    content: tuple[int, int],
    quotes: list[QuotedSpan],
    text: str,
    quote_opens: list[int] | None = None,
) -> dict[str, float]:
    """Features of one candidate, as the model reads them."""
    lemma = verb.lemma_.lower()
    inherited = subject is not None and subject.head.i != verb.i
    # the length is bucketed up to 16+ words: the first 2,000 characters tell it
    words = len(text[content[0] : min(content[1], content[0] + 2000)].split())
    opens = quote_opens if quote_opens is not None else [q.open_at for q in quotes]
    in_quote = _overlaps(quotes, opens, verb.idx, verb.idx + 1, inner=False)
    content_quoted = _overlaps(quotes, opens, content[0], content[1], inner=True)
    negated = any(child.dep_ == "neg" for child in verb.children)
    nested = _reported_by(verb)
    return {
        f"lemma={lemma}": 1.0,
        "lexicon": cue_score(lemma),
        f"tag={verb.tag_}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"route={route}": 1.0,
        f"lemma_route={lemma}|{route}": 1.0,
        f"subject={_subject_kind(subject, inherited)}": 1.0,
        f"lemma_subject={lemma}|{_subject_kind(subject, inherited).split(':')[0]}": 1.0,
        f"lemma_tag={lemma}|{verb.tag_}": 1.0,
        f"length={_length_bucket(words)}": 1.0,
        "in_quote": float(in_quote),
        "content_quoted": float(content_quoted),
        "that_clause": float(text[content[0] : content[0] + 5].lower() == "that "),
        "negated": float(negated),
        "after_content": float(content[1] <= verb.idx),
        # "X said they hoped ...": a verb inside what another cue reports
        "nested": float(nested is not None),
        f"nested_lemma={lemma}": float(nested is not None),
        f"nested_under={nested}": float(nested is not None),
    }


def _overlaps(
    quotes: list[QuotedSpan], opens: list[int], start: int, end: int, inner: bool
) -> bool:
    """Whether [start, end) overlaps a quotation (its text, or with the marks when not
    ``inner``); ``quotes`` are in text order and do not overlap, so bisect finds the one."""
    index = bisect.bisect_right(opens, end)
    for quote in quotes[max(0, index - 2) : index]:
        lo, hi = (quote.start, quote.end) if inner else (quote.open_at + 1, quote.close_at)
        if lo < end and start < hi:
            return True
    return False


def _reported_by(verb: Token) -> str | None:
    """The lemma of a likely cue whose complement holds ``verb``, if any."""
    child = verb
    # a cue that reports it sits a few clauses up; the bound keeps a chain of nested
    # clauses from costing its depth for every verb
    for ancestor in itertools.islice(verb.ancestors, 12):
        if child.dep_ in {"ccomp", "xcomp", "dobj", "conj"} and ancestor.pos_ == "VERB":
            if child.dep_ != "conj" and cue_score(ancestor.lemma_) >= 0.5:
                return ancestor.lemma_.lower()
        child = ancestor
    return None


@lru_cache(maxsize=1)
def cue_model() -> dict | None:
    path = resources.files("discursus.annotate.speech").joinpath("cue_model.json")
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def cue_probability(features: dict[str, float]) -> float | None:
    """The model's probability that the candidate is a cue; None without a model."""
    model = cue_model()
    if model is None:
        return None
    weights = model["weights"]
    z = model["bias"] + sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def accept_cue(features: dict[str, float], lexicon_score: float) -> bool:
    probability = cue_probability(features)
    if probability is None:
        return lexicon_score >= LEXICON_THRESHOLD
    return probability >= cue_model()["threshold"]
