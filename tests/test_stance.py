"""Stance toward targets: hand-written sentences read by the words of stance and by what the
parse says is said of the target; and the sample corpus's rival actors toward the corridor."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.stance import target_stance
from discursus.cli import app


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(
    ("sentence", "target", "stance", "cue"),
    [
        ("We reject the corridor.", "corridor", "against", "reject"),
        ("We will never accept the corridor.", "corridor", "against", "accept"),  # negated
        ("The corridor is a disaster for our coast.", "corridor", "against", "disaster"),
        ("The corridor is a great success.", "corridor", "favor", "great"),
        ("The corridor is not a success.", "corridor", "against", "success"),  # negated
        ("Varnia, a loyal partner, joined the talks.", "Varnia", "favor", "loyal"),
        ("The brutal regime in Varnia jailed editors.", "regime", "against", "brutal"),
        ("Varnia has every right to defend itself.", "Varnia", "favor", "right"),
        ("We must help Varnia.", "Varnia", "favor", "help"),
        # "so-called" keeps its distance: no call for the plan
        ("She opposed the so-called tariff plan.", "tariff plan", "against", "called"),
        # named, no stance taken; a word beside the target is not done to it
        ("The ministry will brief reporters on the corridor tomorrow.", "corridor", "none", None),
        ("We stand for dignity and resistance.", "dignity", "none", None),
        # the target rejects: its own stance, not one toward it
        ("The Ministry of Trade rejected the accusation.", "Ministry of Trade", "none", None),
        ("The corridor was rejected by the assembly.", "corridor", "against", "rejected"),
    ],
)  # fmt: skip
def test_the_stance_toward_a_target_in_a_sentence(nlp, sentence, target, stance, cue):
    doc = nlp(sentence)
    start = sentence.index(target)
    found = target_stance(next(iter(doc.sents)), start, start + len(target), sentence)
    assert (found["stance"], found["cue"]) == (stance, cue)
    if cue is not None:
        assert sentence[found["cue_start"] : found["cue_end"]] == cue


def test_a_claim_reported_to_be_rejected_is_a_rejection(nlp):
    sentence = "They claim that the corridor will bring prosperity."
    doc = nlp(sentence)
    start = sentence.index("corridor")
    found = target_stance(next(iter(doc.sents)), start, start + 8, sentence, endorsed=False)
    assert (found["stance"], found["rule"]) == ("against", "reported to reject")


def test_the_sample_corpus_rival_actors_toward_the_corridor(sample_project, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample_project.path, folder)
    runner = CliRunner()
    none = runner.invoke(app, ["stance", "-p", str(folder)])
    assert none.exit_code == 2 and "discursus targets -p P --auto" in none.output
    targets = tmp_path / "targets.yaml"
    targets.write_text("targets:\n  - name: corridor\n    aliases: [Meridian Corridor]\n"
                       "  - name: consortium\n    aliases: [Halvorsen Consortium]\n",
                       encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["targets", "-p", str(folder), "--file", str(targets), "-q"])
    assert result.exit_code == 0, result.output
    project = discursus.open_project(folder)
    matrix = project.stance_matrix("holder").set_index(["holder", "target"])
    kessel = matrix.loc[("Daria Kessel", "corridor")]
    assert kessel.favor >= 3 and kessel.against == 0  # she launches it
    assert matrix.loc[("Yusuf Baranli", "consortium"), "net"] == -1.0  # he rejects it
    found = project.stances()
    texts = {}
    for row in found.itertuples():  # every stance points at its words
        text = texts.setdefault(row.doc, project.document(row.doc)["text"])
        assert row.start <= row.mention_start < row.mention_end <= row.end
        if row.cue is not None and row.cue_start == row.cue_start:
            assert text[int(row.cue_start) : int(row.cue_end)] == row.cue
    reported = found[found.voice == "reported"]
    assert not reported.empty and "Daria Kessel" in set(reported.holder)  # quoted in a report
    by_outlet = runner.invoke(app, ["stance", "-p", str(folder), "--by", "outlet", "-f", "csv"])
    assert by_outlet.exit_code == 0 and by_outlet.stdout.startswith(
        "outlet,target,favor,against,none,net"
    )
    from discursus.report import write_report

    page = write_report(project, tmp_path / "r.html").read_text()
    section = page[page.index('<section id="stance">') : page.index('<section id="duplicates">')]
    assert "Stance of each actor toward each target" in section
    assert "<td>Daria Kessel</td><td>corridor</td><td>favor</td>" in section
    assert 'class="passage"' in section  # each stance linked to its sentence
    # a cell of the matrix opens the list of its holder's stances toward its target
    anchor = section[section.index("<summary>Daria Kessel on <b>corridor</b>") - 60 :]
    anchor = anchor[anchor.index('id="') + 4 :]
    anchor = anchor[: anchor.index('"')]
    assert f'"{anchor}"' in section[: section.index("<details")]  # the heatmap's customdata
    kessel_favours = int(kessel.favor)
    assert f"Daria Kessel on <b>corridor</b>: {kessel_favours} stances" in section


def test_a_trained_stance_model_takes_over_from_the_rules(sample_project, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample_project.path, folder)
    lines = ["ID\tTarget\tTweet\tStance"]
    towns = ["Selka", "Dorn", "Varna", "Tarn", "Holm"]
    lands = ["homes", "coast", "ports", "farms", "rights"]
    days = ["Monday", "Tuesday", "Friday", "Sunday", "noon"]
    lines += [f"{i}\tcorridor\tThe corridor brings jobs and hope to {town}.\tFAVOR"
              for i, town in enumerate(towns, 1)]  # fmt: skip
    lines += [f"{i}\tcorridor\tThe corridor sells our land and {what}.\tAGAINST"
              for i, what in enumerate(lands, 6)]  # fmt: skip
    lines += [f"{i}\tcorridor\tThe corridor meeting is on {day}.\tNONE"
              for i, day in enumerate(days, 11)]  # fmt: skip
    data = tmp_path / "stance.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    targets.write_text("targets:\n  - name: corridor\n", encoding="utf-8")
    runner = CliRunner()
    runner.invoke(app, ["targets", "-p", str(folder), "--file", str(targets), "-q"])
    result = runner.invoke(app, ["train", "stance", str(data), "-p", str(folder), "--folds", "3",
                                 "-q", "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stance: 15 units, 3 folds: f_avg" in result.output
    found = discursus.open_project(folder).stances(mentions=True)
    assert not found.empty and found.rule.str.startswith("model:").all()
    assert set(found.stance) <= {"favor", "against", "none"}
