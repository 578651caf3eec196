"""Statements found automatically: the stance of hand-written sentences, who speaks where, and
the sample corpus's two rival discourses as two coalitions."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import ROOT, validate_rows
from typer.testing import CliRunner

from discursus.analysis import networks
from discursus.analysis.statements import agreement_of
from discursus.cli import app
from discursus.errors import DiscursusError


def _stance(text: str, concept: str, *others: str, endorsed=None) -> tuple[int, str]:
    at = text.index(concept)
    spans = tuple((text.index(o), text.index(o) + len(o)) for o in others)
    return agreement_of(text, 0, len(text), at, at + len(concept), endorsed, spans)


@pytest.mark.parametrize(
    ("text", "concept", "others", "expected"),
    [
        ("We reject foreign pressure.", "foreign pressure", (), (-1, "oppose:reject")),
        ("We will never accept foreign pressure.", "foreign pressure", (),
         (-1, "support:accept, negated")),
        ("Hegemony must end.", "Hegemony", (), (-1, "oppose:end")),
        ("We will not oppose the corridor.", "corridor", (), (1, "oppose:oppose, negated")),
        ("Sovereignty is not for sale.", "Sovereignty", (), (0, "mention")),  # no verb: no stance
        ("The opposition speaks of sovereignty.", "sovereignty", (), (0, "mention")),
        ("We defend our dignity and resistance.", "dignity", ("resistance",),
         (1, "support:defend")),
        ("Our dignity and resistance will be told.", "dignity", ("resistance",), (0, "mention")),
    ],
)  # fmt: skip
def test_the_stance_on_a_concept_is_read_in_its_clause(text, concept, others, expected):
    assert _stance(text, concept, *others) == expected


def test_a_claim_reported_to_be_rejected_is_a_rejection():
    assert _stance("They say the corridor will bring jobs.", "corridor", endorsed=False) == (
        -1, "reported to reject",
    )  # fmt: skip


def test_statements_say_who_speaks_where_with_their_evidence(coded_sample):
    found = coded_sample.statements()
    assert not found.empty
    texts = {}
    for row in found.itertuples():
        text = texts.setdefault(row.doc, coded_sample.document(row.doc)["text"])
        assert row.start <= row.evidence_start < row.evidence_end <= row.end
        assert text[row.evidence_start : row.evidence_end] == row.evidence
    kessel = found[(found.doc == "01_kessel_corridor_launch.txt")]
    assert set(kessel.actor) == {"Daria Kessel"} and set(kessel.voice) == {"own"}  # her speech
    reported = found[found.doc == "02_gazette_report_kessel.md"]
    assert "Daria Kessel" in set(reported.actor) and set(reported.voice) == {"reported"}
    assert "Mira Halden" not in set(found.actor)  # the reporter's own sentences are no stance
    supports = found[(found.actor == "Daria Kessel") & (found.concept == "corridor")]
    assert (supports.agreement == 1).any()
    fields = ["doc", "start", "end", "actor", "organization", "concept", "agreement", "date"]
    contract = found[fields].astype(object)
    rows = contract.where(contract.notna(), None).to_dict("records")
    validate_rows(rows, "statement.schema.json")
    # one document's statements, read from its own rows, are the corpus's of that document
    alone = coded_sample.statements(doc="02_gazette_report_kessel.md")
    assert alone.to_dict("records") == reported.reset_index(drop=True).to_dict("records")


def test_the_two_rival_discourses_are_two_coalitions(coded_sample):
    found = coded_sample.statements()
    congruence = networks.onemode(found, "actor", "concept", aggregation="congruence")
    camps, _ = networks.coalitions(congruence)
    camp = dict(zip(camps.node, camps.coalition, strict=True))
    assert len(set(camp.values())) == 2
    assert camp["Daria Kessel"] == camp["Tomas Ferreira"]  # open horizons
    assert camp["Hamid Rezavand"] == camp["Yusuf Baranli"]  # dignity and resistance
    assert camp["Daria Kessel"] != camp["Hamid Rezavand"]


def test_statements_and_networks_of_a_project_from_the_cli(coded_sample):
    runner = CliRunner()
    path = ["-p", str(coded_sample.path)]
    result = runner.invoke(app, ["statements", *path, "-f", "csv"])
    assert result.exit_code == 0, result.output
    header = "id,origin,doc,start,end,actor,organization,concept"
    assert result.stdout.splitlines()[0].startswith(header)
    result = runner.invoke(
        app, ["network", *path, "--var1", "actor", "--type", "onemode", "--aggregation",
              "congruence", "--coalitions", "louvain", "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Hamid Rezavand" in result.stdout and "modularity" in result.output
    only = runner.invoke(app, ["statements", *path, "--where", "speaker = 'Yusuf Baranli'",
                               "-f", "jsonl"])  # fmt: skip
    assert only.exit_code == 0, only.output
    assert {json.loads(line)["doc"] for line in only.stdout.splitlines()} == {
        "05_baranli_rally.txt", "06_daily_report_baranli.txt",
    }  # fmt: skip
    both = runner.invoke(app, ["statements", "x.dna", *path])
    assert both.exit_code == 2 and "not both" in both.output
    neither = runner.invoke(app, ["statements"], env={"DISCURSUS_PROJECT": ""})
    assert neither.exit_code == 2 and "give statement files" in neither.output
    with pytest.raises(DiscursusError, match="no variable 'speaker'"):
        networks.twomode(coded_sample.statements(), "speaker")


@pytest.mark.parametrize(
    ("opening", "organization"),
    [
        ("My name is Ann Bell and I am the Director of the Coastal Trust. We thank you.",
         "Coastal Trust"),
        ("I am testifying today on behalf of the League of Harbour Towns, which has 40 members.",
         "League of Harbour Towns"),
        ("Statement of Hon. Ann Bell, Administrator, U.S. Office of Ports, April 8, 2003\n",
         "U.S. Office of Ports"),
        ("Thank you, Mr. Chairman, for holding this hearing.", None),
        # a heading's organization is its last part, a corporate suffix kept with it
        ("Prepared Statement of Ola Fenn, Director, Coastal Programs, Harbour Trust\n",
         "Harbour Trust"),
        ("Statement of Ola Fenn, President, Fenn and Daughters, Inc.\n",
         "Fenn and Daughters, Inc."),
        # a legislator speaks for their chamber; a witness who thanks one does not
        ("OPENING STATEMENT OF HON. MARA LENK, U.S. SENATOR FROM THE STATE OF VERDA\n\n"
         "Senator Lenk. Thank you all for coming.", "Senate"),
        ("Thank you, Senator Lenk, for holding this hearing.", None),
        # the organization a speaker names where they say "we" or "our"
        ("Thank you, Madam Chair, for having the Tidewater Fishers Union here to give our "
         "view.", "Tidewater Fishers Union"),
        ("The Tidewater Fishers Union was founded in 1901. Thank you for the hearing.", None),
        # an acronym written out where the text does
        ("My name is Ola Fenn and I am President of TFA, the Tidewater Fishers Association.",
         "Tidewater Fishers Association"),
    ],
)  # fmt: skip
def test_a_speaker_says_whom_they_speak_for(opening, organization):
    from discursus.analysis.statements import self_introduced_organization

    assert self_introduced_organization(opening) == organization


def test_the_report_draws_the_discourse_network(coded_sample, tmp_path):
    from discursus.report import write_report

    page = write_report(coded_sample, tmp_path / "r.html").read_text()
    section = page[page.index('<section id="network">') : page.index('<section id="duplicates">')]
    assert "Actors who take the same stance on the same concepts (coalitions)" in section
    table = section[section.index("<th>Coalition</th><th>Actors</th>") :]
    first = table[: table.index("</tr>", table.index("<tr><td"))]
    assert "Daria Kessel" in first and "Hamid Rezavand" not in first  # not one camp
    assert "Statements with a stance" in section
    assert "Concepts that actors take the same stance on together" in section
    # each node is linked to its statements: Kessel's list holds her passages
    anchor = section.index("<b>Daria Kessel</b>")
    kessel = section[
        section.rindex("<details id=", 0, anchor) : section.index("</details>", anchor)
    ]
    assert kessel.count('class="passage"') >= 1 and "corridor" in kessel
    node_id = kessel.split('"')[1]
    assert f'"{node_id}"' in section[: section.index("<details")]  # a node carries it


def test_a_reported_speakers_organization_comes_from_their_role():
    from discursus.analysis.statements import _role_organizations

    text = ("Ann Bell, the spokeswoman of the Harbour Union, said the treaty must end. "
            "Tom Reed, a leader of the party, disagreed.")  # fmt: skip
    actors = pd.DataFrame([
        {"doc": "d", "name": "Ann Bell", "type": "person",
         "roles": ["spokeswoman of the harbour union"]},
        {"doc": "d", "name": "Tom Reed", "type": "person", "roles": ["leader of the party"]},
        {"doc": "e", "name": "Ann Bell", "type": "person", "roles": ["head of the Tide Trust"]},
    ])  # fmt: skip
    # the union as the text writes it; "the party" names no organization
    assert _role_organizations(actors, "d", text) == {"Ann Bell": "Harbour Union"}


def test_statements_of_a_corpus_coded_with_a_codebook_from_the_cli(tmp_path):
    runner = CliRunner()
    book = str(ROOT / "examples" / "codebooks" / "horizons-and-resistance.yaml")
    corpus = ROOT / "examples" / "corpus"
    files = [str(corpus / "01_kessel_corridor_launch.txt"), str(corpus / "05_baranli_rally.txt")]
    result = runner.invoke(app, ["statements", *files, "--codebook", book, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    concepts = {(r["doc"], r["concept"]) for r in rows}
    assert ("01_kessel_corridor_launch.txt", "corridor") in concepts
    assert ("05_baranli_rally.txt", "dignity") in concepts
    project = runner.invoke(app, ["statements", "-p", str(tmp_path), "--codebook", book])
    assert project.exit_code == 2 and "discursus code --codebook FILE -p P" in project.output


def test_a_reading_session_finds_the_statements_once(coded_sample, monkeypatch):
    from discursus.analysis import statements as module

    calls = []
    real = module.find_statements
    monkeypatch.setattr(module, "find_statements", lambda *a, **k: calls.append(1) or real(*a, **k))
    outside = [coded_sample.statements(), coded_sample.statements()]
    assert len(calls) == 2  # outside a session every call reads again
    with coded_sample.reading():
        first = coded_sample.statements()
        first["actor"] = "changed"  # a caller's changes stay its own
        again = coded_sample.statements()
        coded_sample.statements(where="year >= 2019")  # another way of asking: read anew
    assert len(calls) == 4
    assert again.equals(outside[0]) and not first.equals(again)
    coded_sample.statements()
    assert len(calls) == 5  # the session is over
