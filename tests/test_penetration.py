"""How far each discourse has penetrated a corpus, per year: a fictional debate of two states
over two years, shares counted by hand."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app

CODEBOOK = """\
name: Orders
codes:
  - name: order
    codes:
      - name: rules
        keywords: [rule of law]
  - name: south
    codes:
      - name: development
        keywords: [development]
"""
SPEECHES = {
    # name: (iso, date, text)
    "a1.txt": ("VAR", "2020", "The rule of law matters. Trade grows."),
    "b1.txt": ("SEL", "2020", "Development first. Roads are long."),
    "c1.txt": ("SEL", "2020", "The weather is mild."),
    "a2.txt": ("VAR", "2021", "The rule of law and development matter."),
    "b2.txt": ("SEL", "2021", "Rivers flood."),
}

SPEAKERS = {"VAR": "Ana Vale", "SEL": "Ilo Serra"}  # fictional heads of delegation


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("penetration")
    corpus = folder / "corpus"
    corpus.mkdir()
    with (corpus / "metadata.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "iso", "date", "speaker"])
        for name, (iso, date, text) in SPEECHES.items():
            (corpus / name).write_text(text + "\n", encoding="utf-8")
            writer.writerow([name, iso, date, SPEAKERS[iso]])
    opened = discursus.open_project(folder / "p", create=True)
    opened.ingest([str(corpus)])
    settings = {"codes": {"codebook": parse_codebook(CODEBOOK).to_dict(), "unit": "sentence"}}
    opened.annotate(discursus.annotate.AnnotateConfig(settings=settings))
    return opened


def test_the_shares_of_documents_speakers_and_words_per_year(project):
    shares, trends = project.penetration(over="year", speaker_field="iso", boot=100, seed=1)
    rows = shares.set_index(["discourse", "window"])
    # 2020: of three speeches (two by SEL) one names the rule of law, one development
    assert rows.loc[("order", "2020"), "share_documents"] == pytest.approx(1 / 3, abs=1e-4)
    assert rows.loc[("order", "2020"), "share_speakers"] == 0.5  # VAR of VAR and SEL
    assert rows.loc[("south", "2020"), "share_speakers"] == 0.5  # SEL
    # words: "The rule of law matters." is 5 of the year's 16 words, "Development first." 2
    assert rows.loc[("order", "2020"), "share_words"] == pytest.approx(5 / 16, abs=1e-5)
    assert rows.loc[("south", "2020"), "share_words"] == pytest.approx(2 / 16, abs=1e-5)
    # 2021: one sentence names both: its 7 words of the year's 9 count for each
    assert rows.loc[("order", "2021"), "share_words"] == pytest.approx(7 / 9, abs=1e-5)
    assert rows.loc[("south", "2021"), "share_words"] == pytest.approx(7 / 9, abs=1e-5)
    low, high = rows.loc[("order", "2020"), ["documents_low", "documents_high"]]
    assert 0 <= low <= 1 / 3 <= high <= 1
    first = rows.loc[("order", "2020"), "evidence"][0]
    assert project.document(first["doc"])["text"][first["start"] : first["end"]].startswith(
        "The rule of law")  # fmt: skip
    trend = trends.set_index(["discourse", "measure"])
    assert trend.loc[("order", "documents"), "slope"] == pytest.approx(0.5 - 1 / 3, abs=1e-4)
    again, _ = project.penetration(over="year", speaker_field="iso", boot=100, seed=1)
    assert again.equals(shares)  # reproducible with a seed


def test_the_penetration_command(project):
    runner = CliRunner()
    result = runner.invoke(app, ["penetration", "-p", str(project.path), "--speakers", "iso",
                                 "--boot", "20", "-f", "csv", "--level", "code"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("discourse,window,documents,articulating")
    lines = [line.split(",") for line in result.stdout.splitlines()[1:]]
    # every code on its own: the parents are coded nowhere themselves
    assert {line[0] for line in lines} == {"order", "rules", "south", "development"}
    assert {(line[0], line[1], line[3]) for line in lines if line[1] == "2020"} == {
        ("order", "2020", "0"), ("rules", "2020", "1"), ("south", "2020", "0"),
        ("development", "2020", "1")}  # fmt: skip
    trend = runner.invoke(app, ["penetration", "-p", str(project.path), "--trend", "--boot",
                                "0", "-f", "csv"])  # fmt: skip
    assert trend.exit_code == 0 and "order,documents,0.1667" in trend.stdout
    bad = runner.invoke(app, ["penetration", "-p", str(project.path), "--over", "party"])
    assert bad.exit_code == 2 and "no field 'party'" in bad.output


def test_the_similarity_of_each_pair_of_states_per_period(project):
    found = project.speaker_similarity("iso", over="year", bins="2020-2020,2021-2021")
    rows = {(r.period, r.a, r.b): r for r in found.itertuples()}
    # 2020: SEL's three sentences (one under "development") and VAR's two (one under
    # "rules") share no code; 2021: VAR's one sentence is under both, SEL's under none
    # (no profile, so no pair)
    assert set(rows) == {("2020-2020", "SEL", "VAR")}
    pair = rows["2020-2020", "SEL", "VAR"]
    assert (pair.similarity, pair.shared, pair.sentences_a, pair.sentences_b) == (0.0, 0, 3, 2)
    result = CliRunner().invoke(app, ["similarity", "-p", str(project.path), "--by", "iso",
                                      "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "period,iso_a,iso_b,similarity,shared,sentences_a,sentences_b",
        "2020,SEL,VAR,0.0,0,3,2",
    ]
    bad = CliRunner().invoke(app, ["similarity", "-p", str(project.path), "--by", "iso",
                                   "--bins", "2010-x"])  # fmt: skip
    assert bad.exit_code != 0 and "bin '2010-x' is not a range of numbers" in bad.output


def test_the_cosine_of_two_profiles():
    import pandas as pd

    from discursus.analysis.similarity import similarity

    index = pd.MultiIndex.from_tuples([("p", "A"), ("p", "B"), ("p", "C")])
    shares = pd.DataFrame([[0.5, 0.0], [0.25, 0.25], [0.0, 0.0]], index=index,
                          columns=["rules", "development"])  # fmt: skip
    counts = pd.Series([4, 4, 2], index=index)
    found = similarity(shares, counts)
    # A (0.5, 0) and B (0.25, 0.25): 0.125 / (0.5 * 0.3536); C covers nothing: no pair
    assert found[["a", "b", "similarity", "shared"]].values.tolist() == [["A", "B", 0.7071, 1]]


def test_coalitions_per_period_and_who_moved():
    from itertools import combinations

    import pandas as pd

    from discursus.analysis.similarity import coalitions_by_period

    def pairs(period, groups):
        # alike within a group (0.9), little across (0.1)
        same = {s: k for k, group in enumerate(groups) for s in group}
        return [(period, a, b, 0.9 if same[a] == same[b] else 0.1, 1, 10, 10)
                for a, b in combinations(sorted(same), 2)]  # fmt: skip

    rows = pairs("p1", [["A", "B", "C"], ["D", "E", "F"]])
    rows += pairs("p2", [["A", "B"], ["C", "D", "E", "F"]])
    columns = ["period", "a", "b", "similarity", "shared", "sentences_a", "sentences_b"]
    found = coalitions_by_period(pd.DataFrame(rows, columns=columns), neighbours=2)
    first = found[found.period == "p1"].set_index("speaker").coalition
    assert first["A"] == first["B"] == first["C"] != first["D"] == first["E"] == first["F"]
    second = found[found.period == "p2"].set_index("speaker")
    # C went over to D, E and F; nobody else moved, and the first period moves nobody
    assert second.moved[second.moved].index.tolist() == ["C"]
    assert found[found.period == "p1"].moved.isna().all()


def test_the_congruence_of_two_states_statements_per_period():
    import pandas as pd

    from discursus.analysis.similarity import congruence

    statements = pd.DataFrame(
        [("a1", "rules", 1), ("a1", "rules", 1), ("a1", "development", 0),
         ("b1", "rules", 1), ("b1", "development", -1),
         ("c1", "rules", -1), ("c1", "development", -1), ("x1", "rules", 1)],
        columns=["doc", "concept", "agreement"],
    )  # fmt: skip
    speaker_of = pd.Series({"a1": "A", "b1": "B", "c1": "C", "x1": "X"})
    period_of = pd.Series({"a1": "p", "b1": "p", "c1": "p"})  # x1 is in no period
    found = congruence(statements, speaker_of, period_of)
    rows = {(r.a, r.b): (r.similarity, r.shared, r.statements_a, r.statements_b)
            for r in found.itertuples()}  # fmt: skip
    # A: rules +1 (once), development 0; B: rules +1, development -1; C: both -1.
    # A-B: 1 (same side) + 0.5 (a mention beside a side) over a mean of 2 statements
    # A-C: 0 + 0.5; B-C: 0 (opposite sides on rules) + 1 (the same on development)
    assert rows == {("A", "B"): (0.75, 2, 2, 2), ("A", "C"): (0.25, 2, 2, 2),
                    ("B", "C"): (0.5, 2, 2, 2)}  # fmt: skip


def test_similarity_refuses_an_unknown_measure(project):
    bad = CliRunner().invoke(app, ["similarity", "-p", str(project.path), "--by", "iso",
                                   "--measure", "votes"])  # fmt: skip
    assert bad.exit_code != 0
    assert "measure 'votes' is not one of profile, congruence" in bad.output


def test_congruence_similarity_from_a_projects_statements(project):
    statements = project.statements()
    # each coded sentence is a statement of its state's speaker, a mention (no stance word)
    triples = statements[["doc", "concept", "agreement"]].itertuples(index=False, name=None)
    assert sorted(triples) == [
        ("a1.txt", "rules", 0), ("a2.txt", "development", 0), ("a2.txt", "rules", 0),
        ("b1.txt", "development", 0)]  # fmt: skip
    result = CliRunner().invoke(app, ["similarity", "-p", str(project.path), "--by", "iso",
                                      "--measure", "congruence", "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    # 2020: VAR speaks of rules, SEL of development: no concept in common; in 2021 only
    # VAR makes statements, so there is no pair
    assert result.stdout.splitlines() == [
        "period,iso_a,iso_b,similarity,shared,statements_a,statements_b",
        "2020,SEL,VAR,0.0,0,1,1",
    ]


def test_the_report_shows_the_discourses_across_speakers_and_time(project, tmp_path):
    import html

    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "-p", str(project.path), "-q", "-o", str(out),
                                 "--speakers", "iso", "--periods", "2020-2020,2021-2021",
                                 "--signifiers", "rule of law"])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = html.unescape(out.read_text())
    assert "Discourses across speakers and time" in page and "Trends over 2020–2021" in page
    # "order": a third of 2020's speeches (one of three), half of 2021's (one of two)
    row = page[page.index("<td><b>order</b></td>") :].split("</tr>")[0]
    assert "50.0% → 50.0%" in row and "33.3% → 50.0%" in row and "+16.67" in row
    # 2020: VAR and SEL share no code, so each is a coalition of its own
    assert "2020-2020</b>: 2 coalitions of 2 speakers" in page
    with open(tmp_path / "r_data" / "congruence.csv", encoding="utf-8") as handle:
        assert handle.read().splitlines()[1] == "2020-2020,SEL,VAR,0.0,0,1,1"
    half = runner.invoke(app, ["report", "-p", str(project.path), "-o", str(out),
                               "--speakers", "iso"])  # fmt: skip
    assert half.exit_code != 0 and "--speakers and --periods go together" in half.output
