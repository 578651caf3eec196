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
        "7001\t3\tAppeal_to_Fear-Prejudice,Doubt,Flag_Waving,Loaded_Language,Repetition",
        "7001\t4\t",
    ]
    spans = project.techniques("span")
    text = project.document("article7001.txt")["text"]
    assert all(text[r.start : r.end].lower() in r.rule.lower() or r.technique in (
        "Loaded_Language", "Repetition") for r in spans.itertuples())  # fmt: skip
    assert set(spans.paragraph) == {3}
    from discursus.report import write_report

    page = write_report(project, tmp_path / "r.html").read_text()
    section = page[
        page.index('<section id="techniques">') : page.index('<section id="duplicates">')
    ]
    assert "<td>Doubt</td><td>words: so-called</td>" in section
    assert 'class="passage"' in section  # each span marked in its document on a click
