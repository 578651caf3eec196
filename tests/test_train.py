"""Labellers trained offline: the public formats read (and refused with where and why), a
frames model measured, written as JSON and applied to a project's articles and paragraphs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import discursus
from discursus.cli import app
from discursus.errors import DiscursusError
from discursus.ingest.labelled import LabelledDataError, read_labelled
from discursus.runs.train import ModelError, load_model

ECONOMY = ["Taxes rose and the budget shrank, costing jobs.",
           "The budget deficit and new taxes hit wages and jobs.",
           "Jobs and wages fell as the budget was cut and taxes grew."]  # fmt: skip
DEFENCE = ["Troops massed at the border and the army was on alert.",
           "The army moved troops to the border after the attack.",
           "Border troops and the army repelled the attack."]  # fmt: skip


def _semeval(folder, articles):
    (folder / "train-articles-subtask-2").mkdir(parents=True)
    lines = []
    for number, (text, frames) in enumerate(articles, 1):
        (folder / "train-articles-subtask-2" / f"article{number}.txt").write_text(
            f"Headline {number}\n\n{text}\n", encoding="utf-8"
        )
        lines.append(f"{number}\t{','.join(frames)}")
    (folder / "train-labels-subtask-2.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture()
def semeval(tmp_path):
    folder = tmp_path / "en"
    articles = [(t, ["Economic"]) for t in ECONOMY * 2] + [
        (t, ["Security_and_defense"]) for t in DEFENCE * 2
    ]
    _semeval(folder, articles)
    return folder


def test_the_public_formats_are_read_and_refused_with_where_and_why(tmp_path, semeval):
    units = read_labelled("frames", semeval)
    assert len(units) == 12 and units.labels[0] == ["Economic"]
    assert units.text[0].startswith("Headline 1")
    with pytest.raises(LabelledDataError, match="en: no train-articles-subtask-3 "):
        read_labelled("techniques", semeval)
    tsv = tmp_path / "stance.tsv"
    header = "ID\tTarget\tTweet\tStance\n"
    tsv.write_text(header + "1\tHarbour\tBuild it!\tFAVOR\n2\tHarbour\tNo.\tMAYBE\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(LabelledDataError, match="stance.tsv line 3: stance 'MAYBE'"):
        read_labelled("stance", tsv)
    tsv.write_text("ID\tTarget\tTweet\tStance\n1\tHarbour\tBuild it!\tFAVOR\n", encoding="utf-8")
    assert read_labelled("stance", tsv).to_dict("records") == [
        {"group": "1", "unit": "1", "text": "Harbour. Build it!", "labels": ["favor"]}
    ]
    with pytest.raises(LabelledDataError, match="task 'genre' is not one of stance"):
        read_labelled("genre", tsv)


def test_a_frames_model_is_measured_written_and_applied(tmp_path, semeval):
    runner = CliRunner()
    model_file = tmp_path / "frames.json"
    result = runner.invoke(app, ["train", "frames", str(semeval), "-o", str(model_file),
                                 "--folds", "3", "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "label,precision,recall,f1,support"
    model = load_model(model_file, "frames")
    assert model["labels"] == ["Economic", "Security_and_defense"]
    assert model["scores"]["micro_f1"] == 1.0  # the two frames' words never meet
    assert model["trained_on"]["units"] == 12 and "pickle" not in model_file.read_text()
    with pytest.raises(ModelError, match="a frames model, not a stance model"):
        load_model(model_file, "stance")
    # a project's articles: the article and each of its lines framed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = ("Budget talks\n\nTaxes and jobs: the budget is cut.\n\n"
               "Troops at the border, the army says.\n")  # fmt: skip
    (corpus / "a.txt").write_text(article, encoding="utf-8")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(corpus)])
    none = runner.invoke(app, ["frames", "-p", str(project.path)])
    assert none.exit_code == 2 and "discursus train frames DATA -p P" in none.output
    result = runner.invoke(app, ["frames", "-p", str(project.path), "--model", str(model_file),
                                 "-q", "-f", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    paragraphs = {(r["paragraph"], r["frame"]) for r in rows if r["unit"] == "paragraph"}
    assert (3, "Economic") in paragraphs and (5, "Security_and_defense") in paragraphs
    assert (3, "Security_and_defense") not in paragraphs
    text = project.document("a.txt")["text"]
    third = next(r for r in rows if r["paragraph"] == 3)
    assert text[third["start"] : third["end"]] == "Taxes and jobs: the budget is cut."
    from discursus.report import write_report

    page = write_report(project, tmp_path / "r.html").read_text()
    section = page[page.index('<section id="frames">') : page.index('<section id="duplicates">')]
    assert "<td>a.txt</td>" in section and "Economic" in section


def test_an_embedding_head_is_trained_beside_the_ngrams_and_averaged_with_them(tmp_path, semeval):
    import numpy as np

    from discursus.annotate.classifier import (
        EmbeddingHead,
        embed_units,
        labeller_probabilities,
        model_of,
    )

    runner = CliRunner()
    model_file = tmp_path / "frames.json"
    result = runner.invoke(app, ["train", "frames", str(semeval), "-o", str(model_file),
                                 "--folds", "3", "--encoder", "hashing"])  # fmt: skip
    assert result.exit_code == 0, result.output
    model = load_model(model_file, "frames")
    head = EmbeddingHead.from_settings(model["embedding"])
    assert head.encoder == "hashing" and head.identity == "hashing-512"
    assert sorted(head.labels) == ["Economic", "Security_and_defense"]
    assert head.labels["Economic"][0].shape == (512,)
    texts = ["Taxes and jobs: the budget is cut.", "Troops at the border, the army says."]
    both = labeller_probabilities(model, texts)
    ngrams = model_of(model["weights"]).scores(texts)["Economic"]
    embedded = head.scores(embed_units("hashing", texts))["Economic"]
    assert np.allclose(both[:, 0], (ngrams + embedded) / 2)
    assert not np.allclose(ngrams, embedded)  # so the head counts
    assert both[0, 0] > 0.5 > both[0, 1] and both[1, 1] > 0.5 > both[1, 0]
    model["embedding"]["identity"] = "hashing-256"
    with pytest.raises(
        DiscursusError, match="trained on hashing-256 embeddings; this machine has hashing-512"
    ):
        labeller_probabilities(model, texts)
    bad = runner.invoke(app, ["train", "frames", str(semeval), "-o", str(model_file),
                              "--encoder", "bert"])  # fmt: skip
    assert bad.exit_code != 0 and "no encoder 'bert'; encoders: " in bad.output
    assert "hashing, minilm" in bad.output


def test_a_stance_model_is_scored_on_a_semeval_2016_test_file(tmp_path):
    header = "ID\tTarget\tTweet\tStance\n"
    favour = [
        "We love the new harbour, build it now!",
        "The harbour brings jobs, great plan.",
        "Yes to the harbour, a wonderful idea.",
        "Proud to back the harbour project.",
    ]
    against = [
        "Stop the harbour, it ruins the bay.",
        "The harbour is a disaster, scrap it.",
        "No harbour, it destroys our coast.",
        "Reject the harbour, a terrible waste.",
    ]
    rows = [(t, "FAVOR") for t in favour] + [(t, "AGAINST") for t in against]
    train_file = tmp_path / "train.tsv"
    train_file.write_text(header + "".join(f"{i}\tHarbour\t{t}\t{s}\n" for i, (t, s)
                                           in enumerate(rows, 1)), encoding="utf-8")  # fmt: skip
    test_file = tmp_path / "test.tsv"
    test_file.write_text(header + "101\tHarbour\tBuild the harbour, great jobs!\tFAVOR\n"
                         "102\tHarbour\tScrap the harbour, it ruins the bay.\tAGAINST\n"
                         "103\tHarbour\tThe harbour vote is on Monday.\tNONE\n",
                         encoding="utf-8")  # fmt: skip
    model_file = tmp_path / "stance.json"
    arguments = ["train", "stance", str(train_file), "--test", str(test_file),
                 "-o", str(model_file), "--folds", "2"]  # fmt: skip
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    # favour and against each found; the neutral tweet, a label the training data lacks, is
    # given one of them: that label's F1 is 2/3 (precision 1/2), F_avg (1 + 2/3) / 2, and
    # macro F1 over the three labels (1 + 2/3 + 0) / 3
    printed = "".join(result.output.split())  # however the console wrapped it
    assert f"stanceon{test_file}:f_avg0.833,macro_f10.556" in printed
    assert load_model(model_file)["scores"]["test"]["f_avg"] == 0.833
