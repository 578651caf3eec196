"""Codebooks and automatic coding on hand-worked passages; a person's decisions survive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import CodebookError, parse_codebook
from discursus.cli import app

CODEBOOK = """\
name: Harbour talk
codes:
  - name: sovereignty
    keywords: [sovereignty, self-determination]
  - name: pressure
    description: Outside powers pushing.
    color: "#c0504d"
    patterns:
      - [{LOWER: {IN: [foreign, outside]}}, {LOWER: pressure}]
    codes:
      - name: sanctions
        lemmas: [sanction]
"""

TEXTS = {
    "a.txt": "Our sovereignty is not for sale. Foreign pressure will not move us.\n\n"
    "The harbour stays open.",
    "b.txt": "They sanctioned the port twice. Trade fell.",
}


def test_a_codebook_is_read_with_its_tree_rules_and_versions():
    book = parse_codebook(CODEBOOK)
    assert [(c.name, c.path, c.parent) for c in book.codes] == [
        ("sovereignty", "sovereignty", None),
        ("pressure", "pressure", None),
        ("sanctions", "pressure/sanctions", "pressure"),
    ]
    assert book.code("sanctions").lemmas == ("sanction",)
    assert book.code("pressure").color == "#c0504d"
    # JSON is read the same way, and has the same version
    assert parse_codebook(json.dumps(book.to_dict())).version == book.version
    changed = parse_codebook(CODEBOOK.replace("[sanction]", "[sanction, embargo]"))
    assert changed.version != book.version
    # only the code whose rules changed has a new code version
    assert changed.code("sanctions").version != book.code("sanctions").version
    assert changed.code("sovereignty").version == book.code("sovereignty").version


def test_every_problem_of_a_codebook_names_its_line_and_the_fix():
    text = (
        "name: Bad\n"
        "codes:\n"
        "  - name: a\n"
        "    keyword: [x]\n"
        "  - name: b\n"
        "    color: red\n"
        "    patterns: [[{LOWR: x}]]\n"
        "  - name: a\n"
    )
    with pytest.raises(CodebookError) as error:
        parse_codebook(text, "book.yaml")
    assert error.value.problems == [
        "book.yaml:3: code 'a': unknown key 'keyword'; did you mean 'keywords'? keys: name, "
        "description, color, memo, keywords, lemmas, patterns, dependency_patterns, examples, "
        "codes",
        "book.yaml:5: code 'b': color 'red' is not like '#c0504d'",
        "book.yaml:8: code 'a' is named twice; give each code its own name",
        error.value.problems[3],
    ]
    assert error.value.problems[3].startswith(
        "book.yaml:7: code 'b': pattern 1 is not a spaCy Matcher pattern:"
    )
    assert "LOWR" in error.value.problems[3]


def test_a_codebook_that_is_not_one_is_refused_clearly():
    with pytest.raises(CodebookError, match="book.yaml:2: not valid YAML or JSON"):
        parse_codebook("name: [unclosed\n", "book.yaml")
    with pytest.raises(CodebookError, match="aliases"):
        parse_codebook("name: &n x\ncodes: [{name: *n}]\n", "book.yaml")
    with pytest.raises(CodebookError, match="'codes' must be a list of codes"):
        parse_codebook("name: Empty\n", "book.yaml")


@pytest.fixture
def coded(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "book.yaml").write_text(CODEBOOK)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    result = CliRunner().invoke(
        app, ["code", "--codebook", str(tmp_path / "book.yaml"), "-p", str(project.path), "-q"]
    )
    assert result.exit_code == 0, result.output
    return project


def _places(frame) -> list[tuple]:
    return [(r.doc, r.code, r.start, r.end, r.rule) for r in frame.itertuples()]


def test_rules_suggest_codes_for_the_sentences_they_hold(coded):
    found = coded.codings()
    assert _places(found) == [
        ("a.txt", "sovereignty", 0, 32, "keyword:sovereignty"),
        ("a.txt", "pressure", 33, 67, "pattern:1"),
        ("b.txt", "sanctions", 0, 31, "lemma:sanction"),  # "sanctioned", by its lemma
    ]
    assert set(found.status) == {"suggested"} and set(found.coder) == {"rules"}
    hit = found.hits[1][0]
    assert (hit["text"], hit["start"], hit["end"]) == ("Foreign pressure", 33, 49)


def test_paragraphs_as_units(coded, tmp_path):
    coded.annotate(
        discursus.annotate.AnnotateConfig(
            components=("codes",),
            settings={
                "codes": {"codebook": parse_codebook(CODEBOOK).to_dict(), "unit": "paragraph"}
            },
        )  # fmt: skip
    )
    found = coded.codings()
    assert _places(found)[:2] == [
        ("a.txt", "sovereignty", 0, 67, "keyword:sovereignty"),
        ("a.txt", "pressure", 0, 67, "pattern:1"),
    ]
    assert set(found.unit) == {"paragraph"}


def test_decisions_are_a_persons_and_survive_a_changed_codebook(coded, tmp_path):
    ids = coded.codings().set_index("code").id
    assert coded.review("accepted", "Lena", code="sovereignty") == 1
    assert coded.review("rejected", "Lena", ids=[int(ids["sanctions"])]) == 1
    with pytest.raises(discursus.ProjectError, match="no open suggestion with id 999"):
        coded.review("accepted", "Lena", ids=[999])
    with pytest.raises(discursus.ProjectError, match="name the suggestions"):
        coded.review("accepted", "Lena")
    statuses = {(r.code, r.status, r.coder) for r in coded.codings().itertuples()}
    assert ("sovereignty", "accepted", "Lena") in statuses
    assert ("sanctions", "rejected", "Lena") in statuses
    assert ("pressure", "suggested", "rules") in statuses
    # a new codebook: the coding is stale, re-run; the suggestions are replaced, the
    # decisions stay and still hold for the suggestions at their place
    changed = CODEBOOK.replace("[sanction]", "[sanction, trade]")
    (tmp_path / "book.yaml").write_text(changed)
    settings = {"codes": {"codebook": parse_codebook(changed).to_dict(), "unit": "sentence"}}
    status = coded.status(discursus.annotate.AnnotateConfig(settings=settings))
    assert status.set_index("component").loc["codes", "why"] == "2 settings changed"
    # the parse stays fresh (coding ran alone: citations and speech never ran here)
    assert status.set_index("component").stale.to_dict() == {
        "parse": 0, "citations": 2, "codes": 2, "speech": 2, "targets": 2, "stance": 2,
        "frames": 2, "techniques": 2, "equivalences": 2, "antagonisms": 2,
        "presentations": 2,
    }  # fmt: skip
    result = CliRunner().invoke(
        app, ["code", "--codebook", str(tmp_path / "book.yaml"), "-p", str(coded.path), "-q"]
    )
    assert result.exit_code == 0, result.output
    after = {(r.doc, r.code, r.status, r.coder, r.start) for r in coded.codings().itertuples()}
    assert ("b.txt", "sanctions", "rejected", "Lena", 0) in after
    assert ("b.txt", "sanctions", "decided", "rules", 0) in after  # not suggested again
    assert ("b.txt", "sanctions", "suggested", "rules", 32) in after  # "Trade fell."
    assert ("a.txt", "sovereignty", "accepted", "Lena", 0) in after
    # a plain annotate keeps the project's codebook: nothing is stale, nothing replaced
    assert "codes" not in coded.annotate().ran


def test_the_cli_lists_and_reviews_codings(coded):
    runner = CliRunner()
    path = str(coded.path)
    listed = runner.invoke(app, ["codings", "-p", path, "--code", "pressure", "-f", "jsonl"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["doc"], r["rule"], r["status"]) for r in rows] == [
        ("a.txt", "pattern:1", "suggested")
    ]
    accepted = runner.invoke(app, ["accept", "-p", path, "--rule", "pattern:1", "--coder", "Ivo"])
    assert accepted.exit_code == 0 and "accepted 1 suggestion as Ivo" in accepted.output
    mine = runner.invoke(app, ["codings", "-p", path, "--coder", "Ivo", "-f", "csv"])
    decided = list(csv.DictReader(io.StringIO(mine.stdout)))
    assert [(r["code"], r["status"], r["start"]) for r in decided] == [
        ("pressure", "accepted", "33")
    ]
    nothing = runner.invoke(app, ["reject", "-p", path, "--coder", "Ivo"])
    assert nothing.exit_code == 2 and "name the suggestions" in nothing.output


def test_codebook_check_from_the_cli(tmp_path):
    (tmp_path / "good.yaml").write_text(CODEBOOK)
    (tmp_path / "bad.yaml").write_text("name: Bad\ncodes:\n  - name: a\n    colour: red\n")
    runner = CliRunner()
    good = runner.invoke(app, ["codebook", "check", str(tmp_path / "good.yaml")])
    assert good.exit_code == 0 and "3 codes (3 with rules)" in good.stdout
    bad = runner.invoke(app, ["codebook", "check", str(tmp_path / "bad.yaml")])
    assert bad.exit_code == 1
    assert "bad.yaml:3: code 'a': unknown key 'colour'; did you mean 'color'?" in bad.output


def _coding(doc, start, end, code, coder, status="coded", origin="manual"):
    return {"doc": doc, "start": start, "end": end, "code": code, "coder": coder,
            "status": status, "origin": origin}  # fmt: skip


def test_kappa_and_alpha_worked_by_hand_and_against_the_krippendorff_package():
    import krippendorff
    import pandas as pd

    from discursus.analysis.agreement import agreement

    # six sentences of ten characters; A says X on the first three, B on the middle three
    sentences = pd.DataFrame(
        {"doc": ["d"] * 6 + ["e"] * 2, "start": [0, 10, 20, 30, 40, 50, 0, 10]}
    ).assign(end=lambda f: f.start + 10)
    codings = pd.DataFrame(
        [
            _coding("d", 0, 30, "X", "A"),
            _coding("d", 12, 38, "X", "B"),  # overlaps sentences 2, 3 and 4
            _coding("e", 0, 5, "X", "C"),  # C coded only document e
            _coding("e", 0, 5, "X", "A"),
            _coding("e", 10, 20, "X", "B", status="rejected"),  # says no
        ]
    )
    summary, disagreements = agreement(codings, sentences, ["A", "B"])
    row = summary.set_index("code").loc["X"]
    # A: 1 1 1 0 0 0 | 1 0   B: 0 1 1 1 0 0 | 0 0   agree on 5 of 8 units
    assert row.units == 8 and row.percent == pytest.approx(5 / 8)
    # kappa: po = 5/8; A says yes 4/8, B 3/8: pe = 4/8*3/8 + 4/8*5/8 = 1/2
    assert row.kappa == pytest.approx((5 / 8 - 1 / 2) / (1 - 1 / 2))
    # alpha: 16 values, 7 ones; coincidences of unlike pairs o01 + o10 = 6 (3 units)
    d_observed = 6 / 16
    d_expected = 2 * 7 * 9 / (16 * 15)
    assert row.alpha == pytest.approx(1 - d_observed / d_expected)
    reliability = [[1, 1, 1, 0, 0, 0, 1, 0], [0, 1, 1, 1, 0, 0, 0, 0]]
    expected = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert row.alpha == pytest.approx(expected)
    assert disagreements[["doc", "start", "A", "B"]].values.tolist() == [
        ["d", 0, 1, 0], ["d", 30, 0, 1], ["e", 0, 1, 0],
    ]  # fmt: skip
    # three coders: C never worked on d, which alpha takes as missing
    summary, _ = agreement(codings, sentences, ["A", "B", "C"])
    row = summary.set_index("code").loc["X"]
    nan = float("nan")
    three = [*reliability, [nan] * 6 + [1, 0]]
    assert row.kappa is None and row.units == 2
    assert row.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=three, level_of_measurement="nominal")
    )
    with pytest.raises(discursus.DiscursusError, match="coder 'Z' has no codings"):
        agreement(codings, sentences, ["A", "Z"])


def test_a_person_and_the_rules_compared_from_the_cli(coded):
    coded.review("accepted", "Lena", code="sovereignty")
    coded.review("rejected", "Lena", code="sanctions")
    runner = CliRunner()
    path = str(coded.path)
    result = runner.invoke(app, ["agreement", "--coders", "Lena,rules", "-p", path, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert (rows["sovereignty"]["percent"], rows["sovereignty"]["kappa"]) == (1.0, 1.0)
    # five sentences; the rules said pressure on one Lena left alone
    assert rows["pressure"]["units"] == 5 and rows["pressure"]["percent"] == 0.8
    assert rows["pressure"]["kappa"] == 0.0
    listed = runner.invoke(
        app, ["agreement", "--coders", "Lena,rules", "-p", path, "--disagreements", "-f", "csv"]
    )
    lines = listed.stdout.splitlines()
    assert lines[0] == "doc,start,end,code,Lena,rules"
    assert lines[1:] == ["a.txt,33,69,pressure,0,1", "b.txt,0,31,sanctions,0,1"]  # stored sentences


def test_a_code_is_a_sub_corpus_for_every_corpus_command(coded):
    coded.annotate()  # the token index, built by annotate
    coded.review("rejected", "Lena", code="pressure")
    runner = CliRunner()
    path = str(coded.path)
    lines = runner.invoke(app, ["kwic", "not", "-p", path, "--code", "sovereignty", "-f", "jsonl"])
    found = [json.loads(line) for line in lines.stdout.splitlines()]
    # "not" stands in both sentences of a.txt: only the one coded sovereignty counts
    assert [(r["doc"], r["start"]) for r in found] == [("a.txt", 19)]
    # a rejected suggestion is no coded passage
    rejected = runner.invoke(app, ["kwic", "not", "-p", path, "--code", "pressure", "-f", "jsonl"])
    assert rejected.exit_code == 0 and rejected.stdout == ""
    unknown = runner.invoke(app, ["ngrams", "-p", path, "--code", "nope"])
    assert unknown.exit_code == 2 and "no codings of 'nope'; codes: pressure" in unknown.output


def test_a_person_codes_a_passage_by_offsets_or_by_its_quote(coded):
    row = coded.add_coding("a.txt", "openness", "Lena", quote="The harbour stays open")
    assert (row["start"], row["end"]) == (69, 91)
    assert row["selector"] == {
        "exact": "The harbour stays open",
        "prefix": "ign pressure will not move us.\n\n",  # 32 characters
        "suffix": ".",
    }
    with pytest.raises(discursus.ProjectError) as ambiguous:
        coded.add_coding("a.txt", "negation", "Lena", quote="not")
    message = str(ambiguous.value)
    assert "'not' stands 2 times in a.txt; pick one with --occurrence N: 1 at 19:" in message
    assert "2 at 55:" in message
    second = coded.add_coding("a.txt", "negation", "Lena", quote="not", occurrence=2)
    assert (second["start"], second["end"]) == (55, 58)
    with pytest.raises(discursus.ProjectError, match="not a passage of b.txt"):
        coded.add_coding("b.txt", "x", "Lena", start=10, end=999)
    with pytest.raises(discursus.ProjectError, match="'sailing' is not in b.txt"):
        coded.add_coding("b.txt", "x", "Lena", quote="sailing")
    coded.annotate(discursus.annotate.AnnotateConfig(retry_failed=True))
    mine = coded.codings(coder="Lena")
    assert mine[["code", "start", "status", "origin"]].values.tolist() == [
        ["negation", 55, "coded", "manual"],
        ["openness", 69, "coded", "manual"],
    ]


def test_code_passage_from_the_cli(coded):
    result = CliRunner().invoke(
        app,
        ["code-passage", "b.txt", "--code", "trade", "--coder", "Ivo", "--quote", "Trade fell",
         "--memo", "the cost", "-p", str(coded.path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "coded b.txt 32-42 as 'trade' (Ivo): Trade fell" in result.output
    row = coded.codings(coder="Ivo").iloc[0]
    assert (row.code, row.start, row.end) == ("trade", 32, 42)


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not present")
def test_the_seed_papers_themes_are_found_where_they_stand():
    from discursus.annotate import annotate_batch, load_pipeline
    from discursus.annotate.records import DocInput
    from discursus.registry import pipeline

    paper = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    book = {
        "name": "Resistance discourse",
        "codes": [
            {"name": "justice-seeking", "keywords": ["justice-seeking"]},
            {"name": "anti-hegemony", "keywords": ["anti-hegemony", "anti-hegemonic"]},
            {"name": "Islamic unity", "keywords": ["Islamic unity"]},
            {"name": "independence", "keywords": ["independence"]},
            {"name": "arrogance", "lemmas": ["arrogance"]},
        ],
    }
    settings = {"codes": {"codebook": book, "unit": "sentence"}}
    result = annotate_batch(
        load_pipeline(), [DocInput(1, "h", paper)], components=pipeline(["codes"]),
        settings=settings,
    ).docs[0]  # fmt: skip
    hits: dict[str, list[str]] = {}
    for row in result.rows["codings"]:
        assert paper[row["start"] : row["end"]].strip()  # a sentence of the paper
        for hit in row["hits"]:
            assert paper[hit["start"] : hit["end"]] == hit["text"]
            hits.setdefault(row["code"], []).append(hit["text"].lower())
    # counted by hand in the paper (any case): 7, 2 + 3, 2, 13 + 2 capitalised, 5 + 1
    assert {code: len(found) for code, found in hits.items()} == {
        "justice-seeking": 7,
        "anti-hegemony": 5,
        "Islamic unity": 2,
        "independence": 15,
        "arrogance": 6,
    }
    assert sorted(set(hits["anti-hegemony"])) == ["anti-hegemonic", "anti-hegemony"]


def _rerun_codes(project) -> None:
    """Mark the coding stale on its own (a new version) and run it again: the index route."""
    from discursus.registry import Component, components, registered

    codes = components("annotator")["codes"]
    newer = Component(
        "codes", "annotator", codes.version + ".1", codes.func, codes.requires, codes.produces,
        codes.config, codes.label, traits=codes.traits,
    )  # fmt: skip
    with registered(newer):
        summary = project.annotate()
    assert summary.ran == {"codes": len(project.documents())}


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_the_token_index_codes_exactly_as_the_parse_does(tmp_path, unit):
    texts = {
        **TEXTS,
        "c.txt": "We resisted the arrogance of the powerful. The port stayed open; independence "
        "came late.\n\nTheir war of narratives failed. The Port reopened, resisting them.",
    }
    papers = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for paper in papers:  # real prose, where it is here
        texts[paper.name] = paper.read_text(encoding="utf-8")
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    book = parse_codebook(
        CODEBOOK.replace("      - name: sanctions\n", "      - name: sanctions\n"
                         "        keywords: [Islamic unity, the port, war of narratives]\n")
        .replace("    patterns:\n      - [{LOWER: {IN: [foreign, outside]}}, {LOWER: pressure}]\n",
                 "    lemmas: [resist, arrogance, independence]\n")
    )  # fmt: skip
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / name for name in texts])
    settings = {"codes": {"codebook": book.to_dict(), "unit": unit}}
    project.annotate(discursus.annotate.AnnotateConfig(settings=settings))  # with the parse
    by_parse = project.rows("codings")
    mine = {(r["doc"], hit["rule"], hit["text"]) for r in by_parse for hit in r["hits"]}
    assert {
        ("c.txt", "lemma:resist", "resisted"),
        ("c.txt", "lemma:resist", "resisting"),
        ("c.txt", "lemma:arrogance", "arrogance"),
        ("c.txt", "keyword:the port", "The port"),
        ("c.txt", "keyword:the port", "The Port"),
        ("c.txt", "keyword:war of narratives", "war of narratives"),
    } <= mine
    _rerun_codes(project)
    assert project.rows("codings") == by_parse


def test_a_codebook_with_matcher_patterns_is_coded_on_the_parse(coded):
    coded.annotate()  # the other annotators too, so that coding is all that is stale next
    before = coded.rows("codings")
    _rerun_codes(coded)  # the codebook has a pattern: the index route declines it
    assert coded.rows("codings") == before
    assert ("a.txt", "pattern:1") in {(r["doc"], r["rule"]) for r in before}


def test_dependency_patterns_find_a_relation_whatever_stands_between(tmp_path):
    book = parse_codebook(
        "name: D\ncodes:\n  - name: sanctions imposed\n    dependency_patterns:\n"
        "      - - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: impose}}\n"
        "        - {LEFT_ID: verb, REL_OP: '>', RIGHT_ID: object,"
        " RIGHT_ATTRS: {DEP: dobj, LEMMA: sanction}}\n"
    )
    text = "They imposed harsh new sanctions on the port. The sanctions were lifted in May."
    (tmp_path / "a.txt").write_text(text)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt"])
    settings = {"codes": {"codebook": book.to_dict()}}
    project.annotate(discursus.annotate.AnnotateConfig(settings=settings))
    found = project.codings()
    assert found[["start", "end", "rule"]].values.tolist() == [[0, 45, "dependency:1"]]
    hit = found.hits.iloc[0][0]
    assert hit["text"] == "imposed harsh new sanctions"  # the verb to its object
    with pytest.raises(CodebookError, match="dependency pattern 1 is not a spaCy DependencyMatch"):
        parse_codebook(
            "name: D\ncodes:\n  - name: x\n    dependency_patterns: [[{RIGHT_ATTRS: {}}]]\n"
        )


def test_statements_as_units_are_the_passages_of_reported_speech(tmp_path):
    text = (
        'The minister said: "Sanctions are a crime against our people." Trade fell in May. '
        '"We will resist," she added.'
    )
    (tmp_path / "a.txt").write_text(text)
    book = parse_codebook(
        "name: S\ncodes:\n  - name: sanctions\n    keywords: [sanctions]\n"
        "  - name: resistance\n    lemmas: [resist]\n  - name: trade\n    keywords: [trade]\n"
    )
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt"])
    settings = {"codes": {"codebook": book.to_dict(), "unit": "statement"}}
    summary = project.annotate(discursus.annotate.AnnotateConfig(components=("codes",),
                                                                 settings=settings))  # fmt: skip
    assert set(summary.ran) == {"parse", "citations", "speech", "codes"}  # it needs the speech
    quotes = {(q["start"], q["end"]) for q in project.quote_rows()}
    found = project.codings()
    assert sorted(found.code) == ["resistance", "sanctions"]  # "Trade fell" is no statement
    assert {(r.start, r.end) for r in found.itertuples()} <= quotes
    assert set(found.unit) == {"statement"}
    assert text[found.start.iloc[0] : found.end.iloc[0]].startswith("Sanctions are a crime")
