"""The signifier network of a discourse: signifiers tied where they meet in its sentences
more often than chance says, with the congruence of the actors who affirm both."""

from __future__ import annotations

import json
import math

import pytest
from conftest import project_of
from typer.testing import CliRunner

from discursus.cli import app

TEXTS = {
    # "open": twelve sentences, partnership and prosperity meet in three of them (two in
    # o1, one in o2) and nowhere apart; roads and harbours meet once
    "o1.txt": ("open", "Partnership and prosperity go together. Partnerships bring prosperity "
                       "to the coast. The roads and the harbours need repair. "
                       "The weather was mild. Farmers sold grain. Schools opened early."),
    "o2.txt": ("open", "Our partnership secures prosperity. Rivers flooded fields. Trains were "
                       "late. The harbour is busy. Bridges need paint. Markets closed early."),
    # "resist": the longer signifier before the one it contains, and no head qualifying
    # the noun after it
    "r1.txt": ("resist", "Islamic unity and justice guide us. Unity is strength. The peace "
                         "process stalled. Peace and dignity matter."),
}  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_of(tmp_path_factory.mktemp("network"), "discourse", TEXTS)


def test_signifiers_meeting_more_often_than_chance_are_tied(project):
    found = project.signifier_network(by="discourse")
    rows = [(r.discourse, r.a, r.b, r.sentences) for r in found.itertuples()]
    # roads and harbours meet once: no tie; "resist" has no pair meeting twice
    assert rows == [("open", "partnership", "prosperity", 3)]
    tie = found.iloc[0]
    # 12 sentences, each of the two in 3, both in 3: expected 3 * 3 / 12
    assert tie.expected == 0.75
    g2 = 2 * (3 * math.log(3 / 0.75) + 9 * math.log(9 / (9 * 9 / 12)))
    assert tie.ll == pytest.approx(g2, abs=1e-3) and tie.p < 0.001
    assert tie.npmi == 1.0  # they only ever occur together
    assert tie.actors == 2  # no speakers: each document is an actor, both articulate both
    assert tie.equivalences == 1  # "Partnership and prosperity" alone sets them side by side
    first = tie.evidence[0]
    text = project.document(first["doc"])["text"]
    assert text[first["start"] : first["end"]] == "Partnership and prosperity go together."
    # a stricter threshold keeps nothing; a looser one with single meetings keeps roads
    assert project.signifier_network(by="discourse", alpha=1e-4).empty
    loose = project.signifier_network(by="discourse", alpha=0.05, min_sentences=1)
    assert ("road", "harbour") in set(zip(loose.b, loose.a, strict=True))


def test_signifiers_are_found_by_lemma_longest_first_and_only_as_heads(project):
    from discursus.analysis.signifier_network import term_occurrences

    found = term_occurrences(project.index(), ["unity", "islamic unity", "peace", "partnership"])
    text = project.document("r1.txt")["text"]
    spans = sorted((text[r.start : r.end], r.term) for r in found[found.doc == "r1.txt"]
                   .itertuples())  # fmt: skip
    assert spans == [("Islamic unity", "islamic unity"), ("Peace", "peace"), ("Unity", "unity")]
    # "Partnerships" and "partnership" are one signifier
    assert len(found[found.term == "partnership"]) == 3


def test_the_network_is_part_of_the_semantic_system_command(project):
    result = CliRunner().invoke(app, ["semantic-system", "-p", str(project.path), "--by",
                                      "discourse", "--boot", "5", "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    parts = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    # "resist" is a discourse of one document: its stability is null, not NaN
    resisting = [p for p in parts["nodal_points"] if p["discourse"] == "resist"]
    assert resisting and all(p["stability"] is None for p in resisting)
    assert set(parts) == {"camps", "network", "nodal_points", "chains", "frontier", "sides",
                          "square", "floating"}  # fmt: skip
    assert [(t["a"], t["b"]) for t in parts["network"]] == [("partnership", "prosperity")]
    bad = CliRunner().invoke(app, ["semantic-system", "-p", str(project.path), "--concepts",
                                   "words"])  # fmt: skip
    assert bad.exit_code == 2 and "'words' is not one of" in bad.output and "'codes'" in bad.output


CODEBOOK = """\
name: Cooperation
codes:
  - name: cooperation
    lemmas: [partnership, alliance]
  - name: wealth
    lemmas: [prosperity, wealth]
"""


def test_with_codes_as_concepts_the_codes_covering_the_signifiers_are_tied(tmp_path):
    import discursus
    from discursus.annotate.codebook import load_codebook

    texts = {
        "c1.txt": ("open", "Alliance and wealth go together. Our partnership brings prosperity. "
                           "Wealth and alliance grow. Farmers sold grain. Schools opened early. "
                           "Rivers flooded fields. Trains were late. Bridges need paint. "
                           "Markets closed early. The weather was mild. Ships came in. "
                           "Roads were dusty."),
    }  # fmt: skip
    project = project_of(tmp_path, "discourse", texts)
    (tmp_path / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    settings = {"codes": {"codebook": load_codebook(tmp_path / "book.yaml").to_dict()}}
    project.annotate(discursus.annotate.AnnotateConfig(components=("codes",), settings=settings))
    # the terms stay apart (alliance, wealth; partnership, prosperity) ...
    terms = project.semantic_system(by="discourse", boot=0)
    assert terms["network"].empty
    # ... the codes read them as one pair, meeting in three of twelve sentences
    codes = project.semantic_system(by="discourse", concepts="codes", boot=0)
    tie = codes["network"].iloc[0]
    assert (tie.a, tie.b, tie.sentences, tie.expected, tie.equivalences) == (
        "cooperation", "wealth", 3, 0.75, 2)  # fmt: skip
    assert codes["network"].shape[0] == 1
    assert tie.actors == 0 and tie.tie == "association"  # no statements: no actor sides


def test_with_statements_concepts_the_same_actors_take_a_side_on_are_tied():
    import pandas as pd

    from discursus.analysis.signifier_network import signifier_network

    # two codes that never share a sentence; Ana and Ben support both, Cy supports one and
    # rejects the other, Di only mentions them (no side)
    documents = pd.DataFrame({"id": [1, 2, 3, 4], "name": ["a", "b", "c", "d"]})
    sentences = pd.DataFrame({"doc": ["a", "a", "b", "b", "c", "c", "d", "d"],
                              "sent": [0, 1, 0, 1, 0, 1, 0, 1], "start": [0, 10] * 4,
                              "end": [9, 19] * 4})  # fmt: skip
    occurrences = pd.DataFrame(
        {
            "term": ["trade", "peace"] * 4,
            "doc": list("aabbccdd"),
            "sent": [0, 1] * 4,
            "start": [0, 10] * 4,
            "end": [5, 15] * 4,
        }
    )
    statements = pd.DataFrame({
        "doc": list("aabbccdd"), "actor": ["Ana", "Ana", "Ben", "Ben", "Cy", "Cy", "Di", "Di"],
        "concept": ["trade", "peace"] * 4, "agreement": [1, 1, 1, 1, 1, -1, 0, 0]})  # fmt: skip
    found = signifier_network(occurrences, sentences, occurrences.iloc[:0].assign(members=[]),
                              documents, None, statements=statements)  # fmt: skip
    assert len(found) == 1
    tie = found.iloc[0]
    assert (tie.a, tie.b, tie.tie, tie.actors, tie.sentences) == (
        "peace", "trade", "congruence", 2, 0)  # fmt: skip
    assert tie.npmi == -1.0  # they never meet
    # a third congruent actor is needed when two are not enough
    assert signifier_network(
        occurrences,
        sentences,
        occurrences.iloc[:0].assign(members=[]),
        documents,
        None,
        statements=statements,
        min_actors=3,
    ).empty


def test_a_camp_chains_the_concepts_it_affirms_and_the_other_camp_rejects():
    import pandas as pd

    from discursus.analysis.chains import chains, co_affirmed_chains

    documents = pd.DataFrame({"id": [1, 2, 3], "name": ["a", "b", "c"],
                              "camp": ["open", "open", "resist"]})  # fmt: skip
    statements = pd.DataFrame({
        "doc": ["a", "a", "b", "b", "c", "c", "c"], "start": [0, 20, 0, 20, 0, 20, 40],
        "end": [10, 30, 10, 30, 10, 30, 50],
        "concept": ["trade", "corridor", "trade", "weather", "trade", "corridor", "sovereignty"],
        "agreement": [1, 1, 1, 1, -1, -1, 1]})  # fmt: skip
    empty = pd.DataFrame(columns=["doc", "start", "end", "relation", "members"])
    found = co_affirmed_chains(statements, documents, "camp", chains(empty, documents, "camp"))
    # "open" affirms trade (twice) and the corridor, both of which "resist" rejects; the
    # weather nobody rejects; "resist" affirms only sovereignty, which nobody rejects
    shown = found[["discourse", "chain", "kind", "members", "strength", "documents"]]
    assert shown.to_dict("records") == [{
        "discourse": "open", "chain": 1, "kind": "co-affirmed",
        "members": ["trade", "corridor"], "strength": 3, "documents": 2}]  # fmt: skip
    assert found.evidence[0][0] == {"doc": "a", "start": 0, "end": 10}


def test_a_targets_aliases_are_one_signifier(tmp_path):
    from discursus.annotate.targets import Target, TargetList

    texts = {"d.txt": ("open", "The corridor, jobs and trade go together. The Meridian "
                               "Corridor, jobs and ports go together.")}  # fmt: skip
    project = project_of(tmp_path, "discourse", texts)
    before = set(project.nodal_points(by="discourse", boot=0, shown=10).signifier)
    assert {"corridor", "meridian corridor"} <= before
    project.set_targets(TargetList((Target("Meridian Corridor", "issue", ("the corridor",)),)),
                        "ana")  # fmt: skip
    after = project.nodal_points(by="discourse", boot=0, shown=10).set_index("signifier")
    # "the corridor" is the Meridian Corridor: one signifier, in both articulations
    assert "corridor" not in after.index
    # it is in both articulations now, tied to all the others as "jobs" is
    assert after.loc["meridian corridor", "score"] == after.loc["job", "score"]
    network = project.semantic_system(by="discourse", boot=0)["network"]
    assert "corridor" not in set(network.a) | set(network.b)
