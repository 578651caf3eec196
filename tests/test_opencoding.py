"""Open coding: candidate codes found in a small hand-written corpus, variants merged,
names left out, and an accepted candidate coding the corpus."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import discursus
from discursus.analysis.opencoding import spelling_key
from discursus.cli import app

TEXTS = {
    "one.txt": "Minister Orvan spoke of a war of narratives. The cultural alliance of the "
    "coastal towns must answer the war of narratives with its own stories. Our organisation "
    "will fund the cultural alliance.",
    "two.txt": "Orvan repeated that the war of narratives is fought in every newspaper. A "
    "cultural alliance needs schools and libraries. The organization of the festival fell to "
    "the towns.",
    "three.txt": "Critics said the war of narratives was a slogan. Orvan answered that the "
    "cultural alliance had already opened three libraries. Each organisation sent delegates.",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opencoding")
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    opened = discursus.open_project(folder / "p", create=True)
    opened.ingest(sorted(folder.glob("*.txt")))
    opened.annotate()
    return opened


def test_key_phrases_and_words_are_proposed_with_counts_and_places(project):
    found = project.suggest_codes().set_index("code")
    war = found.loc["war of narratives"]
    assert (war.kind, war.frequency, war.documents) == ("phrase", 4, 3)
    for doc, start, end in war.examples:
        assert TEXTS[doc][start:end] == "war of narratives"
    # its words stand together far more often than apart (PMI); a word has no association
    assert war.association > 3 and pd.isna(found.loc["alliance", "association"])
    alliance = found.loc["cultural alliance"]
    assert (alliance.frequency, alliance.documents) == (4, 3)
    # British and American spellings are one candidate; the name of a person is not a code
    assert sorted(found.loc["organisation", "variants"]) == ["organisation", "organization"]
    assert found.loc["organisation", "frequency"] == 3
    assert "orvan" not in {c.lower() for c in found.index}
    assert found.ll.is_monotonic_decreasing


def test_spelling_keys_fold_case_accents_and_british_endings():
    assert spelling_key("Organisation") == spelling_key("organization")
    assert spelling_key("Labour") == spelling_key("labor") == "labor"
    assert spelling_key("Résistance") == "resistance"
    assert spelling_key("promise") != spelling_key("premise")


def test_an_accepted_candidate_joins_the_codebook_and_codes_the_corpus(project):
    runner = CliRunner()
    path = ["-p", str(project.path)]
    result = runner.invoke(app, ["suggest-codes", *path, "--accept", "war of narratives"])
    assert result.exit_code == 2 and "say who accepts them" in result.output
    result = runner.invoke(
        app, ["suggest-codes", *path, "--accept", "organization", "--accept",
              "war of narratives", "--coder", "Lena"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "added 'organisation', 'war of narratives' to the codebook" in result.output
    book = project.codebook()
    assert book.code("organisation").keywords == ("organisation", "organization")
    project.annotate()  # the codebook changed: coding runs again
    coded = project.codings(code="war of narratives")
    assert len(coded) == 4 and set(coded.coder) == {"rules"}
    # what the codebook has is no longer proposed
    assert "war of narratives" not in set(project.suggest_codes().code)
    wrong = runner.invoke(app, ["suggest-codes", *path, "--accept", "peace", "--coder", "Lena"])
    assert wrong.exit_code == 2 and "'peace' is not a suggested code" in wrong.output
    assert project.history().action.iloc[0] == "codebook"
