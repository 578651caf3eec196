"""A document's text as the workbench shows it: cut into runs at every annotation's edge,
each run with the annotations covering it, so a page can highlight them and toggle each kind
without any HTML in the text itself (the template escapes every run).

Browsers count a text in UTF-16 units; Python in code points. A selection's offsets from the
page are turned back with :func:`python_offset`.
"""

from __future__ import annotations

from collections.abc import Iterable


def runs(text: str, spans: Iterable[dict]) -> list[dict]:
    """``text`` cut at each span's start and end: runs of text, start, end, and the spans
    (kind, label, id) covering each. ``spans``: dicts with start, end, kind, label."""
    spans = [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    edges = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    found = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = [s for s in spans if s["start"] <= start and end <= s["end"]]
        labels = sorted({f"{s['kind']}: {s['label']}" for s in covering})
        found.append({"text": text[start:end], "start": start, "end": end,
                      "kinds": sorted({s["kind"] for s in covering}),
                      "labels": labels})  # fmt: skip
    return found


def python_offset(text: str, utf16_offset: int) -> int:
    """The index in ``text`` of a browser's UTF-16 offset into it.

    >>> python_offset("😀ab", 3), python_offset("abc", 2)
    (2, 2)
    """
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def utf16_offset(text: str, index: int) -> int:
    """The browser's UTF-16 offset of ``text[index]`` (for a link to a passage).

    >>> utf16_offset("😀ab", 2)
    3
    """
    return len(text[:index].encode("utf-16-le")) // 2
