"""Author-year citations in running text, and the reference list they point to."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

_PARTICLE = r"(?:van|von|de|da|del|della|der|den|di|du|dos|das|le|la|al|el|bin|ibn|ten|ter|St\.?)"
# a capital then a small letter: initials and acronyms ("NZ", "PCR") are not surnames
_SURNAME = r"[A-ZÀ-ÖØ-ÞĀ-ſ](?:['’][A-Z])?[a-zß-ÿĀ-ɏ][\w'’\-]*"
# Surnames of one or more words: "Lewis", "Nunes da Fonseca", "van der Berg", "Ewen-Campen"
_NAME = rf"(?:{_PARTICLE}\s+)*{_SURNAME}(?:\s+(?:{_PARTICLE}\s+)*{_SURNAME})?"
_ETAL = r"\s+et\s+al\.?"
_MORE_AUTHORS = rf"(?:{_ETAL}|(?:\s*,\s*{_NAME}){{0,7}},?\s*(?:and|&)\s+{_NAME}(?:{_ETAL})?)"
_AUTHORS = rf"(?<![a-zß-ÿĀ-ɏ'’-])(?P<authors>{_NAME}{_MORE_AUTHORS}?)"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_YEAR = rf"(?:{_DATE}|1[0-9]{{3}}[a-z]?|20[0-9]{{2}}[a-z]?|in press|forthcoming|n\.d\.)"
_YEARS = rf"(?P<years>{_YEAR}(?:\s*(?:SH|AH|HS|AP))?(?:\s*,\s*{_YEAR}(?![\d/]))*)"
_PAGES = r"(?:\s*[,:]\s*(?P<pages>(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?))?"
_ITEM = re.compile(rf"{_AUTHORS}[ \t]*,?[ \t]*{_YEARS}{_PAGES}")
_NARRATIVE = re.compile(rf"{_AUTHORS}(?:['’]s?)?\s+\({_YEARS}{_PAGES}\)")
_YEAR_ONLY = re.compile(_YEAR)
_LEADING_WORD = re.compile(r"(\w+)\s+(?=[A-ZÀ-ÖØ-ÞĀ-ſ])")
_PARENS = re.compile(r"\(([^()]{4,600})\)")
_NOT_NAMES = {
    "see",
    "cf",
    "figure",
    "fig",
    "table",
    "in",
    "the",
    "and",
    "for",
    "e.g",
    "i.e",
    "also",
    "as",
    "since",
    "after",
    "before",
    "by",
    "from",
    "until",
    "between",
    "during",
    "january february march april may june july august september october november december",
}
_SENTENCE_WORDS = set(
    """indeed however thus moreover furthermore here recently similarly notably importantly
    interestingly consistently conversely previously finally first second third together
    specifically accordingly hence therefore nevertheless nonetheless instead likewise
    additionally alternatively briefly yet still also""".split()
)
_MONTHS = set(
    "january february march april may june july august september october november december".split()
)


@dataclass
class Work:
    authors: list[str]
    year: str | None
    date: str | None = None
    pages: str | None = None
    et_al: bool = False
    reference: int | None = None

    def as_dict(self) -> dict:
        return {
            "authors": self.authors,
            "year": self.year,
            "date": self.date,
            "pages": self.pages,
            "reference": self.reference,
        }


@dataclass
class Citation:
    start: int
    end: int
    narrative: bool
    works: list[Work] = field(default_factory=list)


def iso_date(written: str) -> str | None:
    """ISO date of dd/mm/yyyy or mm/dd/yyyy when the values tell which; None when ambiguous.

    >>> iso_date("14/03/2023"), iso_date("03/14/2023"), iso_date("03/04/2023")
    ('2023-03-14', '2023-03-14', None)
    """
    first, second, year = (int(x) for x in written.split("/"))
    if first > 12 and second <= 12:
        day, month = first, second
    elif second > 12 and first <= 12:
        day, month = second, first
    elif first == second:
        day = month = first
    else:
        return None
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _split_authors(written: str) -> tuple[list[str], bool]:
    et_al = bool(re.search(_ETAL, written))
    written = re.sub(_ETAL, "", written)
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", written)
    return [p.strip() for p in parts if p.strip()], et_al


def _works(match: re.Match) -> list[Work]:
    authors, et_al = _split_authors(match["authors"])
    first = authors[0].lower().rstrip(".") if authors else ""
    if not authors or first in _NOT_NAMES or first in _MONTHS or first in _SENTENCE_WORDS:
        return []
    years = re.findall(
        rf"{_DATE}|1[0-9]{{3}}[a-z]?|20[0-9]{{2}}[a-z]?|in press|forthcoming|n\.d\.", match["years"]
    )
    suffix = re.search(r"\b(SH|AH|HS|AP)\b", match["years"])
    works = []
    for year in years:
        date = iso_date(year) if "/" in year else None
        written = f"{year} {suffix[1]}" if suffix else year
        works.append(Work(authors, written, date, match["pages"], et_al))
    return works


def find_academic(text: str, exclude: list[tuple[int, int]] = ()) -> list[Citation]:
    """Parenthetical groups and narrative citations, one ``Citation`` per group.

    >>> text = "As shown (Rezapur, 2014; Dadavand et al., 2018a, p. 12), Lakzaei (2020) agrees."
    >>> found = find_academic(text)
    >>> [(text[c.start:c.end], c.narrative, [w.authors for w in c.works]) for c in found]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Rezapur, 2014; Dadavand et al., 2018a, p. 12', False, [['Rezapur'], ['Dadavand']]),
     ('Lakzaei (2020)', True, [['Lakzaei']])]
    """
    found: list[Citation] = []
    taken = list(exclude)

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _NARRATIVE.finditer(text):
        start = match.start()
        lead = _LEADING_WORD.match(match["authors"])
        if lead and lead[1].lower() in _NOT_NAMES | _SENTENCE_WORDS:
            # "For Laclau and Mouffe (1985)": the capitalised first word is not a name
            match = _NARRATIVE.match(text, start + lead.end()) or match
            start = match.start()
        works = _works(match)
        if not works:
            # "Indeed, Papp and Müller (2006)": a sentence adverb is not an author
            first = match["authors"].split(",")[0]
            if first.lower() not in _NOT_NAMES and first.lower() not in _SENTENCE_WORDS:
                continue
            rest = re.match(rf"{_AUTHORS}", text[match.start() + len(first) :].lstrip(", "))
            if rest is None:
                continue
            start = match.end("authors") - len(rest["authors"])
            works = _works(_NARRATIVE.match(text, start) or match)
            if not works:
                continue
        if free(start, match.end()):
            found.append(Citation(start, match.end(), True, works))
            taken.append((start, match.end()))
    for group in _PARENS.finditer(text):
        inner_start = group.start(1)
        inner = group[1]
        if not _YEAR_ONLY.search(inner):
            continue
        works: list[Work] = []
        spans = []
        for item in _ITEM.finditer(inner):
            span = (inner_start + item.start(), inner_start + item.end())
            if not free(*span):
                continue
            item_works = _works(item)
            if item_works:
                works.extend(item_works)
                spans.append(span)
        if works:
            start, end = spans[0][0], spans[-1][1]
            found.append(Citation(start, end, False, works))
            taken.append((start, end))
    # "Margueron and Reinberg, 2010" without brackets, inside a longer parenthesis ("see ...")
    found.sort(key=lambda c: c.start)
    return found


# -- reference lists ---------------------------------------------------------------------------

_REF_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(references|bibliography|works cited|literature cited|sources|literature)"
    r"\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_REF_YEAR = re.compile(
    r"\(?\b(1[0-9]{3}|20[0-9]{2})([a-z]?)(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\)?[.,]?"
)


@dataclass
class Reference:
    index: int
    start: int
    end: int
    authors: list[str]
    year: str | None
    title: str | None
    venue: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def _ref_surnames(author_part: str) -> list[str]:
    """'Laclau, E., & Mouffe, C.' -> [Laclau, Mouffe]; 'Cao R, Zhang Y' -> [Cao, Zhang]."""
    author_part = re.sub(r"\(Eds?\.\)|\bet al\.?", "", author_part)
    if ";" in author_part:
        # "Faraji, Gholamhossein; Hatami, Mohammadreza": surname before each comma
        pieces = [p.split(",")[0] for p in re.split(r"\s*;\s*&?\s*", author_part)]
    elif re.match(r"^[^,]+,\s+[A-Z][a-z]+\.?\s*$", author_part.strip()):
        pieces = [author_part.split(",")[0]]  # "Asadi, Alireza."
    else:
        pieces = re.split(r"\s*(?:;|,|&|\band\b)\s*", author_part)
    names = []
    for piece in pieces:
        words = piece.split()
        # drop initials ("E.", "R", "JN", "J.-P.")
        words = [w for w in words if not re.fullmatch(r"(?:[A-Z]\.?-?){1,4}\.?", w)]
        if words:
            names.append(" ".join(words).strip(". "))
    return [n for n in names if n]


def parse_references(text: str) -> list[Reference]:
    """The entries after the last 'References' heading, one per line (or paragraph).

    >>> refs = parse_references("Body.\\n\\nReferences\\nLaclau, E., & Mouffe, C. (1985). "
    ...                         "Hegemony and socialist strategy. London: Verso.\\n")
    >>> refs[0].authors, refs[0].year, refs[0].title
    (['Laclau', 'Mouffe'], '1985', 'Hegemony and socialist strategy')
    """
    headings = list(_REF_HEADING.finditer(text))
    if not headings:
        return []
    position = headings[-1].end()
    references = []
    for line in re.finditer(r"[^\n]+", text[position:]):
        entry = line.group().strip()
        start = position + line.start() + (len(line.group()) - len(line.group().lstrip()))
        if len(entry) < 10:
            continue
        if re.match(r"^#+\s", entry):
            break
        bullet = re.match(r"^(?:\[\d+\]|\d+\.|[-*•–])\s*", entry)
        if bullet:
            entry = entry[bullet.end() :]
            start += bullet.end()
        year_match = _REF_YEAR.search(entry)
        if year_match is None:
            authors, year, title, venue = _ref_surnames(entry.split(".")[0]), None, None, None
        else:
            authors = _ref_surnames(entry[: year_match.start()])
            year = year_match.group(1) + year_match.group(2)
            rest = entry[year_match.end() :].strip(" .")
            title_match = re.match(r"(.+?[.?!])(?:\s|$)", rest)
            title = (title_match.group(1) if title_match else rest).rstrip(".").strip() or None
            venue = rest[title_match.end() :].strip() if title_match else None
        references.append(
            Reference(
                len(references),
                start,
                start + len(line.group().strip()),
                authors,
                year,
                title,
                venue or None,
            )
        )
    return references


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z]", "", name)


def link_references(citations: list[Citation], references: list[Reference]) -> None:
    """Set each work's ``reference`` to the matching entry's index, or leave it None.

    Same author and year are told apart by the year's letter (2019a, 2019b); with no letters
    in the list, the n-th letter picks the n-th entry of that author and year.
    """
    if not references:
        return
    by_key: dict[tuple[str, str], list[Reference]] = {}
    for ref in references:
        if ref.authors and ref.year:
            by_key.setdefault((_fold(ref.authors[0]), ref.year[:4]), []).append(ref)
    for citation in citations:
        for work in citation.works:
            if not work.year or not work.authors:
                continue
            year = re.match(r"\d{4}", work.year.split("/")[-1] if "/" in work.year else work.year)
            if year is None:
                continue
            first = _fold(work.authors[0])
            candidates = by_key.get((first, year.group()), [])
            if not candidates:
                # spelled differently ("Nunes da Fonseca" / "Da Fonseca"): one inside the other
                candidates = [
                    r
                    for (name, y), refs in by_key.items()
                    if y == year.group() and (name.endswith(first) or first.endswith(name))
                    for r in refs
                ]
            if not candidates:
                # transliterated differently ("Mahdipur" / "Mahdipoor", "Esfahani" / "Isfahani")
                candidates = [
                    r
                    for (name, y), refs in by_key.items()
                    if y == year.group() and _similar(name, first)
                    for r in refs
                ]
            if not candidates:
                continue
            letter = work.year[4:5] if not work.date and len(work.year) > 4 else ""
            chosen = _choose(candidates, work, letter)
            work.reference = chosen.index if chosen is not None else None


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return len(a) >= 4 and len(b) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8


def _choose(candidates: list[Reference], work: Work, letter: str) -> Reference | None:
    if letter:
        lettered = [r for r in candidates if r.year and r.year[4:] == letter]
        if lettered:
            candidates = lettered
        elif len(candidates) > 1 and letter.isalpha():
            index = ord(letter) - ord("a")
            ordered = sorted(candidates, key=lambda r: r.index)
            return ordered[index] if index < len(ordered) else None
    if len(candidates) == 1:
        return candidates[0]

    def fit(ref: Reference) -> tuple[int, int]:
        n = len(ref.authors)
        if work.et_al:
            count_fit = n >= 3
        else:
            count_fit = n == len(work.authors)
        second = (
            len(work.authors) > 1
            and len(ref.authors) > 1
            and _fold(ref.authors[1]) == _fold(work.authors[1])
        )
        return (int(count_fit) + int(second), -ref.index)

    return max(candidates, key=fit)
