"""Where documents come from: files, folders, glob patterns and zip archives.

Everything is read into memory under size limits and nothing is ever extracted to disk, so an
archive member named ``../../etc/passwd`` cannot write anywhere; it is still refused, by name.
"""

from __future__ import annotations

import glob
import os
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from discursus.errors import InputError
from discursus.ingest.config import IngestConfig
from discursus.ingest.document import RawDocument
from discursus.ingest.language import detect_language
from discursus.ingest.metadata import (
    METADATA_TABLE,
    is_metadata_file,
    normalize_metadata,
    parse_metadata_table,
    parse_sidecar,
    sidecar_candidates,
)
from discursus.ingest.readers import (
    SUPPORTED_SUFFIXES,
    ReadText,
    check_zip_container,
    decode_text,
    format_of,
    read_docx,
    read_html,
    read_pdf,
    read_table,
)


class ArchiveLimitError(InputError):
    """An archive's members together expand past the limit: the rest of it is not read."""


@dataclass
class Entry:
    """One file in a tree (a folder or an archive), not yet read."""

    relpath: str
    display: str
    source_key: str
    size: int
    read: Callable[[], bytes]


class Tree:
    """The files of one folder or archive, so documents can find their metadata files."""

    def __init__(self, entries: dict[str, Entry], in_archive: bool) -> None:
        self.entries = entries
        self.in_archive = in_archive
        self._tables: dict[str, dict[str, dict[str, Any]]] = {}

    def metadata_for(self, relpath: str) -> dict[str, Any]:
        """Fields from ``metadata.csv`` beside the file, then from its sidecar (which wins)."""
        folder, _, base = relpath.rpartition("/")
        table_path = posixpath.join(folder, METADATA_TABLE) if folder else METADATA_TABLE
        if table_path not in self._tables:
            entry = self.entries.get(table_path)
            self._tables[table_path] = (
                parse_metadata_table(entry.read(), entry.display) if entry else {}
            )
        table = self._tables[table_path]
        fields = dict(table.get(base) or table.get(relpath) or {})
        for candidate in sidecar_candidates(relpath):
            if candidate in self.entries:
                entry = self.entries[candidate]
                fields.update(parse_sidecar(entry.read(), entry.display))
                break
        return fields


def _file_entry(path: Path, relpath: str, display: str) -> Entry:
    return Entry(relpath, display, str(path.resolve()), path.stat().st_size, path.read_bytes)


def _folder_tree(
    root: Path, display_root: str, exclude: frozenset[Path]
) -> tuple[Tree, list[InputError]]:
    entries: dict[str, Entry] = {}
    errors: list[InputError] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (Path(folder) / d).resolve() not in exclude
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            display = posixpath.join(display_root, relpath)
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                errors.append(InputError(display, "symbolic link to outside the folder: skipped"))
                continue
            entries[relpath] = _file_entry(path, relpath, display)
    return Tree(entries, in_archive=False), errors


def _lone_file_tree(path: Path, display: str) -> Tree:
    """A file given by itself, with the metadata files that sit beside it."""
    entries = {path.name: _file_entry(path, path.name, display)}
    names = sidecar_candidates(path.name) + [METADATA_TABLE]
    for name in names:
        beside = path.parent / name
        if beside.is_file():
            entries[name] = _file_entry(beside, name, str(Path(display).parent / name))
    return Tree(entries, in_archive=False)


def _safe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in name.replace("\\", "/").split("/")


def _archive_tree(
    data: bytes, display: str, source_key: str, config: IngestConfig
) -> tuple[Tree, list[InputError]]:
    archive = check_zip_container(
        data, display, config.max_archive_bytes, config.max_compression_ratio
    )
    entries: dict[str, Entry] = {}
    errors: list[InputError] = []
    for info in archive.infolist():
        name = info.filename
        if (
            info.is_dir()
            or name.startswith("__MACOSX/")
            or posixpath.basename(name).startswith(".")
        ):
            continue
        member_display = f"{display}!{name}"
        if not _safe_member_name(name):
            errors.append(InputError(member_display, "path escapes the archive: refused"))
            continue
        if info.flag_bits & 0x1:
            errors.append(InputError(member_display, "encrypted archive member"))
            continue
        entries[name] = Entry(
            name,
            member_display,
            f"{source_key}!{name}",
            info.file_size,
            _bounded_reader(archive, info, member_display, config.max_file_bytes),
        )
    return Tree(entries, in_archive=True), errors


def _bounded_reader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, limit: int
) -> Callable[[], bytes]:
    def read() -> bytes:
        # The header's size can lie: read at most one byte past the limit to know.
        try:
            with archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(display, f"corrupt archive member: {exc}") from None
        if len(data) > limit:
            raise InputError(display, f"expands past the {limit:,}-byte file limit")
        return data

    return read


def _read_text(entry: Entry, data: bytes, fmt: str, config: IngestConfig) -> ReadText:
    if fmt in ("txt", "md"):
        return decode_text(data, entry.display)
    if fmt == "html":
        return read_html(data, entry.display)
    if fmt == "pdf":
        return read_pdf(data, entry.display)
    if fmt == "docx":
        return read_docx(data, entry.display, config.max_file_bytes, config.max_compression_ratio)
    raise AssertionError(fmt)


def _finish(
    name: str,
    source_key: str,
    display: str,
    fmt: str,
    text: str,
    fields: dict[str, Any],
    config: IngestConfig,
) -> RawDocument:
    metadata = normalize_metadata(fields)
    if config.detect_language:
        code, probability = detect_language(text)
        metadata["language_detected"] = code
        metadata["language_score"] = probability
        metadata.setdefault("language", code)
    return RawDocument(name, source_key, display, fmt, text, metadata)


def _iter_tree(
    tree: Tree, config: IngestConfig, archive_budget: list[int] | None = None
) -> Iterator[RawDocument | InputError]:
    for relpath, entry in tree.entries.items():
        if is_metadata_file(relpath):
            continue
        try:
            yield from _iter_entry(tree, relpath, entry, config, archive_budget)
        except ArchiveLimitError as error:
            yield error
            return
        except InputError as error:
            yield error
        except OSError as exc:
            yield InputError(entry.display, f"cannot read: {exc.strerror or exc}")


def _iter_entry(
    tree: Tree, relpath: str, entry: Entry, config: IngestConfig, budget: list[int] | None
) -> Iterator[RawDocument | InputError]:
    fmt = format_of(relpath)
    if fmt is None:
        raise InputError(
            entry.display, f"unsupported file type (reads {', '.join(SUPPORTED_SUFFIXES)})"
        )
    if entry.size > config.max_file_bytes:
        raise InputError(
            entry.display, f"{entry.size:,} bytes, over the {config.max_file_bytes:,}-byte limit"
        )
    data = entry.read()
    if budget is not None:
        budget[0] -= len(data)
        if budget[0] < 0:
            raise ArchiveLimitError(
                entry.display,
                f"archive stopped: members expand past the {config.max_archive_bytes:,}-byte limit",
            )
    if fmt == "zip":
        if tree.in_archive:
            raise InputError(entry.display, "nested archive: not expanded")
        inner, errors = _archive_tree(data, entry.display, entry.source_key, config)
        yield from errors
        yield from _iter_tree(inner, config, [config.max_archive_bytes])
        return
    fields = tree.metadata_for(relpath)
    if fmt in ("csv", "tsv", "jsonl", "parquet"):
        rows, errors = read_table(data, entry.display, fmt, config.text_column, config.id_column)
        yield from errors
        for row in rows:
            yield _finish(
                row.doc_id or f"{relpath}#{row.row}",
                f"{entry.source_key}#{row.row}",
                f"{entry.display} row {row.row}",
                fmt,
                row.text,
                {**fields, **row.metadata},
                config,
            )
        return
    read = _read_text(entry, data, fmt, config)
    yield _finish(
        relpath,
        entry.source_key,
        entry.display,
        fmt,
        read.text,
        {**read.metadata, **fields},
        config,
    )


def iter_corpus(
    paths: list[str | os.PathLike[str]],
    config: IngestConfig | None = None,
    exclude: list[str | os.PathLike[str]] = (),
) -> Iterator[RawDocument | InputError]:
    """Every document under the given files, folders, globs and archives, in a stable order.

    Yields an :class:`InputError` for each file (or archive member, or table row) that cannot be
    read, and goes on: one bad file never stops a corpus. Folders in ``exclude`` (such as the
    project being written to, when it lies inside the corpus) are not walked.
    """
    config = config or IngestConfig()
    skip = frozenset(Path(p).resolve() for p in exclude)
    for given in paths:
        given = os.fspath(given)
        if glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield InputError(given, "no file matches this pattern")
            for match in matches:
                yield from _iter_path(Path(match), match, config, skip)
        else:
            yield from _iter_path(Path(given), given, config, skip)


def _iter_path(
    path: Path, display: str, config: IngestConfig, skip: frozenset[Path]
) -> Iterator[RawDocument | InputError]:
    if not path.exists():
        yield InputError(display, "no such file or directory")
        return
    resolved = path.resolve()
    if any(resolved == folder or resolved.is_relative_to(folder) for folder in skip):
        return
    try:
        if path.is_dir():
            tree, errors = _folder_tree(path, display, skip)
            yield from errors
        else:
            tree = _lone_file_tree(path, display)
        yield from _iter_tree(tree, config)
    except PermissionError as exc:
        yield InputError(display, f"permission denied: {exc.filename}")
