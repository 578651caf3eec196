"""Document metadata: sidecar files, ``metadata.csv``, and normalizing field names and dates.

Metadata files are as untrusted as documents: they are bounded in size, YAML may not use
aliases (the "billion laughs"), and a value that is not text, a number, true/false or a date
(or a short list of those) is refused by name. What cannot be read is reported and the document
is ingested without it: metadata never costs a document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from dateutil import parser as date_parser

from discursus.errors import InputError

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
METADATA_TABLE = "metadata.csv"
# Column of metadata.csv that names the file a row describes.
FILE_KEY_COLUMNS = ("file", "filename", "file_name", "path", "name")

MAX_SIDECAR_BYTES = 1024 * 1024
MAX_FIELDS = 200
MAX_VALUE_CHARS = 10_000
MAX_LIST_ITEMS = 100

FIELD_ALIASES = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "date_published": "date",
    "author": "author",
    "byline": "author",
    "speaker": "speaker",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "language": "language",
    "lang": "language",
}

_PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def is_metadata_file(name: str) -> bool:
    """True for sidecars and metadata tables, which describe documents and are not documents."""
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    return base == METADATA_TABLE or lower.endswith(SIDECAR_SUFFIXES)


def sidecar_candidates(name: str) -> list[str]:
    """Sidecar names for a document file: ``speech.txt.meta.json`` or ``speech.meta.json``."""
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    return [base + suffix for base in (name, stem) for suffix in SIDECAR_SUFFIXES]


class _SafeYamlLoader(yaml.SafeLoader):
    """YAML without aliases, and with dates left as text for :func:`normalize_date` to check
    (PyYAML's own reading of ``2023-02-30`` raises a bare ValueError)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in metadata", event.start_mark
            )
        return super().compose_node(parent, index)


_SafeYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_sidecar(data: bytes, display: str) -> dict[str, Any]:
    """Read a JSON or YAML sidecar; it must hold one mapping of field to value (the values are
    checked by :func:`clean_metadata`)."""
    if len(data) > MAX_SIDECAR_BYTES:
        raise InputError(
            display,
            f"metadata sidecar of {len(data):,} bytes, over the {MAX_SIDECAR_BYTES:,}-byte limit",
        )
    try:
        text = data.decode("utf-8-sig")
        if display.lower().endswith(".json"):
            value = json.loads(text)
        else:
            value = yaml.load(text, Loader=_SafeYamlLoader)  # noqa: S506 - a safe loader
    except RecursionError:
        raise InputError(display, "unreadable metadata sidecar: nested too deeply") from None
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise InputError(display, f"unreadable metadata sidecar: {reason}") from None
    if not isinstance(value, dict):
        raise InputError(display, "metadata sidecar must hold one mapping of field: value")
    return value


@dataclass
class MetadataTable:
    """``metadata.csv``: fields by file name, and what could not be read of it."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None  # the whole table could not be used

    def fields_for(self, base: str, relpath: str) -> dict[str, Any]:
        return dict(self.rows.get(base) or self.rows.get(relpath) or {})


@contextmanager
def _csv_field_limit(limit: int):
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def parse_metadata_table(data: bytes, display: str) -> MetadataTable:
    """Read ``metadata.csv`` into {file name: fields}, in UTF-8 or the encoding it is in.

    A table that cannot be used says why in ``problem`` (its documents are read without it);
    a value too long for metadata is refused by :func:`clean_metadata`, not here.
    """
    from discursus.ingest.readers import decode_text

    try:
        text = decode_text(data, display).text.lstrip("\ufeff")
        with _csv_field_limit(max(len(text), 131072)):
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except InputError as error:
        return MetadataTable(problem=f"unreadable: {error.reason}")
    except csv.Error as exc:
        return MetadataTable(problem=f"unreadable: {exc}")
    if not rows:
        return MetadataTable()
    key = next((c for c in rows[0] if c and c.strip().lower() in FILE_KEY_COLUMNS), None)
    if key is None:
        return MetadataTable(
            problem=f"has no column naming the file (one of {', '.join(FILE_KEY_COLUMNS)})"
        )
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = row.get(key)
        if isinstance(name, str) and name.strip():
            table[name.strip()] = {
                k: v
                for k, v in row.items()
                if isinstance(k, str) and k and k != key and v not in ("", None)
            }
    return MetadataTable(table)


def normalize_date(value: Any) -> str | None:
    """An ISO date string as precise as the value: ``2023``, ``2023-05`` or ``2023-05-02``;
    None for a date that does not exist (``2023-02-30``, year 0) or cannot be read.

    >>> normalize_date("2 May 2023"), normalize_date("2023-05"), normalize_date("someday")
    ('2023-05-02', '2023-05', None)
    >>> normalize_date("2023-02-30"), normalize_date("0000-00-00"), normalize_date("2024-02-29")
    (None, None, '2024-02-29')
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 100:
        return None
    iso = _PARTIAL_ISO.match(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        try:
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError:
            return None
        return text
    try:
        return date_parser.parse(text).date().isoformat()
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None


_SCALARS = (str, bool, int, float, dt.date)


def _checked_value(value: Any) -> tuple[Any, str | None]:
    """The value as stored, or None and why it is refused."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(), None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int):
        if abs(value) >= 2**63:
            return None, "a number too large"
        return value, None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "not a finite number"
        return value, None
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            return None, f"{len(value):,} characters, over the {MAX_VALUE_CHARS:,} limit"
        return value, None
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            return None, f"a list of {len(value):,} items, over the {MAX_LIST_ITEMS} limit"
        items = []
        for item in value:
            if isinstance(item, list | dict) or not isinstance(item, _SCALARS):
                return None, "a list may hold only text, numbers, true/false or dates"
            checked, reason = _checked_value(item)
            if reason:
                return None, reason
            items.append(checked)
        return items, None
    kind = {dict: "a mapping", bytes: "binary data", set: "a set", tuple: "a tuple"}.get(
        type(value), type(value).__name__
    )
    return None, f"{kind} is not a metadata value (text, number, true/false or date)"


def clean_metadata(raw: dict[Any, Any]) -> tuple[dict[str, Any], list[str]]:
    """The fields that are metadata values, and one line for each field refused.

    >>> clean_metadata({"title": "On Ports", "tags": ["a", "b"], "blob": b"\\x00", "n": None})
    ({'title': 'On Ports', 'tags': ['a', 'b']}, ["field 'blob' refused: binary data is not \
a metadata value (text, number, true/false or date)"])
    """
    kept: dict[str, Any] = {}
    problems: list[str] = []
    for index, (key, value) in enumerate(raw.items()):
        if index >= MAX_FIELDS:
            problems.append(f"{len(raw) - MAX_FIELDS} fields past the first {MAX_FIELDS} refused")
            break
        name = str(key).strip()
        if value is None or (isinstance(value, float) and value != value):
            continue
        if not name or len(name) > 100:
            problems.append(f"a field named {name[:40]!r} refused: names are 1 to 100 characters")
            continue
        checked, reason = _checked_value(value)
        if reason:
            problems.append(f"field {name!r} refused: {reason}")
            continue
        kept[name] = checked
    return kept, problems


def normalize_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Map field aliases to discursus's names and dates to ISO; keep every other field as is.

    A date that cannot be read, or does not exist, is kept under ``date_raw`` rather than lost.

    >>> normalize_metadata({"Source": "Harbour Gazette", "Date": "2024-03-01", "mood": "tense"})
    {'outlet': 'Harbour Gazette', 'date': '2024-03-01', 'mood': 'tense'}
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or (isinstance(value, float) and value != value):
            continue
        name = FIELD_ALIASES.get(str(key).strip().lower(), str(key).strip())
        if name == "date":
            iso = normalize_date(value)
            if iso is None:
                out["date_raw"] = str(value)
                continue
            value = iso
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[name] = value
    return out
