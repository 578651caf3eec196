"""A person's passages placed again when their document's text changes.

A passage is kept with its quote and the words either side (a W3C TextQuoteSelector: exact,
prefix, suffix). In the new text it goes where its exact words stand with the most of their
context around them, the nearest to where it was when the context does not decide. A
passage whose words are gone is not guessed at: it is flagged for a person to place.
"""

from __future__ import annotations

import os
from typing import Any

CONTEXT_CHARS = 32
MAX_PLACES = 10_000  # a quote found more often than this is placed among the first ones


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """The TextQuoteSelector of ``text[start:end]``."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


def relocate(selector: dict[str, Any], text: str, near: int = 0) -> tuple[int, int] | None:
    """Where the selector's passage stands in ``text`` (start, end), or None if it does not.

    >>> relocate({"exact": "war", "prefix": "a cold ", "suffix": "."}, "The war. A cold war.")
    (16, 19)
    """
    exact = selector.get("exact") or ""
    if not exact:
        return None
    prefix, suffix = selector.get("prefix") or "", selector.get("suffix") or ""
    best: tuple[int, int, int] | None = None  # (context matched, -distance, start)
    at, seen = text.find(exact), 0
    while at != -1 and seen < MAX_PLACES:
        before = text[max(0, at - len(prefix)) : at]
        after = text[at + len(exact) : at + len(exact) + len(suffix)]
        matched = _common_suffix(prefix, before) + len(os.path.commonprefix([suffix, after]))
        candidate = (matched, -abs(at - near), at)
        if best is None or candidate > best:
            best = candidate
        at, seen = text.find(exact, at + 1), seen + 1
    if best is None:
        return None
    return best[2], best[2] + len(exact)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n
