"""The file formats discursus reads, registered as readers (see :mod:`discursus.registry`).

A reader has a ``shape``: a ``file`` reader turns a file's bytes into one document's text
(``func(data, display, config) -> ReadText``), run in the reader sandbox when ``sandboxed``
(a parser of untrusted bytes) and under the read time budget otherwise; a ``table`` reader
gives one document a row (chunks of rows, in the sandbox), and an ``archive`` reader a folder
of members (``func(data, display, source_key, config) -> (tree, errors)``). Another package adds
a file format by registering a ``file`` reader with its suffixes.
"""

from __future__ import annotations

from discursus.budget import BudgetExceeded, time_budget
from discursus.ingest.config import IngestConfig
from discursus.ingest.readers import (
    ReadText,
    decode_text,
    read_docx,
    read_html,
    read_pdf,
    read_table_chunks,
)
from discursus.registry import Component, components, register

SHAPES = ("file", "table", "archive")


def reader(
    name: str,
    *,
    version: str,
    suffixes: tuple[str, ...],
    shape: str = "file",
    sandboxed: bool = True,
    description: str = "",
):
    """Register the decorated function as the reader of ``name`` files."""
    if shape not in SHAPES:
        raise ValueError(f"reader {name!r}: shape {shape!r} is not one of {SHAPES}")

    def decorate(func) -> Component:
        traits = {"suffixes": tuple(s.lower() for s in suffixes), "shape": shape}
        traits["sandboxed"] = sandboxed
        return register(
            Component(
                name,
                "reader",
                version,
                func,
                produces=(),
                description=description,
                traits=traits,
            )
        )

    return decorate


def read_plain(data: bytes, display: str, config: IngestConfig) -> ReadText:
    """Plain text in any common encoding (BOM, UTF-8/16/32, then a detector)."""
    from discursus.ingest.sandbox import over_time

    # decoding is linear in the bytes; only the encoding detector could be slow
    with time_budget(config.read_seconds):
        try:
            return decode_text(data, display)
        except BudgetExceeded:
            raise over_time(display, config.read_seconds) from None


reader("txt", version="1", suffixes=(".txt", ".text"), sandboxed=False)(read_plain)
reader(
    "md",
    version="1",
    suffixes=(".md", ".markdown"),
    sandboxed=False,
    description="Markdown, read as its text",
)(read_plain)


@reader("html", version="1", suffixes=(".html", ".htm", ".xhtml"))
def html(data: bytes, display: str, config: IngestConfig) -> ReadText:
    """HTML: the visible text, with <title> and <meta> as metadata; scripts never run."""
    return read_html(data, display)


@reader("pdf", version="1", suffixes=(".pdf",))
def pdf(data: bytes, display: str, config: IngestConfig) -> ReadText:
    """PDF: the text layer of every page, with the document properties as metadata."""
    return read_pdf(data, display)


@reader("docx", version="1", suffixes=(".docx",))
def docx(data: bytes, display: str, config: IngestConfig) -> ReadText:
    """Word (.docx): paragraphs and tables, with core properties; size and ratio bounded."""
    return read_docx(data, display, config.max_file_bytes, config.max_compression_ratio)


for _name, _suffixes in (
    ("csv", (".csv",)),
    ("tsv", (".tsv",)),
    ("jsonl", (".jsonl", ".ndjson")),
    ("parquet", (".parquet",)),
):
    reader(
        _name,
        version="1",
        suffixes=_suffixes,
        shape="table",
        description=f"a {_name} table: one document a row (a text column, an id, metadata)",
    )(read_table_chunks)

reader(
    "dna",
    version="1",
    suffixes=(".dna",),
    shape="table",
    description="a Discourse Network Analyzer project: its documents (their statements come "
    "in with discursus import-statements)",
)(read_table_chunks)


def readers_by_suffix() -> dict[str, Component]:
    """Each suffix discursus reads, with its reader."""
    found: dict[str, Component] = {}
    for component in components("reader").values():
        for suffix in component.traits.get("suffixes", ()):
            found.setdefault(suffix, component)
    return found


def reader_for(name: str) -> Component | None:
    """The reader of a file called ``name``; None if discursus cannot read it."""
    lower = name.lower()
    suffix = lower[lower.rfind(".") :] if "." in lower.rsplit("/", 1)[-1] else ""
    return readers_by_suffix().get(suffix)


def supported_suffixes() -> list[str]:
    return sorted(readers_by_suffix())


def callable_path(component: Component) -> str:
    """``module:qualname`` of a reader's function, which the sandbox imports and calls."""
    return f"{component.func.__module__}:{component.func.__qualname__}"
