"""File formats to text. Each reader takes the file's bytes and returns its text exactly.

Readers never run anything a document contains: HTML is parsed as data (scripts dropped),
XML inside DOCX is refused when it declares a DTD (the door to external entities), and
archive parts are size-checked before they are expanded.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from discursus.errors import InputError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


@dataclass
class ReadText:
    """The text of one file, with what the file itself says about it (title, author...)."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def decode_text(data: bytes, display: str) -> ReadText:
    """Decode bytes to text without changing a character (newlines and all).

    UTF-8 is tried first, as it is both most common and unambiguous; otherwise the encoding
    is detected with charset-normalizer and recorded in the metadata.
    """
    if not data:
        raise InputError(display, "empty file")
    if b"\x00" in data[:8192] and not data.startswith(_BOMS):
        wide = _bomless_utf(data)
        if wide is None:
            raise InputError(display, "binary file (contains NUL bytes), not text")
        text, encoding = wide
        _check_is_text(text, display)
        return ReadText(text, {"encoding": encoding})
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise InputError(
                display, "could not detect the text encoding (binary or corrupt?)"
            ) from None
        # on a tie (a short text often reads as well in cp1250 as in cp1252), the encoding
        # most texts in Latin script were saved in
        tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
        best = next((m for m in tied if m.encoding in _WESTERN), best)
        text, encoding = str(best), best.encoding
    _check_is_text(text, display)
    return ReadText(text, {"encoding": encoding})


def _bomless_utf(data: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the NUL bytes fall: text in
    Latin script has a NUL in the high byte of nearly every code unit."""
    sample = data[:8192]
    for encoding, width, zero_at in (
        ("utf-32-le", 4, (1, 2, 3)),
        ("utf-32-be", 4, (0, 1, 2)),
        ("utf-16-le", 2, (1,)),
        ("utf-16-be", 2, (0,)),
    ):
        if len(data) % width:
            continue
        units = len(sample) // width
        if units == 0:
            continue
        zeros = sum(all(sample[i * width + k] == 0 for k in zero_at) for i in range(units))
        if zeros >= 0.6 * units:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    return None


def _check_is_text(text: str, display: str) -> None:
    if not text or text.isspace():  # no stripped copy of a long text
        raise InputError(display, "no text (empty or whitespace only)")
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
    )
    if controls > 0.05 * len(sample):
        raise InputError(display, "binary file (mostly control characters), not text")


_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "hr",
    "title",
)


_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "head", "svg", "iframe"))
_META_FIELDS = {
    "author": "author",
    "date": "date",
    "article:published_time": "date",
    "og:site_name": "outlet",
}


class _VisibleText(HTMLParser):
    """The visible text of a page, read in one pass with no tree built: a page nested twenty
    thousand deep costs what a flat one does. Block tags become paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.title: list[str] = []
        self.metadata: dict[str, Any] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            fields = dict(attrs)
            key = (fields.get("name") or fields.get("property") or "").lower()
            content = (fields.get("content") or "").strip()
            if key in _META_FIELDS and content:
                self.metadata[_META_FIELDS[key]] = content
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.parts.append(data)


def read_html(data: bytes, display: str) -> ReadText:
    """Visible text of an HTML page, paragraphs on their own lines; scripts and styles dropped.

    Python's own ``html.parser`` reads it as data: it never fetches or expands external
    entities, and no element tree is built.
    """
    if not data.strip():
        raise InputError(display, "empty file")
    page = _VisibleText()
    page.feed(_html_text(data, display))
    page.close()
    metadata = dict(page.metadata)
    title = "".join(page.title).strip()
    if title:
        metadata["title"] = title
    raw = "".join(page.parts)
    lines = [re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        raise InputError(display, "HTML has no visible text")
    return ReadText(text, metadata)


def _html_text(data: bytes, display: str) -> str:
    """The page's characters: its declared or detected encoding, as Beautiful Soup reads it."""
    from bs4.dammit import UnicodeDammit

    decoded = UnicodeDammit(data, is_html=True).unicode_markup
    if decoded is None:
        raise InputError(display, "could not detect the page's text encoding")
    return decoded


def read_pdf(data: bytes, display: str) -> ReadText:
    """Text of a PDF, pages separated by a blank line. Encrypted PDFs are refused."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(display, "not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure to open means: locked
                opened = 0
            if not opened:
                raise InputError(display, "encrypted PDF (password protected)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(display, f"malformed PDF: {exc}") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError(display, "PDF has no extractable text (scanned images are not OCRed)")
    metadata = {}
    for key, target in (("/Title", "title"), ("/Author", "author")):
        value = info.get(key)
        if value and str(value).strip():
            metadata[target] = str(value).strip()
    return ReadText(text, metadata)


def check_zip_container(
    data: bytes, display: str, max_bytes: int, max_ratio: float
) -> zipfile.ZipFile:
    """Open a zip-based file after checking it cannot expand past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(display, f"not a valid zip container: {exc}") from None
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > max_bytes:
        raise InputError(display, f"expands to {total:,} bytes, over the {max_bytes:,} limit")
    if total / packed > max_ratio and total > 1024 * 1024:
        raise InputError(display, f"compression ratio {total / packed:.0f}:1 looks like a zip bomb")
    return archive


def read_docx(data: bytes, display: str, max_bytes: int, max_ratio: float) -> ReadText:
    """Paragraph and table text of a Word document, a paragraph a line."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    if data.startswith(_OLE_MAGIC):
        raise InputError(
            display,
            "encrypted or legacy Word file (OLE container): save it as .docx without a password",
        )
    archive = check_zip_container(data, display, max_bytes, max_ratio)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise InputError(display, "malformed DOCX: no word/document.xml")
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            try:
                safe_et.fromstring(archive.read(name), forbid_dtd=True)
            except DefusedXmlException:
                raise InputError(
                    display, f"{name} declares a DTD or entities: refused (external entities)"
                ) from None
            except safe_et.ParseError as exc:
                raise InputError(display, f"malformed DOCX: {name}: {exc}") from None
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise InputError(display, f"malformed DOCX: {exc}") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(parts).strip()
    if not text:
        raise InputError(display, "DOCX has no text")
    props = document.core_properties
    metadata: dict[str, Any] = {}
    if props.title:
        metadata["title"] = props.title
    if props.author:
        metadata["author"] = props.author
    return ReadText(text, metadata)


TEXT_COLUMNS = ("text", "content", "body", "speech", "document")
ID_COLUMNS = ("id", "doc_id", "doc", "document_id", "name")


@dataclass
class TableRow:
    """One document of a tabular file: its row number (1-based), id, text and other columns."""

    row: int
    doc_id: str | None
    text: str
    metadata: dict[str, Any]
    facts: Any = None  # TextFacts, when computed where the table was read


@dataclass
class TableChunk:
    """Some rows of a table as columns (cheap to send between processes), the errors among
    them, and their language when a sample of them agrees on one (else each row's is read).
    The texts' hashes, word counts and signatures are computed where the table was read."""

    rows: list[int]
    ids: list[str | None]
    texts: list[str]
    metadata: list[dict[str, Any]]
    hashes: list[str]
    word_counts: list[int]
    signatures: bytes  # one MinHash signature after the other
    errors: list[InputError]
    language: tuple[str, float] | None

    def __iter__(self):
        """``TableRow`` objects with their ``TextFacts``."""
        from discursus.ingest.document import TextFacts

        width = len(self.signatures) // max(len(self.rows), 1)
        for k, row in enumerate(self.rows):
            facts = TextFacts(
                self.hashes[k],
                self.word_counts[k],
                self.signatures[k * width : (k + 1) * width],
            )
            yield TableRow(row, self.ids[k], self.texts[k], self.metadata[k], facts)


def read_table_chunks(
    data: bytes,
    display: str,
    fmt: str,
    text_column: str | None,
    id_column: str | None,
    detect_language: bool = True,
    chunk_rows: int = 2000,
):
    """Rows of a CSV, TSV, JSON Lines or Parquet file, one document a row, a chunk at a time
    as the file is parsed, each row with its text's facts (hash, words, signature), and one
    error per row without text (a bad row never stops the file). Run in the reader's process,
    the next chunk is parsed and its facts computed while the store writes the one before."""
    from discursus.ingest.document import content_hash
    from discursus.ingest.duplicates import signatures_and_word_counts
    from discursus.ingest.language import sample_language

    empty = True
    # a small first chunk, so the store has work sooner
    sizes = iter([chunk_rows // 4])
    for rows, errors in _table_parts(data, display, fmt, text_column, id_column, chunk_rows):
        first = next(sizes, None)
        pieces = [rows[:first], rows[first:]] if first is not None else [rows]
        for piece_number, chunk in enumerate(pieces):
            if not chunk and (piece_number or not errors):
                continue
            empty = False
            texts = [row.text for row in chunk]
            signatures, counts = signatures_and_word_counts(texts)
            yield TableChunk(
                [row.row for row in chunk],
                [row.doc_id for row in chunk],
                texts,
                [row.metadata for row in chunk],
                [content_hash(text) for text in texts],
                counts,
                b"".join(signatures),
                errors if piece_number == 0 else [],
                sample_language(texts) if detect_language else None,
            )
    if empty:
        yield TableChunk([], [], [], [], [], [], b"", [], None)


def _table_parts(
    data: bytes,
    display: str,
    fmt: str,
    text_column: str | None,
    id_column: str | None,
    part_rows: int = 2000,
):
    """(rows, errors) of a table, ``part_rows`` rows at a time as the file is parsed."""
    import pandas as pd

    def parts():
        if fmt in ("csv", "tsv"):
            yield from pd.read_csv(
                io.BytesIO(data),
                sep="\t" if fmt == "tsv" else ",",
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                chunksize=part_rows,
            )
        elif fmt in ("jsonl", "ndjson"):
            yield from pd.read_json(io.BytesIO(data), lines=True, dtype=False, chunksize=part_rows)
        elif fmt == "dna":
            from discursus.ingest.dna import read_dna_documents

            yield read_dna_documents(data, display)
        else:
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(io.BytesIO(data)).iter_batches(part_rows):
                yield batch.to_pandas()

    frames = parts()
    number = 0
    text_col = id_col = None
    while True:
        try:
            frame = next(frames, None)
        except Exception as exc:  # noqa: BLE001 - pandas raises many kinds on malformed tables
            raise InputError(display, f"malformed {fmt.upper()} table: {exc}") from None
        if frame is None:
            return
        if text_col is None:
            columns = {str(c).lower(): c for c in frame.columns}
            text_col = _pick_column(columns, text_column, TEXT_COLUMNS, display, "text")
            if text_col is None:
                raise InputError(
                    display,
                    f"no text column: looked for {', '.join(TEXT_COLUMNS)}; "
                    f"columns are {', '.join(map(str, frame.columns))} (use --text-column)",
                )
            id_col = _pick_column(columns, id_column, ID_COLUMNS, display, "id")
        rows: list[TableRow] = []
        errors: list[InputError] = []
        for record in frame.to_dict(orient="records"):
            number += 1
            text = record.pop(text_col)
            doc_id = record.pop(id_col) if id_col is not None else None
            if not isinstance(text, str) or not text.strip():
                errors.append(InputError(f"{display} row {number}", "empty text"))
                continue
            metadata = {str(k): _plain(v) for k, v in record.items() if _present(v)}
            doc_id = None if doc_id in (None, "") else str(doc_id)
            rows.append(TableRow(number, doc_id, text, metadata))
        yield rows, errors


def _pick_column(
    columns: dict[str, Any], wanted: str | None, defaults: tuple[str, ...], display: str, what: str
) -> Any:
    if wanted is not None:
        if wanted.lower() not in columns:
            raise InputError(
                display,
                f"no {what} column {wanted!r}; columns are {', '.join(map(str, columns.values()))}",
            )
        return columns[wanted.lower()]
    return next((columns[name] for name in defaults if name in columns), None)


def _present(value: Any) -> bool:
    if value is None or (isinstance(value, str) and value == ""):
        return False
    try:
        return not (value != value)  # NaN
    except (TypeError, ValueError):
        return True


def _plain(value: Any) -> Any:
    """NumPy and pandas scalars to plain Python, so metadata serializes to JSON."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
