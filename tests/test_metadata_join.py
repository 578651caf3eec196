"""Metadata from file names and a joined table: a fictional debate of three speeches, one
file the pattern does not fit, a table with a row for a speech nobody gave."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import discursus
from discursus.cli import app
from discursus.errors import DiscursusError, InputError
from discursus.ingest import IngestConfig
from discursus.ingest.joins import NamePattern, parse_pairs

TABLE = """Year,Session,ISO Code,Country,Name of Person Speaking,Post,
2020,75,VAR ,Republic of Varnia ,Daria Kessel,Prime Minister,
2021,076,VAR,Varnia,Daria Kessel,Prime Minister,
2020,75,SEL,Selka,Yusuf Baranli,President,
2022,77,SEL,Selka,Yusuf Baranli,President,
"""


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name in ("VAR_75_2020.txt", "VAR_76_2021.txt", "SEL_75_2020.txt", "notes.txt"):
        (folder / name).write_text("We stand for partnership and prosperity.\n")
    (tmp_path / "speakers.csv").write_text(TABLE, encoding="utf-8")
    return tmp_path


def test_a_name_pattern_reads_fields_and_fits_only_its_names():
    pattern = NamePattern("{iso}_{session}_{year}.txt")
    assert pattern.read("corpus/VAR_75_2020.txt") == {"iso": "VAR", "session": "75",
                                                      "year": "2020"}  # fmt: skip
    assert pattern.read("notes.txt") is None and pattern.read("VAR_75_2020.md") is None
    with pytest.raises(DiscursusError, match="has no {field} to read"):
        NamePattern("speech.txt")
    assert parse_pairs("iso=ISO Code, session=Session,year", "--join") == (
        ("iso", "ISO Code"), ("session", "Session"), ("year", "year"))  # fmt: skip


def test_a_table_joined_on_two_keys_with_what_matched_nothing(corpus):
    project = discursus.open_project(corpus / "p", create=True)
    config = IngestConfig(name_pattern="{iso}_{session}_{year}.txt",
                          metadata_table=str(corpus / "speakers.csv"),
                          join=(("iso", "ISO Code"), ("session", "Session")),
                          metadata_columns=(("speaker", "Name of Person Speaking"),
                                            ("country", "Country"), ("post", "Post")))  # fmt: skip
    summary = project.ingest([corpus / "speeches"], config)
    docs = project.documents().set_index("name")
    # the keys compare trimmed ("VAR "), a number by its value ("076" is session 76)
    assert docs.loc["VAR_76_2021.txt", "speaker"] == "Daria Kessel"
    assert docs.loc["VAR_75_2020.txt", "meta"]["country"] == "Republic of Varnia"
    assert docs.loc["SEL_75_2020.txt", "meta"]["post"] == "President"
    assert docs.loc["SEL_75_2020.txt", "date"] == "2020"  # the name's year is its date
    assert summary.pattern_misses == ["notes.txt"]
    assert summary.unmatched_documents == ["notes.txt"]
    assert summary.unmatched_rows == [{"ISO Code": "SEL", "Session": "77"}]
    # a field by name: --by country works on the joined field
    from discursus.analysis.subcorpus import document_groups

    countries = document_groups(project.documents(), "country").dropna()
    assert set(countries) == {"Republic of Varnia", "Varnia", "Selka"}


def test_the_command_reports_both_sides_and_refuses_a_bad_join(corpus):
    runner = CliRunner()
    common = ["ingest", str(corpus / "speeches"), "-p", str(corpus / "p"), "-q",
              "--name-pattern", "{iso}_{session}_{year}.txt",
              "--metadata", str(corpus / "speakers.csv")]  # fmt: skip
    result = runner.invoke(app, [*common, "--join", "iso=ISO Code,session=Session"])
    assert result.exit_code == 0, result.output
    assert "fits 3 of 4 documents; not notes.txt" in result.output
    assert "3 of 4 documents matched a row; none for notes.txt" in result.output
    assert "1 rows matched no document (ISO Code=SEL Session=77)" in result.output
    bad = runner.invoke(app, [*common, "--join", "iso=ISO"])
    assert bad.exit_code != 0 and "no column 'ISO'; columns: Year, Session, ISO Code" in bad.output
    alone = runner.invoke(app, [*common])
    assert alone.exit_code != 0 and "needs --join FIELD=COLUMN" in alone.output


def test_a_metadata_table_that_cannot_be_read_is_named(corpus):
    with pytest.raises(InputError, match="missing.csv: cannot read the metadata table"):
        discursus.open_project(corpus / "q", create=True).ingest(
            [corpus / "speeches"], IngestConfig(metadata_table=str(corpus / "missing.csv"),
                                                join=(("iso", "ISO Code"),)))  # fmt: skip
