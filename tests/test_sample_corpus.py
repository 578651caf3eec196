"""The sample corpus, ingested and annotated: hand-checked facts about what it holds."""

from __future__ import annotations

from conftest import SAMPLE


def test_every_document_is_read_with_its_metadata(sample_project):
    docs = sample_project.documents().set_index("name")
    assert len(docs) == 16
    assert docs.annotated.all()
    kessel = docs.loc["01_kessel_corridor_launch.txt"]
    assert (kessel.date, kessel.speaker, kessel.outlet) == (
        "2023-03-14",
        "Daria Kessel",
        "Office of the Prime Minister",
    )
    assert kessel.meta["genre"] == "speech"
    # The HTML sidecar (.meta.yaml) overrides nothing the page says, and adds the date.
    html = docs.loc["04_vna_report_rezavand.html"]
    assert html.author == "Varnian News Agency staff"  # from <meta name="author">
    assert html.date == "2023-04-08"  # from the sidecar
    # Rows of the CSV are documents named by their id column.
    statement = docs.loc["statement-sovereignty-front"]
    assert (statement.speaker, statement.format) == ("Sovereignty Front", "csv")
    assert set(docs.language) == {"en"}


def test_the_row_without_text_is_reported_not_ingested(sample_project):
    failures = sample_project.failures()
    assert failures[["path", "reason"]].values.tolist() == [
        [f"{SAMPLE}/12_press_statements.csv row 4", "empty text"]
    ]


def test_the_reprint_is_a_near_duplicate_of_the_report(sample_project):
    pairs = sample_project.duplicates()
    assert pairs[["doc_a", "doc_b", "kind"]].values.tolist() == [
        ["02_gazette_report_kessel.md", "14_coastal_echo_kessel_reprint.txt", "near"]
    ]
    assert 0.8 <= pairs.similarity[0] < 1.0


def test_html_scripts_are_dropped_and_text_kept(sample_project):
    text = sample_project.document("04_vna_report_rezavand.html")["text"]
    assert "never run" not in text and "font-family" not in text
    assert "He emphasized that resistance is not a choice" in text
    assert "\n\nHe emphasized" in text  # paragraphs stay paragraphs


def test_offsets_give_back_tokens_sentences_and_entities(sample_project):
    docs = sample_project.documents(text=True).set_index("id")
    tokens = sample_project.tokens()
    for doc_id, group in tokens.groupby("doc_id"):
        text = docs.text[doc_id]
        assert all(
            text[s:e] == t for s, e, t in zip(group.start, group.end, group.text, strict=True)
        )
    for row in sample_project.entities().itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == row.text
    sentences = sample_project.sentences()
    assert (sentences.text.str.len() == sentences.end - sentences.start).all()


def test_speakers_are_found_as_entities(sample_project):
    entities = sample_project.entities("02_gazette_report_kessel.md")
    people = set(entities[entities.label == "PERSON"].text)
    assert {"Daria Kessel", "Tomas Ferreira", "Yusuf Baranli"} <= people


def test_the_intertextual_network_uses_the_canonical_actors(sample_project):
    from discursus.analysis.speakers import sources_graph, sources_table

    quotes, citations = sample_project.quote_rows(), sample_project.citation_rows()
    alone = set(sources_table(quotes, citations).query("target_type == 'speaker'").target)
    assert {"Kessel", "Daria Kessel"} <= alone  # the mentions as written
    table = sources_table(quotes, citations, sample_project.doc_actors())
    speakers = set(table.query("target_type == 'speaker'").target)
    assert "Daria Kessel" in speakers and "Kessel" not in speakers
    assert "Yusuf Baranli" in speakers and "Baranli" not in speakers
    graph = sources_graph(table)
    assert "Kessel" not in graph and graph.nodes["Daria Kessel"]["kind"] == "speaker"
