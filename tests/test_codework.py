"""A person's coding work: every change journalled (undo, redo, history), codes renamed,
merged and split without losing codings or memos, and codings placed again when a text
changes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app

CODEBOOK = """\
name: Harbour talk
codes:
  - name: sovereignty
    keywords: [sovereignty, self-determination]
  - name: pressure
    patterns:
      - [{LOWER: {IN: [foreign, outside]}}, {LOWER: pressure}]
    codes:
      - name: sanctions
        lemmas: [sanction]
"""

HARBOUR = (
    "Our sovereignty is not for sale. Foreign pressure will not move us.\n\n"
    "Self-determination is our right. The harbour stays open."
)
PORT = "They sanctioned the port twice. Trade fell."


@pytest.fixture
def project(tmp_path):
    (tmp_path / "harbour.txt").write_text(HARBOUR)
    (tmp_path / "port.txt").write_text(PORT)
    (tmp_path / "book.yaml").write_text(CODEBOOK)
    opened = discursus.open_project(tmp_path / "p", create=True)
    opened.ingest([tmp_path / "harbour.txt", tmp_path / "port.txt"])
    result = CliRunner().invoke(
        app, ["code", "--codebook", str(tmp_path / "book.yaml"), "-p", str(opened.path), "-q"]
    )
    assert result.exit_code == 0, result.output
    return opened


def _state(project) -> tuple:
    """What a person made: their codings, the memos, the codebook."""
    codings = project.codings()
    mine = codings[codings.origin == "manual"]
    rows = sorted((r.doc, r.code, r.start, r.end, r.coder, r.status) for r in mine.itertuples())
    memos = sorted((r.target, r.about, r.text) for r in project.memos().itertuples())
    book = project.codebook()
    return rows, memos, book.to_dict() if book else None


def _id(project, code: str, **where) -> int:
    found = project.codings(code=code)
    for field, value in where.items():
        found = found[found[field] == value]
    assert len(found) == 1, found
    return int(found.id.iloc[0])


CHANGES = {
    "code": lambda p: p.add_coding("port.txt", "trade", "Lena", quote="Trade fell"),
    "accept": lambda p: p.review("accepted", "Lena", code="sovereignty"),
    "memo": lambda p: p.add_memo("Sovereignty as a price.", "Lena", code="sovereignty"),
    "recode": lambda p: p.recode([_id(p, "trade")], "economy", "Lena"),
    "uncode": lambda p: p.remove_codings(
        [_id(p, "sovereignty", status="accepted", start=0)], "Lena"
    ),
    "rename": lambda p: p.rename_code("pressure", "outside pressure", "Lena"),
    "merge": lambda p: p.merge_codes("sanctions", "outside pressure", "Lena"),
    "split": lambda p: p.split_code(
        "sovereignty", "autonomy", "Lena", rules=["keyword:self-determination"]
    ),  # noqa: E501
}


def test_every_kind_of_change_is_undone_and_redone(project):
    for action, change in CHANGES.items():
        before = _state(project)
        change(project)
        after = _state(project)
        assert after != before, action
        assert project.undo()["action"] == action
        assert _state(project) == before, action
        assert project.redo()["action"] == action
        assert _state(project) == after, action
    history = project.history()
    assert list(history.action)[:3] == ["split", "merge", "rename"]
    assert set(history.state) == {"done"}
    assert history.summary.iloc[0] == "Lena split code 'autonomy' off 'sovereignty'"


def test_a_new_change_drops_what_was_undone_and_nothing_left_is_said(project):
    with pytest.raises(discursus.ProjectError, match="nothing to undo"):
        project.undo()
    project.add_coding("port.txt", "trade", "Lena", quote="Trade fell")
    project.undo()
    project.add_memo("Look at trade again.", "Ivo")
    with pytest.raises(discursus.ProjectError, match="nothing to redo"):
        project.redo()
    assert project.history().state.tolist() == ["done", "dropped"]
    assert _state(project)[0] == []  # the undone coding stays undone


def test_renaming_merging_and_splitting_keep_codings_memos_and_rules(project):
    project.review("accepted", "Lena", code="pressure")
    project.review("accepted", "Lena", code="sanctions")
    project.add_memo("Who presses whom?", "Lena", code="pressure")
    project.rename_code("pressure", "outside pressure", "Lena")
    book = project.codebook()
    assert book.code("outside pressure").patterns and book.code("sanctions").parent == (
        "outside pressure"
    )
    assert project.memos().about.tolist() == ["outside pressure"]
    codes = {(r.code, r.status) for r in project.codings().itertuples()}
    assert ("outside pressure", "accepted") in codes and ("outside pressure", "decided") in codes
    with pytest.raises(discursus.ProjectError, match="there is a code 'sanctions' already"):
        project.rename_code("outside pressure", "sanctions", "Lena")

    project.merge_codes("sanctions", "outside pressure", "Lena")
    merged = project.codebook().code("outside pressure")
    assert merged.lemmas == ("sanction",) and len(merged.patterns) == 1
    assert [c.name for c in project.codebook().codes] == ["sovereignty", "outside pressure"]
    mine = project.codings(coder="Lena")
    assert sorted(zip(mine.doc, mine.code, mine.start, strict=True)) == [
        ("harbour.txt", "outside pressure", 33),
        ("port.txt", "outside pressure", 0),
    ]

    project.review("accepted", "Lena", code="sovereignty")  # "Our sovereignty", "Self-det..."
    moved = project.split_code(
        "sovereignty", "autonomy", "Lena", rules=["keyword:self-determination"]
    )
    assert moved == 1
    book = project.codebook()
    assert book.code("sovereignty").keywords == ("sovereignty",)
    assert book.code("autonomy").keywords == ("self-determination",)
    lena = {(r.code, r.start) for r in project.codings(coder="Lena").itertuples()}
    assert {("sovereignty", 0), ("autonomy", 69)} <= lena
    # the coder re-runs on the new codebook: the decisions hold for its new suggestions
    project.annotate()
    suggested = project.codings(coder="rules")
    assert set(zip(suggested.code, suggested.status, strict=True)) == {
        ("sovereignty", "decided"),
        ("autonomy", "decided"),
        ("outside pressure", "decided"),
    }


def test_codings_are_placed_again_when_the_text_changes(project, tmp_path):
    coded = project.add_coding("harbour.txt", "refusal", "Lena", quote="not", occurrence=2)
    assert (coded["start"], coded["end"]) == (55, 58)  # "will not move us"
    project.add_coding("harbour.txt", "openness", "Lena", quote="The harbour stays open")
    project.review("accepted", "Lena", code="pressure")
    project.add_memo("the second 'not'", "Lena", coding=coded["id"])
    # a sentence with another "not" comes first; the harbour sentence is cut
    edited = "We are not afraid. " + HARBOUR.replace(" The harbour stays open.", "")
    (tmp_path / "harbour.txt").write_text(edited)
    summary = project.ingest([tmp_path / "harbour.txt"])
    assert summary.updated == 1
    assert [w.reason for w in summary.warnings] == [
        "its text changed: 1 coding(s) or other rows a person made could not be placed in the "
        "new text (list them with: discursus codings --unplaced)"
    ]
    lena = project.codings(coder="Lena").set_index("code")
    shift = len("We are not afraid. ")
    assert (lena.start["refusal"], lena.end["refusal"]) == (55 + shift, 58 + shift)
    assert edited[lena.start["refusal"] : lena.end["refusal"]] == "not"
    assert lena.start["pressure"] == 33 + shift  # the decision moved with its sentence
    assert lena.anchor["openness"] == "unplaced"
    assert project.codings(unplaced=True).code.tolist() == ["openness"]
    assert project.memos().about.tolist() == [str(coded["id"])]  # the memo stays on it
    # the text comes back: the lost coding finds its words again
    (tmp_path / "harbour.txt").write_text(HARBOUR)
    assert project.ingest([tmp_path / "harbour.txt"]).warnings == []
    lena = project.codings(coder="Lena").set_index("code")
    assert (lena.start["openness"], lena.start["refusal"]) == (102, 55)
    assert project.codings(unplaced=True).empty


def test_undo_refuses_a_row_changed_since_and_changes_nothing(project, tmp_path):
    project.add_coding("port.txt", "trade", "Lena", quote="Trade fell")
    project.add_memo("on trade", "Lena", code="trade")
    (tmp_path / "port.txt").write_text("In spring: " + PORT)
    project.ingest([tmp_path / "port.txt"])  # the coding moves: a change not in the journal
    project.undo()  # the memo: fine
    with pytest.raises(discursus.ProjectError, match=r"cannot undo #1 .*has changed since"):
        project.undo()
    assert project.codings(coder="Lena").start.tolist() == [43]
    assert project.history().state.tolist() == ["undone", "done"]


def test_the_cli_recodes_writes_memos_and_undoes(project):
    runner = CliRunner()
    path = ["-p", str(project.path)]

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, *path])
        assert result.exit_code == 0, result.output
        return result.output

    run("code-passage", "port.txt", "--code", "trade", "--coder", "Ivo", "--quote", "Trade fell",
        "--memo", "the cost")  # fmt: skip
    coding = _id(project, "trade")
    assert "recoded 1 coding as 'economy'" in run(
        "recode", "--id", str(coding), "--to", "economy", "--coder", "Ivo"
    )
    assert "memo 2 on the document" in run("memo", "Read it twice.", "--author", "Ivo", "--doc",
                                           "port.txt")  # fmt: skip
    listed = run("memos", "--on", "coding", "-f", "csv")
    assert f"coding,{coding},the cost,Ivo" in listed
    assert "undid #3: Ivo wrote a memo on document port.txt" in run("undo")
    assert "redid #3" in run("redo")
    assert "recode" in run("history")
    result = runner.invoke(app, ["memos", "--on", "speech", *path])
    assert result.exit_code == 2 and "speech" in result.output
    wrong = runner.invoke(app, ["uncode", "--id", "999", "--coder", "Ivo", *path])
    assert wrong.exit_code == 2 and "no coding with id 999" in wrong.output
    suggestion = _id(project, "sanctions")
    wrong = runner.invoke(app, ["recode", "--id", str(suggestion), "--to", "x", "--coder", "Ivo",
                                *path])  # fmt: skip
    assert wrong.exit_code == 2 and "is a suggestion: accept or reject it" in wrong.output


def test_a_codebook_edit_is_checked_like_a_file(project):
    book = parse_codebook(CODEBOOK)
    from discursus.annotate.codebook import merged_codes, with_code

    with pytest.raises(discursus.DiscursusError, match="a sub-code of 'pressure'"):
        merged_codes(book, "pressure", "sanctions")
    with pytest.raises(discursus.DiscursusError, match="has no rule 'keyword:hegemony'"):
        with_code(book, "x", take_from="sovereignty", rules=["keyword:hegemony"])
    with pytest.raises(discursus.DiscursusError, match="already has a code 'sanctions'"):
        with_code(book, "sanctions")


def test_blind_coders_decide_for_themselves_and_are_merged_after(project):
    project.review("accepted", "Lena", code="sovereignty")  # both sentences
    project.review("rejected", "Lena", code="sanctions")
    seen = project.codings(blind_for="Ivo")
    assert "Lena" not in set(seen.coder)
    assert set(seen.status) == {"suggested"}  # Lena's decisions decide nothing for Ivo
    first = seen[(seen.code == "sovereignty") & (seen.start == 0)].id.tolist()
    project.review("accepted", "Ivo", ids=first)
    project.review("accepted", "Ivo", code="sanctions")
    made, disagreements = project.merge_coders(["Lena", "Ivo"], "consensus", "Lena")
    assert made == 1
    merged = project.codings(coder="consensus")
    assert merged[["doc", "code", "start"]].values.tolist() == [["harbour.txt", "sovereignty", 0]]
    assert sorted(zip(disagreements.doc, disagreements.code, strict=True)) == [
        ("harbour.txt", "sovereignty"),  # "Self-determination is our right.": Lena only
        ("port.txt", "sanctions"),  # Ivo only
    ]
    result = CliRunner().invoke(
        app, ["merge-coders", "Lena,Ivo", "--into", "union", "--how", "all", "--coder", "Lena",
              "-p", str(project.path), "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 codings of union; 2 disagreements to settle:" in result.output
    project.undo()
    assert project.codings(coder="union").empty
    with pytest.raises(discursus.ProjectError, match="a new coder to merge them into"):
        project.merge_coders(["Lena", "Ivo"], "Lena", "Lena")


def test_a_changed_codebook_marks_exactly_the_affected_suggestions_stale(project):
    assert not project.codings().stale.any()
    project.split_code("sovereignty", "autonomy", "Lena", rules=["keyword:self-determination"])
    stale = project.codings()
    assert sorted(set(stale[stale.stale].code)) == ["sovereignty"]  # its rules changed
    assert not stale[stale.code != "sovereignty"].stale.any()
    project.annotate()
    assert not project.codings().stale.any()
    assert "autonomy" in set(project.codings(coder="rules").code)
