"""The concordance (KWIC): every match of a query with its left and right context.

Each line names its document and the match's character offsets, so it leads back to the
passage; context is rebuilt from the index's tokens (one space wherever the text had
whitespace), never more than the document holds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from discursus.analysis.query import Element, find
from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex

KWIC_COLUMNS = ["doc", "start", "end", "left", "node", "right", "position"]
_SORT_KEY = re.compile(r"^([LR])([1-9])$|^(node)$", re.IGNORECASE)
_SORT_NAMES = {"left": ["L1", "L2", "L3"], "right": ["R1", "R2", "R3"], "node": ["node"]}


def sort_keys(sort: str | None) -> list[str]:
    """``left``, ``right``, ``node`` or positions like ``R1,R2`` as a list of sort keys.

    >>> sort_keys("right"), sort_keys("L2, node")
    (['R1', 'R2', 'R3'], ['L2', 'node'])
    """
    if not sort:
        return []
    if sort.lower() in _SORT_NAMES:
        return _SORT_NAMES[sort.lower()]
    keys = [part.strip() for part in sort.split(",")]
    for key in keys:
        if not _SORT_KEY.match(key):
            raise DiscursusError(
                f"cannot sort by {key!r}: use left, right, node or positions such as L1, R2"
            )
    return [key.upper() if key.lower() != "node" else "node" for key in keys]


def kwic(
    index: TokenIndex,
    query: str | list[Element],
    *,
    within: np.ndarray | None = None,
    left: int = 5,
    right: int = 5,
    sort: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Concordance lines of ``query`` (see :mod:`discursus.analysis.query`) in corpus order, or
    sorted by the (lower-case) words at ``sort`` positions, then by corpus order.

    Columns: doc, start, end (the match's characters in the document), left, node, right,
    position (the match's first token in the index).
    """
    keys = sort_keys(sort)
    matches = find(index, query, within=within, limit=None if keys else limit)
    begin, end = matches.begin, matches.end
    if keys and len(begin):
        begin, end = _sorted(index, begin, end, keys)
        if limit is not None:
            begin, end = begin[:limit], end[:limit]
    docs = index.doc_of(begin)
    left_begin = np.maximum(index.doc_bounds[docs], begin - left)
    right_end = np.minimum(index.doc_bounds[docs + 1], end + right)
    texts = index.span_texts(
        np.concatenate([left_begin, begin, end]), np.concatenate([begin, end, right_end])
    )
    count = len(begin)
    rows = {
        "doc": [index.doc_names[d] for d in docs],
        "start": index.start[begin].astype(int),
        "end": index.end[end - 1].astype(int),
        "left": texts[:count],
        "node": texts[count : 2 * count],
        "right": texts[2 * count :],
        "position": begin.astype(int),
    }
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def _sorted(
    index: TokenIndex, begin: np.ndarray, end: np.ndarray, keys: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    lower = index.ids("lower")
    # sort on each word's alphabetical rank: integers, not strings, however many lines
    strings = np.asarray(index.lexicon("lower").strings, dtype=object)
    rank = np.empty(len(strings), np.int64)
    rank[np.argsort(strings.astype(str), kind="stable")] = np.arange(len(strings))
    docs = index.doc_of(begin)
    columns = []
    for key in keys:
        if key == "node":
            where, valid = begin, np.ones(len(begin), bool)
        else:
            step = int(key[1:])
            where = begin - step if key[0] == "L" else end - 1 + step
            valid = (where >= index.doc_bounds[docs]) & (where < index.doc_bounds[docs + 1])
        # past the document's edge sorts first, as an empty word would
        ranks = np.full(len(begin), -1, np.int64)
        ranks[valid] = rank[lower[where[valid]]]
        columns.append(ranks)
    # np.lexsort sorts by its last key first
    order = np.lexsort([begin, *reversed(columns)])
    return begin[order], end[order]
