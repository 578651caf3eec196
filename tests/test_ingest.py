"""Reading files: every format, metadata sources, and every kind of bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from discursus.errors import InputError
from discursus.ingest import IngestConfig, iter_corpus
from discursus.ingest.metadata import normalize_date
from discursus.testing.files import (
    docx_with_external_entity,
    docx_with_paragraphs,
    encrypted_pdf,
    pdf_with_text,
    zip_of,
)

SPEECH = "The minister said that the talks had failed.\r\nShe added: “We will try again.”\n"


def read_all(*paths, **config):
    items = list(iter_corpus([str(p) for p in paths], IngestConfig(**config)))
    docs = {d.name: d for d in items if not isinstance(d, InputError)}
    errors = {e.path: e.reason for e in items if isinstance(e, InputError)}
    return docs, errors


def test_text_is_kept_exactly_crlf_and_all(tmp_path):
    (tmp_path / "speech.txt").write_bytes(SPEECH.encode("utf-8"))
    docs, errors = read_all(tmp_path / "speech.txt")
    assert errors == {}
    assert docs["speech.txt"].text == SPEECH
    assert docs["speech.txt"].metadata["language"] == "en"


def test_legacy_encodings_are_detected(tmp_path):
    text = "Le ministre a déclaré que les négociations avaient échoué à Genève. " * 5
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    docs, errors = read_all(tmp_path / "latin.txt")
    assert docs["latin.txt"].text == text
    assert docs["latin.txt"].metadata["language"] == "fr"
    assert docs["latin.txt"].metadata["encoding"] != "utf-8"


def test_folder_names_documents_by_relative_path(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("# One\n\nFirst text here.")
    (tmp_path / "two.txt").write_text("Second text here.")
    (tmp_path / ".hidden.txt").write_text("never read")
    docs, errors = read_all(tmp_path)
    assert sorted(docs) == ["a/one.md", "two.txt"]
    assert errors == {}


def test_glob_patterns_and_missing_paths(tmp_path):
    (tmp_path / "x.txt").write_text("Some words.")
    (tmp_path / "y.md").write_text("Other words.")
    docs, errors = read_all(tmp_path / "*.txt", tmp_path / "*.pdf", tmp_path / "nowhere")
    assert list(docs) == ["x.txt"]
    assert errors == {
        f"{tmp_path}/*.pdf": "no file matches this pattern",
        f"{tmp_path}/nowhere": "no such file or directory",
    }


def test_sidecars_and_metadata_table(tmp_path):
    (tmp_path / "a.txt").write_text("Text A.")
    (tmp_path / "b.txt").write_text("Text B.")
    (tmp_path / "metadata.csv").write_text(
        "file,date,source,speaker,topic\na.txt,14 March 2023,Harbour Gazette,D. Kessel,ports\n"
        "b.txt,2023-05,Varnia Daily,,fish\n"
    )
    (tmp_path / "b.meta.json").write_text(json.dumps({"speaker": "Y. Baranli", "date": "2023"}))
    docs, errors = read_all(tmp_path)
    assert errors == {}
    fields = ("date", "outlet", "speaker", "topic")
    assert [docs["a.txt"].metadata[f] for f in fields] == [
        "2023-03-14",
        "Harbour Gazette",
        "D. Kessel",
        "ports",
    ]
    # The sidecar wins over the table.
    assert docs["b.txt"].metadata["speaker"] == "Y. Baranli"
    assert docs["b.txt"].metadata["date"] == "2023"
    assert docs["b.txt"].metadata["outlet"] == "Varnia Daily"


def test_dates_normalize_to_iso_and_bad_dates_are_kept_raw():
    assert normalize_date("March 14, 2023") == "2023-03-14"
    assert normalize_date("2023-03") == "2023-03"
    assert normalize_date("the spring") is None


def test_html_keeps_visible_text_and_meta(tmp_path):
    page = (
        "<html><head><title>Talks fail</title><meta name='author' content='M. Halden'>"
        "<script>alert('x')</script><style>p{}</style></head>"
        "<body><p>First <b>bold</b> paragraph.</p><p>Second&nbsp;one.</p></body></html>"
    )
    (tmp_path / "page.html").write_text(page)
    docs, _ = read_all(tmp_path / "page.html")
    doc = docs["page.html"]
    assert doc.text == "First bold paragraph.\n\nSecond one."
    assert doc.metadata["title"] == "Talks fail"
    assert doc.metadata["author"] == "M. Halden"


def test_pdf_and_docx(tmp_path):
    (tmp_path / "a.pdf").write_bytes(pdf_with_text("The talks failed.", "Page two."))
    (tmp_path / "b.docx").write_bytes(docx_with_paragraphs("One.", "Two.", title="Minutes"))
    docs, errors = read_all(tmp_path)
    assert errors == {}
    assert docs["a.pdf"].text == "The talks failed.\n\nPage two."
    assert docs["b.docx"].text == "One.\nTwo."
    assert docs["b.docx"].metadata["title"] == "Minutes"


def test_tables_give_one_document_a_row(tmp_path):
    frame = pd.DataFrame(
        {"id": ["s1", "s2", "s3"], "text": ["First.", "", "Third."], "party": ["A", "B", "C"]}
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_json(tmp_path / "t.jsonl", orient="records", lines=True)
    frame.rename(columns={"text": "body"}).to_parquet(tmp_path / "t.parquet")
    docs, errors = read_all(tmp_path)
    names = [d.name for d in iter_corpus([tmp_path]) if not isinstance(d, InputError)]
    assert names == ["s1", "s3"] * 3  # the store makes repeated names unique
    assert docs["s3"].metadata["party"] == "C"
    assert sorted(errors) == [f"{tmp_path}/t.{ext} row 2" for ext in ("csv", "jsonl", "parquet")]


def test_table_without_text_column_names_the_columns(tmp_path):
    (tmp_path / "t.csv").write_text("id,words\n1,hello\n")
    _, errors = read_all(tmp_path / "t.csv")
    assert "no text column" in errors[f"{tmp_path}/t.csv"]
    assert "columns are id, words" in errors[f"{tmp_path}/t.csv"]


def test_archives_are_read_in_memory_with_their_metadata(tmp_path):
    archive = zip_of(
        {
            "speeches/one.txt": b"A speech about ports.",
            "speeches/one.meta.yaml": b"speaker: D. Kessel\n",
            "../../escape.txt": b"should never be read",
            "inner.zip": zip_of({"x.txt": b"nested"}),
        }
    )
    (tmp_path / "corpus.zip").write_bytes(archive)
    docs, errors = read_all(tmp_path / "corpus.zip")
    assert list(docs) == ["speeches/one.txt"]
    assert docs["speeches/one.txt"].metadata["speaker"] == "D. Kessel"
    display = f"{tmp_path}/corpus.zip"
    assert errors == {
        f"{display}!../../escape.txt": "path escapes the archive: refused",
        f"{display}!inner.zip": "nested archive: not expanded",
    }
    assert not (tmp_path.parent / "escape.txt").exists()


def test_zip_bomb_is_refused(tmp_path):
    (tmp_path / "bomb.zip").write_bytes(zip_of({"zeros.txt": b"0" * 20_000_000}))
    _, errors = read_all(tmp_path / "bomb.zip")
    assert "looks like a zip bomb" in errors[f"{tmp_path}/bomb.zip"]
    _, errors = read_all(tmp_path / "bomb.zip", max_archive_bytes=1000, max_compression_ratio=1e9)
    assert "over the 1,000 limit" in errors[f"{tmp_path}/bomb.zip"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "no text (empty or whitespace only)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "malformed PDF"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
        ("locked.pdf", None, "encrypted PDF (password protected)"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid zip container"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted or legacy"),
        ("xxe.docx", None, "declares a DTD or entities: refused"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type"),
        ("broken.parquet", b"PAR1 nonsense", "malformed PARQUET table"),
    ],
)
def test_bad_files_get_a_reason_and_the_corpus_goes_on(tmp_path, name, content, reason):
    if name == "locked.pdf":
        content = encrypted_pdf("Hidden words.")
    if name == "xxe.docx":
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP SECRET")
        content = docx_with_external_entity(str(secret))
    (tmp_path / "good.txt").write_text("A good document.")
    (tmp_path / name).write_bytes(content)
    docs, errors = read_all(tmp_path)
    assert list(docs) == ["good.txt"] + (["secret.txt"] if name == "xxe.docx" else [])
    assert reason in errors[f"{tmp_path}/{name}"]
    assert all("TOP SECRET" not in d.text for d in docs.values() if d.name != "secret.txt")


def test_oversize_files_are_refused_before_reading(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000)
    _, errors = read_all(tmp_path / "big.txt", max_file_bytes=100)
    assert errors == {f"{tmp_path}/big.txt": "5,000 bytes, over the 100-byte limit"}
