"""Polarization and the concept backbone, as DNA defines them: hand-worked small networks,
and DNA's sample against the reference values rDNA's tests give."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from discursus.analysis.backbone import backbone, spectral_loss, spectrum
from discursus.analysis.polarization import best_partition, polarization, quality
from discursus.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "dna_sample" / "sample.dna"
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="DNA's sample not present")

# A and B agree (2), C and D agree (2); A-C, B-D and A-D disagree (1)
CONGRUENCE = np.array([[0, 2, 0, 0], [2, 0, 0, 0], [0, 0, 0, 2], [0, 0, 2, 0]], dtype=float)
CONFLICT = np.array([[0, 0, 1, 1], [0, 0, 0, 1], [1, 0, 0, 0], [1, 1, 0, 0]], dtype=float)


def test_polarization_quality_worked_by_hand():
    # {A,B} | {C,D}: the expected within-cluster congruence of a dyad is 1/2 * 8/4 = 1, so
    # the four within dyads deviate by 1 each (4); the expected between-cluster conflict is
    # 1/2 * 6/8 = 0.375: six dyads of 1 deviate 0.625 (3.75), two of 0 deviate 0.375 (0.75);
    # 8.5 over the totals 8 + 6
    assert quality(np.array([0, 0, 1, 1]), CONGRUENCE, CONFLICT) == pytest.approx(8.5 / 14)
    assert quality(np.array([0, 0, 1, 1]), CONGRUENCE, CONFLICT, normalize=False) == 8.5
    # {A,D} | {B,C}: 4 + 1.5 + 2.5 = 8; {A,C} | {B,D}: 4 + 1.5 + 1.25 + 0.75 = 7.5
    assert quality(np.array([0, 1, 1, 0]), CONGRUENCE, CONFLICT) == pytest.approx(8 / 14)
    assert quality(np.array([0, 1, 0, 1]), CONGRUENCE, CONFLICT) == pytest.approx(7.5 / 14)
    memberships, best = best_partition(CONGRUENCE, CONFLICT)
    assert best == pytest.approx(8.5 / 14)
    assert memberships[0] == memberships[1] != memberships[2] == memberships[3]


def test_the_greedy_swaps_reach_the_exact_optimum_of_a_random_network(monkeypatch):
    from discursus.analysis import polarization as module

    rng = np.random.default_rng(1)
    weights = rng.uniform(0, 2, (2, 14, 14))
    congruence, conflict = (w + w.T for w in weights)
    np.fill_diagonal(congruence, 0)
    np.fill_diagonal(conflict, 0)
    _, exact = best_partition(congruence, conflict)  # every balanced split of 14
    monkeypatch.setattr(module, "EXHAUSTIVE_NODES", 0)
    memberships, greedy = best_partition(congruence, conflict, seed=3)
    assert greedy == pytest.approx(exact)
    assert np.bincount(memberships).tolist() == [7, 7]


def test_two_camps_of_statements_are_found_polarized_and_a_consensus_is_not():
    rows = [(a, c, v) for a in ("A", "B", "C") for c, v in (("tax", 1), ("wall", -1))]
    rows += [(a, c, v) for a in ("D", "E", "F") for c, v in (("tax", -1), ("wall", 1))]
    camps = pd.DataFrame(rows, columns=["organization", "concept", "agreement"])
    scores, members = polarization(camps)
    clusters = dict(zip(members.node, members.cluster, strict=True))
    assert clusters["A"] == clusters["B"] == clusters["C"] != clusters["D"]
    assert clusters["D"] == clusters["E"] == clusters["F"]
    consensus = camps.assign(agreement=1)
    assert scores.quality[0] > polarization(consensus)[0].quality[0]


def test_the_laplacian_spectrum_and_loss_worked_by_hand():
    path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    # the Laplacian of a path of three has eigenvalues 3, 1, 0
    assert spectrum(path).tolist() == pytest.approx([0.75, 0.25, 0.0])
    one_edge = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=float)
    assert spectral_loss(spectrum(path), spectrum(one_edge)) == pytest.approx(0.5)
    assert spectrum(-path).tolist() == [0.0, 0.0, 0.0]  # negative ties are none


def test_the_nested_backbone_of_a_path_worked_by_hand():
    # A and B meet on x, B and C on y: removing either leaves one tie (loss 0.5)
    statements = pd.DataFrame(
        [("A", "x", 1, "d1"), ("B", "x", 1, "d2"), ("B", "y", 1, "d3"), ("C", "y", 1, "d4")],
        columns=["organization", "concept", "agreement", "doc"],
    )
    rows, summary = backbone(statements, normalization="no")
    by_concept = rows.set_index("concept")
    assert by_concept.removed.to_dict() == {"x": 1, "y": 2}
    assert by_concept.backbone_loss.to_dict() == {"x": 0.5, "y": 1.0}
    assert summary["backbone"] == ["x", "y"]  # no smaller set loses at most 0.1
    rows, summary = backbone(statements, normalization="no", size=1)
    assert summary["backbone"] == ["y"] and summary["backbone_loss"] == 0.5
    assert summary["redundant_loss"] == 0.5


@needs_sample
def test_the_sample_polarization_as_rdnas_tests_give_it():
    runner = CliRunner()
    result = runner.invoke(app, ["polarization", str(SAMPLE), "-f", "csv"])
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    # rDNA's genetic algorithm: 0.534 within 0.1; the exact maximum over the balanced splits
    assert abs(float(row["quality"]) - 0.534) <= 0.1
    assert row["nodes"] == "7" and row["statements"] == "40"
    result = runner.invoke(app, ["polarization", str(SAMPLE), "--time-window", "days",
                                 "--window-size", "8", "--kernel", "gaussian", "--raw",
                                 "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 22


@needs_sample
def test_the_sample_backbone_nested_and_annealed_agree():
    runner = CliRunner()
    result = runner.invoke(app, ["backbone", str(SAMPLE), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 6  # the six concepts, the last standing first
    kept = {r["concept"] for r in rows if r["backbone"] == "True"}
    assert kept == {"CO2 legislation will not hurt the economy.",
                    "There should be legislation to regulate emissions."}  # fmt: skip
    result = runner.invoke(app, ["backbone", str(SAMPLE), "--method", "fixed", "--size", "2",
                                 "--iterations", "400", "-f", "csv"])  # fmt: skip
    annealed = {r["concept"] for r in csv.DictReader(io.StringIO(result.stdout))
                if r["backbone"] == "True"}  # fmt: skip
    assert annealed == kept
    result = runner.invoke(app, ["backbone", str(SAMPLE), "--method", "greedy"])
    assert result.exit_code != 0
    assert "'greedy' is not one of nested, penalty, fixed" in result.output
