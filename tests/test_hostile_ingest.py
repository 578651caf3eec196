"""Hostile input, one class at a time: each bad file is named with its reason, the documents
beside it are read, and metadata that cannot be read never costs its document."""

from __future__ import annotations

import json
import os

import pytest

import discursus
from discursus.errors import InputError, InputWarning
from discursus.ingest import IngestConfig, iter_corpus
from discursus.testing.files import corrupt_member, docx_with_paragraphs, zip_of

GOOD = "The minister said that the port of Selka would stay open through the winter."


def read_all(*paths, **config):
    items = list(iter_corpus([str(p) for p in paths], IngestConfig(**config)))
    docs = {d.name: d for d in items if not isinstance(d, InputError | InputWarning)}
    errors = {e.path: e.reason for e in items if isinstance(e, InputError)}
    notes = {e.path: e.reason for e in items if isinstance(e, InputWarning)}
    return docs, errors, notes


def test_a_corrupted_archive_member_is_named_and_the_rest_is_read(tmp_path):
    text = (GOOD + " ") * 20
    archive = zip_of({"a.txt": text.encode(), "b.txt": text.upper().encode()})
    (tmp_path / "speeches.zip").write_bytes(corrupt_member(archive, "a.txt"))
    (tmp_path / "c.txt").write_text(GOOD)
    docs, errors, _ = read_all(tmp_path)
    assert sorted(docs) == ["b.txt", "c.txt"]
    (reason,) = [r for p, r in errors.items() if p.endswith("speeches.zip!a.txt")]
    assert reason.startswith(("corrupt archive member", "could not be read: error"))


def test_a_docx_with_a_corrupted_body_is_named(tmp_path):
    docx = docx_with_paragraphs("Sovereignty is the right of a people to say no. " * 30)
    (tmp_path / "paper.docx").write_bytes(corrupt_member(docx, "word/document.xml"))
    (tmp_path / "c.txt").write_text(GOOD)
    docs, errors, _ = read_all(tmp_path)
    assert list(docs) == ["c.txt"]
    assert list(errors) == [str(tmp_path / "paper.docx")]


@pytest.mark.parametrize(
    "sidecar, kept, lost",
    [
        (
            "date: 2023-02-30\ntitle: On Ports\n",
            {"date_raw": "2023-02-30", "title": "On Ports"},
            "",
        ),
        ("title: On Ports\nblob: !!binary aGVsbG8=\n", {"title": "On Ports"}, "field 'blob'"),
        ("title: On Ports\ntags: !!set {a, b}\n", {"title": "On Ports"}, "field 'tags'"),
        ("title: On Ports\nauthor: {first: Anna}\n", {"title": "On Ports"}, "field 'author'"),
        (
            'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
            {},
            "aliases (*name) are not allowed",
        ),
        ("title: [unclosed\n", {}, "unreadable metadata sidecar"),
        ("date: 0000-00-00\n", {"date_raw": "0000-00-00"}, ""),
    ],
)
def test_a_bad_yaml_sidecar_never_costs_its_document(tmp_path, sidecar, kept, lost):
    (tmp_path / "speech.txt").write_text(GOOD)
    (tmp_path / "speech.meta.yaml").write_text(sidecar)
    docs, errors, notes = read_all(tmp_path)
    assert errors == {}
    metadata = docs["speech.txt"].metadata
    assert {k: metadata[k] for k in kept} == kept
    assert "date" not in metadata
    warnings = docs["speech.txt"].warnings
    assert (lost in " ".join(warnings)) and (bool(warnings) == bool(lost))


def test_a_json_sidecar_nested_100000_deep_is_refused(tmp_path):
    (tmp_path / "speech.txt").write_text(GOOD)
    (tmp_path / "speech.meta.json").write_text("[" * 100_000 + "]" * 100_000)
    docs, errors, _ = read_all(tmp_path)
    assert errors == {}
    (warning,) = docs["speech.txt"].warnings
    assert "nested too deeply" in warning or "must hold one mapping" in warning


def test_a_huge_sidecar_is_refused_by_size(tmp_path):
    (tmp_path / "speech.txt").write_text(GOOD)
    (tmp_path / "speech.meta.json").write_text(json.dumps({"title": "x" * 2_000_000}))
    docs, _, _ = read_all(tmp_path)
    assert "over the 1,048,576-byte limit" in docs["speech.txt"].warnings[0]


def test_metadata_table_with_one_oversized_field_keeps_the_other_rows(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD)
    huge = "x" * 200_000  # over the csv module's default field limit
    (tmp_path / "metadata.csv").write_text(f"file,title,note\na.txt,First,{huge}\nb.txt,Second,\n")
    docs, errors, _ = read_all(tmp_path)
    assert errors == {}
    assert docs["a.txt"].metadata["title"] == "First"
    assert "note" not in docs["a.txt"].metadata
    assert docs["a.txt"].warnings == [
        "field 'note' refused: 200,000 characters, over the 10,000 limit"
    ]
    assert docs["b.txt"].metadata["title"] == "Second" and docs["b.txt"].warnings == []


def test_metadata_table_without_a_file_column_names_every_document(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD)
    (tmp_path / "metadata.csv").write_text("title,date\nFirst,2020\n")
    docs, errors, _ = read_all(tmp_path)
    assert sorted(docs) == ["a.txt", "b.txt"] and errors == {}
    for doc in docs.values():
        (warning,) = doc.warnings
        assert "has no column naming the file" in warning


def test_metadata_table_in_latin_1_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    rows = [
        "a.txt,Déclaration de Genève sur la sécurité régionale,Hélène Müller",
        "b.txt,Allocution à l'Assemblée générale,François Lefèvre",
        "c.txt,Réponse du ministère des Affaires étrangères,Zoé Bérénice",
    ]
    table = "file,title,author\n" + "\n".join(rows) + "\n"
    (tmp_path / "metadata.csv").write_bytes(table.encode("latin-1"))
    docs, _, _ = read_all(tmp_path)
    assert docs["a.txt"].metadata["title"] == "Déclaration de Genève sur la sécurité régionale"
    assert docs["a.txt"].metadata["author"] == "Hélène Müller"


def test_links_pipes_and_linked_folders(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")  # reading a pipe would wait forever
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.txt").write_text(GOOD)
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    link = tmp_path / "link_to_corpus"
    link.symlink_to(corpus, target_is_directory=True)
    docs, errors, notes = read_all(link)
    assert list(docs) == ["good.txt"]
    assert errors == {
        f"{link}/dangling.txt": "broken symbolic link: its target does not exist",
        f"{link}/pipe.txt": "not a regular file (a pipe, socket or device): skipped",
    }
    assert notes == {f"{link}/linked": "symbolic link to a folder: not followed (give its target)"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf_16_and_32_without_a_byte_order_mark(tmp_path, encoding):
    (tmp_path / "speech.txt").write_bytes(GOOD.encode(encoding))
    docs, errors, _ = read_all(tmp_path)
    assert errors == {}
    assert docs["speech.txt"].text == GOOD
    assert docs["speech.txt"].metadata["encoding"] == encoding


def test_metadata_lost_is_named_in_the_project_and_the_document_kept(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text(GOOD)
    (corpus / "speech.meta.yaml").write_text("title: On Ports\nblob: !!binary aGVsbG8=\n")
    project = discursus.open_project(tmp_path / "p", create=True)
    summary = project.ingest([corpus])
    assert summary.added == 1 and summary.failed == []
    assert [w.reason for w in summary.warnings] == [
        "field 'blob' refused: binary data is not a metadata value (text, number, true/false "
        "or date)"
    ]
    assert project.warnings()[["kind", "path"]].values.tolist() == [
        ["ingest", str(corpus / "speech.txt")]
    ]
    assert project.failures().empty
    assert project.documents().title.tolist() == ["On Ports"]
    log = project.log_path(summary.run_id).read_text()
    assert f"WARNING {corpus / 'speech.txt'}: field 'blob' refused" in log


def test_a_reader_over_its_time_or_memory_budget_is_stopped_and_the_next_file_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # 6 MB of markup: seconds of parsing, and a tree of several hundred megabytes
    (corpus / "a_heavy.html").write_text("<p><b>Selka</b> <i>port</i></p>" * 200_000)
    (corpus / "b_page.html").write_text("<html><body><p>" + GOOD + "</p></body></html>")
    docs, errors, _ = read_all(corpus, read_seconds=0.3)
    assert list(docs) == ["b_page.html"]
    assert errors == {
        f"{corpus}/a_heavy.html": "reading stopped after 0.3 s (over the time budget)"
    }
    docs, errors, _ = read_all(corpus, read_seconds=0, read_memory_mb=150)
    assert list(docs) == ["b_page.html"]
    assert errors == {
        f"{corpus}/a_heavy.html": "reading stopped: it took more than 150 MB of memory "
        "(over the memory budget)"
    }
