"""The HTML report shows documents as data, never as code."""

from __future__ import annotations

import discursus
from discursus.report import write_report


def test_hostile_text_and_metadata_are_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text("Hello <script>alert('text')</script> world.")
    (corpus / "evil.meta.json").write_text(
        '{"title": "<img src=x onerror=alert(1)>", "outlet": "</script><script>alert(2)//"}'
    )
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus])
    html = write_report(project, tmp_path / "r.html").read_text()
    assert "<script>alert('text')</script>" not in html
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "</script><script>alert(2)" not in html


def test_report_tables_trace_entities_to_their_passage(sample_project, tmp_path):
    html = write_report(sample_project, tmp_path / "r.html").read_text()
    assert 'id="doc-1"' in html
    entities = sample_project.entities()
    first = entities[entities.text == "Meridian Corridor"].iloc[0]
    assert f'href="#doc-{first.doc_id}"' in html
    assert f"[{first.start}:{first.end}]" in html


def test_who_speaks_section_links_statements_to_passages(sample_project, tmp_path):
    html = write_report(sample_project, tmp_path / "r.html").read_text()
    section = html[html.index('<section id="speech">') : html.index('<section id="language">')]
    assert "Daria Kessel" in section and "Source chains" in section
    assert "verse 59 of Surah An-Nisa" in section and "Laclau" in section
    doc_id = sample_project.documents().set_index("name").id["02_gazette_report_kessel.md"]
    assert f'href="#doc-{doc_id}"' in section
    # the link carries the passage, in the page's own offsets, for the mark it draws
    first = next(
        r for r in sample_project.quote_rows() if r["doc"] == "02_gazette_report_kessel.md"
    )
    assert f'data-doc="{doc_id}" data-at="{first["start"]},{first["end"]}"' in section
    assert "Intertextual network" in section


def test_language_section_shows_key_nouns_with_their_passages(sample_project, tmp_path):
    html = write_report(sample_project, tmp_path / "r.html").read_text()
    section = html[html.index('<section id="language">') : html.index('<section id="duplicates">')]
    assert "Keywords against general English" in section
    # "sovereignty" (25 times, 7.2 per million in general English) is the first key noun
    first = section.index("<h4>")
    assert section[first:].startswith("<h4>sovereignty <span")
    # its first concordance line links to the passage in the sermon (characters 1045-1056)
    doc_id = sample_project.documents().set_index("name").id["03_rezavand_sermon.txt"]
    assert f'data-doc="{doc_id}" data-at="1045,1056"' in section
    assert "Key nouns per million words, by month" in section
    assert "Keywords of each genre against the rest" in section


def test_the_network_picture_shows_the_most_cited_and_is_laid_out_the_same_each_time():
    import pandas as pd

    from discursus.analysis.speakers import top_sources
    from discursus.report.html import _layout, _network_figure

    rows = []
    for doc in range(3000):  # a corpus the size of the UN General Debate
        rows.append(
            {
                "doc": f"d{doc}",
                "target": f"speaker {doc % 700}",
                "target_type": "speaker",
                "via": "person",
                "count": 1 + doc % 3,
                "passages": [(0, 5)],
            }
        )
        rows.append(
            {
                "doc": f"d{doc}",
                "target": "Quran 2",
                "target_type": "scripture",
                "via": "scripture",
                "count": 1,
                "passages": [(9, 20)],
            }
        )
    table = pd.DataFrame(rows)
    shown = top_sources(table, max_targets=10, max_documents=25)
    assert shown.target.nunique() == 10 and shown.doc.nunique() == 25
    assert "Quran 2" in set(shown.target)  # cited by every document: the most cited
    from discursus.analysis.speakers import sources_graph

    graph = sources_graph(shown)
    assert _layout(graph) == _layout(graph)
    figure = _network_figure(table)
    assert figure is not None and "Intertextual network" in str(figure)


def test_a_large_corpus_gets_passages_in_context_and_full_tables_beside(
    sample_project, tmp_path, monkeypatch
):
    import csv
    import html as markup

    import discursus.report.html as report

    # as if the sample were thousands of documents: no full texts, three rows a table
    monkeypatch.setattr(report, "MAX_EMBEDDED_DOCUMENTS", 2)
    monkeypatch.setattr(report, "MAX_TABLE_ROWS", 3)
    monkeypatch.setattr(report, "MAX_QUOTE_ROWS", 3)
    page = write_report(sample_project, tmp_path / "r.html").read_text()
    assert 'id="doc-1"' not in page  # no document's whole text
    quotes = sample_project.quote_rows()
    first = quotes[0]
    text = sample_project.document(first["doc"])["text"]
    # the passage is marked inside the words around it
    assert f'<mark class="passage">{markup.escape(first["text"], quote=True)}</mark>' in page
    before = text[max(0, first["start"] - 60) : first["start"]].split(" ", 1)[-1]
    assert markup.escape(before, quote=True) in page
    assert f"First 3 of {len(quotes)} shown" in page
    with open(tmp_path / "r_data" / "quotes.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(quotes) and rows[0]["text"] == first["text"]
    with open(tmp_path / "r_data" / "documents.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(sample_project.documents())


def test_the_report_shows_codes_with_their_passages_and_agreement(tmp_path):
    from discursus.annotate import AnnotateConfig

    (tmp_path / "a.txt").write_text("Our sovereignty is not for sale. The harbour stays open.")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt"])
    book = {"name": "B", "codes": [{"name": "sovereignty", "keywords": ["sovereignty"]}]}
    project.annotate(AnnotateConfig(settings={"codes": {"codebook": book, "unit": "sentence"}}))
    project.add_coding("a.txt", "openness", "Lena", quote="The harbour stays open")
    project.review("accepted", "Lena", code="sovereignty")
    page = write_report(project, tmp_path / "r.html").read_text()
    section = page[page.index('<section id="coding">') : page.index('<section id="duplicates">')]
    assert "Coders: Lena, rules." in section
    assert "<b>sovereignty</b>" in section and "<b>openness</b>" in section
    assert 'href="#doc-1"' in section and 'data-at="0,32"' in section  # the coded sentence
    assert "Krippendorff" in section


def test_a_network_of_thousands_is_drawn_by_its_strongest_part():
    import numpy as np
    import pandas as pd

    from discursus.report.html import EDGES_DRAWN, NODES_DRAWN, _positive_graph

    # 400 actors all tied to all (a congruence network of a large corpus): weights rising
    # with the actor's number, so the last 150 have most tie weight
    names = [f"actor {k:03d}" for k in range(400)]
    weights = np.add.outer(np.arange(400), np.arange(400)).astype(float)
    graph = _positive_graph(pd.DataFrame(weights, index=names, columns=names))
    assert graph.number_of_nodes() == NODES_DRAWN == 150
    assert set(graph.nodes) == set(names[-150:])
    assert graph.number_of_edges() == EDGES_DRAWN
    strongest = max(d["weight"] for _, _, d in graph.edges(data=True))
    assert strongest == 399 + 398  # the two heaviest actors' tie is kept


def test_a_large_corpus_loads_a_document_when_its_passage_is_followed(tmp_path, monkeypatch):
    import re

    import discursus.report.html as report

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text('"We will open the corridor," said Mira Osk on Monday.\n')
    (corpus / "evil.txt").write_text(
        "Intro <script>alert(1)</script> text. \"The port is shut,\" said Ivo Marr. "
        "<img src=x onerror=alert(2)>\n"
    )  # fmt: skip
    (corpus / "evil.meta.json").write_text('{"outlet": "<a href=\\"javascript:alert(3)\\">x</a>"}')
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus])
    project.annotate()
    monkeypatch.setattr(report, "MAX_EMBEDDED_DOCUMENTS", 1)  # as if thousands
    page = write_report(project, tmp_path / "r.html").read_text()
    evil = project.document("evil.txt")
    # the quote's row links to the document's own page, at the quote's offsets
    links = re.findall(rf'href="r_data/docs/{evil["id"]}\.html#(\d+),(\d+)"', page)
    assert links, "no link to the document's page"
    start, end = map(int, links[0])
    assert evil["text"][start:end] == "The port is shut,"
    # the page holds the whole text and the metadata, as text
    loaded = (tmp_path / "r_data" / "docs" / f"{evil['id']}.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in loaded and "<script>alert" not in loaded
    assert "<img src=x" not in loaded and 'href="javascript:' not in loaded
    assert "&lt;a href=&#34;javascript:alert(3)&#34;&gt;x&lt;/a&gt;" in loaded
    assert '<a href="../../r.html">' in loaded  # back to the report
