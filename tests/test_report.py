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
