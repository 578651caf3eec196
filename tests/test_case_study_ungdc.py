"""The worked example (examples/ungdc/run.sh) end to end on a subsample of the UN General
Debate: three states over two years, read from ../shared/data/ungdc (skipped without it).
The full run is a benchmark, not a test."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

UNGDC = ROOT.parent / "shared" / "data" / "ungdc"
SPEECHES = [f"{iso}_{session}_{year}.txt" for iso in ("CHN", "RUS", "USA")
            for session, year in ((75, 2020), (76, 2021))]  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not (UNGDC / "speakers_by_session.csv").exists():
        pytest.skip("../shared/data/ungdc is not here")
    folder = tmp_path_factory.mktemp("ungdc")
    (folder / "data" / "speeches").mkdir(parents=True)
    for name in SPEECHES:
        shutil.copy(UNGDC / "speeches" / name, folder / "data" / "speeches" / name)
    shutil.copy(UNGDC / "speakers_by_session.csv", folder / "data")
    binary = Path(sys.executable).with_name("discursus")
    done = subprocess.run(
        [str(ROOT / "examples" / "ungdc" / "run.sh"), str(folder / "data"), str(folder / "out")],
        capture_output=True, text=True, env={"PATH": f"{binary.parent}:/usr/bin:/bin",
                                             "DISCURSUS": str(binary), "WORKERS": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / "out", done.stderr


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_speech_gets_its_country_year_and_speaker(run):
    import discursus

    out, log = run
    assert "Metadata speakers_by_session.csv: 6 of 6 documents matched a row" in log
    documents = discursus.open_project(out / "project").documents().set_index("name")
    assert documents.loc["CHN_75_2020.txt", "speaker"] == "Mr. Xi Jinping"
    assert documents.loc["USA_76_2021.txt", "date"] == "2021"
    assert documents.loc["RUS_76_2021.txt", "meta"]["iso"] == "RUS"
    for step in ("ingest", "annotate", "code", "penetration", "similarity", "semantic-system"):
        assert f"[{step} done in" in log  # each step says its time


def test_the_codebook_finds_the_world_order_discourses(run):
    import discursus

    out, _ = run
    codings = discursus.open_project(out / "project").codings()
    by_state = codings.groupby(codings.doc.str[:3]).code.agg(set)
    # China speaks against hegemony and for the Global South; Russia of a multipolar world,
    # sovereignty and against hegemony; the United States of democracy and human rights
    assert {"against hegemony", "Global South"} <= by_state["CHN"]
    assert {"multipolarity", "sovereignty", "against hegemony"} <= by_state["RUS"]
    assert "democracy and human rights" in by_state["USA"]


def test_every_table_has_its_shape(run):
    out, _ = run
    shares = _rows(out / "penetration.csv")
    discourses = {"rules-based order", "multipolarity and sovereignty", "just global order",
                  "resistance and anti-imperialism",
                  "development and the Global South"}  # fmt: skip
    assert {(r["discourse"], r["window"]) for r in shares} == {
        (d, y) for d in discourses for y in ("2020", "2021")}  # fmt: skip
    assert all(float(r["documents_low"]) <= float(r["share_documents"])
               <= float(r["documents_high"]) for r in shares)  # fmt: skip
    assert {r["measure"] for r in _rows(out / "penetration-trend.csv")} == {
        "documents", "speakers", "words"}  # fmt: skip
    pairs = _rows(out / "similarity.csv")
    assert {(r["period"], r["iso_a"], r["iso_b"]) for r in pairs} == {
        ("2020-2024", "CHN", "RUS"),
        ("2020-2024", "CHN", "USA"),
        ("2020-2024", "RUS", "USA"),
    }
    assert all(0 <= float(r["similarity"]) <= 1 for r in pairs)
    parts = [json.loads(line) for line in (out / "semantic-system.jsonl").open()]
    assert {p["window"] for p in parts if p["part"] == "nodal_point"} == {"2020", "2021"}
    congruent = _rows(out / "congruence.csv")
    assert {(r["iso_a"], r["iso_b"]) for r in congruent} == {("CHN", "RUS"), ("CHN", "USA"),
                                                     ("RUS", "USA")}  # fmt: skip
    assert all(int(r["statements_a"]) > 0 for r in congruent)
    coalitions = _rows(out / "coalitions.csv")
    assert {r["speaker"] for r in coalitions} == {"CHN", "RUS", "USA"}
    open_codes = _rows(out / "open-codes.csv")
    assert open_codes and {"code", "kind", "frequency", "documents"} <= set(open_codes[0])


def test_the_report_answers_the_case_studys_questions(run):
    out, log = run
    assert "[report done in" in log
    page = (out / "report.html").read_text(encoding="utf-8")
    assert (out / "report.html").stat().st_size < 25_000_000
    for heading in ("Discourses across speakers and time", "Trends over 2010–2024",
                    "What each discourse is",
                    "Who stands with whom", "The camps over 2010–2024"):  # fmt: skip
        assert heading in page
    for table in ("penetration", "congruence", "coalitions", "camps", "camp_keywords"):
        assert (out / "report_data" / f"{table}.csv").exists()
