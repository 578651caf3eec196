"""Discourse networks: DNA's reference values on its sample database, and a small network
worked by hand for every aggregation, normalization and duplicates rule."""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from discursus.analysis import networks
from discursus.cli import app
from discursus.errors import DiscursusError
from discursus.exchange.dna import DnaFileError, read_dna

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "dna_sample" / "sample.dna"
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="DNA's sample not present")

# (organization, concept, agreement, doc, date): agreement as discursus codes it, -1 to 1
HAND = pd.DataFrame(
    [
        ("A", "c1", 1, "d1", "2020-01-05"),
        ("A", "c1", 1, "d1", "2021-01-10"),
        ("A", "c2", -1, "d2", "2020-03-01"),
        ("B", "c1", 1, "d2", "2020-03-01"),
        ("B", "c2", 1, "d3", "2020-04-01"),
        ("C", "c2", -1, "d3", "2020-04-01"),
    ],
    columns=["organization", "concept", "agreement", "doc", "date"],
)


def _cells(matrix: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Each pair once (a one-mode matrix is symmetric)."""
    one_mode = matrix.index.equals(matrix.columns)
    return {
        (r, c): round(float(matrix.loc[r, c]), 6)
        for r in matrix.index
        for c in matrix.columns
        if r < c or not one_mode
    }


@needs_sample
def test_dnas_reference_values_come_out_exactly():
    documents, statements = read_dna(SAMPLE)
    assert (len(documents), len(statements)) == (7, 40)  # 41 in all, one an "Annotation"
    two = networks.twomode(statements)
    assert two.shape == (7, 6) and two.to_numpy().sum() == 40
    assert two.index[0] == "Alliance to Save Energy"
    assert two.columns[0] == "CO2 legislation will not hurt the economy."
    assert two.loc["Environmental Protection Agency"].tolist() == [1, 0, 0, 0, 0, 10]
    assert two.loc["U.S. Public Interest Research Group"].tolist() == [1, 1, 1, 2, 1, 0]
    assert (statements.date.min(), statements.date.max()) == (
        "2005-01-26T00:00:00", "2005-02-16T00:00:00",
    )  # fmt: skip
    one = networks.onemode(statements)
    assert one.shape == (7, 7) and one.to_numpy().sum() == 276
    epa = one.loc["Environmental Protection Agency"]
    assert (epa["Alliance to Save Energy"], epa["Energy and Environmental Analysis, Inc."]) == (
        10, 2,
    )  # fmt: skip
    # dna_tidygraph: 13 nodes and 22 edges, 7 nodes and 21 edges
    assert len(networks.edges(two, directed=True)) == 22 and sum(two.shape) == 13
    assert len(networks.edges(one)) == 21
    # congruence and conflict split the ignore network between them (agreement is boolean)
    congruent = networks.onemode(statements, aggregation="congruence").to_numpy().sum()
    conflicting = networks.onemode(statements, aggregation="conflict").to_numpy().sum()
    assert congruent + conflicting == 276


def test_a_two_mode_network_worked_by_hand():
    ignore = networks.twomode(HAND)
    assert ignore.to_numpy().tolist() == [[2, 1], [1, 1], [0, 1]]
    subtract = networks.twomode(HAND, aggregation="subtract")  # weighted by -1 and 1
    assert subtract.to_numpy().tolist() == [[2, -1], [1, 1], [0, -1]]
    combine = networks.twomode(HAND, aggregation="combine")  # -1 only: 2, 1 only: 1, both: 3
    assert combine.to_numpy().tolist() == [[1, 2], [1, 1], [0, 2]]
    activity = networks.twomode(HAND, normalization="activity").round(4)
    assert activity.to_numpy().tolist() == [[0.6667, 0.3333], [0.5, 0.5], [0, 1]]
    prominence = networks.twomode(HAND, normalization="prominence").round(4)
    assert prominence.to_numpy().tolist() == [[0.6667, 0.3333], [0.3333, 0.3333], [0, 0.3333]]


@pytest.mark.parametrize(
    ("aggregation", "normalization", "dna", "expected"),
    [
        ("ignore", "no", False, {"AB": 3, "AC": 1, "BC": 1}),
        ("congruence", "no", False, {"AB": 2, "AC": 1, "BC": 0}),  # same stance on a concept
        ("conflict", "no", False, {"AB": 1, "AC": 0, "BC": 1}),  # opposite stances
        ("subtract", "no", False, {"AB": 1, "AC": 1, "BC": -1}),
        ("ignore", "average", False, {"AB": 3 / 2.5, "AC": 1 / 2, "BC": 1 / 1.5}),
        ("ignore", "jaccard", False, {"AB": 3 / 4, "AC": 1 / 3, "BC": 1 / 3}),
        ("ignore", "cosine", False,
         {"AB": 3 / math.sqrt(10), "AC": 1 / math.sqrt(5), "BC": 1 / math.sqrt(2)}),
        ("ignore", "cosine", True, {"AB": 3 / 6, "AC": 1 / 3, "BC": 1 / 2}),  # DNA's formula
    ],
)  # fmt: skip
def test_a_one_mode_network_worked_by_hand(aggregation, normalization, dna, expected):
    matrix = networks.onemode(HAND, aggregation=aggregation, normalization=normalization,
                              dna_compatible=dna)  # fmt: skip
    found = {a + b: value for (a, b), value in _cells(matrix).items()}
    assert found == {pair: pytest.approx(value) for pair, value in expected.items()}
    assert (matrix.to_numpy().diagonal() == 0).all()


def test_duplicates_are_counted_once_per_period():
    def a_c1(**options) -> float:
        return float(networks.twomode(HAND, **options).loc["A", "c1"])

    assert a_c1() == 2
    assert a_c1(duplicates="document") == 1  # both in d1
    assert a_c1(duplicates="acrossrange") == 1
    assert a_c1(duplicates="year") == 2  # 2020 and 2021
    assert a_c1(duplicates="month") == 2  # January of two years
    assert a_c1(duplicates="month", dna_compatible=True) == 1  # DNA compares the month alone
    assert a_c1(exclude={"doc": ["d1"]}) == 0
    assert networks.twomode(HAND, exclude={"organization": ["A"]}, invert=True).shape == (1, 2)
    with pytest.raises(DiscursusError, match="duplicates 'weekly' is not one of include"):
        networks.twomode(HAND, duplicates="weekly")


def test_networks_from_the_cli_and_the_files_other_tools_open(tmp_path):
    path = tmp_path / "statements.csv"
    HAND.assign(actor=HAND.organization, start=0, end=1).to_csv(path, index=False)
    runner = CliRunner()
    result = runner.invoke(
        app, ["network", str(path), "--type", "onemode", "--aggregation", "subtract", "-f",
              "jsonl"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["source"], r["target"], r["weight"]) for r in rows} == {
        ("A", "B", 1.0), ("A", "C", 1.0), ("B", "C", -1.0),
    }  # fmt: skip
    graphml = tmp_path / "n.graphml"
    result = runner.invoke(app, ["network", str(path), "-f", "graphml", "-o", str(graphml)])
    assert result.exit_code == 0 and "3 x 2 twomode" in result.output
    graph = nx.read_graphml(graphml)
    assert graph.nodes["1:A"]["kind"] == "organization" and graph.nodes["2:c1"]["mode"] == 2
    assert graph.nodes["1:A"]["statements"] == 3 and graph.nodes["2:c2"]["statements"] == 3
    assert graph.edges["1:A", "2:c1"]["weight"] == 2.0
    dl = tmp_path / "n.dl"
    runner.invoke(app, ["network", str(path), "--type", "onemode", "-f", "dl", "-o", str(dl)])
    assert dl.read_text().splitlines()[:5] == [
        "dl n = 3, format = fullmatrix", "labels embedded", "matrix:", '"A" "B" "C"',
        '"A" 0 3 1',
    ]  # fmt: skip
    wrong = runner.invoke(app, ["network", str(path), "--normalization", "average"])
    assert wrong.exit_code == 2 and "'average' is not one of no, activity, prominence" in (
        wrong.output
    )
    lists = runner.invoke(app, ["network", str(path), "-f", "lists", "-o", str(tmp_path / "n.csv")])
    assert lists.exit_code == 0, lists.output
    nodes = pd.read_csv(tmp_path / "n.nodes.csv")
    assert nodes.set_index("id").loc["1:B", ["kind", "statements"]].tolist() == ["organization", 2]
    edges = pd.read_csv(tmp_path / "n.edges.csv")
    assert edges[edges.source == "1:A"].set_index("target").weight.to_dict() == {
        "2:c1": 2.0, "2:c2": 1.0,
    }  # fmt: skip
    no_file = runner.invoke(app, ["network", str(path), "-f", "gexf"])
    assert no_file.exit_code == 2 and "give it with --output FILE" in no_file.output


@needs_sample
def test_a_dna_files_entities_keep_their_colours_and_attributes_in_gephi(tmp_path):
    gexf = tmp_path / "n.gexf"
    result = CliRunner().invoke(app, ["network", str(SAMPLE), "-f", "gexf", "-o", str(gexf)])
    assert result.exit_code == 0, result.output
    club = nx.read_gexf(gexf).nodes["1:Sierra Club"]
    assert (club["Type"], club["color"], club["statements"]) == ("NGO", "#00cc00", 6)


def test_a_file_that_is_no_dna_database_is_refused_by_name(tmp_path):
    fake = tmp_path / "fake.dna"
    fake.write_text("not a database")
    with pytest.raises(DnaFileError, match="fake.dna: not a DNA 3 database"):
        read_dna(fake)
    (tmp_path / "bad.csv").write_text("doc,actor,concept,agreement\nd,A,c,yes\n")
    result = CliRunner().invoke(app, ["statements", str(tmp_path / "bad.csv")])
    assert result.exit_code == 2 and "agreement 'yes' (row 1) is not -1, 0 or 1" in result.output


@needs_sample
def test_dna_statements_are_listed_as_the_statement_contract(tmp_path):
    from conftest import validate_rows

    result = CliRunner().invoke(app, ["statements", str(SAMPLE), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 40 and {r["agreement"] for r in rows} == {-1, 1}
    validate_rows(rows, "statement.schema.json")


def test_kernels_textbook_and_as_dna_codes_them():
    u = [0.0, 0.5, -0.5, 1.5]
    assert networks.kernel_weights(u, "uniform").tolist() == [0.5, 0.5, 0.5, 0.0]
    assert networks.kernel_weights(u, "epanechnikov").tolist() == [0.75, 0.5625, 0.5625, 0.0]
    assert networks.kernel_weights(u, "triangular").tolist() == [1.0, 0.5, 0.5, 0.0]
    # DNA: |1 - u| and 0.75 (1 - u)^2, lopsided around the middle
    assert networks.kernel_weights(u, "triangular", dna_compatible=True).tolist() == [
        1.0, 0.5, 1.5, 0.0,
    ]  # fmt: skip
    assert networks.kernel_weights(u, "epanechnikov", dna_compatible=True).tolist() == [
        0.75, 0.1875, 1.6875, 0.0,
    ]  # fmt: skip
    gauss = networks.kernel_weights(u, "gaussian")
    assert gauss[0] == pytest.approx(1 / math.sqrt(2 * math.pi)) and gauss[3] > 0
    months = networks.unit_differences(
        pd.Series(["2020-01-31", "2020-03-15"]), pd.Timestamp("2020-03-01", tz="UTC"), "months"
    )
    assert months.tolist() == [1, 0]  # a month from the 31st is not reached by the 1st


TWO_DAYS = pd.DataFrame(
    [("A", "c", 1, "d1", "2020-01-01"), ("B", "c", 1, "d2", "2020-01-03")],
    columns=["organization", "concept", "agreement", "doc", "date"],
)


def _ab(windows) -> list[tuple[str, float]]:
    return [(str(w["time"].date()), round(float(w["matrix"].loc["A", "B"]), 4)) for w in windows]


def test_time_windows_worked_by_hand():
    # triangular, 4 days wide: each statement weighs 1 at its day, 0.5 a day away, 0 at two
    smooth = networks.time_windows(TWO_DAYS, unit="days", size=4, kernel="triangular")
    assert _ab(smooth) == [("2020-01-01", 0.0), ("2020-01-02", 0.5), ("2020-01-03", 0.0)]
    dna = networks.time_windows(TWO_DAYS, unit="days", size=4, kernel="triangular",
                                dna_compatible=True)  # fmt: skip
    assert _ab(dna) == [("2020-01-01", 1.4142), ("2020-01-02", 0.866), ("2020-01-03", 0.0)]
    two = networks.time_windows(TWO_DAYS, "twomode", unit="days", size=4, kernel="triangular")
    assert two[1]["matrix"]["c"].tolist() == [0.5, 0.5] and two[1]["statements"] == 1.0
    # without a kernel: a day either side of the middle; windows past the ends left out
    hard = networks.time_windows(TWO_DAYS, unit="days", size=3)
    assert _ab(hard) == [("2020-01-02", 1.0)] and hard[0]["statements"] == 2
    events = networks.time_windows(pd.concat([TWO_DAYS, TWO_DAYS]), unit="events", size=3)
    assert len(events) == 2 and {w["statements"] for w in events} == {3}
    with pytest.raises(DiscursusError, match="kernel 'box' is not one of no, uniform"):
        networks.time_windows(TWO_DAYS, unit="days", size=4, kernel="box")


@needs_sample
def test_dnas_gaussian_time_windows_are_as_many_as_its_days():
    _, statements = read_dna(SAMPLE)
    windows = networks.time_windows(statements, unit="days", size=8, kernel="gaussian")
    assert len(windows) == 22  # rDNA's polarization test: 22 time windows


def test_time_windows_from_the_cli(tmp_path):
    path = tmp_path / "s.csv"
    TWO_DAYS.assign(actor=TWO_DAYS.organization, start=0, end=1).to_csv(path, index=False)
    runner = CliRunner()
    result = runner.invoke(
        app, ["network", str(path), "--type", "onemode", "--time-window", "days",
              "--window-size", "4", "--kernel", "triangular", "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    fields = result.output.splitlines()[1].split(",")
    assert fields[:6] == ["2020-01-02", "2019-12-31", "2020-01-04", "1.0", "A", "B"]
    assert float(fields[6]) == pytest.approx(0.5)
    gexf = tmp_path / "w.gexf"
    result = runner.invoke(
        app, ["network", str(path), "--type", "onemode", "--time-window", "days",
              "--window-size", "4", "--kernel", "uniform", "-f", "gexf", "-o", str(gexf)],
    )  # fmt: skip
    assert result.exit_code == 0 and "3 time windows" in result.output
    tie = nx.read_gexf(gexf).edges["A", "B"]["tie"]
    assert [(round(value, 9), start) for value, start, _ in tie] == [
        (0.5, "2020-01-01"), (0.5, "2020-01-02"), (0.5, "2020-01-03"),
    ]  # fmt: skip


def test_coalitions_and_centralities_of_two_camps():
    camps = pd.DataFrame(
        [("A", "c1", 1), ("B", "c1", 1), ("A", "c2", 1), ("B", "c2", 1),
         ("C", "c3", 1), ("D", "c3", 1), ("C", "c4", -1), ("D", "c4", -1)],
        columns=["organization", "concept", "agreement"],
    )  # fmt: skip
    congruence = networks.onemode(camps, aggregation="congruence")
    for method in ("leiden", "louvain"):
        found, modularity = networks.coalitions(congruence, method)
        assert found[["node", "coalition"]].values.tolist() == [
            ["A", 1], ["B", 1], ["C", 2], ["D", 2],
        ]  # fmt: skip
        # two separate pairs with equal ties: 2 x (1/2 - (1/2)^2)
        assert modularity == pytest.approx(0.5)
    central = networks.centralities(congruence).set_index("node")
    assert central.degree.tolist() == [1, 1, 1, 1] and central.strength.tolist() == [2] * 4
    with pytest.raises(DiscursusError, match="of a one-mode network"):
        networks.coalitions(networks.twomode(camps))


@needs_sample
def test_the_sample_hearing_splits_into_two_coalitions_from_the_cli():
    result = CliRunner().invoke(
        app, ["network", str(SAMPLE), "--type", "onemode", "--aggregation", "congruence",
              "--coalitions", "leiden", "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [line.rsplit(",", 2) for line in lines[1:8]]
    camps = {}
    for node, coalition, _ in rows:
        camps.setdefault(coalition, set()).add(node.strip('"'))
    assert camps["2"] == {
        "Alliance to Save Energy", "Sierra Club", "U.S. Public Interest Research Group",
    }  # fmt: skip
    assert "modularity 0.0972 (leiden)" in result.output


@needs_sample
def test_document_variables_and_the_event_list_from_a_dna_file():
    runner = CliRunner()
    by_author = runner.invoke(app, ["network", str(SAMPLE), "--var1", "author", "-f", "csv"])
    assert by_author.exit_code == 0, by_author.output
    rows = by_author.stdout.splitlines()
    assert rows[0].startswith("author,") and len(rows) == 1 + 7  # a row per witness
    events = runner.invoke(
        app, ["network", str(SAMPLE), "--type", "eventlist", "--duplicates", "document",
              "-f", "jsonl"],
    )  # fmt: skip
    assert events.exit_code == 0, events.output
    listed = [json.loads(line) for line in events.stdout.splitlines()]
    dates = [row["date"] for row in listed]
    assert dates == sorted(dates) and len(listed) < 40  # in time order, repeats dropped
    keys = {(r["doc"], r["organization"], r["concept"]) for r in listed}
    assert len(keys) == len(listed)  # one of each per document
