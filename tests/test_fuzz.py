"""A few hundred hostile files in one corpus: ingest and annotate reach the end, every file
that cannot be read is named with its reason, what is lost is named, and the good files among
them are analysed exactly as when they are alone."""

from __future__ import annotations

import shutil

from conftest import SAMPLE

import discursus
from discursus.annotate import AnnotateConfig
from discursus.testing.hostile_files import plant_hostile_corpus

GOOD = [
    "01_kessel_corridor_launch.txt",
    "09_varga_sovereignty_paper.md",
    "09_varga_sovereignty_paper.md.meta.json",
    "04_vna_report_rezavand.html",
    "04_vna_report_rezavand.html.meta.yaml",
]


def _analysis(project, names: list[str]) -> list:
    """Tokens, quotes and citations of the named documents, without their names or ids."""
    docs = project.documents().set_index("name")
    found = []
    for name in names:
        doc_id = int(docs.loc[name, "id"])
        tokens = project.tokens(doc_id).drop(columns=["doc_id"]).to_dict("records")
        quotes = [{k: v for k, v in q.items() if k != "doc"} for q in project.quote_rows(doc_id)]
        cites = [{k: v for k, v in c.items() if k != "doc"} for c in project.citation_rows(doc_id)]
        found.append((tokens, quotes, cites))
    return found


def test_a_corpus_of_hostile_files_is_read_to_the_end_naming_every_failure(tmp_path):
    folder = tmp_path / "hostile"
    planted = plant_hostile_corpus(folder)
    good = folder / "good"
    good.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLE / name, good / name)
    assert len(planted) >= 190

    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([folder])
    summary = project.annotate(AnnotateConfig(time_budget=30))
    assert summary.failed == []

    failures = dict(zip(project.failures().path, project.failures().reason, strict=True))
    warnings = set(project.warnings().path)
    sources = set(project.documents().source_path)

    def read(where: str) -> bool:
        return where in sources or any(s.startswith(f"{where} row ") for s in sources)

    for item in planted:
        where = f"{folder}/{item.path}"
        if item.expect == "fails":
            assert where in failures, item
            assert failures[where], item  # with a reason
        elif item.expect == "warns":
            assert where in warnings and read(where), item
        elif item.expect == "reads":
            assert read(where), item
        elif item.expect == "noted":
            assert where in warnings and not read(where), item
        else:
            assert read(where) or where in failures, item
    # nothing failed that was not planted to: every good file was read
    assert set(failures) <= {f"{folder}/{item.path}" for item in planted}

    alone = discursus.open_project(tmp_path / "alone", create=True)
    alone.ingest([good])
    alone.annotate()
    names = [name for name in GOOD if ".meta." not in name]
    assert _analysis(project, [f"good/{name}" for name in names]) == _analysis(alone, names)
