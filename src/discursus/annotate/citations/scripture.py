"""Scripture references: Quran by number and by surah name, Bible by book, chapter and verse."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The 114 surahs in order, in a common transliteration; variants are matched after normalizing
# (no article, no apostrophes or hyphens, final h dropped, doubled letters single).
SURAHS = """Al-Fatihah Al-Baqarah Al-Imran An-Nisa Al-Maidah Al-Anam Al-Araf Al-Anfal At-Tawbah
Yunus Hud Yusuf Ar-Rad Ibrahim Al-Hijr An-Nahl Al-Isra Al-Kahf Maryam Taha Al-Anbiya Al-Hajj
Al-Muminun An-Nur Al-Furqan Ash-Shuara An-Naml Al-Qasas Al-Ankabut Ar-Rum Luqman As-Sajdah
Al-Ahzab Saba Fatir Yasin As-Saffat Sad Az-Zumar Ghafir Fussilat Ash-Shura Az-Zukhruf Ad-Dukhan
Al-Jathiyah Al-Ahqaf Muhammad Al-Fath Al-Hujurat Qaf Adh-Dhariyat At-Tur An-Najm Al-Qamar
Ar-Rahman Al-Waqiah Al-Hadid Al-Mujadilah Al-Hashr Al-Mumtahanah As-Saff Al-Jumuah
Al-Munafiqun At-Taghabun At-Talaq At-Tahrim Al-Mulk Al-Qalam Al-Haqqah Al-Maarij Nuh Al-Jinn
Al-Muzzammil Al-Muddaththir Al-Qiyamah Al-Insan Al-Mursalat An-Naba An-Naziat Abasa At-Takwir
Al-Infitar Al-Mutaffifin Al-Inshiqaq Al-Buruj At-Tariq Al-Ala Al-Ghashiyah Al-Fajr Al-Balad
Ash-Shams Al-Layl Ad-Duha Ash-Sharh At-Tin Al-Alaq Al-Qadr Al-Bayyinah Az-Zalzalah Al-Adiyat
Al-Qariah At-Takathur Al-Asr Al-Humazah Al-Fil Quraysh Al-Maun Al-Kawthar Al-Kafirun An-Nasr
Al-Masad Al-Ikhlas Al-Falaq An-Nas""".split()
# Other names and spellings in common use (normalized form -> surah number).
_SURAH_VARIANTS = {
    "aliimran": 3,
    "mumtahina": 60,
    "imran": 3,
    "nisaa": 4,
    "maida": 5,
    "anaam": 6,
    "tauba": 9,
    "taubah": 9,
    "bara": 9,
    "baraa": 9,
    "raad": 13,
    "bani israil": 17,
    "israa": 17,
    "mominun": 23,
    "muminoon": 23,
    "shuaraa": 26,
    "sajda": 32,
    "yaseen": 36,
    "yasin": 36,
    "mumin": 40,
    "hamim sajdah": 41,
    "fussilat": 41,
    "dahr": 76,
    "insan": 76,
    "inshirah": 94,
    "alamnashrah": 94,
    "teen": 95,
    "lahab": 111,
    "tabbat": 111,
    "ikhlaas": 112,
}
# bare "(N:M)" is taken as a Quran reference only in a text that names the Quran
_QURAN_WORDS = re.compile(r"\b(qur['’]?an|koran|surah?|surat|sura|ayah?|verse)\b", re.IGNORECASE)

# Bible books: name -> abbreviations and other names
BIBLE_BOOKS = {
    "Genesis": "Gen Gn",
    "Exodus": "Exod Ex",
    "Leviticus": "Lev Lv",
    "Numbers": "Num Nm",
    "Deuteronomy": "Deut Dt",
    "Joshua": "Josh Jos",
    "Judges": "Judg Jdg",
    "Ruth": "Ru",
    "1 Samuel": "1 Sam 1Sam 1 Sm",
    "2 Samuel": "2 Sam 2Sam 2 Sm",
    "1 Kings": "1 Kgs 1Kgs",
    "2 Kings": "2 Kgs 2Kgs",
    "1 Chronicles": "1 Chr 1Chr",
    "2 Chronicles": "2 Chr 2Chr",
    "Ezra": "Ezr",
    "Nehemiah": "Neh",
    "Esther": "Esth Est",
    "Job": "Jb",
    "Psalms": "Psalm Ps Pss Psa",
    "Proverbs": "Prov Prv",
    "Ecclesiastes": "Eccl Qoh",
    "Song of Songs": "Song of Solomon Song",
    "Isaiah": "Isa Is",
    "Jeremiah": "Jer",
    "Lamentations": "Lam",
    "Ezekiel": "Ezek Ez",
    "Daniel": "Dan Dn",
    "Hosea": "Hos",
    "Joel": "Jl",
    "Amos": "Am",
    "Obadiah": "Obad",
    "Jonah": "Jon",
    "Micah": "Mic",
    "Nahum": "Nah",
    "Habakkuk": "Hab",
    "Zephaniah": "Zeph",
    "Haggai": "Hag",
    "Zechariah": "Zech",
    "Malachi": "Mal",
    "Matthew": "Matt Mt",
    "Mark": "Mk Mrk",
    "Luke": "Lk",
    "John": "Jn Jhn",
    "Acts": "Acts of the Apostles",
    "Romans": "Rom Rm",
    "1 Corinthians": "1 Cor 1Cor",
    "2 Corinthians": "2 Cor 2Cor",
    "Galatians": "Gal",
    "Ephesians": "Eph",
    "Philippians": "Phil",
    "Colossians": "Col",
    "1 Thessalonians": "1 Thess 1Thess",
    "2 Thessalonians": "2 Thess 2Thess",
    "1 Timothy": "1 Tim 1Tim",
    "2 Timothy": "2 Tim 2Tim",
    "Titus": "Tit",
    "Philemon": "Phlm",
    "Hebrews": "Heb",
    "James": "Jas",
    "1 Peter": "1 Pet 1Pet",
    "2 Peter": "2 Pet 2Pet",
    "1 John": "1 Jn 1Jn",
    "2 John": "2 Jn 2Jn",
    "3 John": "3 Jn 3Jn",
    "Jude": "Jud",
    "Revelation": "Rev Rv Revelations",
}


@dataclass(frozen=True)
class ScriptureRef:
    start: int
    end: int
    book: str  # quran | bible
    chapter: int
    verse_start: int | None
    verse_end: int | None
    part: str | None = None  # the Bible book ("Matthew"); None for the Quran

    def as_dict(self) -> dict:
        found = {"book": self.book, "chapter": self.chapter}
        if self.verse_start is not None:
            found["verse_start"] = self.verse_start
            found["verse_end"] = self.verse_end if self.verse_end is not None else self.verse_start
        if self.part:
            found["bible_book"] = self.part
        return found


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"['’`ʿʾ‘]", "", name)
    # Persian and Urdu connectors: Aal-e-Imran, Al-i-Imran, Surah-e-Rahman
    name = re.sub(r"[- ](?:e|i|ul|ol|el)[- ]", "-", name)
    name = re.sub(r"^(aa?l[ei]?|a[lnrstdzh]{1,2})[- ]", "", name)  # al-, an-, ash-, aal-, ale

    name = re.sub(r"[- ]", "", name)
    name = re.sub(r"(.)\1", r"\1", name)  # doubled letters
    return re.sub(r"h$", "", name)


_SURAH_NUMBER = {_fold(name): number for number, name in enumerate(SURAHS, start=1)}
_SURAH_NUMBER.update({_fold(name): number for name, number in _SURAH_VARIANTS.items()})
_SURAH_NAME = r"(?:[Aa][lnrstdzh]{1,2}[- ])?[A-Z][\w'’-]*(?:[- ][A-Z][\w'’-]*)?"
# Surah, Sura, Surat, and Surah-e-, Surat-ul-, Suratul as Persian, Urdu and Arabic texts join it
_SURAH_WORD = r"(?:[Ss]uratul|[Ss]ura[ht]?(?:-(?:e|i|ul|ol|al))?)"
_VERSES = r"(?P<v1>\d{1,3})(?:\s*[-–]\s*(?P<v2>\d{1,3}))?"
_VERSE_WORD = r"(?:[Vv]erses?|[Aa]yah?s?|[Aa]yat)"

_QURAN_PATTERNS = [
    # verse 59 of Surah An-Nisa
    re.compile(
        rf"\b{_VERSE_WORD}\s+{_VERSES}\s+of\s+(?:the\s+)?{_SURAH_WORD}[-\s]+(?P<name>{_SURAH_NAME})"
    ),
    # Surah Al-Hujurat, verse 13
    re.compile(rf"\b{_SURAH_WORD}[-\s]+(?P<name>{_SURAH_NAME})\s*,?\s*{_VERSE_WORD}\s+{_VERSES}"),
    # Surah Al-Hujurat (49:13), Surah Al-Baqarah 2:255
    re.compile(
        rf"\b{_SURAH_WORD}[-\s]+(?P<name>{_SURAH_NAME})\s*\(?(?P<ch>\d{{1,3}})\s*:\s*{_VERSES}\)?"
    ),
    # Surah Al-Imran (the whole surah)
    re.compile(rf"\b{_SURAH_WORD}[-\s]+(?P<name>{_SURAH_NAME})"),
    # (Baqarah, verse 10)
    re.compile(rf"\((?P<name>{_SURAH_NAME}),\s*{_VERSE_WORD}\s+{_VERSES}\)"),
    # Quran 2:256, Qur'an, 2:255, Koran 49:13
    re.compile(
        rf"\b(?:[Tt]he\s+)?(?:Qur['’]?an|Quran|Koran)\s*,?\s*(?P<ch>\d{{1,3}})\s*:\s*{_VERSES}"
    ),
]
_BARE_CHAPTER_VERSE = re.compile(rf"\((?P<ch>\d{{1,3}})\s*:\s*{_VERSES}\)")


def _bible_pattern() -> re.Pattern:
    names = []
    for book, others in BIBLE_BOOKS.items():
        names.append(book)
        names.extend(re.findall(r"\d? ?[A-Z][a-z]+(?: of (?:the )?[A-Z][a-z]+)?", others))
    alternatives = "|".join(
        re.escape(n).replace(r"\ ", r"\s?") for n in sorted(set(names), key=len, reverse=True)
    )
    return re.compile(
        rf"\b(?P<book>{alternatives})\.?\s+(?P<ch>\d{{1,3}})\s*[:.]\s*{_VERSES}(?![\d:])"
    )


_BIBLE = _bible_pattern()
_BIBLE_LOOKUP = {}
for _book, _others in BIBLE_BOOKS.items():
    _BIBLE_LOOKUP[_book.lower().replace(" ", "")] = _book
    for _alias in re.findall(r"\d? ?[A-Z][a-z]+(?: of (?:the )?[A-Z][a-z]+)?", _others):
        _BIBLE_LOOKUP[_alias.lower().replace(" ", "")] = _book


def surah_number(name: str) -> int | None:
    """The surah a name stands for, in its common transliterations.

    >>> surah_number("Al-Hujurat"), surah_number("Baqara"), surah_number("Ar-Ra'd")
    (49, 2, 13)
    >>> surah_number("An-Nisa"), surah_number("Al Imran"), surah_number("Yaseen")
    (4, 3, 36)
    """
    return _SURAH_NUMBER.get(_fold(name))


def find_scripture(text: str) -> list[ScriptureRef]:
    """Quran and Bible references in ``text``.

    >>> refs = find_scripture("As verse 59 of Surah An-Nisa teaches, and (Quran, 2:256).")
    >>> [(r.chapter, r.verse_start) for r in refs]
    [(4, 59), (2, 256)]
    >>> [r.as_dict() for r in find_scripture("Blessed are the peacemakers (Matt. 5:9).")]
    [{'book': 'bible', 'chapter': 5, 'verse_start': 9, 'verse_end': 9, 'bible_book': 'Matthew'}]
    """
    found: list[ScriptureRef] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern in _QURAN_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            chapter = None
            if groups.get("name"):
                chapter = surah_number(groups["name"])
                if chapter is None:
                    continue
            if groups.get("ch"):
                number = int(groups["ch"])
                if chapter is not None and number != chapter:
                    continue
                chapter = number
            if chapter is None or not 1 <= chapter <= 114 or not free(*match.span()):
                continue
            v1 = int(groups["v1"]) if groups.get("v1") else None
            v2 = int(groups["v2"]) if groups.get("v2") else v1
            start, end = match.span()
            if text[start] == "(" and text[end - 1] == ")":
                start, end = start + 1, end - 1
            taken.append(match.span())
            found.append(ScriptureRef(start, end, "quran", chapter, v1, v2))
    if _QURAN_WORDS.search(text):
        for match in _BARE_CHAPTER_VERSE.finditer(text):
            chapter = int(match["ch"])
            if 1 <= chapter <= 114 and free(*match.span()):
                start, end = match.start() + 1, match.end() - 1
                v1 = int(match["v1"])
                v2 = int(match["v2"]) if match["v2"] else v1
                taken.append((start, end))
                found.append(ScriptureRef(start, end, "quran", chapter, v1, v2))
    for match in _BIBLE.finditer(text):
        if not free(*match.span()):
            continue
        book = _BIBLE_LOOKUP.get(match["book"].lower().replace(" ", ""))
        if book is None:
            continue
        v1 = int(match["v1"])
        v2 = int(match["v2"]) if match["v2"] else v1
        taken.append(match.span())
        found.append(ScriptureRef(*match.span(), "bible", int(match["ch"]), v1, v2, book))
    found.sort(key=lambda ref: ref.start)
    return found
