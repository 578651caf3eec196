"""Axial and selective coding on a small hand-worked corpus: co-occurrence counted and
measured by hand, categories, a causal relation with its evidence, the core category."""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app

CODEBOOK = "name: Themes\ncodes:\n" + "".join(
    f"  - name: {code}\n    keywords: [{code}]\n"
    for code in ("sovereignty", "independence", "sanctions", "pressure", "unity", "solidarity")
)
TEXTS = {
    "one.txt": "Our sovereignty and our independence are not negotiable. Sanctions are a form "
    "of pressure on small nations. Unity and solidarity among the peoples of the South will "
    "prevail. Sovereignty means independence in every decision.",
    "two.txt": "Sanctions and economic pressure hurt our farmers. Solidarity builds unity. "
    "Pressure from abroad leads to a stronger sense of independence.",
    "three.txt": "Independence without sovereignty is an empty word. We reject sanctions and "
    "all pressure. Because of unity, solidarity grows. Unity protects our independence and "
    "our sovereignty.",
}
# sentence by sentence (11 in all): sovereignty 4, independence 5, sanctions 3, pressure 4,
# unity 4, solidarity 3; shared: sovereignty-independence 4, sanctions-pressure 3,
# unity-solidarity 3, pressure-independence 1, unity-independence 1, unity-sovereignty 1


@pytest.fixture(scope="module")
def themes_project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("themes")
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    project = discursus.open_project(folder / "p", create=True)
    project.ingest(sorted(folder.glob("*.txt")))
    settings = {"codes": {"codebook": parse_codebook(CODEBOOK).to_dict()}}
    project.annotate(discursus.annotate.AnnotateConfig(settings=settings))
    assert len(project.sentences()) == 11
    project.review("accepted", "Lena", min_score=0)  # Lena accepts every suggestion
    return project


def test_cooccurrence_is_counted_and_measured_by_unit(themes_project):
    pairs = themes_project.themes().cooccurrence().set_index(["code_a", "code_b"])
    assert pairs.loc[("independence", "sovereignty"), "count"] == 4
    assert pairs.loc[("pressure", "sanctions"), "count"] == 3
    assert pairs.loc[("independence", "pressure"), "count"] == 1
    # npmi = log(p(ab) / (p(a) p(b))) / -log(p(ab)), by hand: 4/11 of 11 sentences etc.
    p_ab, p_a, p_b = 4 / 11, 5 / 11, 4 / 11
    npmi = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)
    assert pairs.loc[("independence", "sovereignty"), "npmi"] == pytest.approx(npmi)
    assert pairs.loc[("independence", "sovereignty"), "jaccard"] == pytest.approx(4 / 5)
    assert pairs.loc[("independence", "pressure"), "npmi"] < 0  # less often than by chance
    matrix = themes_project.themes().matrix()
    assert matrix.loc["independence", "independence"] == 5
    assert matrix.loc["unity", "solidarity"] == 3
    by_document = themes_project.themes("document").cooccurrence().set_index(["code_a", "code_b"])
    assert by_document.loc[("independence", "pressure"), "count"] == 3  # all three speeches


def test_categories_relations_and_the_core_category(themes_project):
    themes = themes_project.themes()
    categories = themes.categories().set_index("code").category.to_dict()
    assert categories == {
        "independence": "independence", "sovereignty": "independence",
        "pressure": "pressure", "sanctions": "pressure",
        "unity": "unity", "solidarity": "unity",
    }  # fmt: skip
    table, passages = themes.relations()
    causal = table[table.kind == "causal"]
    assert causal[["category_a", "category_b", "marker", "count"]].values.tolist() == [
        ["pressure", "independence", "leads to", 1]  # the cause before "leads to"
    ]
    doc, start, end = causal.evidence.iloc[0][0]
    assert (
        TEXTS[doc][start:end] == "Pressure from abroad leads to a stronger sense of independence."
    )
    # "Because of unity, solidarity grows": both in one category, no relation between two
    assert not (table.marker == "because").any()
    together = table[table.kind == "co-occurrence"].set_index(["category_a", "category_b"])
    assert together.loc[("independence", "unity"), "count"] == 1
    assert len(passages) == len(table) and set(passages.kind) == {"co-occurrence", "causal"}
    core = themes.core(resamples=50)
    # units shared with the other categories: independence 1 (pressure) + 1 (unity) = 2
    assert core[["category", "strength"]].values.tolist()[0] == ["independence", 2]
    assert core.top_share.between(0, 1).all() and core.top_share.iloc[0] == core.top_share.max()


def test_themes_from_the_cli(themes_project):
    runner = CliRunner()
    path = ["-p", str(themes_project.path)]
    result = runner.invoke(app, ["categories", *path, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "sovereignty,independence,4," in result.output
    result = runner.invoke(app, ["core", *path, "--resamples", "20", "-f", "jsonl"])
    assert result.exit_code == 0 and '"category": "independence"' in result.output.splitlines()[0]
    result = runner.invoke(app, ["relations", *path, "--evidence", "-f", "csv"])
    assert "pressure,independence,causal,leads to,two.txt," in result.output
    result = runner.invoke(app, ["cooccurrence", *path, "--matrix", "-f", "csv"])
    assert result.output.splitlines()[0] == (
        "code,independence,pressure,sanctions,solidarity,sovereignty,unity"
    )
    wrong = runner.invoke(app, ["categories", *path, "--unit", "page"])
    assert wrong.exit_code == 2 and "page" in wrong.output


def test_no_codings_says_what_to_do(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing coded here.")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt"])
    with pytest.raises(discursus.DiscursusError, match="no codings to relate"):
        project.themes()


def test_the_report_shows_the_categories_the_core_and_the_relations(themes_project, tmp_path):
    from discursus.report import write_report

    page = write_report(themes_project, tmp_path / "r.html").read_text()
    section = page[page.index('<section id="coding">') : page.index('<section id="duplicates">')]
    assert "Categories: codes that code the same sentences (Leiden)" in section
    core = section[section.index("<h3>Core category") : section.index("<h3>Relations")]
    assert core.index("<b>independence</b>") < core.index("pressure")  # the core first
    relations = section[section.index("<h3>Relations") :]
    assert "<td>pressure</td><td>independence</td><td>causal</td><td>leads to</td>" in relations
