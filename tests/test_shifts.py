"""Shifts: a hand-written fictional set of articles toward one target (consistent of both
polarities, turning, alternating, reporting both sides) and an outlet's odd one out."""

from __future__ import annotations

import csv
import json

from conftest import validate_rows
from typer.testing import CliRunner

from discursus.cli import app

FAVOR = [
    "We support the harbour treaty.",
    "The harbour treaty is a great success.",
    "The harbour treaty is a fine achievement for the coast.",
    "We welcome the harbour treaty.",
]
AGAINST = [
    "We reject the harbour treaty.",
    "The harbour treaty is a disaster for the fishers.",
    "The harbour treaty is a terrible mistake.",
    "We oppose the harbour treaty.",
]
ARTICLES = {
    # (text, outlet, a turn expected)
    "friendly.txt": (" ".join(FAVOR), "Tide Post", False),
    "friendly2.txt": (" ".join(FAVOR[::-1]), "Tide Post", False),
    "hostile.txt": (" ".join(AGAINST), "Reef Daily", False),
    "turning.txt": (" ".join(FAVOR[:3]) + "\n\n" + " ".join(AGAINST[:3]), "Reef Daily", True),
    "alternating.txt": (
        " ".join(x for pair in zip(FAVOR, AGAINST, strict=True) for x in pair),
        "Reef Daily",
        False,
    ),  # fmt: skip
    "both_sides.txt": (
        'Mayor Ann Bell said: "We support the harbour treaty." '
        'Fisher Tom Reed said: "We reject the harbour treaty." '
        'Ann Bell said: "The harbour treaty is a great success." '
        'Tom Reed said: "The harbour treaty is a disaster."',
        "Reef Daily",
        False,
    ),  # fmt: skip
    # the Tide Post favours the treaty; this one of its pieces does not
    "odd_one_out.txt": (" ".join(AGAINST[:3]), "Tide Post", False),
}


def _articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "metadata.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet"])
        for name, (text, outlet, _) in ARTICLES.items():
            (corpus / name).write_text(text + "\n", encoding="utf-8")
            writer.writerow([name, outlet])
    targets = tmp_path / "targets.yaml"
    targets.write_text("targets:\n  - name: harbour treaty\n    aliases: [treaty]\n",
                       encoding="utf-8")  # fmt: skip
    return corpus, targets


def test_shifts_fire_on_the_turn_and_the_odd_one_out_only(tmp_path):
    corpus, targets = _articles(tmp_path)
    result = CliRunner().invoke(app, ["shifts", str(corpus), "--targets", str(targets), "-q",
                                      "-f", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    validate_rows(rows, "shift.schema.json")
    turns = {r["doc"] for r in rows if r["kind"] == "reversal_within_document"}
    expected = {name for name, (_, _, turns_) in ARTICLES.items() if turns_}
    assert turns == expected  # precision and recall 1 on this set
    turn = next(r for r in rows if r["doc"] == "turning.txt")
    assert (turn["baseline"], turn["shifted"]) == ("favor", "against")
    lines = [(e["line"], e["stance"]) for e in turn["evidence"]]
    assert lines == [(1, "favor"), (1, "favor"), (3, "against"), (3, "against")]
    text = (corpus / "turning.txt").read_text(encoding="utf-8")
    assert all(text[e["start"] : e["end"]] == e["text"] for e in turn["evidence"])
    departed = {(r["doc"], r["baseline"]) for r in rows if r["kind"] == "departure_from_corpus"}
    assert ("odd_one_out.txt", "favor (outlet Tide Post)") in departed
    assert not any(doc.startswith(("friendly", "alternating", "both_sides")) for doc, _ in departed)
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_the_report_sets_the_passages_before_and_after_a_turn_side_by_side(tmp_path):
    import discursus
    from discursus.annotate.targets import load_targets
    from discursus.report import write_report

    corpus, targets = _articles(tmp_path)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([str(corpus)])
    project.set_targets(load_targets(targets), "ana")
    page = write_report(project, tmp_path / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="shifts">') :]
    section = section[: section.index("</section>")]
    row = section[section.index("<td>turning.txt</td>") :]
    row = row[: row.index("</tr>")]
    before, after = row.split("</td>")[4:6]
    assert "turns: favor → against" in row
    assert before.count("line 1, favor") == 2 and "line 3" not in before
    assert after.count("line 3, against") == 2 and "a disaster for the fishers" in after
    assert "<td>odd_one_out.txt</td>" in section and "departs: favor (outlet Tide Post)" in section
