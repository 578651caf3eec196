"""Persuasion techniques: the explainable rules on hand-written sentences, and a project's
spans and paragraphs written as SemEval-2023 Task 3's paragraph file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.techniques import technique_spans
from discursus.cli import app

TEXT = ("The so-called reforms are a catastrophe. Our nation deserves better than this "
        "brutal regime. The regime lies; the regime steals; the regime will destroy our homes. "
        "Patriots know it.")  # fmt: skip


@pytest.fixture(scope="module")
def spans():
    return technique_spans(load_pipeline()(TEXT), TEXT)


def test_each_rule_finds_its_words_and_says_why(spans):
    found = [(s["technique"], TEXT[s["start"] : s["end"]], s["rule"]) for s in spans]
    assert ("Doubt", "so-called", "words: so-called") in found
    assert ("Appeal_to_Fear-Prejudice", "catastrophe", "words: catastrophe") in found
    assert ("Appeal_to_Fear-Prejudice", "will destroy", "words: will destroy") in found
    assert ("Flag_Waving", "Our nation", "words: our nation") in found
    assert ("Flag_Waving", "Patriots", "words: patriots") in found
    loaded = [(t, w) for t, w, _ in found if t == "Loaded_Language"]
    assert loaded == [("Loaded_Language", "brutal")]  # VADER: -3.1
    # "regime", 4 of the text's 16 content words: each time after the first
    assert [w for t, w, _ in found if t == "Repetition"] == ["regime"] * 3


def test_labels_slogans_and_appeals_to_authority_are_found_with_why(tmp_path):
    text = (
        "Down with the tyrants! The incompetent officials and their puppets lie to us. #StopTheLevy"
        "\n\nNo surrender!\n\n"
        'Professor Ana Lind of the Coastal Institute said: "The levy will empty the harbour."'
        "\n"
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "levy.txt").write_text(text, encoding="utf-8")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(corpus)])
    project.annotate()
    stored = project.document("levy.txt")["text"]
    spans = project.techniques("span")
    found = {(r.technique, stored[r.start : r.end], r.rule) for r in spans.itertuples()}
    assert ("Slogans", "Down with the tyrants", "words: down with the tyrants") in found
    assert ("Slogans", "#StopTheLevy", "words: #stopthelevy") in found
    # a short exclamation that is a paragraph of its own; the first one is not
    assert ("Slogans", "No surrender!", "a short exclamation") in found
    assert ("Name_Calling-Labeling", "tyrants", "label: tyrants") in found
    assert ("Name_Calling-Labeling", "puppets", "label: puppets") in found
    # VADER: incompetent -2.1 (no Loaded_Language: under 2.5), a noun in the plural
    assert ("Name_Calling-Labeling", "incompetent officials",
            "incompetent (valence -2.1) officials") in found  # fmt: skip
    authority = [stored[r.start : r.end] for r in spans.itertuples()
                 if r.technique == "Appeal_to_Authority"]  # fmt: skip
    assert len(authority) == 1 and authority[0].startswith("Professor Ana Lind")
    assert authority[0].endswith("will empty the harbour.")
    assert "Slogans" not in {r.technique for r in spans.itertuples() if r.paragraph == 5}


def test_a_plain_report_has_no_technique():
    text = "The council met on Tuesday. It approved the budget for the harbour."
    assert technique_spans(load_pipeline()(text), text) == []


def test_techniques_of_a_project_as_the_semeval_paragraph_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article7001.txt").write_text(f"Headline\n\n{TEXT}\nThe council met.\n",
                                            encoding="utf-8")  # fmt: skip
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(corpus)])
    project.annotate()
    runner = CliRunner()
    result = runner.invoke(app, ["techniques", "-p", str(project.path), "-f", "semeval"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "7001\t1\t",
        "7001\t3\tAppeal_to_Fear-Prejudice,Doubt,Flag_Waving,Loaded_Language,"
        "Name_Calling-Labeling,Repetition",
        "7001\t4\t",
    ]
    spans = project.techniques("span")
    text = project.document("article7001.txt")["text"]
    assert all(text[r.start : r.end].lower() in r.rule.lower() or r.technique in (
        "Loaded_Language", "Repetition", "Name_Calling-Labeling")
        for r in spans.itertuples())  # fmt: skip
    assert set(spans.paragraph) == {3}
    from discursus.report import write_report

    page = write_report(project, tmp_path / "r.html").read_text()
    section = page[
        page.index('<section id="techniques">') : page.index('<section id="duplicates">')
    ]
    assert "<td>Doubt</td><td>words: so-called</td>" in section
    assert 'class="passage"' in section  # each span marked in its document on a click


def test_with_a_model_a_rule_labels_a_paragraph_only_where_the_model_comes_near(monkeypatch):
    import numpy as np

    import discursus.annotate.classifier as classifier
    from discursus.annotate.components.techniques import techniques
    from discursus.annotate.records import AnnotatorInput

    text = ("The so-called reforms failed.\nThe so-called experts spoke.\n"
            "The council met.\nOur nation deserves better.\n")  # fmt: skip
    model = {"labels": ["Doubt", "Loaded_Language"], "threshold": 0.5}
    # Doubt and Loaded_Language for each line, as a model would give them
    given = np.array([[0.40, 0.1], [0.20, 0.1], [0.1, 0.60], [0.1, 0.1]])
    monkeypatch.setattr(classifier, "labeller_probabilities", lambda m, texts: given)
    item = AnnotatorInput(0, text, load_pipeline()(text))
    rows = techniques(item, {"model": model})["techniques"]
    paragraphs = {(r["paragraph"], r["technique"]): r["rule"] for r in rows
                  if r["unit"] == "paragraph"}  # fmt: skip
    assert paragraphs == {
        (1, "Doubt"): "words: so-called; model 0.40",  # 0.40 >= 0.7 x 0.5: the rule decides
        (3, "Loaded_Language"): "model 0.60",
        (4, "Flag_Waving"): "words: our nation",  # a technique the model did not learn
    }  # line 2: the rule fires, but the model gives Doubt 0.20
    assert {(r["paragraph"], r["technique"]) for r in rows if r["unit"] == "span"} == {
        (1, "Doubt"), (2, "Doubt"), (4, "Flag_Waving")}  # fmt: skip
