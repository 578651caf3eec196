"""The command line, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import SAMPLE
from typer.testing import CliRunner

from discursus.cli import app

runner = CliRunner()


def test_analyze_builds_the_project_and_prints_the_report_path(tmp_path):
    codebook = SAMPLE.parent / "codebooks" / "horizons-and-resistance.yaml"
    command = ["analyze", str(SAMPLE), "-o", str(tmp_path / "out"), "--codebook", str(codebook)]
    result = runner.invoke(app, [*command, "-q"])
    assert result.exit_code == 0, result.output
    report = tmp_path / "out" / "report.html"
    assert result.stdout.strip().splitlines()[-1] == str(report.resolve())
    html = report.read_text()
    assert "14_coastal_echo_kessel_reprint.txt" in html
    assert "row 4" in html and "empty text" in html  # the failed row, with why
    # Self-contained: no script or stylesheet is fetched from anywhere.
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    assert "Plotly.newPlot" in html
    # coded with the sample's codebook: the themes, each with its passages
    coding = html[html.index('<section id="coding">') : html.index('<section id="duplicates">')]
    assert "<b>sovereignty</b>" in coding and "<b>corridor</b>" in coding
    assert (tmp_path / "out" / "report_data" / "quotes.csv").is_file()
    # the targets proposed from the corpus: the stance toward them is drawn
    stance = html[html.index('<section id="stance">') : html.index('<section id="duplicates">')]
    assert "Stance of each actor toward each target" in stance

    docs = runner.invoke(app, ["docs", "-p", str(tmp_path / "out" / "project"), "-f", "jsonl"])
    rows = [json.loads(line) for line in docs.stdout.splitlines()]
    assert len(rows) == 16 and rows[0]["speaker"] == "Daria Kessel"
    assert rows[0]["meta"]["genre"] == "speech"

    show = runner.invoke(
        app, ["show", "02_gazette_report_kessel.md", "-p", str(tmp_path / "out" / "project")]
    )
    assert show.exit_code == 0
    assert "PORT VARNA" in show.stdout and "speaker Daria Kessel" in show.stdout


def test_exit_status_is_nonzero_only_when_strict_or_nothing_ingested(tmp_path):
    (tmp_path / "good.txt").write_text("A good text.")
    (tmp_path / "bad.txt").write_bytes(b"")
    project = str(tmp_path / "p")
    assert (
        runner.invoke(
            app,
            ["ingest", str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "-p", project, "-q"],
        ).exit_code
        == 0
    )
    strict = runner.invoke(
        app,
        [
            "ingest",
            str(tmp_path / "bad.txt"),
            str(tmp_path / "good.txt"),
            "-p",
            project,
            "-q",
            "--strict",
        ],
    )
    assert strict.exit_code == 1
    assert "bad.txt: empty file" in strict.output
    nothing = runner.invoke(app, ["ingest", str(tmp_path / "bad.txt"), "-p", project, "-q"])
    assert nothing.exit_code == 1
    assert "no document could be ingested" in nothing.output


def test_unknown_document_and_project_are_clear_errors(tmp_path):
    missing = runner.invoke(app, ["docs", "-p", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no discursus project at" in missing.output
    (tmp_path / "a.txt").write_text("Text.")
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "-p", str(tmp_path / "p"), "-q"])
    unknown = runner.invoke(app, ["show", "zzz", "-p", str(tmp_path / "p")])
    assert unknown.exit_code == 2 and "no document 'zzz'" in unknown.output


def test_quotes_citations_actors_and_sources_from_files(tmp_path):
    paper = str(SAMPLE / "09_varga_sovereignty_paper.md")
    result = runner.invoke(app, ["citations", paper, "-f", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["raw"] == "Laclau and Mouffe (1985)" and rows[0]["narrative"] is True
    assert rows[0]["works"][0]["reference"] == 3

    report = str(SAMPLE / "02_gazette_report_kessel.md")
    result = runner.invoke(app, ["quotes", report, "-f", "csv", "-q", "--speaker", "daria kessel"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("doc,start,end,text,kind,cue,speaker")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 5 and {row["speaker"] for row in rows} == {"Daria Kessel"}

    graph = tmp_path / "sources.graphml"
    result = runner.invoke(app, ["sources", paper, "-f", "jsonl", "-q", "--graph", str(graph)])
    targets = {json.loads(line)["target"] for line in result.stdout.splitlines()}
    assert {"Laclau & Mouffe 1985", "Quran 49"} <= targets
    assert "<graphml" in graph.read_text()

    result = runner.invoke(app, ["actors", report, "-f", "jsonl", "-q"])
    first = json.loads(result.stdout.splitlines()[0])
    assert (first["name"], first["type"]) == ("Daria Kessel", "person")


def test_quotes_of_a_missing_project_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["quotes", "-p", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.output
