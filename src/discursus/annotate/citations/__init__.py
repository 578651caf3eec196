"""Citations in running text (rows of ``shared/schemas/citation``): academic author-year
citations linked to the document's reference list, and scripture references."""

from __future__ import annotations

from discursus.annotate.citations.academic import (
    Citation,
    Reference,
    Work,
    find_academic,
    link_references,
    parse_references,
)
from discursus.annotate.citations.scripture import ScriptureRef, find_scripture, surah_number

__all__ = [
    "Citation",
    "Reference",
    "ScriptureRef",
    "Work",
    "extract_citations",
    "find_academic",
    "find_scripture",
    "link_references",
    "parse_references",
    "surah_number",
]


def extract_citations(text: str, doc_name: str) -> tuple[list[dict], list[dict]]:
    """Citation rows and the parsed reference list of one document.

    >>> rows, refs = extract_citations(
    ...     "Sovereignty floats (Varga, 2019a; cf. Demir, 1399), as in Surah Al-Hujurat, verse 13."
    ...     "\\n\\nReferences\\nDemir, S. (1399). Nationhood and the sea. Tehran.\\n"
    ...     "Varga, E. (2019a). Borrowed words. Corridor Review.\\n", "paper")
    >>> [(r["raw"], r["kind"]) for r in rows]
    [('Varga, 2019a; cf. Demir, 1399', 'academic'), ('Surah Al-Hujurat, verse 13', 'scripture')]
    >>> [(w["authors"], w["year"], w["reference"]) for w in rows[0]["works"]]
    [(['Varga'], '2019a', 1), (['Demir'], '1399', 0)]
    """
    references = parse_references(text)
    reference_start = min((r.start for r in references), default=len(text))
    body = text[:reference_start]
    scripture = find_scripture(body)
    academic = find_academic(body, exclude=[(s.start, s.end) for s in scripture])
    link_references(academic, references)

    def row(start: int, end: int, kind: str, narrative: bool, works: list, found) -> dict:
        return {
            "doc": doc_name,
            "start": start,
            "end": end,
            "raw": text[start:end],
            "kind": kind,
            "narrative": narrative,
            "works": works,
            "scripture": found,
        }

    rows = [
        row(c.start, c.end, "academic", c.narrative, [w.as_dict() for w in c.works], None)
        for c in academic
    ] + [row(r.start, r.end, "scripture", False, [], r.as_dict()) for r in scripture]
    rows.sort(key=lambda row: row["start"])
    return rows, [ref.as_dict() for ref in references]
