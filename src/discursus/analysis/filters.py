"""Sub-corpora by metadata: ``--where "year >= 2015 and outlet = 'Harbour Gazette'"``.

The filter is parsed into a small tree and evaluated on the documents table; it is never
pasted into SQL or passed to ``eval``. Grammar::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" expr ")" | comparison
    comparison := FIELD OP VALUE | FIELD "in" "(" VALUE ("," VALUE)* ")"
    OP         := = == != < <= > >= ~        (~ is a regular-expression search)

Fields are document columns (title, date, author, speaker, outlet, language, name, ...),
``year`` (from the date), or any key of the document's other metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from discursus.errors import DiscursusError
from discursus.patterns import PatternError, compile_pattern, searching


class FilterError(DiscursusError):
    """A --where filter that does not parse, with where and why."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
      | (?P<op><=|>=|==|!=|=|<|>|~)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][\w.-]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in"}


@dataclass(frozen=True)
class Comparison:
    field: str
    op: str
    values: tuple


@dataclass(frozen=True)
class Not:
    operand: object


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    operands: tuple


def _tokens(text: str) -> list[tuple[str, object, int]]:
    found = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FilterError(f"cannot read the filter at {position + 1}: {text[position:]!r}")
        kind = match.lastgroup
        raw = match.group(kind)
        column = match.start(kind) + 1
        if kind == "string":
            value: object = re.sub(r"\\(.)", r"\1", raw[1:-1])
        elif kind == "number":
            value = float(raw) if "." in raw else int(raw)
        elif kind == "word" and raw.lower() in _KEYWORDS:
            kind, value = "keyword", raw.lower()
        else:
            value = raw
        found.append((kind, value, column))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self, kind: str | None = None, value: object = None) -> bool:
        if self.at >= len(self.tokens):
            return False
        token_kind, token_value, _ = self.tokens[self.at]
        return (kind is None or token_kind == kind) and (value is None or token_value == value)

    def take(self, kind: str, value: object = None, what: str = "") -> object:
        if not self.peek(kind, value):
            where = self.tokens[self.at][2] if self.at < len(self.tokens) else len(self.text) + 1
            raise FilterError(f"expected {what or value or kind} at {where} in {self.text!r}")
        self.at += 1
        return self.tokens[self.at - 1][1]

    def parse(self):
        tree = self.expr()
        if self.at != len(self.tokens):
            raise FilterError(
                f"unexpected {self.tokens[self.at][1]!r} at {self.tokens[self.at][2]}"
            )
        return tree

    def expr(self):
        return self._joined("or", self.and_expr)

    def and_expr(self):
        return self._joined("and", self.not_expr)

    def _joined(self, keyword: str, operand):
        """operand (keyword operand)*, as one BoolOp when there is more than one."""
        operands = [operand()]
        while self.peek("keyword", keyword):
            self.at += 1
            operands.append(operand())
        return operands[0] if len(operands) == 1 else BoolOp(keyword, tuple(operands))

    def not_expr(self):
        if self.peek("keyword", "not"):
            self.at += 1
            return Not(self.not_expr())
        if self.peek("punct", "("):
            self.at += 1
            inner = self.expr()
            self.take("punct", ")", "')'")
            return inner
        return self.comparison()

    def value(self) -> object:
        for kind in ("string", "number", "word"):
            if self.peek(kind):
                return self.take(kind)
        return self.take("string", what="a value")

    def comparison(self) -> Comparison:
        field = str(self.take("word", what="a field name"))
        if self.peek("keyword", "in"):
            self.at += 1
            self.take("punct", "(", "'('")
            values = [self.value()]
            while self.peek("punct", ","):
                self.at += 1
                values.append(self.value())
            self.take("punct", ")", "')'")
            return Comparison(field, "in", tuple(values))
        op = str(self.take("op", what="a comparison (= != < <= > >= ~ in)"))
        value = self.value()
        if op == "~":
            try:
                compile_pattern(str(value))
            except PatternError as exc:
                raise FilterError(str(exc)) from None
        return Comparison(field, "==" if op == "=" else op, (value,))


def parse_filter(text: str):
    """The filter as a tree of ``Comparison``, ``Not`` and ``BoolOp``.

    >>> parse_filter("year >= 2015 and outlet = 'Harbour Gazette'")
    ... # doctest: +NORMALIZE_WHITESPACE
    BoolOp(op='and', operands=(Comparison(field='year', op='>=', values=(2015,)),
           Comparison(field='outlet', op='==', values=('Harbour Gazette',))))
    """
    return _Parser(text).parse()


def field_values(documents: pd.DataFrame, field: str) -> pd.Series:
    """A field of every document: a column, ``year`` (from the date) or a metadata key."""
    if field == "year" and "year" not in documents.columns:
        return pd.to_numeric(documents["date"].astype("string").str[:4], errors="coerce")
    if field in documents.columns:
        return documents[field]
    if "meta" in documents.columns:
        values = documents["meta"].map(lambda meta: (meta or {}).get(field))
        if values.notna().any():
            return values
    raise FilterError(f"no field {field!r}; fields: {', '.join(map(str, documents.columns))}")


def _compare(column: pd.Series, op: str, values: tuple) -> pd.Series:
    value = values[0]
    if op == "in":
        return column.isin(values)
    if op == "~":
        strings = [None if pd.isna(v) else str(v) for v in column]
        return pd.Series(searching(str(value), strings), index=column.index)
    if isinstance(value, int | float):
        column = pd.to_numeric(column, errors="coerce")
    else:
        column = column.astype("string")
    result = {
        "==": column == value,
        "!=": column != value,
        "<": column < value,
        "<=": column <= value,
        ">": column > value,
        ">=": column >= value,
    }[op]
    return result.fillna(False).astype(bool)


def evaluate(tree, documents: pd.DataFrame) -> pd.Series:
    """A boolean mask over ``documents`` (rows of ``Project.documents()``)."""
    if isinstance(tree, Comparison):
        return _compare(field_values(documents, tree.field), tree.op, tree.values)
    if isinstance(tree, Not):
        return ~evaluate(tree.operand, documents)
    masks = [evaluate(operand, documents) for operand in tree.operands]
    result = masks[0]
    for mask in masks[1:]:
        result = (result & mask) if tree.op == "and" else (result | mask)
    return result


def select_documents(documents: pd.DataFrame, where: str | None) -> pd.DataFrame:
    """The documents a ``--where`` filter keeps (all of them without one)."""
    if not where:
        return documents
    return documents[evaluate(parse_filter(where), documents).to_numpy()]


def rows_in_documents(rows: pd.DataFrame, documents: pd.DataFrame, where: str | None):
    """The ``rows`` (with a ``doc`` column, the document's name) of the documents a
    ``--where`` filter keeps."""
    if not where:
        return rows
    return rows[rows.doc.isin(set(select_documents(documents, where).name))]


def rows_within(rows: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """The ``rows`` (doc, start, end) that overlap one of the ``spans`` (doc, start, end):
    what a passage-bounded reading keeps (the sentences a discourse's codes cover)."""
    import numpy as np

    if rows.empty or spans.empty:
        return rows.iloc[:0]
    keep = np.zeros(len(rows), dtype=bool)
    row_starts, row_ends = rows["start"].to_numpy(), rows["end"].to_numpy()
    merged = {}
    for doc, own in spans.groupby("doc"):
        # the spans of a document merged into sorted, disjoint intervals: their ends sort too
        intervals = []
        for start, end in sorted(zip(own.start.tolist(), own.end.tolist(), strict=True)):
            if intervals and start <= intervals[-1][1]:
                intervals[-1][1] = max(intervals[-1][1], end)
            else:
                intervals.append([start, end])
        merged[doc] = np.array(intervals, dtype=np.int64)
    for doc, positions in rows.groupby("doc").indices.items():
        intervals = merged.get(doc)
        if intervals is None:
            continue
        starts, ends = intervals[:, 0], intervals[:, 1]
        # the first interval ending after the row starts: the row overlaps it if it starts
        # before the row ends
        first = np.searchsorted(ends, row_starts[positions], side="right")
        inside = first < len(starts)
        first = np.minimum(first, len(starts) - 1)
        keep[positions] = inside & (starts[first] < row_ends[positions])
    return rows[keep]
