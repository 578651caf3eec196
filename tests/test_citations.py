"""Citations on real sentences: the sample paper, the seed paper, the contract."""

from __future__ import annotations

import pytest
from conftest import SHARED, validate_rows

from discursus.annotate.citations import extract_citations, find_scripture, surah_number
from discursus.annotate.citations.academic import iso_date

SEEDS = SHARED / "corpus" / "seeds"


def test_groups_split_into_works_with_pages_and_et_al():
    text = (
        "It is contested (Fairclough, 1995, pp. 10-12; Okonkwo et al., 2021; Wodak & Meyer, 2001)."
    )
    (row,), _ = extract_citations(text, "t")
    assert row["raw"] == "Fairclough, 1995, pp. 10-12; Okonkwo et al., 2021; Wodak & Meyer, 2001"
    assert [(w["authors"], w["year"], w["pages"]) for w in row["works"]] == [
        (["Fairclough"], "1995", "pp. 10-12"),
        (["Okonkwo"], "2021", None),
        (["Wodak", "Meyer"], "2001", None),
    ]
    assert row["narrative"] is False


def test_narrative_citation_and_as_cited_in():
    text = "Lakzaei (2020) analyzed it (Ghavami, 2003, p. 29, as cited in Rasouli, 2014)."
    rows, _ = extract_citations(text, "t")
    assert [(r["raw"], r["narrative"]) for r in rows] == [
        ("Lakzaei (2020)", True),
        ("Ghavami, 2003, p. 29, as cited in Rasouli, 2014", False),
    ]
    assert [w["authors"][0] for w in rows[1]["works"]] == ["Ghavami", "Rasouli"]


def test_full_dates_are_told_apart_where_the_values_allow():
    assert iso_date("21/03/2023") == "2023-03-21"
    assert iso_date("09/16/2010") == "2010-09-16"
    assert iso_date("02/11/2019") is None  # either order is a date: not guessed
    (row,), _ = extract_citations("As he said (Khamenei, 09/16/2010).", "t")
    assert row["works"][0]["year"] == "09/16/2010"
    assert row["works"][0]["date"] == "2010-09-16"


def test_scripture_by_number_and_by_name():
    text = (
        "Hold fast (3:103) to the Quran; see Quran, 2:255 and (Baqarah, verse 10), "
        "verse 59 of Surah An-Nisa, and Blessed are the peacemakers (Matt. 5:9; 1 Cor 13:4-7)."
    )
    found = [(r.book, r.chapter, r.verse_start, r.verse_end) for r in find_scripture(text)]
    assert found == [
        ("quran", 3, 103, 103),
        ("quran", 2, 255, 255),
        ("quran", 2, 10, 10),
        ("quran", 4, 59, 59),
        ("bible", 5, 9, 9),
        ("bible", 13, 4, 7),
    ]
    # a time of day in a text that never names the Quran is not a verse
    assert find_scripture("The session resumed (14:30) after lunch.") == []


def test_all_114_surahs_and_common_spellings():
    from discursus.annotate.citations.scripture import SURAHS

    assert [surah_number(name) for name in SURAHS] == list(range(1, 115))
    assert surah_number("Al-Baqara") == surah_number("Baqarah") == 2
    assert surah_number("Aal-E-Imran") == 3 or surah_number("Al Imran") == 3
    assert surah_number("Yaseen") == 36 and surah_number("An-Naas") == 114


def test_sample_paper_links_works_to_its_reference_list(sample_project):
    refs = sample_project.references("09_varga_sovereignty_paper.md")
    assert len(refs) == 10
    assert refs.authors[3] == ["Laclau", "Mouffe"] and refs.year[3] == "1985"
    rows = sample_project.citation_rows("09_varga_sovereignty_paper.md")
    works = [(w["authors"][0], w["year"], w["reference"]) for r in rows for w in r["works"]]
    assert ("Varga", "2019a", 7) in works and ("Varga", "2019b", 8) in works
    assert ("Demir", "1399", 0) in works  # solar hijri year kept as written
    pages = [w["pages"] for r in rows for w in r["works"] if w["authors"][0] == "Laclau"]
    assert "pp. 105-114" in pages
    scripture = [r["scripture"]["chapter"] for r in rows if r["kind"] == "scripture"]
    assert scripture == [49, 3]


def test_every_row_follows_the_citation_contract(sample_project):
    docs = sample_project.documents(text=True).set_index("name")
    rows = sample_project.citation_rows()
    assert len(rows) >= 15
    validate_rows(rows, "citation.schema.json")
    for row in rows:
        assert docs.text[row["doc"]][row["start"] : row["end"]] == row["raw"]


@pytest.mark.skipif(not SEEDS.exists(), reason="seed documents not present")
def test_seed_paper_citations_link_despite_transliteration():
    text = sorted(SEEDS.glob("001_*.txt"))[0].read_text(encoding="utf-8")
    rows, refs = extract_citations(text, "seed")
    assert len(refs) == 44
    linked = {
        w["authors"][0]: refs[w["reference"]]["authors"][0]
        for r in rows
        for w in r["works"]
        if w["reference"] is not None
    }
    # spelled one way in the text and another in the list
    assert linked["Saleh Esfahani"] == "Saleh Isfahani"
    assert linked["Postinchi"] == "Poostinchi"
    assert all(r["raw"] == text[r["start"] : r["end"]] for r in rows)
    quran = [r["scripture"] for r in rows if r["kind"] == "scripture"]
    assert quran and all(s["book"] == "quran" for s in quran)


@pytest.mark.parametrize(
    "text, chapter, verse",
    [
        ("as the Quran says in Surah Aal-e-Imran, verse 103, hold fast", 3, 103),
        ("in Surah Al-e-Imran (3:103) we read", 3, 103),
        ("Surah Ale Imran, verse 104", 3, 104),
        ("verse 59 of Surah-e-Nisa", 4, 59),
        ("Surat-ul-Baqarah, verse 255", 2, 255),
        ("Suratul Baqarah (2:255)", 2, 255),
        ("Surah-al-Hujurat, verse 13", 49, 13),
        ("Surah Al-Mumtahina, verse 8", 60, 8),
    ],
)
def test_surah_names_as_texts_from_iran_pakistan_and_the_arab_world_spell_them(
    text, chapter, verse
):
    from discursus.annotate.citations.scripture import find_scripture

    assert [(r.chapter, r.verse_start) for r in find_scripture(text)] == [(chapter, verse)]
