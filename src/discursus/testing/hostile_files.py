"""A folder of hostile files, each planted with what ingest must make of it.

:func:`plant_hostile_corpus` writes a few hundred files of every class that has broken a
reader somewhere (empty, binary, truncated, encrypted, bombs, traversal, external entities,
corrupted members, pathological text and markup, bad sidecars and metadata tables, links,
pipes, odd names) and returns a :class:`Planted` for each: whether it must be refused and
named (``fails``), ingested with what was lost named (``warns``), read as a document
(``reads``), either read or named (``any``), or left out on purpose and said so
(``noted``). All text is fictional.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from discursus.testing.files import (
    corrupt_member,
    docx_with_external_entity,
    docx_with_paragraphs,
    encrypted_pdf,
    pdf_with_text,
    zip_of,
)
from discursus.testing.hostile_text import FAMILIES

PROSE = (
    "The harbour council of Selka met on Tuesday. Councillor Mira Baranli said that the "
    "bridge would reopen in spring, and the mayor added: “We will not wait for the capital.”"
)


@dataclass(frozen=True)
class Planted:
    """One hostile input: its path as ingest names it (relative to the folder, ``!`` for an
    archive member), what must happen to it, and the class it stands for."""

    path: str
    expect: str  # fails | warns | reads | any | noted
    kind: str


class _Planter:
    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.planted: list[Planted] = []

    def write(self, name: str, data: bytes | str, expect: str, kind: str) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        self.planted.append(Planted(name, expect, kind))
        return path

    def note(self, name: str, expect: str, kind: str) -> None:
        self.planted.append(Planted(name, expect, kind))

    def noise(self, size: int) -> bytes:
        return bytes(self.rng.getrandbits(8) for _ in range(size))


def plant_hostile_corpus(folder: Path, seed: int = 0, binaries: int = 100) -> list[Planted]:
    """Write the hostile files into ``folder`` (made if missing); see the module docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    p = _Planter(folder, seed)
    _empty_and_binary(p, binaries)
    _documents(p)
    _archives(p)
    _tables(p)
    _metadata(p)
    _texts(p)
    _links(p)
    return p.planted


def _empty_and_binary(p: _Planter, binaries: int) -> None:
    p.write("empty.txt", b"", "fails", "empty file")
    p.write("blank.md", b" \n\t\n  \r\n", "fails", "whitespace only")
    p.write("controls.txt", bytes(range(1, 9)) * 400, "fails", "control characters")
    for n in range(binaries):
        data = bytearray(p.noise(p.rng.randint(16, 4096)))
        data[p.rng.randrange(len(data))] = 0  # a NUL: binary whatever else it holds
        p.write(f"binary/noise{n:03d}.txt", bytes(data), "fails", "binary")
    p.write("photo.png", b"\x89PNG\r\n\x1a\n" + p.noise(200), "fails", "unsupported type")
    p.write("setup.exe", b"MZ" + p.noise(200), "fails", "unsupported type")
    p.write("feed.xml", "<?xml version='1.0'?><feed/>", "fails", "unsupported type")


def _documents(p: _Planter) -> None:
    good_pdf = pdf_with_text("The council met.", "It adjourned.")
    p.write("pdf/not_a_pdf.pdf", PROSE, "fails", "not a PDF")
    p.write("pdf/truncated.pdf", good_pdf[: len(good_pdf) // 2], "any", "truncated PDF")
    p.write("pdf/garbage.pdf", b"%PDF-1.4\n" + p.noise(3000), "fails", "malformed PDF")
    p.write("pdf/encrypted.pdf", encrypted_pdf("Secret minutes."), "fails", "encrypted PDF")
    p.write("pdf/no_text.pdf", pdf_with_text(""), "fails", "PDF without text")
    docx = docx_with_paragraphs(PROSE * 5)
    p.write("docx/xxe.docx", docx_with_external_entity("/etc/passwd"), "fails", "XXE")
    p.write(
        "docx/corrupt_body.docx",
        corrupt_member(docx, "word/document.xml"),
        "fails",
        "corrupted DOCX part",
    )
    p.write(
        "docx/ole.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + p.noise(500),
        "fails",
        "encrypted DOCX",
    )
    p.write("docx/garbage.docx", p.noise(800), "fails", "not a zip")
    p.write(
        "docx/no_body.docx",
        zip_of({"[Content_Types].xml": b"<Types/>"}),
        "fails",
        "DOCX without document.xml",
    )
    p.write(
        "html/script_only.html",
        "<html><script>alert(1)</script></html>",
        "fails",
        "HTML without text",
    )
    p.write(
        "html/deep.html",
        "<div>" * 20_000 + "deep" + "</div>" * 20_000,
        "any",
        "deeply nested markup",
    )
    p.write(
        "html/entities.html",
        "<p>" + "&amp;&lt;&#x41;&bogus;" * 5000 + "</p>",
        "reads",
        "entity storm",
    )
    p.write("html/unclosed.html", "<p><b><i>" * 3000 + PROSE, "any", "unclosed tags")


def _archives(p: _Planter) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * (20 * 1024 * 1024))
    p.write("zip/bomb.zip", bomb.getvalue(), "fails", "zip bomb")
    p.write(
        "zip/traversal.zip", zip_of({"../../escape.txt": PROSE.encode()}), "fails", "path traversal"
    )
    p.planted[-1] = Planted("zip/traversal.zip!../../escape.txt", "fails", "path traversal")
    p.write("zip/garbage.zip", p.noise(1000), "fails", "not a zip")
    inner = zip_of({"inner.txt": PROSE.encode()})
    p.write("zip/nested.zip", zip_of({"inner.zip": inner}), "fails", "nested archive")
    p.planted[-1] = Planted("zip/nested.zip!inner.zip", "fails", "nested archive")
    members = {"a.txt": (PROSE * 30).encode(), "b.txt": (PROSE.upper() * 30).encode()}
    p.write(
        "zip/corrupt_member.zip",
        corrupt_member(zip_of(members), "a.txt"),
        "fails",
        "corrupted member",
    )
    p.planted[-1] = Planted("zip/corrupt_member.zip!a.txt", "fails", "corrupted member")
    p.note("zip/corrupt_member.zip!b.txt", "reads", "member beside a corrupted one")
    encrypted = bytearray(zip_of({"locked.txt": PROSE.encode()}))
    # set the "encrypted" flag in the local header and the central directory
    for start in (0, encrypted.rfind(b"PK\x01\x02")):
        offset = start + (6 if start == 0 else 8)
        encrypted[offset] |= 0x1
    p.write("zip/encrypted.zip", bytes(encrypted), "fails", "encrypted member")
    p.planted[-1] = Planted("zip/encrypted.zip!locked.txt", "fails", "encrypted member")


def _tables(p: _Planter) -> None:
    p.write("tables/no_text.csv", "id,title\n1,Council\n", "fails", "table without text")
    p.write("tables/bad.jsonl", '{"text": "fine"}\n{not json\n', "fails", "malformed JSON")
    p.write("tables/garbage.parquet", b"PAR1" + p.noise(500), "fails", "malformed Parquet")
    p.write(
        "tables/rows.csv",
        f'id,text\nr1,"{PROSE}"\nr2,""\nr3,"{PROSE[::-1]}"\n',
        "reads",
        "table with an empty row",
    )
    p.note("tables/rows.csv row 2", "fails", "empty table row")
    nested = json.dumps({"text": PROSE, "meta": {"a": {"b": [1, {"c": 2}]}}})
    p.write("tables/nested.jsonl", nested + "\n", "reads", "nested metadata value")
    p.note("tables/nested.jsonl row 1", "warns", "nested metadata value")


def _metadata(p: _Planter) -> None:
    sidecars = {
        "alias": ("yaml", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "warns"),
        "binary": ("yaml", "title: Minutes\nblob: !!binary aGVsbG8=\n", "warns"),
        "python": ("yaml", "x: !!python/object/apply:os.system ['true']\n", "warns"),
        "no_day": ("yaml", "date: 2023-02-30\n", "reads"),
        "year0": ("yaml", "date: 0000-00-00\n", "reads"),
        "deep": ("json", "[" * 50_000 + "]" * 50_000, "warns"),
        "list": ("json", "[1, 2, 3]", "warns"),
        "huge": ("json", json.dumps({"title": "x" * 1_100_000}), "warns"),
        "not_utf8": ("json", b"\xff\xfe{\x00}", "warns"),
        "big_number": ("json", '{"n": 1' + "0" * 40 + "}", "warns"),
    }
    for name, (suffix, content, expect) in sidecars.items():
        p.write(f"sidecars/{name}.txt", f"{PROSE} ({name})", expect, f"sidecar: {name}")
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (p.folder / f"sidecars/{name}.txt.meta.{suffix}").write_bytes(data)
    for n in range(3):
        p.write(f"meta_nofile/doc{n}.txt", f"{PROSE} {n}", "warns", "metadata.csv without file")
    (p.folder / "meta_nofile/metadata.csv").write_text("title,date\nA,2020\n")
    p.write("meta_big/a.txt", PROSE, "warns", "metadata.csv with an oversized field")
    p.write("meta_big/b.txt", PROSE + " Again.", "reads", "beside an oversized field")
    (p.folder / "meta_big/metadata.csv").write_text(f"file,note\na.txt,{'x' * 200_000}\nb.txt,ok\n")


def _texts(p: _Planter) -> None:
    for name, family in FAMILIES.items():
        for size in (600, 3000):
            p.write(f"texts/{name}_{size}.txt", family(size, 1), "reads", f"text: {name}")
    encodings = {
        "utf16le": "utf-16-le",
        "utf16be": "utf-16-be",
        "utf32le": "utf-32-le",
        "latin1": "latin-1",
        "cp1252": "cp1252",
    }
    for name, encoding in encodings.items():
        text = (
            "Déclaration du conseil de Selka. " * 20 if "latin" in name or "cp" in name else PROSE
        )
        p.write(f"encodings/{name}.txt", text.encode(encoding), "reads", f"encoding {encoding}")
    p.write(
        "encodings/bad_utf8.txt",
        PROSE.encode() + b"\xc3\x28\xa0\xa1" + PROSE.encode(),
        "any",
        "invalid UTF-8",
    )
    p.write("texts/bidi.txt", "\u202e" + PROSE + "\u200b\u2066" + PROSE, "reads", "bidi marks")
    p.write("texts/one_line.txt", (PROSE + " ") * 300, "reads", "a long line")
    p.write("texts/crlf.txt", PROSE.replace(". ", ".\r\n\r\n"), "reads", "CRLF paragraphs")
    p.write(
        "texts/html_in_text.txt",
        "<script>alert('x')</script> " + PROSE,
        "reads",
        "markup in a text file",
    )
    names = [
        "space name.txt",
        "ünïcödé 名前.txt",
        "-dash.txt",
        "semi;colon&amp.txt",
        "new\nline.txt",
        "x" * 200 + ".txt",
        "quote'\"name.txt",
        "$(echo hi).txt",
    ]
    for name in names:
        p.write(f"names/{name}", f"{PROSE} [{len(name)}]", "reads", "odd file name")


def _links(p: _Planter) -> None:
    (p.folder / "links").mkdir(exist_ok=True)
    os.symlink(p.folder / "links" / "nowhere.txt", p.folder / "links" / "dangling.txt")
    p.note("links/dangling.txt", "fails", "broken link")
    os.symlink(p.folder / "links" / "loop_b.txt", p.folder / "links" / "loop_a.txt")
    os.symlink(p.folder / "links" / "loop_a.txt", p.folder / "links" / "loop_b.txt")
    p.note("links/loop_a.txt", "fails", "link loop")
    p.note("links/loop_b.txt", "fails", "link loop")
    outside = p.folder.parent / f"{p.folder.name}-outside.txt"
    outside.write_text(PROSE)
    os.symlink(outside, p.folder / "links" / "outside.txt")
    p.note("links/outside.txt", "fails", "link out of the folder")
    os.mkfifo(p.folder / "links" / "pipe.txt")
    p.note("links/pipe.txt", "fails", "named pipe")
    os.symlink(p.folder / "texts", p.folder / "links" / "folder_link", target_is_directory=True)
    p.note("links/folder_link", "noted", "folder link")
