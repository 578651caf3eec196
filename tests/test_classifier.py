"""The classifier coder: trained on a person's codings, measured by cross-validation, it finds
the sentences like theirs in documents nobody coded."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.classifier import NgramModel
from discursus.cli import app

CODED = {
    "a.txt": "The port handled more grain exports this year than ever before. Rain fell on the "
    "hills all night. Tariffs on imported steel will rise in the spring. The children walked to "
    "school under grey skies. Our shipping companies want lower customs duties. A cold wind "
    "blew from the north. Trade with our neighbours doubled after the new agreement. Snow "
    "closed the mountain pass for a week.",
    "b.txt": "Exporters of coffee asked the ministry for cheaper freight. The river flooded the "
    "lower town after the storm. A free trade zone will open near the harbour. Fog lay over the "
    "valley in the morning. Import quotas on textiles hurt our merchants. The summer was the "
    "hottest on record. Customs officers cleared the cargo in a day. Clouds gathered over the "
    "sea at dusk.",
}
NEW = (
    "The government will cut export taxes on fish. Heavy rain is expected on the coast "
    "tomorrow. Foreign buyers signed contracts for our copper. The night was clear and full of "
    "stars."
)
TRADE = ("port", "tariff", "shipping", "trade", "export", "freight", "import", "customs")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("classifier")
    for name, text in {**CODED, "new.txt": NEW}.items():
        (folder / name).write_text(text)
    opened = discursus.open_project(folder / "p", create=True)
    opened.ingest(sorted(folder.glob("*.txt")))
    opened.annotate()
    for doc in CODED:  # Lena codes every sentence on trade, none of the weather
        for sentence in opened.sentences(doc).itertuples():
            if any(word in sentence.text.lower() for word in TRADE):
                opened.add_coding(doc, "trade", "Lena", start=sentence.start, end=sentence.end)
    return opened


def test_it_learns_from_a_person_and_suggests_the_like_in_an_uncoded_document(project):
    report = project.learn(min_examples=3).set_index("code")
    assert report.loc["trade", ["yes", "no"]].tolist() == [8, 8]
    assert report.loc["trade", "learned"]
    assert report.loc["trade", "f1"] >= 0.7  # 3-fold cross-validated, on 16 sentences
    suggested = project.codings(coder="classifier")
    new = suggested[suggested.doc == "new.txt"]
    assert [NEW[s:e] for s, e in zip(new.start, new.end, strict=True)] == [
        "The government will cut export taxes on fish.",
        "Foreign buyers signed contracts for our copper.",  # no trade word: learned from n-grams
    ]
    assert set(new.status) == {"suggested"} and set(new.rule) == {"classifier:ngram"}
    assert new.score.between(0.5, 1).all()
    # where Lena coded it herself, the suggestion is already decided
    assert set(suggested[suggested.doc != "new.txt"].status) == {"decided"}
    # and it is a coder like any: compared with Lena on the documents both coded
    summary, _ = project.agreement(["Lena", "classifier"])
    assert summary.set_index("code").loc["trade", "units"] == 16


def test_the_model_is_plain_numbers_that_score_the_same_when_read_back(project):
    settings = project.stored_settings()["codes"]["classifier"]
    assert json.loads(json.dumps(settings)) == settings  # no pickle: JSON values only
    assert set(settings["report"]["codes"]) == {"trade"}
    model = NgramModel.from_settings(settings)
    again = NgramModel.from_settings(model.to_settings())
    texts = ["Cheaper freight for coffee exports.", "Snow on the hills."]
    first, second = model.scores(texts)["trade"], again.scores(texts)["trade"]
    assert np.allclose(first, second) and first[0] > 0.5 > first[1]


def test_too_few_examples_learn_nothing_and_say_so(project):
    result = CliRunner().invoke(
        app, ["learn", "-p", str(project.path), "--min-examples", "9", "-q", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "trade,8,8,,,,False" in result.output
    assert "no code has 9 sentences coded and 9 not: code more first" in result.output


def test_learn_from_the_cli_lists_the_likeliest_first(project):
    runner = CliRunner()
    result = runner.invoke(app, ["learn", "-p", str(project.path), "--min-examples", "3", "-q"])
    assert result.exit_code == 0, result.output
    assert "suggestions by the classifier" in result.output
    top = runner.invoke(
        app, ["codings", "-p", str(project.path), "--coder", "classifier", "--status",
              "suggested", "--top", "1", "-f", "jsonl"],
    )  # fmt: skip
    rows = [json.loads(line) for line in top.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["doc"] == "new.txt"
    unknown = runner.invoke(app, ["learn", "-p", str(project.path), "--coders", "Ivo"])
    assert unknown.exit_code == 2 and "no codings of Ivo; coders: Lena" in unknown.output
