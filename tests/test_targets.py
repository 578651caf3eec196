"""Targets: lists given and refused, their names found in text, countries with their names,
and targets proposed from the sample corpus."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.targets import (
    TargetsError,
    country_names,
    find_mentions,
    load_targets,
    targets_from_data,
)
from discursus.cli import app

LIST = {
    "targets": [
        {"name": "Varnia", "kind": "country", "aliases": ["Port Selka", "the Varnian government"],
         "epithets": ["the puppet regime"]},
        {"name": "sanctions", "aliases": ["embargo"]},
    ]
}  # fmt: skip


def test_a_targets_names_are_found_whole_the_longest_first():
    text = (
        "The Varnian government in Port Selka denies it. Sanctions, said the envoy, will "
        "not move the puppet regime; an embargoed port is no embargo. Varnians agree."
    )
    found = find_mentions(text, targets_from_data(LIST))
    assert [(m["start"], m["end"], m["alias"], m["target"], m["epithet"]) for m in found] == [
        (0, 22, "The Varnian government", "Varnia", False),  # a capital at a sentence's start
        (26, 36, "Port Selka", "Varnia", False),
        (48, 57, "Sanctions", "sanctions", False),  # a lower-case name matches in any case
        (89, 106, "the puppet regime", "Varnia", True),  # an opponent's epithet
        (132, 139, "embargo", "sanctions", False),  # not "embargoed", nor "Varnians"
    ]


def test_case_decides_where_a_name_is_capitalized():
    targets = targets_from_data({"targets": [{"name": "Turkey", "kind": "country"}]})
    assert find_mentions("We ate turkey.", targets) == []
    assert [(m["start"], m["end"]) for m in find_mentions("We met Turkey.", targets)] == [(7, 13)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"targets": [{"kind": "issue"}]}, "target 1: no name"),
        ({"targets": ["Varnia", {"name": "Varnia"}]}, "'Varnia' is listed twice"),
        ({"targets": [{"name": "X", "kind": "planet"}]}, "kind 'planet' is not one of country"),
        ({"targets": [{"name": "X", "alias": ["Y"]}]}, "unknown field 'alias'"),
        ({"targets": [{"name": "X", "aliases": "Y", "epithets": [3]}]}, "epithets is a list"),
        ({"topics": []}, "give a list of targets under 'targets:'"),
    ],
)  # fmt: skip
def test_a_bad_target_list_is_refused_with_where_and_why(data, message):
    with pytest.raises(TargetsError, match=message):
        targets_from_data(data, "t.yaml")


def test_a_target_file_that_is_not_yaml_names_the_file(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("targets: [unclosed", encoding="utf-8")
    with pytest.raises(TargetsError, match="t.yaml: not valid YAML"):
        load_targets(bad)


def test_a_country_goes_by_its_official_names_and_its_capital():
    iran = country_names("Iran")
    assert iran.kind == "country" and iran.name == "Iran"
    assert {"Tehran", "Islamic Republic of Iran"} <= set(iran.aliases)
    assert not any(", " in a for a in iran.aliases)  # no "Iran, Islamic Republic of"
    assert country_names("Russian Federation").name == "Russia"
    assert country_names("sovereignty") is None


def test_targets_proposed_from_the_sample_corpus_and_set_from_a_file(sample_project, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample_project.path, folder)
    runner = CliRunner()
    result = runner.invoke(app, ["targets", "-p", str(folder), "--auto", "-q", "-f", "jsonl",
                                 "-o", str(tmp_path / "proposed.yaml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    proposed = load_targets(tmp_path / "proposed.yaml")
    by_name = {t.name: t for t in proposed.targets}
    assert "Kessel" in by_name["Daria Kessel"].aliases  # the actor, by the names speech merged
    assert by_name["Sovereignty Front"].kind == "organization"
    assert not any(name.endswith(")") for name in by_name)  # no unnamed speaker
    assert by_name["sovereignty"].kind == "issue"  # a key noun
    # a named thing the corpus discusses, also by its common noun ("The corridor, it seems,
    # is delivering ..."); a name in one document alone is none
    corridor = by_name["Meridian Corridor"]
    assert corridor.kind == "issue" and corridor.aliases == ("the corridor",)
    assert "Laclau" not in by_name and "London" not in by_name
    project = discursus.open_project(folder)
    mentions = project.target_mentions()
    kessel = mentions[mentions.target == "Daria Kessel"]
    text = project.document(kessel.doc.iloc[0])["text"]
    assert text[kessel.start.iloc[0] : kessel.end.iloc[0]] == kessel.alias.iloc[0]
    # a person's list replaces it; undo brings the proposal back
    mine = tmp_path / "mine.yaml"
    mine.write_text("targets:\n  - name: corridor\n    aliases: [Meridian Corridor]\n",
                    encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["targets", "-p", str(folder), "--file", str(mine), "--coder",
                                 "ana", "-q", "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("corridor,issue,")
    assert set(project.target_mentions().target) == {"corridor"}
    project.undo()
    assert "Daria Kessel" in set(project.targets().name)
    wrong = runner.invoke(app, ["targets", "-p", str(folder), "--file", str(mine), "--auto"])
    assert wrong.exit_code == 2 and "not both" in wrong.output
