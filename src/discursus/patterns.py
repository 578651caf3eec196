"""Regular expressions a person typed (a query, a ``--where`` filter), run with a time limit.

The ``regex`` module (re-compatible syntax) checks a timeout while it matches, so a pattern
with nested repeats (``(a+)+$``) that would backtrack for hours is refused with the reason
instead. One limit holds for the whole run of a pattern over many strings.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import regex

from discursus.errors import ConfigError

# seconds one pattern may take over all the strings it is matched against
PATTERN_SECONDS = 2.0


class PatternError(ConfigError):
    """A regular expression that does not compile, or took longer than its time limit."""


def compile_pattern(pattern: str, ignore_case: bool = False) -> regex.Pattern:
    """``pattern`` compiled with ``re``'s syntax; a :class:`PatternError` says why not."""
    try:
        return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
    except (regex.error, OverflowError, RecursionError, ValueError) as exc:
        raise PatternError(f"bad regular expression {pattern!r}: {exc}") from None


def _too_slow(pattern: str, seconds: float) -> PatternError:
    return PatternError(
        f"the regular expression {pattern!r} took more than {seconds:g} s and was stopped "
        "(nested repeats such as (a+)+ backtrack without end; simplify it)"
    )


def _matches(
    pattern: str, method: str, strings: Iterable[str | None], ignore_case: bool, seconds
) -> list[bool]:
    """``compiled.<method>(string)`` for each string (None never matches), all of them
    within one time limit."""
    compiled = getattr(compile_pattern(pattern, ignore_case), method)
    seconds = PATTERN_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + seconds
    found = []
    try:
        for string in strings:
            if string is None:
                found.append(False)
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            found.append(compiled(string, timeout=left) is not None)
    except TimeoutError:
        raise _too_slow(pattern, seconds) from None
    return found


def fullmatching(
    pattern: str,
    strings: Iterable[str],
    ignore_case: bool = False,
    seconds: float | None = None,
) -> list[int]:
    """Positions of the strings the whole of which ``pattern`` matches.

    >>> fullmatching("sovereign.*", ["sovereignty", "state", "sovereign"])
    [0, 2]
    """
    matched = _matches(pattern, "fullmatch", strings, ignore_case, seconds)
    return [i for i, found in enumerate(matched) if found]


def searching(
    pattern: str, strings: Iterable[str | None], seconds: float | None = None
) -> list[bool]:
    """For each string, whether ``pattern`` matches somewhere in it (None: no).

    >>> searching("Gazette$", ["Harbour Gazette", None, "Gazette of Dorn"])
    [True, False, False]
    """
    return _matches(pattern, "search", strings, False, seconds)
