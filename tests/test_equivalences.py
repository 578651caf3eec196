"""Articulations of equivalence: hand-written sentences whose lists, appositions and equating
predications are known, and the ones that equate nothing."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from conftest import project_of
from typer.testing import CliRunner

import discursus
from discursus.annotate.equivalence import equivalences
from discursus.annotate.pipeline import load_pipeline
from discursus.cli import app


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text):
    return [(r["relation"], [m["term"] for m in r["members"]], r["cue"])
            for sentence in nlp(text).sents for r in equivalences(sentence)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We stand for justice, independence and Islamic unity.",
         [("coordination", ["justice", "independence", "islamic unity"], None)]),
        ("The justice-seeking nations and the oppressed peoples will prevail.",
         [("coordination", ["justice-seeking nation", "oppressed people"], None)]),
        ("Sovereignty is dignity.", [("predication", ["sovereignty", "dignity"], "be")]),
        ("For us, resistance means independence and anti-hegemony.",
         [("predication", ["resistance", "independence"], "mean"),
          ("coordination", ["independence", "anti-hegemony"], None)]),
    ],
)  # fmt: skip
def test_lists_and_equating_predications_are_articulations(nlp, text, expected):
    assert sorted(_found(nlp, text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The corridor is not a gift.",  # a negated copula sets apart
        "Kessel and Baranli met in the capital.",  # people are actors, not signifiers
        "The harbour is the harbour.",  # a signifier equal to itself says nothing
        "They met on Monday and left.",
        # a speech's greeting addresses its audience, it binds no chain
        "Mr. President, Excellencies, ladies and gentlemen, I thank you.",
    ],
)
def test_what_equates_nothing(nlp, text):
    assert _found(nlp, text) == []


def test_members_point_at_their_words_and_the_command_lists_them(tmp_path, nlp):
    text = "Our programme rests on openness, partnership and prosperity. Openness is strength.\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["equivalences", str(corpus), "-q", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["relation"], [m["term"] for m in r["members"]]) for r in rows] == [
        ("coordination", ["openness", "partnership", "prosperity"]),
        ("predication", ["openness", "strength"]),
    ]
    for row in rows:
        assert all(text[m["start"] : m["end"]].lower().startswith(m["term"][:5])
                   for m in row["members"])  # fmt: skip
        assert row["sentence_start"] <= row["start"] < row["end"] <= row["sentence_end"]
    assert text[rows[0]["start"] : rows[0]["end"]] == "openness, partnership and prosperity"
    only = CliRunner().invoke(app, ["equivalences", str(corpus), "-q", "-f", "csv",
                                    "--relation", "predication"])  # fmt: skip
    assert only.stdout.splitlines()[1:] == [
        "speech.txt,61,81,predication,openness; strength,be,61,83"
    ]
    bad = CliRunner().invoke(app, ["equivalences", str(corpus), "--relation", "list"])
    assert bad.exit_code == 2 and "'list' is not one of" in bad.output


CAMPS = {
    # (speaker, text): two discourses that share no signifier, and one too thin for a chain
    "a1.txt": ("Ana Holt", "We stand for openness, partnership and prosperity."),
    "a2.txt": ("Ana Holt", "Partnership means prosperity. Openness and partnership bring jobs."),
    "b1.txt": ("Ben Roe", "We defend dignity, faith and sovereignty."),
    "b2.txt": ("Ben Roe", "Sovereignty is dignity. Faith and sovereignty unite us."),
    "c1.txt": ("Cy Lane", "Roads and bridges matter."),
}


@pytest.fixture()
def camps(tmp_path):
    return project_of(tmp_path, "speaker", CAMPS)


def test_each_discourse_has_its_chain_of_equivalence_with_its_evidence(camps):
    project = camps
    found = project.chains(by="speaker")
    rows = [(r.discourse, r.chain, r.members, r.strength, r.documents) for r in found.itertuples()]
    # partnership is in all three of Ana Holt's articulations; a two-word list is no chain
    assert rows == [
        ("Ana Holt", 1, ["partnership", "openness", "prosperity"], 3, 2),
        ("Ben Roe", 1, ["sovereignty", "dignity", "faith"], 3, 2),
    ]
    first = found.evidence[0][0]  # the list of three first
    text = project.document(first["doc"])["text"]
    assert text[first["start"] : first["end"]] == "openness, partnership and prosperity"
    # the corpus as one discourse: the two chains stay apart, sharing no signifier
    whole = project.chains()
    assert sorted(map(sorted, whole.members)) == [
        ["dignity", "faith", "sovereignty"], ["openness", "partnership", "prosperity"]]  # fmt: skip


def test_the_nodal_point_of_each_discourse_with_its_runners_up_and_stability(camps):
    found = camps.nodal_points(by="speaker", boot=400, seed=1)
    first = found[found["rank"] == 1].set_index("discourse")
    # partnership and sovereignty are tied four times each (weights 2 + 2), the others three
    assert first.signifier.to_dict() == {"Ana Holt": "partnership", "Ben Roe": "sovereignty"}
    assert first.loc["Ana Holt", "documents"] == 2 and first.loc["Ana Holt", "share"] == 1.0
    # resampling the two documents: a1 twice (a quarter of the time) ties all three alike,
    # and then openness comes first by name; otherwise partnership does
    holt = found[found.discourse == "Ana Holt"].set_index("signifier")
    assert 0.65 < holt.loc["partnership", "stability"] < 0.85
    assert holt.stability.sum() == pytest.approx(1.0, abs=0.002)  # each rounded to 0.001
    assert list(holt.index) == ["partnership", "openness", "prosperity"]
    assert set(found.measure) == {
        "pagerank of the equivalence ties (damping 0.85, weighted) x "
        "share of the discourse's documents articulating it"
    }
    again = camps.nodal_points(by="speaker", boot=400, seed=1)
    assert again.equals(found)  # reproducible with a seed
    assert "Cy Lane" not in set(found.discourse)  # one pair of signifiers organises nothing


def test_the_sample_corpus_two_rival_discourses(sample_project):
    # what a reader of the sample finds: the "open horizons" discourse (Kessel, Ferreira)
    # binds partnership, prosperity and openness; "dignity and resistance" (Rezavand,
    # Baranli) binds sovereignty, dignity, faith and resistance, and turns on sovereignty
    points = sample_project.nodal_points(by="discourse", boot=50)
    first = points[points["rank"] == 1].set_index("discourse").signifier
    assert first["open horizons"] == "partnership"
    assert first["dignity and resistance"] == "sovereignty"
    # the sample's one academic paper is a discourse of one document: no stability to tell
    assert points[points.discourse == "analysis"].stability.isna().all()
    chains = sample_project.chains(by="discourse")
    strongest = chains[chains.chain == 1].set_index("discourse").members
    assert {"sovereignty", "dignity", "faith", "resistance"} <= set(
        strongest["dignity and resistance"]
    )
    assert {"partnership", "prosperity"} <= set(strongest["open horizons"])
    assert not {"partnership", "prosperity"} & set(strongest["dignity and resistance"])
    # sovereignty, which both discourses claim, each in its own chain, floats first
    floating = sample_project.floating_signifiers(by="discourse")
    assert floating.signifier.iloc[0] == "sovereignty"
    # "dignity and resistance" sets itself against the corridor deal; "open horizons"
    # opposes nothing of its own project
    others = sample_project.frontier(by="discourse")
    resisting = set(others[others.discourse == "dignity and resistance"].other)
    assert "corridor deal" in resisting
    opening = set(others[others.discourse == "open horizons"].other)
    assert not opening & {"corridor", "corridor deal", "Meridian Corridor", "partnership"}
    # and it presents itself favourably more than it criticises itself
    square = sample_project.ideological_square(by="discourse").set_index("discourse")
    assert square.loc["dignity and resistance", "self_favourable"] > square.loc[
        "dignity and resistance", "self_unfavourable"]  # fmt: skip


def test_the_semantic_system_command_gives_nodal_points_and_chains(camps):
    runner = CliRunner()
    result = runner.invoke(app, ["semantic-system", "-p", str(camps.path), "--by", "speaker",
                                 "--boot", "20", "-f", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    points = [(r["discourse"], r["signifier"]) for r in rows
              if r["part"] == "nodal_point" and r["rank"] == 1]  # fmt: skip
    assert points == [("Ana Holt", "partnership"), ("Ben Roe", "sovereignty")]
    chains = [r for r in rows if r["part"] == "chain"]
    assert [c["members"][0] for c in chains] == ["partnership", "sovereignty"]
    explained = runner.invoke(app, ["semantic-system", "-p", str(camps.path), "--explain",
                                    "--boot", "5"])  # fmt: skip
    assert explained.exit_code == 0 and "PageRank" in explained.output
    assert "a community of that graph (Leiden" in explained.output
    bad = runner.invoke(app, ["semantic-system", "-p", str(camps.path), "--by", "party"])
    assert bad.exit_code == 2 and "no field 'party'; fields: id, name" in bad.output
    lone = runner.invoke(app, ["semantic-system", "-p", str(camps.path), "--actors", "iso"])
    assert lone.exit_code == 2 and "actors name the members of camps" in lone.output


def test_a_signifier_floats_where_rival_discourses_chain_it_differently(tmp_path):
    texts = {
        # both chain sovereignty, each with other company; both say "peace and security"
        "o1.txt": ("open", "We want partnership, prosperity and sovereignty. "
                           "Peace and security matter."),
        "o2.txt": ("open", "Sovereignty means openness."),
        "r1.txt": ("resist", "We defend dignity, faith and sovereignty. "
                             "Peace and security matter."),
        "r2.txt": ("resist", "Only one camp speaks of justice and honour."),
    }  # fmt: skip
    project = project_of(tmp_path, "discourse", texts)
    found = project.floating_signifiers(by="discourse")
    # peace (beside security in both) is used alike; justice by one camp only
    assert found.signifier.tolist() == ["sovereignty"]
    row = found.iloc[0]
    assert row.discourses == ["open", "resist"] and row.difference == 1.0
    assert row.neighbourhoods == {"open": ["openness", "partnership", "prosperity"],
                                  "resist": ["dignity", "faith"]}  # fmt: skip
    assert {e["doc"] for e in row.evidence["resist"]} == {"r1.txt"}
    # one discourse alone (every document's format is txt) has nothing to fight over
    assert set(project.documents().format) == {"txt"}
    assert project.floating_signifiers(by="format").empty


def test_the_report_shows_each_discourse_and_its_semantic_system(camps, tmp_path):
    from discursus.report import write_report

    page = write_report(camps, tmp_path / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="semantic">') :]
    section = section[: section.index("</section>")]
    assert "Discourses by <b>speaker</b>" in section
    holt = section[section.index("<h3>Ana Holt</h3>") : section.index("<h3>Ben Roe</h3>")]
    assert "Nodal point: <b>partnership</b>" in holt
    assert "<td>partnership, openness, prosperity</td>" in holt
    assert "“openness, partnership and prosperity”" in holt and 'class="passage"' in holt
    assert "plotly-graph-div" in holt  # the signifiers drawn


def test_camps_found_as_coalitions_of_actors(sample_project, coded_sample):
    from discursus.errors import DiscursusError

    with pytest.raises(DiscursusError, match="camps as coalitions need statements: code"):
        sample_project.nodal_points(camps="coalitions")
    coded = coded_sample
    camp = coded.camps().set_index("actor").camp
    # the two rival camps of the sample, found from who takes which side on which concept
    assert camp["Daria Kessel"] == camp["Tomas Ferreira"] != camp["Yusuf Baranli"]
    assert camp["Yusuf Baranli"] == camp["Hamid Rezavand"]
    points = coded.nodal_points(camps="coalitions", boot=20)
    first = points[points["rank"] == 1].set_index("discourse").signifier
    assert first[camp["Daria Kessel"]] == "partnership"
    assert first[camp["Yusuf Baranli"]] == "sovereignty"
    with pytest.raises(DiscursusError, match="by a field or as coalitions, not both"):
        coded.chains(by="speaker", camps="coalitions")


def test_the_keywords_of_each_camp_against_the_rest(coded_sample):
    camp = coded_sample.camps().set_index("actor").camp
    runner = CliRunner()
    result = runner.invoke(app, ["keywords", "-p", str(coded_sample.path), "--camps",
                                 "coalitions", "--limit", "10", "-f", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    words = {group: {r["word"] for r in rows if r["group"] == group} for group in camp.unique()}
    # the partnership camp's prosperity; the resistance camp's cultural alliance
    assert "prosperity" in words[camp["Daria Kessel"]]
    assert "cultural" in words[camp["Hamid Rezavand"]]
    assert "cultural" not in words[camp["Daria Kessel"]]
    bad = runner.invoke(app, ["keywords", "-p", str(coded_sample.path), "--camps", "parties"])
    assert bad.exit_code != 0 and "--camps 'parties' is not one of coalitions" in bad.output
    lone = runner.invoke(app, ["keywords", "-p", str(coded_sample.path), "--actors", "iso"])
    assert lone.exit_code != 0 and "give --camps coalitions too" in lone.output


def test_each_codebook_discourse_read_from_the_passages_its_codes_cover(tmp_path):
    from discursus.annotate.codebook import parse_codebook

    texts = {
        # each speech speaks of both discourses, one sentence each
        "s1.txt": ("a", "We defend sovereignty, independence and dignity. "
                        "We want trade, growth and prosperity."),
        "s2.txt": ("b", "Sovereignty, independence and self-determination are sacred. "
                        "We seek trade, growth and jobs."),
        "s3.txt": ("c", "Sovereignty and freedom go together. Trade and markets grow."),
    }  # fmt: skip
    project = project_of(tmp_path, "state", texts)
    book = parse_codebook(
        "name: Two\ncodes:\n"
        "  - name: sovereigntism\n    codes:\n      - name: sovereignty\n"
        "        keywords: [sovereignty]\n"
        "  - name: economy\n    codes:\n      - name: trade\n        keywords: [trade]\n"
    )  # fmt: skip
    settings = {"codes": {"codebook": book.to_dict(), "unit": "sentence"}}
    project.annotate(discursus.annotate.AnnotateConfig(components=("codes",), settings=settings))
    system = project.semantic_system(passages="discourse", boot=20,
                                     parts=("nodal_points", "chains"))  # fmt: skip
    points = system["nodal_points"]
    first = points[points["rank"] == 1].set_index("discourse").signifier
    assert first.to_dict() == {"economy": "trade", "sovereigntism": "sovereignty"}
    members = {d: set().union(*c.members) for d, c in system["chains"].groupby("discourse")}
    # what each discourse's sentences set side by side, and nothing of the other's
    assert members["sovereigntism"] == {"sovereignty", "independence", "dignity",
                                        "self-determination", "freedom"}  # fmt: skip
    assert members["economy"] == {"trade", "growth", "prosperity", "job", "market"}
    result = CliRunner().invoke(app, ["semantic-system", "-p", str(project.path), "--passages",
                                      "discourse", "--by", "state"])  # fmt: skip
    assert result.exit_code != 0 and "one of them" in result.output
    bad = CliRunner().invoke(app, ["semantic-system", "-p", str(project.path), "--passages",
                                   "theme"])  # fmt: skip
    assert bad.exit_code != 0 and "level 'theme' is not one of discourse, code" in bad.output


def test_camps_of_states_whose_speakers_change_from_year_to_year():
    import pandas as pd

    from discursus.analysis.signifiers import coalition_camps

    # ARD's head of delegation changes from one year to the next: the camp is the state's
    documents = pd.DataFrame({
        "name": ["a19", "a20", "b20", "c20", "d20"],
        "speaker": ["Lena Orm", "Piet Vos", "Eli Tam", "Ruth Kai", "Omar Sel"],
        "meta": [{"iso": "ARD"}, {"iso": "ARD"}, {"iso": "BEL"}, {"iso": "COR"}, {"iso": "DUN"}],
    })  # fmt: skip
    rows = [(doc, speaker, concept, agreement, "own")
            for doc, speaker, agreement in (("a19", "Lena Orm", 1), ("a20", "Piet Vos", 1),
                                            ("b20", "Eli Tam", 1), ("c20", "Ruth Kai", -1),
                                            ("d20", "Omar Sel", -1))
            for concept in ("sanctions", "reform")]  # fmt: skip
    rows.append(("c20", "Ivo Marr", "reform", -1, "reported"))  # a speaker reported in COR's
    statements = pd.DataFrame(rows, columns=["doc", "actor", "concept", "agreement", "voice"])
    members, camped = coalition_camps(statements, documents, actor_field="iso")
    camp = members.set_index("actor").camp
    assert set(camp.index) == {"ARD", "BEL", "COR", "DUN", "Ivo Marr"}
    assert camp["ARD"] == camp["BEL"] != camp["COR"] == camp["DUN"]
    by_doc = camped.set_index("name").camp
    assert by_doc["a19"] == by_doc["a20"] == camp["ARD"] and by_doc["c20"] == camp["COR"]
    # by speakers, ARD's two heads of delegation are two actors
    by_speaker = coalition_camps(statements, documents)[0]
    assert {"Lena Orm", "Piet Vos"} <= set(by_speaker.actor)


def test_every_part_per_window_shows_a_nodal_point_rise(tmp_path):
    texts = {
        "y1.txt": ("2019-05-01", "We stand for openness, partnership and prosperity. "
                                 "Partnership means prosperity."),
        "y2.txt": ("2020-05-01", "We defend dignity, faith and sovereignty. "
                                 "Sovereignty means freedom."),
        "y3.txt": ("2021-05-01", "Sovereignty, faith and honour guide us. "
                                 "Sovereignty means freedom."),
    }  # fmt: skip
    project = project_of(tmp_path, "date", texts)
    parts = project.semantic_system(over="year", boot=0)
    first = parts["nodal_points"].query("rank == 1").set_index("window").signifier
    assert first.to_dict() == {"2019": "partnership", "2020": "sovereignty",
                               "2021": "sovereignty"}  # fmt: skip
    chains = parts["chains"].set_index("window").members
    assert sorted(chains["2019"]) == ["openness", "partnership", "prosperity"]
    assert parts["camps"] is None and parts["floating"] is None  # the corpus as one
    only = project.semantic_system(over="year", boot=0, parts=("nodal_points",))
    assert only["nodal_points"].equals(parts["nodal_points"]) and only["chains"] is None
    with pytest.raises(discursus.DiscursusError, match="no part 'nodes'; parts: network"):
        project.semantic_system(parts=("nodes",))
    with pytest.raises(discursus.DiscursusError, match="no field 'party'; fields: id, name"):
        project.semantic_system(over="party", boot=0)
    with pytest.raises(discursus.DiscursusError, match="no document has a value of 'speaker'"):
        project.semantic_system(over="speaker", boot=0)


def test_a_floating_signifiers_meaning_differs_between_discourses(tmp_path):
    # each side's sentences share their words (the hashing encoder reads wording, not
    # meaning), and none of them the other side's but "sovereignty"
    trade = ["Sovereignty protects our trade, our ports and our tariffs.",
             "Sovereignty guards the trade of our ports.",
             "Sovereignty keeps our tariffs and our trade fair.",
             "Sovereignty, partnership and prosperity go together."]  # fmt: skip
    faith = ["Sovereignty honours the faith of the martyrs.",
             "Sovereignty is the prayer of the faithful martyrs.",
             "Sovereignty lives in the faith and the prayers.",
             "Sovereignty, dignity and faith belong together."]  # fmt: skip
    texts = {"t.txt": ("open", " ".join(trade)), "f.txt": ("resist", " ".join(faith))}
    project = project_of(tmp_path, "discourse", texts)
    found = project.semantic_system(by="discourse", boot=0, encoder="hashing")["floating"]
    row = found.set_index("signifier").loc["sovereignty"]
    # four sentences a side, in words the other side never uses: the split is the most
    # extreme of the 35 distinct ones (70 labelled), so few shufflings match it
    assert row.contexts == 8 and row.distance > 0.1
    assert row.p_distance < 0.1
    (tmp_path / "same").mkdir()
    same = project_of(tmp_path / "same", "discourse", {
        "a.txt": ("open", " ".join(trade)), "b.txt": ("resist", " ".join(trade))})  # fmt: skip
    alike = same.semantic_system(by="discourse", boot=0, encoder="hashing")["floating"]
    # the same sentences on both sides: no chain differs, so nothing floats at all
    assert alike.empty
    # and the same sentences are no distance apart, whatever the shuffling
    from discursus.analysis.floating import contextual_distances

    both = pd.DataFrame({"signifier": "sovereignty", "discourse": ["a"] * 4 + ["b"] * 4,
                         "text": trade + trade})  # fmt: skip
    measured = contextual_distances(both, "hashing", permutations=50).iloc[0]
    assert measured.distance == 0.0 and measured.p_distance == 1.0


def _findings(project, by):
    parts = project.semantic_system(by=by, boot=50, seed=3)
    return {name: frame.drop(columns=[c for c in ("evidence",) if c in frame]).to_dict("records")
            for name, frame in parts.items() if frame is not None}  # fmt: skip


def test_the_same_findings_with_documents_shuffled_or_duplicated(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "shuffled").mkdir()
    (tmp_path / "doubled").mkdir()
    found = _findings(project_of(tmp_path / "one", "speaker", CAMPS), "speaker")
    assert found["nodal_points"] and found["chains"]
    # ingested in the opposite order: other ids, the same findings
    reversed_texts = dict(reversed(list(CAMPS.items())))
    assert _findings(project_of(tmp_path / "shuffled", "speaker", reversed_texts),
                     "speaker") == found  # fmt: skip
    # every text twice under another name: a copy is no second articulation
    doubled = {**CAMPS, **{f"copy_{name}": value for name, value in CAMPS.items()}}
    assert _findings(project_of(tmp_path / "doubled", "speaker", doubled), "speaker") == found


def test_two_camps_that_share_no_signifier_have_none_floating(camps):
    # Ana Holt's and Ben Roe's chains have no signifier in common: nothing to fight over
    assert camps.floating_signifiers(by="speaker").empty
    assert not camps.chains(by="speaker").empty  # though each has its chain


def test_an_other_is_never_the_nodal_point_of_the_discourse_that_opposes_it(tmp_path):
    texts = {
        "r1.txt": ("resist", "We stand against hegemony. Hegemony, occupation and sanctions "
                             "go together. Hegemony, war and poverty go together."),
        "r2.txt": ("resist", "We defend dignity, faith and sovereignty. Sovereignty means "
                             "freedom."),
    }  # fmt: skip
    project = project_of(tmp_path, "discourse", texts)
    parts = project.semantic_system(by="discourse", boot=20)
    # hegemony is tied most (six times), but it is what the discourse sets itself against
    assert parts["frontier"].other.iloc[0] == "hegemony"
    points = parts["nodal_points"]
    assert "hegemony" not in set(points.signifier)
    assert points.signifier.iloc[0] == "sovereignty"
    assert project.nodal_points(by="discourse", boot=20).equals(points)


def test_a_floating_signifiers_passages_show_the_company_it_keeps():
    from collections import Counter

    from discursus.analysis.floating import _showing_company

    found = [({"peace", "hope"}, {"doc": "a"}), ({"peace", "security"}, {"doc": "b"}),
             ({"peace", "security", "stability"}, {"doc": "c"})]  # fmt: skip
    company = Counter({"security": 2, "stability": 1, "hope": 1})
    # c sets peace beside two of its neighbours; then a and b, one each, in text order
    assert [p["doc"] for p in _showing_company(found, company)] == ["c", "a"]
