"""Reported speech on real sentences: the sample corpus, the seed documents, the contract."""

from __future__ import annotations

import pytest
from conftest import SHARED, validate_rows

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.speech import analyze_speech, find_quotes

SEEDS = SHARED / "corpus" / "seeds"


def quotes_of(text: str) -> list[dict]:
    return analyze_speech(load_pipeline()(text), "t").quotes


def test_quotation_marks_of_every_style_pair_up():
    text = '«Nous restons», „Wir bleiben“, ‘we stay’ and "we stay" and “we stay”.'
    assert [text[q.start : q.end] for q in find_quotes(text)] == [
        "Nous restons",
        "Wir bleiben",
        "we stay",
        "we stay",
        "we stay",
    ]


def test_a_quote_over_two_paragraphs_is_one_span():
    text = "He said: “The first part.\n\n“The second part,” he added."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "The first part.\n\n“The second part,"


def test_apostrophes_are_not_quotation_marks():
    assert find_quotes("The people’s port and the workers’ union.") == []


def test_split_quote_is_one_row_with_two_fragments():
    text = "“We will build the port,” Kessel said, “and we will build it together.”"
    (row,) = quotes_of(text)
    assert row["kind"] == "direct"
    assert row["speaker"] == "Kessel"
    assert [text[f["start"] : f["end"]] for f in row["fragments"]] == [
        "We will build the port,",
        "and we will build it together.",
    ]


def test_pronoun_and_role_resolve_to_the_person_introduced():
    text = (
        "Trade Minister Tomas Ferreira met the press on Monday. "
        "He said that the contracts would be published. "
        "The minister warned that the timetable was tight."
    )
    rows = quotes_of(text)
    assert [(r["speaker"], r["cue"], r["text"]) for r in rows] == [
        ("Tomas Ferreira", "said", "that the contracts would be published"),
        ("Tomas Ferreira", "warned", "that the timetable was tight"),
    ]
    assert [r["speaker_mention"]["text"] for r in rows] == ["He", "The minister"]


def test_according_to_citing_keeps_the_chain():
    text = (
        "According to the ministry's press office, citing the Varnian News Agency, "
        "the talks will last three days."
    )
    (row,) = quotes_of(text)
    assert row["cue"] == "According to"
    assert row["speaker"] == "Varnian News Agency"
    assert row["chain"] == ["ministry's press office"]
    assert row["text"] == "the talks will last three days"


def test_a_claim_voiced_to_be_rejected_is_not_endorsed():
    text = "Critics of our movement would have us believe that the consortium brings jobs."
    (row,) = quotes_of(text)
    assert row["endorsed"] is False
    assert row["source_type"] == "group"
    assert row["text"] == "that the consortium brings jobs"


def test_sample_corpus_reported_speech(sample_project):
    rows = sample_project.quote_rows("02_gazette_report_kessel.md")
    by_cue = {r["cue"]: r for r in rows}
    # "The prime minister emphasized ...": the role resolves to the person
    assert by_cue["emphasized"]["speaker"] == "Daria Kessel"
    assert by_cue["emphasized"]["speaker_mention"]["text"] == "The prime minister"
    # "“Isolation has never fed ...,” she said": the pronoun resolves too
    isolation = next(r for r in rows if r["text"].startswith("Isolation has never fed"))
    assert (isolation["kind"], isolation["speaker"]) == ("direct", "Daria Kessel")
    rally = sample_project.quote_rows("05_baranli_rally.txt")
    rejected = [r for r in rally if r["endorsed"] is False]
    assert [r["speaker"] for r in rejected] == ["Critics of our movement"]


def test_actors_merge_names_roles_and_documents(sample_project):
    from discursus.analysis.speakers import corpus_actors

    actors = corpus_actors(sample_project.doc_actors(), sample_project.quote_rows())
    actors = actors.set_index("name")
    kessel = actors.loc["Daria Kessel"]
    assert "Kessel" in kessel.aliases and "prime minister" in kessel.roles
    assert kessel.statements >= 10
    assert "02_gazette_report_kessel.md" in kessel.documents
    assert "Kessel" not in actors.index  # the surname joined the full name


def test_every_row_follows_the_quote_contract(sample_project):
    docs = sample_project.documents(text=True).set_index("name")
    rows = sample_project.quote_rows()
    assert len(rows) > 50
    validate_rows(rows, "quote.schema.json")
    for row in rows:
        assert docs.text[row["doc"]][row["start"] : row["end"]] == row["text"]
        for key in ("speaker_mention", "cue_mention"):
            mention = row[key]
            if mention:
                assert docs.text[row["doc"]][mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.skipif(not SEEDS.exists(), reason="seed documents not present")
def test_seed_news_report_speaker_is_the_scholar_not_his_title():
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    rows = quotes_of(text)
    # the report names him with honorifics ("Hojjat al-Islam ... Seyed ...") and then as "He"
    he_said = [r for r in rows if r["speaker_mention"] and r["speaker_mention"]["text"] == "He"]
    assert len(he_said) >= 8 and {r["speaker"] for r in he_said} == {"Bagheri"}
    assert sum(r["kind"] == "direct" for r in rows) >= 8
    # "According to the Public Relations Office ..., quoting from IQNA, ...": a chain
    first = rows[0]
    assert (first["cue"], first["speaker"]) == ("According to", "IQNA")
    assert first["chain"] == [
        "Public Relations Office of the Research Institute for Islamic Culture and Thought"
    ]


def test_people_the_tagger_calls_organisations_are_people(sample_project):
    # "Elena Varga" heads the paper, "Varga (2019a) argued": both tagged ORG by the model
    actors = sample_project.doc_actors()
    varga = actors[(actors.doc == "09_varga_sovereignty_paper.md") & (actors.name == "Elena Varga")]
    assert varga.type.tolist() == ["person"]
    # and the paper's reference list names authors, not actors of the debate
    assert "J. N. Victor" not in set(actors.name)


def test_nested_reports_are_kept_three_deep():
    text = (
        "Anna Kessel said that Ivo Poll claimed that Lena Varga reported that Tomas Ilic "
        "alleged that the port had closed."
    )
    assert [(q["speaker"], q["cue"], q["start"]) for q in quotes_of(text)] == [
        ("Anna Kessel", "said", 17),
        ("Ivo Poll", "claimed", 39),
        ("Lena Varga", "reported", 64),
    ]


def test_an_endless_chain_of_reports_gives_three_rows_not_one_per_cue():
    # every "said" reports the next one: each row would repeat the rest of the text
    rows = quotes_of("He said “" * 400)
    assert [row["cue"] for row in rows] == ["said"] * 3
    assert rows[0]["start"] == len("He said “")


def test_a_quotation_the_tokenizer_cannot_cover_is_skipped_not_an_error():
    # marks separated by spaces: a quotation of one space holds no token
    assert quotes_of(" ".join("\"“”«»„‘’‚‹›'") * 100) == []


def _speakers(text: str) -> list[tuple[str | None, str, str]]:
    found = analyze_speech(load_pipeline()(text), "t")
    return [(q["speaker"], q["source_type"], q["speaker_mention"]["text"]) for q in found.quotes]


def test_a_role_naming_an_institution_is_the_person_introduced_with_it():
    text = (
        "Dr. Leyla Navid, a faculty member of the Institute of Maritime Studies, opened the "
        "seminar. “The archive is open to all,” the faculty member of the Institute said. "
        "Professor Omar Haddad, head of the department of history, spoke next. The head of "
        "the department said that the grant was renewed."
    )
    assert _speakers(text) == [
        ("Leyla Navid", "person", "the faculty member of the Institute"),
        ("Omar Haddad", "person", "The head of the department"),
    ]


def test_a_role_nobody_was_introduced_with_is_not_the_last_person_named():
    text = (
        "Secretary-General Mira Tolan opened the session. The President of the Republic said "
        "that the country would hold elections."
    )
    assert _speakers(text) == [
        ("President of the Republic", "person", "The President of the Republic")
    ]
    actors = analyze_speech(load_pipeline()(text), "t").actors
    tolan = next(a for a in actors if a["name"] == "Mira Tolan")
    assert tolan["roles"] == ["secretary-general"] and tolan["named"]
    assert next(a for a in actors if a["name"] == "President of the Republic")["named"] is False


def test_an_abstract_source_is_no_person_and_a_name_in_the_phrase_speaks():
    text = (
        "Historical experience has shown that sanctions fail. The great Varnish scholar and "
        "dissident Andrei Solvik said that freedom is indivisible."
    )
    assert _speakers(text) == [
        (None, "unknown", "Historical experience"),
        ("Andrei Solvik", "person", "The great Varnish scholar and dissident Andrei Solvik"),
    ]


def test_across_documents_actors_merge_by_name_never_by_a_role_alone():
    import pandas as pd

    from discursus.analysis.speakers import corpus_actors

    def actor(doc, name, aliases, roles=(), named=True):
        return {"doc": doc, "name": name, "type": "person", "aliases": list(aliases),
                "roles": list(roles), "statements": 1, "named": named}  # fmt: skip

    per_doc = pd.DataFrame(
        [
            actor(
                "a.txt",
                "Mira Tolan",
                ["Ms Tolan", "the President of the Republic"],
                ["secretary-general"],
            ),
            actor("b.txt", "Mira Tolan", ["Secretary-General Mira Tolan"]),
            actor("a.txt", "President of the Republic", [], named=False),
            actor("b.txt", "President of the Republic", [], named=False),
        ]  # fmt: skip
    )
    quotes = [
        {"doc": "a.txt", "speaker": "Mira Tolan"},
        {"doc": "b.txt", "speaker": "Mira Tolan"},
        {"doc": "a.txt", "speaker": "President of the Republic"},
        {"doc": "b.txt", "speaker": "President of the Republic"},
    ]
    rows = corpus_actors(per_doc, quotes).set_index("name")
    assert rows.loc["Mira Tolan", "aliases"] == ["Ms Tolan", "Secretary-General Mira Tolan"]
    assert rows.loc["Mira Tolan", "documents"] == ["a.txt", "b.txt"]
    assert rows.loc["President of the Republic (a.txt)", "documents"] == ["a.txt"]
    assert rows.loc["President of the Republic (b.txt)", "statements"] == 1


def test_i_outside_quotes_is_the_speaker_of_the_text_and_a_state_speaks_as_one():
    text = (
        "Secretary-General Mira Tolan opened the debate. I said last year that the port must "
        "reopen. The Republic of Varnia reaffirms that the strait is open to all. "
        "“I told them that we would stay,” said Foreign Minister Anna Kessel."
    )
    assert _speakers(text) == [
        ("the speaker", "person", "I"),  # not the last person named
        ("Republic of Varnia", "organization", "The Republic of Varnia"),
        ("Anna Kessel", "person", "Foreign Minister Anna Kessel"),
    ]


def test_the_speaker_is_named_from_metadata_and_spellings_of_a_name_are_one_actor():
    import pandas as pd

    from discursus.analysis.speakers import corpus_actors

    def actor(doc, name, statements, named=True):
        return {"doc": doc, "name": name, "type": "person", "aliases": [], "roles": [],
                "statements": statements, "named": named}  # fmt: skip

    per_doc = pd.DataFrame(
        [
            actor("a.txt", "the speaker", 2, named=False),
            actor("b.txt", "the speaker", 1, named=False),
            actor("a.txt", "António Tolan", 1),
            actor("b.txt", "Antonio Tolan", 3),
        ]
    )
    documents = pd.DataFrame(
        {"name": ["a.txt", "b.txt"], "speaker": ["Lena Varga", None], "author": [None, None]}
    )
    quotes = [
        {"doc": "a.txt", "speaker": "the speaker"},
        {"doc": "a.txt", "speaker": "the speaker"},
        {"doc": "b.txt", "speaker": "the speaker"},
        {"doc": "a.txt", "speaker": "António Tolan"},
        {"doc": "b.txt", "speaker": "Antonio Tolan"},
    ]
    rows = corpus_actors(per_doc, quotes, documents).set_index("name")
    assert rows.loc["Lena Varga", "documents"] == ["a.txt"]  # who "I" is, from the metadata
    assert rows.loc["the speaker (b.txt)", "statements"] == 1  # nobody named: its document's
    assert rows.loc["Antonio Tolan", "statements"] == 2  # the commoner spelling names both
    assert "António Tolan" not in rows.index
