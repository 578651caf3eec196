"""Quotation marks paired into quoted spans, in the styles news and translations use.

“English” ‘single’ "straight" «guillemets» „German“ ‚single‘ and quotes that run over several
paragraphs (each paragraph reopens the quote and only the last one closes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> the closing marks it accepts
_PAIRS = {
    "“": '”"',  # news text often closes a curly quote with a straight one
    "«": "»",
    "„": "“”",
    "‘": "’",
    "‚": "‘’",
    "‹": "›",
    '"': '"”',
}
_OPENING_ONLY = set("«„‚‹")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[ \t]*[“«„\"‘])")
# a quote may hold this many paragraphs before we give up looking for its end
_MAX_PARAGRAPHS = 12


@dataclass(frozen=True)
class QuotedSpan:
    """``start``/``end`` are inside the marks; ``open_at``/``close_at`` are the marks themselves."""

    start: int
    end: int
    open_at: int
    close_at: int

    def words(self, text: str) -> int:
        return len(re.findall(r"\w+", text[self.start : self.end]))


def _is_word(char: str) -> bool:
    return char.isalnum()


def _opens(text: str, i: int) -> bool:
    """A mark opens when no word runs into it from the left and something follows it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    mark = text[i]
    if mark in _OPENING_ONLY or mark == "“":
        return not after.isspace() or mark in "«‹"
    if mark == "‘":
        return not _is_word(before) and (_is_word(after) or after in '“"')
    if mark == '"':
        return (before.isspace() or before in "([{—–-‘'/:") and not after.isspace()
    return False


def _closes(text: str, i: int, opener: str) -> bool:
    mark = text[i]
    if mark not in _PAIRS[opener]:
        return False
    after = text[i + 1] if i + 1 < len(text) else " "
    if mark == "’":
        # an apostrophe (don’t, people’s) is not a closing mark
        return not _is_word(after)
    if opener == '"' or mark == '"':
        # a straight mark closes where a word or punctuation ends against it
        return not (text[i - 1].isspace() if i > 0 else True) or after.isspace()
    return True


def find_quotes(text: str) -> list[QuotedSpan]:
    """All quoted spans, outermost only, in text order.

    >>> text = 'He said: “We will not yield.” Then «nous restons» and "plain".'
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['We will not yield.', 'nous restons', 'plain']
    >>> text = '“First paragraph.\\n\\n“Second one,” she said. The people’s ‘voice’.'
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['First paragraph.\\n\\n“Second one,', 'voice']
    >>> text = '“Deals are no requirement," he said.'  # curly opened, straight closed
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['Deals are no requirement,']
    """
    quotes: list[QuotedSpan] = []
    # where a search for each mark's close last gave up: a later mark of the same kind before
    # that point cannot close either, so it is not searched again (linear on any input)
    failed_until: dict[str, int] = {}
    i = 0
    n = len(text)
    while i < n:
        mark = text[i]
        if mark in _PAIRS and i >= failed_until.get(mark, 0) and _opens(text, i):
            close, stopped = _find_close(text, i)
            if close is not None:
                quotes.append(QuotedSpan(i + 1, close, i, close))
                i = close + 1
                continue
            failed_until[mark] = stopped
        i += 1
    return quotes


# marks that may hold the same mark inside them («a «b» c»)
_NESTING = set("«‹„‚")


def _find_close(text: str, open_at: int) -> tuple[int | None, int]:
    """Where the quote opened at ``open_at`` closes, following it over paragraph breaks only
    when the next paragraph reopens it with the same mark; else ``None`` and where to go on
    reading (the paragraph break or the end of the text)."""
    opener = text[open_at]
    depth = 0
    paragraphs = 0
    i = open_at + 1
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            brk = _PARAGRAPH.match(text, i)
            if brk:
                paragraphs += 1
                nxt = brk.end()
                while nxt < n and text[nxt] in " \t":
                    nxt += 1
                if paragraphs > _MAX_PARAGRAPHS or nxt >= n or text[nxt] != opener:
                    return None, brk.end()
                i = nxt + 1
                continue
        if _closes(text, i, opener) and i > open_at + 1:
            if depth == 0:
                return i, i
            depth -= 1
        elif char == opener and opener in _NESTING and _opens(text, i):
            depth += 1
        i += 1
    return None, n
