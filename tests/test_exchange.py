"""REFI-QDA exchange: a project and a codebook written, validated against the official
schemas, read back and written again with the same codings at the same places; hostile
files refused with the reason, the project left as it was."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app
from discursus.exchange.refi_qda import (
    ExchangeError,
    codebook_qdc,
    export_qdpx,
    import_qdpx,
    read_qdc,
)

SHARED_XSD = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "refi-qda"

CODEBOOK = """\
name: Harbour talk
codes:
  - name: sovereignty
    description: Rule over one's own affairs.
    color: "#1f77b4"
    keywords: [sovereignty]
  - name: pressure
    codes:
      - name: sanctions
        lemmas: [sanction]
"""
# Windows line endings, a byte order mark, a character outside the BMP and a combining
# accent: where positions counted in bytes or UTF-16 units, or normalised text, go wrong
HARBOUR = "Our sovereignty is not for sale.\r\nForeign pressure will not move us.\r\n"
PORT = "\ufeffThey sanctioned the port \U0001f6a2 twice. Cafe\u0301 trade fell."


@pytest.fixture
def project(tmp_path):
    (tmp_path / "harbour.txt").write_bytes(HARBOUR.encode("utf-8"))
    (tmp_path / "port.txt").write_bytes(PORT.encode("utf-8"))
    opened = discursus.open_project(tmp_path / "p", create=True)
    opened.ingest([tmp_path / "harbour.txt", tmp_path / "port.txt"])
    opened.annotate(
        discursus.annotate.AnnotateConfig(
            components=("codes",),
            settings={"codes": {"codebook": parse_codebook(CODEBOOK).to_dict()}},
        )
    )
    opened.review("accepted", "Lena", code="sovereignty")
    opened.review("rejected", "Lena", code="sanctions")
    coding = opened.add_coding("port.txt", "trade", "Ivo", quote="trade fell")
    opened.add_coding("harbour.txt", "pressure", "Ivo", quote="Foreign pressure")
    opened.add_memo("Trade, after the ship.", "Ivo", coding=coding["id"])
    opened.add_memo("Who presses?", "Lena", code="pressure")
    opened.add_memo("Read twice.", "Lena", document="harbour.txt")
    opened.add_memo("Pilot coding.", "Lena")
    return opened


def _selections(qdpx: Path) -> list[tuple]:
    """(source, start, end, code, user, selected text) of every coding in the file."""
    with zipfile.ZipFile(qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        ns = {"q": "urn:QDA-XML:project:1.0"}
        codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", ns)}
        users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", ns)}
        found = []
        for source in root.iterfind(".//q:TextSource", ns):
            path = source.get("plainTextPath").removeprefix("internal://")
            text = archive.read(f"Sources/{path}").decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", ns):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                for coding in selection.iterfind("q:Coding", ns):
                    code = codes[coding.find("q:CodeRef", ns).get("targetGUID")]
                    found.append((source.get("name"), start, end, code,
                                  users[coding.get("creatingUser")], text[start:end]))  # fmt: skip
    return sorted(found)


def _shared_schema(name: str):
    text = (SHARED_XSD / f"{name}.xsd").read_text(encoding="utf-8")
    if name == "Codebook":
        # the circulating copy has typographic hyphens in its GUID pattern: no GUID matches
        assert "[0\u20109a\u2010fA\u2010F]{8}" in text
        text = text.replace("\u2010", "-")
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8")))


def test_a_project_goes_out_and_back_with_the_same_codings_at_the_same_places(project, tmp_path):
    first = tmp_path / "first.qdpx"
    summary = export_qdpx(project, first)
    assert (summary.sources, summary.codings, summary.notes) == (2, 3, 4)
    assert summary.left_out == {"rejected": 1}  # the accepted suggestion is Lena's coding
    assert _selections(first) == [
        ("harbour.txt", 0, 32, "sovereignty", "Lena", "Our sovereignty is not for sale."),
        ("harbour.txt", 34, 50, "pressure", "Ivo", "Foreign pressure"),
        # code points, without the byte order mark: the ship is one, the accent one more
        ("port.txt", 40, 50, "trade", "Ivo", "trade fell"),
    ]
    with zipfile.ZipFile(first) as archive:
        qde = archive.read("project.qde")
        texts = {n: archive.read(n) for n in archive.namelist() if n.startswith("Sources/")}
    if SHARED_XSD.is_dir():
        assert _shared_schema("Project").validate(etree.fromstring(qde))
    assert HARBOUR.encode("utf-8") in texts.values()  # \r\n kept
    assert PORT[1:].encode("utf-8") in texts.values()  # the mark is not text

    again = discursus.open_project(tmp_path / "again", create=True)
    imported = import_qdpx(again, first, "Ana")
    assert (imported.sources, imported.codings, imported.notes) == ({"added": 2}, 3, 4)
    mine = again.codings()
    assert sorted(zip(mine.doc, mine.code, mine.start, mine.end, mine.coder, strict=True)) == [
        ("harbour.txt", "pressure", 34, 50, "Ivo"),
        ("harbour.txt", "sovereignty", 0, 32, "Lena"),
        ("port.txt", "trade", 40, 50, "Ivo"),  # 41-51 where the mark was read in as text
    ]
    memos = again.memos()
    assert sorted(zip(memos.target, memos.text, memos.author, strict=True)) == [
        ("code", "Who presses?", "Lena"),
        ("coding", "Trade, after the ship.", "Ivo"),
        ("document", "Read twice.", "Lena"),
        ("project", "Pilot coding.", "Lena"),
    ]
    assert [c.name for c in again.codebook().codes] == [
        "sovereignty", "pressure", "sanctions", "trade",
    ]  # fmt: skip
    assert again.codebook().code("sovereignty").color == "#1f77b4"

    second = tmp_path / "second.qdpx"
    export_qdpx(again, second)
    assert _selections(second) == _selections(first)
    with zipfile.ZipFile(second) as archive:
        assert {n: archive.read(n) for n in archive.namelist() if n.startswith("Sources/")} == (
            texts
        )
        assert archive.read("project.qde").replace(b'name="again"', b'name="p"') == qde
    # importing it again adds nothing twice; undo takes the codings back
    assert import_qdpx(again, second, "Ana").codings == 0
    again.undo()  # the second import changed nothing: the first is undone
    assert again.codings().empty and again.memos().empty


def _qdpx(tmp_path: Path, qde: str, sources: dict[str, bytes] | None = None) -> Path:
    path = tmp_path / "in.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, data in (sources or {}).items():
            archive.writestr(name, data)
    return path


G = "0b8f7c1e-2d3a-4b5c-8d9e-{:012x}"
QDE = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="elsewhere">
  <Users><User guid="{G.format(1)}" name="Mara"/></Users>
  <CodeBook><Codes>
    <Code guid="{G.format(2)}" name="unity" isCodable="true" color="#0a0"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{G.format(3)}" name="speech.txt" plainTextPath="internal://s.txt">
      <PlainTextSelection guid="{G.format(4)}" startPosition="START" endPosition="END">
        <Coding guid="{G.format(5)}" creatingUser="{G.format(1)}">
          <CodeRef targetGUID="CODE"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""
SPEECH = "\ufeff\U0001f30d One world, one unity.\r\n".encode()


def _qde(start: int = 17, end: int = 22, code: str = G.format(2)) -> str:
    return QDE.replace("START", str(start)).replace("END", str(end)).replace("CODE", code)


def test_another_tools_project_is_read_by_code_points(tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    summary = import_qdpx(project, _qdpx(tmp_path, _qde(), {"Sources/s.txt": SPEECH}))
    assert summary.codings == 1
    row = project.codings().iloc[0]
    text = project.document("speech.txt")["text"]
    assert text == "\U0001f30d One world, one unity.\r\n"  # the mark dropped, \r\n kept
    assert (row.code, row.coder, text[row.start : row.end]) == ("unity", "Mara", "unity")
    assert project.codebook().code("unity").color == "#00aa00"


@pytest.mark.parametrize(
    ("qde", "sources", "problem"),
    [
        (_qde().replace("<Project", '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                         "<Project"), {"Sources/s.txt": SPEECH}, "declares a DTD or entities"),
        (_qde().replace("internal://s.txt", "file:///etc/passwd"), {},
         "'file:///etc/passwd' is outside the archive: refused"),
        (_qde(), {"Sources/s.txt": SPEECH, "../escape.txt": b"x"},
         "../escape.txt: path escapes the archive"),
        (_qde(15, 99), {"Sources/s.txt": SPEECH}, "selection 15-99 is not inside 'speech.txt'"),
        (_qde(code=G.format(9)), {"Sources/s.txt": SPEECH}, "coding refers to no code"),
        (_qde().replace(G.format(3), "not-a-guid"), {"Sources/s.txt": SPEECH},
         "project.qde:8: Element '{urn:QDA-XML:project:1.0}TextSource', attribute 'guid'"),
        (_qde(), {"Sources/s.txt": b"\xff\xfe bad"}, "Sources/s.txt: not UTF-8 plain text"),
        (_qde(), {}, "no Sources/s.txt in the archive"),
    ],
)  # fmt: skip
def test_a_hostile_or_broken_project_is_refused_and_changes_nothing(
    tmp_path, qde, sources, problem
):
    project = discursus.open_project(tmp_path / "p", create=True)
    with pytest.raises(ExchangeError) as refused:
        import_qdpx(project, _qdpx(tmp_path, qde, sources))
    assert problem in str(refused.value)
    assert project.documents().empty and project.history().empty


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _qde())
        archive.writestr("Sources/s.txt", b"\0" * (64 << 20))
    project = discursus.open_project(tmp_path / "p", create=True)
    with pytest.raises(ExchangeError, match="looks like a zip bomb"):
        import_qdpx(project, path)


def test_a_codebook_goes_out_as_qdc_and_back(tmp_path):
    book = parse_codebook(CODEBOOK)
    data = codebook_qdc(book)
    if SHARED_XSD.is_dir():
        assert _shared_schema("Codebook").validate(etree.parse(io.BytesIO(data)))
    (tmp_path / "book.qdc").write_bytes(data)
    back = read_qdc(tmp_path / "book.qdc")
    assert back["codes"] == [
        {"name": "sovereignty", "description": "Rule over one's own affairs.",
         "color": "#1f77b4"},
        {"name": "pressure", "codes": [{"name": "sanctions"}]},
    ]  # fmt: skip
    (tmp_path / "bad.qdc").write_text(data.decode().replace('isCodable="true"', "", 1))
    with pytest.raises(ExchangeError, match="attribute 'isCodable' is required"):
        read_qdc(tmp_path / "bad.qdc")


def test_exchange_from_the_cli(project, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out.qdpx"
    result = runner.invoke(app, ["export-qdpx", "-p", str(project.path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 documents, 4 codes, 3 codings, 4 memos (left out: 1 rejected)" in (result.output)
    wrong = runner.invoke(app, ["export-qdpx", "-p", str(project.path), "-o", "x.zip"])
    assert wrong.exit_code == 2 and "x.zip: a REFI-QDA project file ends in .qdpx" in wrong.output
    other = tmp_path / "other"
    result = runner.invoke(app, ["import-qdpx", str(out), "-p", str(other), "--coder", "Ana"])
    assert result.exit_code == 0, result.output
    assert "documents 2 added; 4 new codes, 3 codings, 4 memos" in result.output
    qdc = tmp_path / "book.qdc"
    result = runner.invoke(app, ["codebook", "export", "-p", str(other), "-o", str(qdc)])
    assert result.exit_code == 0 and "4 codes" in result.output
    checked = runner.invoke(app, ["codebook", "check", str(qdc)])
    assert checked.exit_code == 0 and "4 codes (0 with rules)" in checked.output
    fresh = discursus.open_project(tmp_path / "fresh", create=True)
    result = runner.invoke(
        app, ["codebook", "import", str(qdc), "-p", str(fresh.path), "--coder", "Ana"]
    )
    assert result.exit_code == 0 and "added 4 codes" in result.output
    assert fresh.codebook().code("sanctions").parent == "pressure"
