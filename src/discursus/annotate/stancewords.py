"""The words of stance: whether a passage supports, rejects or only mentions a concept that
stands in it, read from the words of opposition and support around the concept's words
(see :func:`agreement_of`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# stems, matched at a word's start: "reject" finds rejects, rejected, rejecting
_OPPOSE = (
    "reject", "oppose", "against", "resist", "condemn", "denounc", "abolish", "fight",
    "combat", "counter", "refus", "deplor", "ban", "halt", "prevent", "dismantl", "defeat",
    "stop", "end", "surrender", "sold", "sell", "betray", "threat", "undermin", "attack",
)  # fmt: skip
_SUPPORT = (
    "support", "endors", "welcom", "back", "defend", "promot", "favo", "champion", "need",
    "call", "urge", "advocat", "embrac", "strengthen", "uphold", "protect", "ensur",
    "achiev", "build", "advanc", "open", "win", "deliver", "bring", "secur", "keep",
    "accept", "want", "believe", "commit", "pursu",
)  # fmt: skip
# words matched with their inflections only ("end" is not "endless", "oppose" not "opposition")
_EXACT = {
    "end", "ban", "back", "open", "win", "keep", "stop", "sold", "sell", "call", "need",
    "oppose",
}  # fmt: skip
_DISTANCING = re.compile(r"\bso[- ]called\b", re.IGNORECASE)
_NEGATION = {"not", "no", "never", "nor", "neither", "without", "cannot", "n't", "nothing"}
_WORD = re.compile(r"[A-Za-z]+|n't")
_CLAUSE_BREAK = re.compile(r"[;:.!?]|,\s+(?:but|while|whereas|yet)\b|\bbut\b", re.IGNORECASE)


@cache  # a few dozen stems
def _inflections(stem: str) -> frozenset[str]:
    if stem.endswith("e"):
        return frozenset({stem, stem + "s", stem + "d", stem[:-1] + "ing"})
    return frozenset({stem, stem + "s", stem + "ed", stem + "ing", stem + stem[-1] + "ing"})


@lru_cache(maxsize=1 << 16)  # a corpus's words recur: each is matched against the stems once
def _matches(word: str, stems: tuple[str, ...]) -> str | None:
    for stem in stems:
        if stem in _EXACT:
            if word in _inflections(stem):
                return stem
        elif word.startswith(stem):
            return stem
    return None


def agreement_of(
    text: str,
    start: int,
    end: int,
    hit_start: int,
    hit_end: int,
    endorsed=None,
    other_concepts: tuple[tuple[int, int], ...] = (),
) -> tuple[int, str]:
    """The agreement (1, -1 or 0) of the passage ``text[start:end]`` with the concept whose
    words stand at ``hit_start:hit_end``, and the rule that decided it; the words of
    ``other_concepts`` (their spans) are read as no stance.

    >>> text = "We will never accept foreign pressure."
    >>> agreement_of(text, 0, len(text), 21, 37)
    (-1, 'support:accept, negated')
    >>> agreement_of("They praised the so-called reform.", 0, 34, 27, 33)
    (-1, 'oppose:so-called')
    """
    value, rule, _ = stance_cue(text, start, end, hit_start, hit_end, endorsed, other_concepts)
    return value, rule


def stance_cue(
    text: str,
    start: int,
    end: int,
    hit_start: int,
    hit_end: int,
    endorsed=None,
    other_concepts: tuple[tuple[int, int], ...] = (),
) -> tuple[int, str, tuple[int, int] | None]:
    """:func:`agreement_of` with where its word of stance stands (start, end; None when no
    single word decided)."""
    if endorsed is False:
        return -1, "reported to reject", None
    clause_start, clause_end = start, end
    for brk in _CLAUSE_BREAK.finditer(text, start, end):
        if brk.end() <= hit_start:
            clause_start = brk.end()
        elif brk.start() >= hit_end:
            clause_end = brk.start()
            break
    if len(_WORD.findall(text, hit_start, hit_end)) > WHOLE_PASSAGE_WORDS:
        return (*_passage_stance(text, hit_start, hit_end), None)
    words = [
        (w.start(), w.group(0).lower())
        for w in _WORD.finditer(text, clause_start, clause_end)
        # the concept's own words, and other concepts', say nothing of the stance on it
        if not hit_start <= w.start() < hit_end
        and not any(s <= w.start() < e for s, e in other_concepts)
    ]
    before = [w for w in words if w[0] < hit_start][::-1]  # nearest first
    after = [w for w in words if w[0] >= hit_end]
    # the nearest stance word: up to five words before the concept ("we reject foreign
    # pressure") or three after it ("hegemony must end")
    candidates = [(d, w, "before") for d, w in enumerate(before[:BEFORE_WORDS])]
    candidates += [(d, w, "after") for d, w in enumerate(after[:AFTER_WORDS])]
    found = None
    for _, (at, word), side in sorted(candidates, key=lambda c: c[0]):
        if word == "called" and _DISTANCING.search(text, max(0, at - 3), at + len(word)):
            # "the so-called plan" keeps its distance from it: no call for it
            found = (-1, "oppose:so-called", at, side, word)
            break
        stem = _matches(word, _OPPOSE)
        value = -1 if stem else 0
        if not stem:
            stem = _matches(word, _SUPPORT)
            value = 1 if stem else 0
        if stem:
            found = (value, f"{'oppose' if value < 0 else 'support'}:{stem}", at, side, word)
            break
    if found is None:
        return 0, "mention", None
    value, rule, at, side, word = found
    cue = (at, at + len(word))
    # a negation turns it round: just before the stance word, or between it and the concept
    if side == "before":
        span = [w for a, w in words if at - 25 <= a < hit_start and a != at]
    else:
        span = [w for a, w in words if hit_end <= a < at] + [w for a, w in words if a < hit_start][
            -2:
        ]
    if any(w in _NEGATION or w.endswith("n't") for w in span):
        return -value, f"{rule}, negated", cue
    return value, rule, cue


BEFORE_WORDS = 5
AFTER_WORDS = 3
# a coding this long is a passage, not a concept's words (a classifier's or a person's
# sentence): its stance is the passage's own
WHOLE_PASSAGE_WORDS = 8


def _passage_stance(text: str, start: int, end: int) -> tuple[int, str]:
    """The stance of a whole passage: the more frequent of its opposition and support words
    (each turned round by a negation up to three words before it); none, a mention."""
    words = [w.group(0).lower() for w in _WORD.finditer(text, start, end)]
    tally = {1: 0, -1: 0}
    first: dict[int, str] = {}
    for index, word in enumerate(words):
        stem = _matches(word, _OPPOSE)
        value = -1 if stem else 0
        if not stem:
            stem = _matches(word, _SUPPORT)
            value = 1 if stem else 0
        if not stem:
            continue
        if any(w in _NEGATION or w.endswith("n't") for w in words[max(0, index - 3) : index]):
            value = -value
        tally[value] += 1
        first.setdefault(value, stem)
    if tally[1] == tally[-1]:
        return 0, "mention" if not tally[1] else "mixed"
    value = 1 if tally[1] > tally[-1] else -1
    return value, f"passage:{tally[1]} support, {tally[-1]} opposition"
