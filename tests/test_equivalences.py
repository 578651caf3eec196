"""Articulations of equivalence: hand-written sentences whose lists, appositions and equating
predications are known, and the ones that equate nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from discursus.annotate.equivalence import equivalences
from discursus.annotate.pipeline import load_pipeline
from discursus.cli import app


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text):
    return [(r["relation"], [m["term"] for m in r["members"]], r["cue"])
            for sentence in nlp(text).sents for r in equivalences(sentence)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We stand for justice, independence and Islamic unity.",
         [("coordination", ["justice", "independence", "islamic unity"], None)]),
        ("The justice-seeking nations and the oppressed peoples will prevail.",
         [("coordination", ["justice-seeking nation", "oppressed people"], None)]),
        ("Sovereignty is dignity.", [("predication", ["sovereignty", "dignity"], "be")]),
        ("For us, resistance means independence and anti-hegemony.",
         [("predication", ["resistance", "independence"], "mean"),
          ("coordination", ["independence", "anti-hegemony"], None)]),
    ],
)  # fmt: skip
def test_lists_and_equating_predications_are_articulations(nlp, text, expected):
    assert sorted(_found(nlp, text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The corridor is not a gift.",  # a negated copula sets apart
        "Kessel and Baranli met in the capital.",  # people are actors, not signifiers
        "The harbour is the harbour.",  # a signifier equal to itself says nothing
        "They met on Monday and left.",
    ],
)
def test_what_equates_nothing(nlp, text):
    assert _found(nlp, text) == []


def test_members_point_at_their_words_and_the_command_lists_them(tmp_path, nlp):
    text = "Our programme rests on openness, partnership and prosperity. Openness is strength.\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["equivalences", str(corpus), "-q", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["relation"], [m["term"] for m in r["members"]]) for r in rows] == [
        ("coordination", ["openness", "partnership", "prosperity"]),
        ("predication", ["openness", "strength"]),
    ]
    for row in rows:
        assert all(text[m["start"] : m["end"]].lower().startswith(m["term"][:5])
                   for m in row["members"])  # fmt: skip
        assert row["sentence_start"] <= row["start"] < row["end"] <= row["sentence_end"]
    assert text[rows[0]["start"] : rows[0]["end"]] == "openness, partnership and prosperity"
    only = CliRunner().invoke(app, ["equivalences", str(corpus), "-q", "-f", "csv",
                                    "--relation", "predication"])  # fmt: skip
    assert only.stdout.splitlines()[1:] == [
        "speech.txt,61,81,predication,openness; strength,be,61,83"
    ]
    bad = CliRunner().invoke(app, ["equivalences", str(corpus), "--relation", "list"])
    assert bad.exit_code == 2 and "'list' is not one of" in bad.output
