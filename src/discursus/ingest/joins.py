"""Metadata the way real corpora come with it: fields read from the file names by a pattern
(``{iso}_{session}_{year}.txt``), and a table of metadata joined on one key or more
(``--metadata speakers_by_session.csv --join "iso=ISO Code,session=Session"``).

The document's own metadata (a sidecar, ``metadata.csv``) wins over both; the pattern's
fields are the join's keys. Keys compare as text with the spaces around them trimmed, a
number as its value ("065" is 65). What did not match is reported on both sides: documents
whose names the pattern does not fit, documents no row of the table describes, and rows
that describe no document.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discursus.errors import DiscursusError, InputError

MAX_TABLE_BYTES = 200 * 1024 * 1024
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class NamePattern:
    """A file-name pattern: literal text and ``{field}`` placeholders, each a run of
    characters (as few as the rest of the pattern allows)."""

    def __init__(self, pattern: str) -> None:
        names = _PLACEHOLDER.findall(pattern)
        if not names:
            raise DiscursusError(f"name pattern {pattern!r} has no {{field}} to read")
        if len(set(names)) < len(names):
            raise DiscursusError(f"name pattern {pattern!r} names a field twice")
        pieces, at = [], 0
        for found in _PLACEHOLDER.finditer(pattern):
            pieces.append(re.escape(pattern[at : found.start()]))
            pieces.append(f"(?P<{found.group(1)}>.+?)")
            at = found.end()
        pieces.append(re.escape(pattern[at:]))
        self.pattern = pattern
        self.fields = tuple(names)
        self._regex = re.compile("".join(pieces) + r"\Z")

    def read(self, name: str) -> dict[str, str] | None:
        """The fields of a file's base name, or None where the pattern does not fit it."""
        found = self._regex.match(name.replace("\\", "/").rsplit("/", 1)[-1])
        return {key: value.strip() for key, value in found.groupdict().items()} if found else None


def parse_pairs(text: str, option: str) -> tuple[tuple[str, str], ...]:
    """``"iso=ISO Code,session=Session"`` as (field, column) pairs; a name alone is both."""
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        left, _, right = part.partition("=")
        left, right = left.strip(), (right.strip() or left.strip())
        if not left:
            raise DiscursusError(f"{option} {text!r}: {part!r} names no field (field=column)")
        pairs.append((left, right))
    if not pairs:
        raise DiscursusError(f"{option} {text!r} names no field=column pair")
    return tuple(pairs)


def _key(value: Any) -> str:
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return str(int(text))
    return text.casefold()


@dataclass
class MetadataJoin:
    """A metadata table joined to the documents on ``keys`` ((document field, column)
    pairs); each document gets the ``columns`` ((field, column) pairs: all the others,
    named as written, when none are given) of the row whose keys match its own."""

    path: Path
    keys: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...] = ()
    rows: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict, repr=False)
    labels: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, repr=False)
    matched: set[tuple[str, ...]] = field(default_factory=set, repr=False)
    unmatched_documents: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: str | Path, keys: tuple[tuple[str, str], ...],
             columns: tuple[tuple[str, str], ...] = ()) -> MetadataJoin:  # fmt: skip
        """The table at ``path`` (CSV, in UTF-8 or the encoding it is in), refused with the
        reason when it cannot be read or lacks a column the join names."""
        from discursus.ingest.readers import decode_text

        path = Path(path)
        display = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_TABLE_BYTES:
                raise InputError(display, f"metadata table of {size:,} bytes is over the limit "
                                          f"of {MAX_TABLE_BYTES:,}")  # fmt: skip
            text = decode_text(path.read_bytes(), display).text.lstrip("\ufeff")
            table = list(csv.reader(io.StringIO(text, newline="")))
        except OSError as exc:
            raise InputError(display, f"cannot read the metadata table: {exc.strerror}") from None
        except csv.Error as exc:
            raise InputError(display, f"unreadable metadata table: {exc}") from None
        if not table:
            raise InputError(display, "the metadata table is empty")
        header = [h.strip() for h in table[0]]
        where = {h.casefold(): k for k, h in enumerate(header) if h}
        named = [h for h in header if h]

        def column_of(name: str) -> int:
            if name.casefold() not in where:
                raise InputError(display, f"no column {name!r}; columns: {', '.join(named)}")
            return where[name.casefold()]

        key_at = [column_of(column) for _, column in keys]
        taken = [(name, column_of(column)) for name, column in columns] or [
            (h, k) for k, h in enumerate(header) if h and k not in key_at]  # fmt: skip
        join = cls(path, keys, columns)
        for line in table[1:]:
            if not any(cell.strip() for cell in line):
                continue
            cells = line + [""] * (len(header) - len(line))
            key = tuple(_key(cells[k]) for k in key_at)
            join.labels.setdefault(key, tuple(cells[k].strip() for k in key_at))
            join.rows.setdefault(key, {name: cells[k].strip() for name, k in taken
                                       if cells[k].strip()})  # fmt: skip
        return join

    def fields_for(self, name: str, metadata: dict[str, Any]) -> dict[str, str]:
        """The joined fields of a document (its ``metadata`` holding the keys), or none;
        a document no row describes is remembered by ``name``."""
        values = [metadata.get(key) for key, _ in self.keys]
        key = None if any(v in (None, "") for v in values) else tuple(_key(v) for v in values)
        if key not in self.rows:
            self.unmatched_documents.append(name)
            return {}
        self.matched.add(key)
        return dict(self.rows[key])

    def unmatched_rows(self) -> list[dict[str, str]]:
        """The keys of each row no document matched, in the table's order."""
        return [dict(zip((column for _, column in self.keys), self.labels[key], strict=True))
                for key in self.rows if key not in self.matched]  # fmt: skip


def apply_metadata(doc, pattern: NamePattern | None, join: MetadataJoin | None,
                   misses: list[str]) -> None:  # fmt: skip
    """Give ``doc`` (a RawDocument) the fields its name's ``pattern`` reads and the
    ``join``'s row matching them; its own metadata wins. A pattern's ``year`` is its date
    where it has none. A name the pattern does not fit goes to ``misses``."""
    from discursus.ingest.metadata import clean_metadata, normalize_metadata

    extra: dict[str, Any] = {}
    if pattern is not None:
        found = pattern.read(doc.name)
        if found is None:
            misses.append(doc.name)
        else:
            extra.update(found)
    if "year" in extra and not doc.metadata.get("date") and "date" not in extra:
        extra["date"] = extra["year"]
    if join is not None:
        for name, value in join.fields_for(doc.name, {**extra, **doc.metadata}).items():
            extra.setdefault(name, value)
    if not extra:
        return
    kept, refused = clean_metadata(extra)
    doc.metadata = {**normalize_metadata(kept), **doc.metadata}
    doc.warnings = [*doc.warnings, *refused]
