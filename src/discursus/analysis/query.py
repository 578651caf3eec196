"""Token queries in the CQP style (the Corpus Workbench's query language), run on the index.

Two forms. A **simple query** is words separated by spaces, matched case-insensitively,
``*`` standing for any letters (as in AntConc): ``sovereign*``, ``war of narratives``.
A **CQP query** (any query with ``[`` or ``"``) is a sequence of token patterns::

    query     := element+
    element   := token quantifier?
    token     := "[" condition? "]"          ([] is any token)
               | STRING flags?                ("order" is [word="order"])
    condition := and ("|" and)*
    and       := unary ("&" unary)*
    unary     := "!" unary | "(" condition ")" | ATTR ("=" | "!=") STRING flags?
    quantifier:= "?" | "*" | "+" | "{n}" | "{n,}" | "{n,m}" | "{,m}"
    flags     := "%c"                         (ignore case)

ATTR is one of ``word``, ``lower``, ``lemma``, ``pos`` (universal tag, NOUN) and ``tag``
(Penn tag, NNS). Values are regular expressions that must match the whole token:
``[lemma="resist.*" & pos="NOUN"] []{0,3} "order"``. A match never crosses a sentence, and for
each start the shortest match is kept; a match that lies inside an earlier one is dropped, so
``[pos="DET"]? [pos="ADJ"]* "alliance"`` finds "a cultural alliance" once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from discursus.errors import DiscursusError
from discursus.patterns import PatternError, compile_pattern
from discursus.store.token_index import LAYERS, TokenIndex

# an open-ended repetition ({n,}, *, +) stops here: a sentence is rarely longer
OPEN_REPEAT = 100


class QueryError(DiscursusError):
    """A query that does not parse, with where and why."""


@dataclass(frozen=True)
class Test:
    """``attr = pattern`` (or ``!=`` when ``negated``)."""

    attr: str
    pattern: str
    ignore_case: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Not:
    operand: object


@dataclass(frozen=True)
class All:
    operands: tuple  # every operand holds


@dataclass(frozen=True)
class Any:
    operands: tuple  # at least one holds


@dataclass(frozen=True)
class Element:
    condition: object | None  # None: any token
    min: int = 1
    max: int | None = 1  # None: open-ended


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<flag>%c)
      | (?P<repeat>\{\s*\d*\s*(?:,\s*\d*\s*)?\})
      | (?P<op>!=|=|&|\||!|\[|\]|\(|\)|\?|\*|\+)
      | (?P<word>[A-Za-z_]\w*)
    )""",
    re.VERBOSE,
)


def _lex(text: str) -> list[tuple[str, str, int]]:
    found, position, text = [], 0, text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"cannot read the query at {position + 1}: {text[position:]!r}")
        kind = match.lastgroup
        found.append((kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _lex(text)
        self.at = 0

    def peek(self, kind: str, value: str | None = None) -> bool:
        if self.at >= len(self.tokens):
            return False
        token_kind, token_value, _ = self.tokens[self.at]
        return token_kind == kind and (value is None or token_value == value)

    def fail(self, expected: str) -> QueryError:
        if self.at < len(self.tokens):
            _, value, column = self.tokens[self.at]
            return QueryError(f"expected {expected} at {column}, found {value!r} in {self.text!r}")
        return QueryError(f"expected {expected} at the end of {self.text!r}")

    def take(self, kind: str, value: str | None = None, expected: str = "") -> str:
        if not self.peek(kind, value):
            raise self.fail(expected or value or kind)
        self.at += 1
        return self.tokens[self.at - 1][1]

    def query(self) -> list[Element]:
        elements = []
        while self.at < len(self.tokens):
            elements.append(self.element())
        if not elements:
            raise QueryError("the query is empty")
        return elements

    def element(self) -> Element:
        if self.peek("op", "["):
            self.at += 1
            condition = None if self.peek("op", "]") else self.condition()
            self.take("op", "]", "']'")
        elif self.peek("string"):
            pattern = _unquote(self.take("string"))
            condition = Test("word", pattern, self.flags())
        else:
            raise self.fail('a token: [...] or "word"')
        low, high = self.quantifier()
        return Element(condition, low, high)

    def flags(self) -> bool:
        if self.peek("flag"):
            self.at += 1
            return True
        return False

    def quantifier(self) -> tuple[int, int | None]:
        for symbol, bounds in (("?", (0, 1)), ("*", (0, None)), ("+", (1, None))):
            if self.peek("op", symbol):
                self.at += 1
                return bounds
        if not self.peek("repeat"):
            return 1, 1
        raw = self.take("repeat")[1:-1].replace(" ", "")
        low, _, high = raw.partition(",")
        if not low and not high:
            raise QueryError(f"a repetition needs a number: {{{raw}}} in {self.text!r}")
        low_n = int(low) if low else 0
        high_n = low_n if "," not in raw else (int(high) if high else None)
        if high_n is not None and high_n < low_n:
            raise QueryError(f"repetition {{{raw}}}: the maximum is below the minimum")
        return low_n, high_n

    def condition(self):
        return self._joined("|", self.conjunction, Any)

    def conjunction(self):
        return self._joined("&", self.unary, All)

    def _joined(self, symbol: str, operand, node):
        """operand (symbol operand)*, as one ``node`` when there is more than one."""
        operands = [operand()]
        while self.peek("op", symbol):
            self.at += 1
            operands.append(operand())
        return operands[0] if len(operands) == 1 else node(tuple(operands))

    def unary(self):
        if self.peek("op", "!"):
            self.at += 1
            return Not(self.unary())
        if self.peek("op", "("):
            self.at += 1
            inner = self.condition()
            self.take("op", ")", "')'")
            return inner
        attr = self.take("word", expected="an attribute (" + ", ".join(LAYERS) + ")")
        if attr not in LAYERS:
            raise QueryError(f"no attribute {attr!r}; attributes: {', '.join(LAYERS)}")
        if self.peek("op", "!="):
            negated = True
        elif self.peek("op", "="):
            negated = False
        else:
            raise self.fail("= or !=")
        self.at += 1
        pattern = _unquote(self.take("string", expected="a quoted value"))
        return Test(attr, pattern, self.flags(), negated)


def _unquote(raw: str) -> str:
    body = raw[1:-1]
    # \" stands for the quote itself; every other backslash belongs to the regular expression
    return body.replace("\\" + raw[0], raw[0])


def parse_query(text: str) -> list[Element]:
    """The query as a list of elements.

    >>> parse_query('[lemma="resist.*" & pos="NOUN"] []{0,3} "order"')
    ... # doctest: +NORMALIZE_WHITESPACE
    [Element(condition=All(operands=(Test(attr='lemma', pattern='resist.*', ignore_case=False,
     negated=False), Test(attr='pos', pattern='NOUN', ignore_case=False, negated=False))),
     min=1, max=1), Element(condition=None, min=0, max=3),
     Element(condition=Test(attr='word', pattern='order', ignore_case=False, negated=False),
     min=1, max=1)]
    >>> parse_query("sovereign* of")[0].condition
    Test(attr='lower', pattern='sovereign\\\\w*', ignore_case=False, negated=False)
    """
    if "[" in text or '"' in text:
        elements = _Parser(text).query()
    else:
        words = text.split()
        if not words:
            raise QueryError("the query is empty")
        elements = [Element(Test("lower", _wild(word))) for word in words]
    for element in elements:
        if element.condition is not None:
            _check_patterns(element.condition, text)
    return elements


def _wild(word: str) -> str:
    return r"\w*".join(re.escape(part.lower()) for part in word.split("*"))


def _check_patterns(condition, text: str) -> None:
    if isinstance(condition, Test):
        try:
            compile_pattern(condition.pattern)
        except PatternError as exc:
            raise QueryError(f"{exc} in {text!r}") from None
    elif isinstance(condition, Not):
        _check_patterns(condition.operand, text)
    else:
        for operand in condition.operands:
            _check_patterns(operand, text)


# -- matching --------------------------------------------------------------------------------


class _Compiled:
    """A condition with its regular expressions resolved to lexicon ids."""

    def __init__(self, condition, index: TokenIndex) -> None:
        self.index = index
        self.condition = condition
        self.ids: dict[Test, np.ndarray] = {}
        self._resolve(condition)

    def _resolve(self, condition) -> None:
        if isinstance(condition, Test):
            lexicon = self.index.lexicon(condition.attr)
            self.ids[condition] = lexicon.matching(condition.pattern, condition.ignore_case)
        elif isinstance(condition, Not):
            self._resolve(condition.operand)
        else:
            for operand in condition.operands:
                self._resolve(operand)

    def holds(self, positions: np.ndarray, condition=None) -> np.ndarray:
        condition = self.condition if condition is None else condition
        if isinstance(condition, Test):
            found = np.isin(self.index.ids(condition.attr)[positions], self.ids[condition])
            return ~found if condition.negated else found
        if isinstance(condition, Not):
            return ~self.holds(positions, condition.operand)
        masks = [self.holds(positions, operand) for operand in condition.operands]
        combine = np.logical_and if isinstance(condition, All) else np.logical_or
        return combine.reduce(masks)

    def cost(self, condition=None) -> int | None:
        """How many postings bound where the condition holds; None when none do (a negation)."""
        condition = self.condition if condition is None else condition
        if isinstance(condition, Test):
            if condition.negated:
                return None
            ids = self.ids[condition]
            return int(self.index.lexicon(condition.attr).frequencies[ids].sum())
        if isinstance(condition, Not):
            return None
        costs = [self.cost(operand) for operand in condition.operands]
        if isinstance(condition, All):
            bounded = [c for c in costs if c is not None]
            return min(bounded) if bounded else None
        return None if None in costs else sum(costs)

    def candidates(self, condition=None) -> np.ndarray:
        """Sorted positions, from postings, that include every one where the condition holds
        (call only when ``cost`` is not None)."""
        condition = self.condition if condition is None else condition
        if isinstance(condition, Test):
            lexicon = self.index.lexicon(condition.attr)
            return _union([lexicon.postings(i) for i in self.ids[condition]])
        if isinstance(condition, All):
            bounded = [c for c in condition.operands if self.cost(c) is not None]
            return self.candidates(min(bounded, key=self.cost))
        return _union([self.candidates(operand) for operand in condition.operands])


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    if not arrays:
        return np.zeros(0, np.int64)
    if len(arrays) == 1:
        return np.asarray(arrays[0], dtype=np.int64)
    return np.unique(np.concatenate(arrays).astype(np.int64))


@dataclass
class Matches:
    """Token spans ``begin .. end-1`` (positions in the index), in corpus order."""

    begin: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return len(self.begin)


def find(
    index: TokenIndex,
    query: str | list[Element],
    *,
    within: np.ndarray | None = None,
    limit: int | None = None,
) -> Matches:
    """Every match of ``query`` (the first ``limit`` in corpus order, if given) that lies in
    the positions ``within`` marks (a boolean array over the index; all when None)."""
    elements = parse_query(query) if isinstance(query, str) else query
    compiled = [None if e.condition is None else _Compiled(e.condition, index) for e in elements]
    anchor, (low, high) = _anchor(elements, compiled)
    if anchor is None:
        anchors = np.arange(index.n_tokens, dtype=np.int64)
    else:
        anchors = compiled[anchor].candidates()
    found_begin, found_end, total = [], [], 0
    variable = any(e.min != e.max for e in elements)
    # with a limit, work through the anchors in growing chunks and stop when there are enough
    at, chunk = 0, 256 if limit else max(len(anchors), 1)
    while at < len(anchors):
        starts = anchors[at : at + chunk]
        at, chunk = at + chunk, min(chunk * 2, 1 << 16)
        if high > 0:
            # a match starts up to high tokens before its anchor, in the anchor's sentence,
            # on a token the first element accepts
            around = starts[:, None] - np.arange(low, high + 1)[None, :]
            around = np.where(around >= 0, around, starts[:, None])
            same = index.sent[around] == index.sent[starts][:, None]
            starts = np.unique(around[same])
            if elements[0].min >= 1 and compiled[0] is not None:
                starts = starts[compiled[0].holds(starts)]
        if within is not None:
            starts = starts[within[starts]]
        begin, end = _match_from(index, elements, compiled, starts)
        if within is not None and len(begin):
            keep = within[end - 1]
            begin, end = begin[keep], end[keep]
        if variable:
            begin, end = _outermost(begin, end)
        found_begin.append(begin)
        found_end.append(end)
        total += len(begin)
        if limit is not None and total >= limit:
            break
    begin = np.concatenate(found_begin) if found_begin else np.zeros(0, np.int64)
    end = np.concatenate(found_end) if found_end else np.zeros(0, np.int64)
    if high > 0:
        # the windows of neighbouring chunks can reach the same start
        begin, first = np.unique(begin, return_index=True)
        end = end[first]
    if variable:
        begin, end = _outermost(begin, end)
    if limit is not None:
        begin, end = begin[:limit], end[:limit]
    return Matches(begin, end)


def _outermost(begin: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matches (sorted by start) without those inside an earlier one: "cultural alliance" in
    "a cultural alliance" is part of that match, not another."""
    if not len(begin):
        return begin, end
    reach = np.maximum.accumulate(end)
    keep = np.r_[True, end[1:] > reach[:-1]]
    return begin[keep], end[keep]


def _anchor(elements: list[Element], compiled: list) -> tuple[int | None, tuple[int, int]]:
    """The element with the fewest postings that every match must contain, and how many
    tokens after the match's start its first token can be (None: scan every position)."""
    best, best_cost, best_offsets = None, None, (0, 0)
    low = high = 0
    for k, element in enumerate(elements):
        cost = compiled[k].cost() if element.min >= 1 and compiled[k] is not None else None
        if cost is not None and (best_cost is None or cost < best_cost):
            best, best_cost, best_offsets = k, cost, (low, high)
        low += element.min
        high += OPEN_REPEAT if element.max is None else element.max
    if best is not None and best_offsets[1] - best_offsets[0] > OPEN_REPEAT:
        return None, (0, 0)
    return best, best_offsets


def _match_from(
    index: TokenIndex, elements: list[Element], compiled: list, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The shortest match beginning at each of ``starts`` (those that have one)."""
    n = index.n_tokens
    starts = starts[starts < n]
    sentence = index.sent
    state_start = np.arange(len(starts))  # which start each partial match began at
    state_at = starts.copy()
    for element, condition in zip(elements, compiled, strict=True):
        reached_start, reached_at = [], []
        current_start, current_at = state_start, state_at
        if element.min == 0:
            reached_start.append(current_start)
            reached_at.append(current_at)
        limit = OPEN_REPEAT if element.max is None else element.max
        for repeat in range(1, limit + 1):
            inside = current_at < n
            current_start, current_at = current_start[inside], current_at[inside]
            same = sentence[current_at] == sentence[starts[current_start]]
            current_start, current_at = current_start[same], current_at[same]
            if condition is not None and len(current_at):
                ok = condition.holds(current_at)
                current_start, current_at = current_start[ok], current_at[ok]
            current_at = current_at + 1
            if not len(current_at):
                break
            if repeat >= element.min:
                reached_start.append(current_start)
                reached_at.append(current_at)
        if not reached_start:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        state_start = np.concatenate(reached_start)
        state_at = np.concatenate(reached_at)
        if element.min != element.max:
            # one state per (start, position), in that order: repetitions reach the same
            # place by several paths (a fixed element keeps the order it was given)
            key = np.unique(state_start.astype(np.int64) * (n + 1) + state_at)
            state_start, state_at = key // (n + 1), key % (n + 1)
    nonempty = state_at > starts[state_start]
    state_start, state_at = state_start[nonempty], state_at[nonempty]
    # sorted by (start, end): the first state of each start is its shortest match
    first = np.flatnonzero(np.r_[True, state_start[1:] != state_start[:-1]][: len(state_start)])
    return starts[state_start[first]].astype(np.int64), state_at[first].astype(np.int64)
