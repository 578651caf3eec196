"""The spaCy annotator on real sentences, and the same result from 1 or 2 processes."""

from __future__ import annotations

from discursus.annotate import (
    AnnotateConfig,
    DocInput,
    annotate_batch,
    annotate_batches,
    load_pipeline,
)


def test_sentences_lemmas_dependencies_and_entities():
    text = "Prime Minister Daria Kessel opened the talks in Port Varna. She promised jobs."
    result = annotate_batch(load_pipeline(), [DocInput(1, "h", text)])
    doc = result.docs[0]
    assert [(s["sent_index"], s["start"], s["end"]) for s in doc.rows["sentences"]] == [
        (0, 0, 59),
        (1, 60, 78),
    ]
    tokens = result.tokens.to_pandas().set_index("text")
    assert tokens.loc["opened", "lemma"] == "open"
    assert tokens.loc["opened", "dep"] == "ROOT"
    assert tokens.loc["promised", "pos"] == "VERB"
    assert tokens.loc["She", "sent"] == 1
    assert {"start": 15, "end": 27, "label": "PERSON", "text": "Daria Kessel"} in doc.rows[
        "entities"
    ]


def test_two_workers_give_the_same_annotations_as_one():
    texts = [
        "The minister said that the talks had failed.",
        "“We will try again,” she said in Dorn on Friday.",
        "Sovereignty is not nostalgia. It is the right of a people to say no.",
    ]
    batches = [[DocInput(i, str(i), t)] for i, t in enumerate(texts)]
    config = AnnotateConfig()
    one = [b.tokens.to_pylist() for b in annotate_batches(batches, config, workers=1)]
    two = [b.tokens.to_pylist() for b in annotate_batches(batches, config, workers=2)]
    assert one == two


def test_a_failing_analysis_loses_only_itself(monkeypatch, tmp_path):
    from conftest import SAMPLE

    import discursus
    import discursus.annotate.speech as speech

    def broken(doc, name, body_end=None):
        raise IndexError("span with start 885 and end 878")

    monkeypatch.setattr(speech, "analyze_speech", broken)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([SAMPLE / "09_varga_sovereignty_paper.md"])
    summary = project.annotate()
    assert summary.annotated == 1
    blocked = "{}: not run: it requires reported speech, which failed on this document"
    assert summary.problems == [
        (1, "reported speech: IndexError: span with start 885 and end 878"),
        (1, blocked.format("stance")), (1, blocked.format("techniques")),
    ]  # fmt: skip
    assert "PROBLEM doc 1: reported speech" in project.log_path(summary.run_id).read_text()
    # the rest of the document's analysis is there
    assert len(project.tokens()) > 500 and len(project.citation_rows()) >= 10
    assert project.quote_rows() == []


def test_an_analysis_over_its_time_budget_is_stopped_and_the_batch_kept(monkeypatch, tmp_path):
    import discursus
    import discursus.annotate.speech as speech

    real = speech.analyze_speech

    def hangs_on_the_second(doc, name, body_end=None):
        while "second" in doc.text:  # a pure-Python loop that would never end
            pass
        return real(doc, name, body_end)

    monkeypatch.setattr(speech, "analyze_speech", hangs_on_the_second)
    for name, text in [
        ("a.txt", "The minister said that the port would stay open."),
        ("b.txt", "A second text. The mayor said that the bridge had fallen."),
    ]:
        (tmp_path / name).write_text(text)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    summary = project.annotate(AnnotateConfig(time_budget=0.5))
    assert summary.annotated == 2
    assert summary.problems == [
        (2, "reported speech: stopped after 0.5 s (over its time budget) (--time-budget)"),
        (2, "stance: not run: it requires reported speech, which failed on this document"),
        (2, "techniques: not run: it requires reported speech, which failed on this document"),
    ]
    assert project.quotes().doc.tolist() == ["a.txt"]
    assert sorted(set(project.tokens().doc_id)) == [1, 2]
    assert project.runs().status.tolist() == ["done", "done"]


def test_a_time_budget_stops_pure_python_work():
    import pytest

    from discursus.budget import BudgetExceeded, time_budget

    with pytest.raises(BudgetExceeded, match="stopped after 0.2 s"):
        with time_budget(0.2) as enforced:
            assert enforced
            while True:
                pass
    with time_budget(0) as enforced:  # no budget
        assert not enforced
