"""Where documents come from: files, folders, glob patterns and zip archives.

Everything is read into memory under size limits and nothing is ever extracted to disk, so an
archive member named ``../../etc/passwd`` cannot write anywhere; it is still refused, by name.
"""

from __future__ import annotations

import glob
import os
import posixpath
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from discursus.errors import InputError, InputWarning
from discursus.ingest.config import IngestConfig
from discursus.ingest.document import RawDocument, TextFacts
from discursus.ingest.formats import callable_path, reader_for, supported_suffixes
from discursus.ingest.formats import reader as register_reader
from discursus.ingest.language import detect_language
from discursus.ingest.metadata import (
    METADATA_TABLE,
    MetadataTable,
    clean_metadata,
    is_metadata_file,
    normalize_metadata,
    parse_metadata_table,
    parse_sidecar,
    sidecar_candidates,
)
from discursus.ingest.readers import ReadText, check_zip_container
from discursus.ingest.sandbox import shared_sandbox
from discursus.registry import Component

# a metadata table this large is not read: a table of a million files' metadata is smaller
MAX_TABLE_BYTES = 64 * 1024 * 1024


class ArchiveLimitError(InputError):
    """An archive's members together expand past the limit: the rest of it is not read."""


@dataclass
class Entry:
    """One file in a tree (a folder or an archive), not yet read."""

    relpath: str
    display: str
    source_key: str
    size: int
    read: Callable[..., bytes]  # read(limit=None): at most limit + 1 bytes


class Tree:
    """The files of one folder or archive, so documents can find their metadata files."""

    def __init__(self, entries: dict[str, Entry], in_archive: bool) -> None:
        self.entries = entries
        self.in_archive = in_archive
        self._tables: dict[str, tuple[MetadataTable, str]] = {}

    def _table(self, table_path: str) -> tuple[MetadataTable, str]:
        if table_path not in self._tables:
            entry = self.entries.get(table_path)
            if entry is None:
                found = (MetadataTable(), table_path)
            elif entry.size > MAX_TABLE_BYTES:
                problem = f"{entry.size:,} bytes, over the {MAX_TABLE_BYTES:,}-byte limit"
                found = (MetadataTable(problem=problem), entry.display)
            else:
                try:
                    found = (parse_metadata_table(entry.read(), entry.display), entry.display)
                except InputError as error:
                    found = (MetadataTable(problem=error.reason), entry.display)
            self._tables[table_path] = found
        return self._tables[table_path]

    def metadata_for(self, relpath: str) -> tuple[dict[str, Any], list[str]]:
        """Fields from ``metadata.csv`` beside the file, then from its sidecar (which wins),
        and a line for each metadata file or field that could not be used."""
        folder, _, base = relpath.rpartition("/")
        table_path = posixpath.join(folder, METADATA_TABLE) if folder else METADATA_TABLE
        table, table_display = self._table(table_path)
        lost: list[str] = []
        if table.problem:
            lost.append(f"{table_display} {table.problem}: ingested without its row")
        fields = table.fields_for(base, relpath)
        for candidate in sidecar_candidates(relpath):
            if candidate in self.entries:
                entry = self.entries[candidate]
                try:
                    fields.update(parse_sidecar(entry.read(), entry.display))
                except InputError as error:
                    lost.append(f"{error.path}: {error.reason}: ingested without it")
                break
        return fields, lost


def _file_entry(path: Path, relpath: str, display: str) -> Entry:
    """A regular file, read only when its turn comes; a pipe or a device is refused (reading
    one never ends), and so is a link that leads nowhere."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(display, "broken symbolic link: its target does not exist") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(display, "not a regular file (a pipe, socket or device): skipped")

    def read(limit: int | None = None) -> bytes:
        with open(path, "rb") as handle:
            if limit is None:
                return handle.read()
            # one byte more than the file holds shows whether it grew since it was listed;
            # never more than one byte past the limit
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, limit) + 1)
            if len(data) > size and len(data) <= limit:
                data += handle.read(limit + 1 - len(data))
            return data

    return Entry(relpath, display, str(path.resolve()), info.st_size, read)


def _folder_tree(
    root: Path, display_root: str, exclude: frozenset[Path]
) -> tuple[Tree, list[InputError | InputWarning]]:
    entries: dict[str, Entry] = {}
    errors: list[InputError | InputWarning] = []
    real_root = root.resolve()

    def unreadable(error: OSError) -> None:
        where = error.filename or str(root)
        errors.append(InputError(where, f"folder cannot be read: {error.strerror or error}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        kept = []
        for name in sorted(dirs):
            path = Path(folder) / name
            if name.startswith(".") or path.resolve() in exclude:
                continue
            if path.is_symlink():
                # os.walk does not follow them (a link can loop); say so rather than skip quietly
                display = posixpath.join(display_root, path.relative_to(root).as_posix())
                errors.append(
                    InputWarning(
                        display, "symbolic link to a folder: not followed (give its target)"
                    )
                )
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            display = posixpath.join(display_root, relpath)
            try:
                if path.is_symlink() and path.exists():
                    if not path.resolve().is_relative_to(real_root):
                        raise InputError(display, "symbolic link to outside the folder: skipped")
                entries[relpath] = _file_entry(path, relpath, display)
            except InputError as error:
                errors.append(error)
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop
                errors.append(InputError(display, f"cannot be read: {_os_reason(exc)}"))
    return Tree(entries, in_archive=False), errors


def _os_reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


def _lone_file_tree(path: Path, display: str) -> Tree:
    """A file given by itself, with the metadata files that sit beside it."""
    entries = {path.name: _file_entry(path, path.name, display)}
    names = sidecar_candidates(path.name) + [METADATA_TABLE]
    for name in names:
        beside = path.parent / name
        if beside.is_file():
            try:
                entries[name] = _file_entry(beside, name, str(Path(display).parent / name))
            except InputError:
                pass  # it is named when its document reads it, or refused as metadata
    return Tree(entries, in_archive=False)


def safe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in name.replace("\\", "/").split("/")


def zip_tree(
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
        if not safe_member_name(name):
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


register_reader(
    "zip",
    version="1",
    suffixes=(".zip",),
    shape="archive",
    sandboxed=False,
    description="a zip archive, read as a folder (members and expansion bounded)",
)(zip_tree)


def _bounded_reader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, limit: int
) -> Callable[[], bytes]:
    def read(_limit: int | None = None) -> bytes:
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


def _read_text(entry: Entry, data: bytes, reader: Component, config: IngestConfig) -> ReadText:
    if not reader.traits.get("sandboxed", True):
        return reader.func(data, entry.display, config)
    return shared_sandbox().run(
        callable_path(reader),
        (data, entry.display, config),
        entry.display,
        config.read_seconds,
        config.read_memory_mb,
    )


def _finish(
    name: str,
    source_key: str,
    display: str,
    fmt: str,
    text: str,
    fields: dict[str, Any],
    config: IngestConfig,
    lost: list[str] = (),
    language: tuple[str, float] | None = None,
    facts: TextFacts | None = None,
) -> RawDocument:
    fields, refused = clean_metadata(fields)
    metadata = normalize_metadata(fields)
    if config.detect_language:
        code, probability = language or detect_language(text)
        metadata["language_detected"] = code
        metadata["language_score"] = probability
        metadata.setdefault("language", code)
    return RawDocument(name, source_key, display, fmt, text, metadata, [*lost, *refused], facts)


def _iter_tree(
    tree: Tree, config: IngestConfig, archive_budget: list[int] | None = None
) -> Iterator[RawDocument | InputError | InputWarning]:
    for relpath, entry in tree.entries.items():
        if is_metadata_file(relpath):
            continue
        # the guard of each entry: whatever one file does, the next one is read
        try:
            yield from _iter_entry(tree, relpath, entry, config, archive_budget)
        except ArchiveLimitError as error:
            yield error
            return
        except InputError as error:
            yield error
        except OSError as exc:
            yield InputError(entry.display, f"cannot read: {_os_reason(exc)}")
        except RecursionError:
            yield InputError(entry.display, "could not be read: nested too deeply")
        except MemoryError:
            yield InputError(entry.display, "could not be read: ran out of memory")
        except Exception as exc:  # noqa: BLE001 - zlib.error, a parser's own errors: named
            yield InputError(
                entry.display, f"could not be read: {exc.__class__.__name__}: {exc}"[:500]
            )


def _iter_entry(
    tree: Tree, relpath: str, entry: Entry, config: IngestConfig, budget: list[int] | None
) -> Iterator[RawDocument | InputError]:
    reader = reader_for(relpath)
    if reader is None:
        raise InputError(
            entry.display, f"unsupported file type (reads {', '.join(supported_suffixes())})"
        )
    fmt, shape = reader.name, reader.traits["shape"]
    if entry.size > config.max_file_bytes:
        raise InputError(
            entry.display, f"{entry.size:,} bytes, over the {config.max_file_bytes:,}-byte limit"
        )
    data = entry.read(config.max_file_bytes)
    if len(data) > config.max_file_bytes:
        raise InputError(entry.display, f"grew past the {config.max_file_bytes:,}-byte limit")
    if budget is not None:
        budget[0] -= len(data)
        if budget[0] < 0:
            raise ArchiveLimitError(
                entry.display,
                f"archive stopped: members expand past the {config.max_archive_bytes:,}-byte limit",
            )
    if shape == "archive":
        if tree.in_archive:
            raise InputError(entry.display, "nested archive: not expanded")
        inner, errors = reader.func(data, entry.display, entry.source_key, config)
        yield from errors
        yield from _iter_tree(inner, config, [config.max_archive_bytes])
        return
    fields, lost = tree.metadata_for(relpath)
    if shape == "table":
        args = (data, entry.display, fmt, config.text_column, config.id_column)
        args += (config.detect_language,)
        del data
        # rows come a chunk at a time with their texts' facts: the reader's process computes
        # the next chunk's while this one is stored
        chunks = shared_sandbox().stream(
            callable_path(reader), args, entry.display, config.read_seconds, config.read_memory_mb
        )
        del args
        for chunk in chunks:
            yield from chunk.errors
            for row in chunk:
                yield _finish(
                    row.doc_id or f"{relpath}#{row.row}",
                    f"{entry.source_key}#{row.row}",
                    f"{entry.display} row {row.row}",
                    fmt,
                    row.text,
                    {**fields, **row.metadata},
                    config,
                    lost,
                    chunk.language,
                    row.facts,
                )
        return
    read = _read_text(entry, data, reader, config)
    del data  # nor while the text is
    yield _finish(
        relpath,
        entry.source_key,
        entry.display,
        fmt,
        read.text,
        {**read.metadata, **fields},
        config,
        lost,
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
    try:
        resolved = path.resolve()
        if any(resolved == folder or resolved.is_relative_to(folder) for folder in skip):
            return
        if path.is_dir():
            tree, errors = _folder_tree(path, display, skip)
            yield from errors
        else:
            tree = _lone_file_tree(path, display)
    except InputError as error:
        yield error
        return
    except PermissionError as exc:
        yield InputError(display, f"permission denied: {exc.filename}")
        return
    except (OSError, RuntimeError) as exc:
        yield InputError(display, f"cannot be read: {_os_reason(exc)}")
        return
    yield from _iter_tree(tree, config)
