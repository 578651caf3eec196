"""A person's statements: corrections and deletions of automatic ones that hold run after run,
statements by hand, imports of DNA's files and CSV, and DNA files written back losslessly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import load_codebook
from discursus.cli import app
from discursus.exchange.dna import check_password, password_hash
from discursus.ingest.dna import dna_statements, read_dna_tables

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "dna_sample" / "sample.dna"
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="DNA's sample not present")
BOOK = ROOT / "examples" / "codebooks" / "horizons-and-resistance.yaml"


@pytest.fixture()
def coded(sample_project, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample_project.path, folder)
    project = discursus.open_project(folder)
    settings = {"codes": {"codebook": load_codebook(BOOK).to_dict()}}
    project.annotate(discursus.annotate.AnnotateConfig(components=("codes",), settings=settings))
    return project


def test_corrections_and_deletions_of_automatic_statements_hold_after_a_new_run(coded):
    found = coded.statements()
    kessel = found[(found.actor == "Daria Kessel") & (found.concept == "corridor")
                   & (found.agreement == 1)]  # fmt: skip
    target, other = kessel.iloc[0], found[found.actor == "Hamid Rezavand"].iloc[0]
    corrected = coded.correct_statement(target.id, "ana", agreement=-1)
    coded.delete_statement(other.id, "ana")

    def check(statements):
        assert target.id not in set(statements.id) and other.id not in set(statements.id)
        mine = statements[statements.id == corrected["id"]].iloc[0]
        assert (mine.origin, mine.agreement, mine.actor) == ("manual", -1, "Daria Kessel")
        assert (mine.start, mine.end, mine.coder) == (target.start, target.end, "ana")

    check(coded.statements())
    # the codebook's rules change, so the codes run again: the person's work stays
    changed = load_codebook(BOOK).to_dict()
    changed["codes"][0]["codes"][1]["keywords"].append("crossroads")  # dignity's rules
    settings = {"codes": {"codebook": changed}}
    summary = coded.annotate(discursus.annotate.AnnotateConfig(components=("codes",),
                                                               settings=settings))  # fmt: skip
    assert summary.ran["codes"] > 0
    check(coded.statements())
    coded.undo()  # the deletion taken back: the automatic statement is there again
    assert other.id in set(coded.statements().id)


def test_a_statement_by_hand_on_a_quoted_passage(coded):
    quote = "a door that has been closed for too long"
    row = coded.add_statement(
        "02_gazette_report_kessel.md", "Mira Halden", "corridor", 0, "ana", quote=quote,
        occurrence=2, organization="The Gazette",
    )  # fmt: skip
    found = coded.statements().set_index("id").loc[row["id"]]
    assert found.evidence == quote and found.organization == "The Gazette"
    assert found.origin == "manual" and found.agreement == 0
    with pytest.raises(discursus.ProjectError, match="agreement 2 is not one of -1"):
        coded.add_statement("02_gazette_report_kessel.md", "X", "corridor", 2, "ana", start=0,
                            end=5)  # fmt: skip
    with pytest.raises(discursus.ProjectError, match="no statement 'a0000000000'"):
        coded.delete_statement("a0000000000", "ana")


def test_a_csv_of_statements_is_imported_and_its_bad_rows_named(coded, tmp_path):
    table = tmp_path / "coded.csv"
    table.write_text(
        "doc,start,end,actor,organization,concept,agreement\n"
        "01_kessel_corridor_launch.txt,0,40,Daria Kessel,Horizon Union,corridor,1\n"
        "no_such_document.txt,0,10,Someone,,corridor,1\n"
        "01_kessel_corridor_launch.txt,0,999999,Daria Kessel,,corridor,-1\n",
        encoding="utf-8",
    )
    count, problems = coded.import_statements([table], "ana")
    assert count == 1
    assert problems[0] == ("coded.csv statement 2: no document 'no_such_document.txt' in the "
                           "project (ingest it)")  # fmt: skip
    assert "coded.csv statement 3: characters 0-999999 are not in" in problems[1]
    mine = coded.statements(automatic=False)
    assert mine[["actor", "organization", "agreement", "coder"]].values.tolist() == [
        ["Daria Kessel", "Horizon Union", 1, "ana"]
    ]


@needs_sample
def test_dnas_own_password_hash():
    admin = read_dna_tables(SAMPLE)["CODERS"].Password[0]
    assert check_password("sample", admin)  # the sample's documented password
    assert not check_password("Sample", admin)
    assert check_password("pw", password_hash("pw"))


@needs_sample
def test_a_dna_file_imported_exported_and_imported_again_loses_nothing(tmp_path):
    runner = CliRunner()
    project = tmp_path / "p"
    for args in (["ingest", str(SAMPLE), "-p", str(project), "-q"],
                 ["import-statements", str(SAMPLE), "-p", str(project), "--coder", "ana"],
                 ["export-dna", "-p", str(project), "-o", str(tmp_path / "out.dna"),
                  "--password", "pw"]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    before, after = read_dna_tables(SAMPLE), read_dna_tables(tmp_path / "out.dna")
    # every table as it was; the value rows of statements differ only in their own ids
    for table in before:
        columns = [c for c in before[table].columns
                   if not (table.startswith("DATA") and c == "ID")]  # fmt: skip
        assert sorted(before[table][columns].astype(str).values.tolist()) == sorted(
            after[table][columns].astype(str).values.tolist()
        ), table
    for kind in ("DNA Statement", "NPF Story Element", "Annotation"):
        assert dna_statements(before, kind).equals(dna_statements(after, kind)), kind


@needs_sample
def test_a_correction_goes_out_in_the_dna_file(tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(SAMPLE)])
    assert project.import_statements([SAMPLE], "ana") == (40, [])
    first = project.statements().iloc[0]
    project.correct_statement(first.id, "ben", concept="Cap and trade is the solution.")
    project.export_dna(tmp_path / "out.dna", "pw")
    tables = read_dna_tables(tmp_path / "out.dna")
    written = dna_statements(tables)
    row = written[(written.start == first.start) & (written.end == first.end)].iloc[0]
    assert (row.concept, row.coder) == ("Cap and trade is the solution.", "ben")
    coders = tables["CODERS"].set_index("Name")
    assert check_password("pw", coders.Password["ben"])  # a coder new to the file
    assert check_password("sample", coders.Password["Coder 1"])  # the file's own, as they were


def test_a_file_that_is_no_dna_database_does_not_stop_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fake.dna").write_bytes(b"not a database at all")
    (corpus / "speech.txt").write_text("We stand for open horizons.", encoding="utf-8")
    project = discursus.open_project(tmp_path / "p", create=True)
    summary = project.ingest([str(corpus)])
    assert summary.added == 1
    failures = project.failures()
    assert failures.shape[0] == 1 and "fake.dna" in failures.iloc[0]["path"]
    assert "not a DNA" in failures.iloc[0]["reason"]


SUPPORT = ["We proudly support the harbour treaty.", "Our union backs the harbour treaty fully.",
           "We welcome the harbour treaty and will defend it.",
           "The council supports the harbour treaty without reservation."]  # fmt: skip
OPPOSE = ["We firmly oppose the harbour treaty.", "Our union rejects the harbour treaty outright.",
          "We will fight the harbour treaty at every turn.",
          "The council opposes the harbour treaty and will block it."]  # fmt: skip


def test_a_stance_learned_from_a_persons_statements(tmp_path):
    from discursus.analysis.statements import _apply_stance
    from discursus.runs.stance import COMPONENT, StanceModel

    corpus = tmp_path / "debate.txt"
    corpus.write_text(" ".join(s for pair in zip(SUPPORT, OPPOSE, strict=True) for s in pair),
                      encoding="utf-8")  # fmt: skip
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(corpus)])
    text = project.document("debate.txt")["text"]
    for sentence, agreement in [(s, 1) for s in SUPPORT] + [(s, -1) for s in OPPOSE]:
        project.add_statement("debate.txt", "Speaker", "harbour treaty", agreement, "ana",
                              quote=sentence)  # fmt: skip
    with pytest.raises(discursus.ProjectError, match="no stance learned yet"):
        project.statements(stance="learned")
    report = project.learn_stance(min_examples=3).set_index("concept")
    assert report.loc["*", "learned"] and report.loc["harbour treaty", "learned"]
    assert report.loc["*", ["supports", "rejects"]].tolist() == [4, 4]
    model = StanceModel(project.stored_settings()[COMPONENT]["stance"])
    found = model.stance(["They support the harbour treaty.", "They oppose the harbour treaty."],
                         ["harbour treaty", "unknown concept"])  # fmt: skip
    assert [f[0] for f in found] == [1, -1]  # the concept's own model, then the shared one
    assert all(0.5 < f[1] <= 1 for f in found)
    # a claim reported in order to be rejected stays a rejection
    frame = pd.DataFrame({"doc": ["debate.txt"] * 2, "start": [0, 0], "end": [38, 38],
                          "concept": ["harbour treaty"] * 2, "agreement": [-1, 0],
                          "rule": ["reported to reject", "mention"]})  # fmt: skip
    _apply_stance(frame, {"debate.txt": text}, model.stance)
    assert frame.agreement.tolist() == [-1, 1] and frame.rule[0] == "reported to reject"
    assert frame.rule[1].startswith("learned stance 0.")
