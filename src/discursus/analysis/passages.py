"""The passage behind a row: the words around a span of a document, for showing a finding
with its evidence without the whole text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

CONTEXT_CHARS = 160


def with_context(
    rows: Iterable[dict], texts: Mapping[str, str], width: int = CONTEXT_CHARS
) -> list[dict]:
    """Each row (with ``doc``, ``start``, ``end``) given ``before``, ``match`` and ``after``:
    up to ``width`` characters each side, cut at a space so no word is halved. Rows of
    documents not in ``texts`` are left as they are.

    >>> texts = {"d": "The port, Selka, is open now."}
    >>> with_context([{"doc": "d", "start": 10, "end": 15}], texts, 9)
    [{'doc': 'd', 'start': 10, 'end': 15, 'before': 'port, ', 'match': 'Selka', 'after': ', is'}]
    """
    found = []
    for row in rows:
        text = texts.get(row.get("doc"))
        if text is None:
            found.append(row)
            continue
        start, end = row["start"], row["end"]
        before = text[max(0, start - width) : start]
        if start > width and " " in before:
            before = before[before.index(" ") + 1 :]
        after = text[end : end + width]
        if end + width < len(text) and " " in after:
            after = after[: after.rindex(" ")]
        found.append({**row, "before": before, "match": text[start:end], "after": after})
    return found
