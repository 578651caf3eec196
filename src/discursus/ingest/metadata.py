"""Document metadata: sidecar files, ``metadata.csv``, and normalizing field names and dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import yaml
from dateutil import parser as date_parser

from discursus.errors import InputError

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
METADATA_TABLE = "metadata.csv"
# Column of metadata.csv that names the file a row describes.
FILE_KEY_COLUMNS = ("file", "filename", "file_name", "path", "name")

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

_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def is_metadata_file(name: str) -> bool:
    """True for sidecars and metadata tables, which describe documents and are not documents."""
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    return base == METADATA_TABLE or lower.endswith(SIDECAR_SUFFIXES)


def sidecar_candidates(name: str) -> list[str]:
    """Sidecar names for a document file: ``speech.txt.meta.json`` or ``speech.meta.json``."""
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    return [base + suffix for base in (name, stem) for suffix in SIDECAR_SUFFIXES]


def parse_sidecar(data: bytes, display: str) -> dict[str, Any]:
    """Read a JSON or YAML sidecar; it must hold one mapping of field to value."""
    try:
        text = data.decode("utf-8-sig")
        value = json.loads(text) if display.lower().endswith(".json") else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(display, f"unreadable metadata sidecar: {exc}") from None
    if not isinstance(value, dict):
        raise InputError(display, "metadata sidecar must hold one mapping of field: value")
    return value


def parse_metadata_table(data: bytes, display: str) -> dict[str, dict[str, Any]]:
    """Read ``metadata.csv`` into {file name: fields}."""
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(display, f"unreadable metadata table: {exc}") from None
    if not rows:
        return {}
    key = next((c for c in rows[0] if c and c.strip().lower() in FILE_KEY_COLUMNS), None)
    if key is None:
        raise InputError(
            display, f"metadata table needs a column naming the file, one of {FILE_KEY_COLUMNS}"
        )
    return {
        row[key].strip(): {k: v for k, v in row.items() if k and k != key and v not in ("", None)}
        for row in rows
        if row.get(key)
    }


def normalize_date(value: Any) -> str | None:
    """An ISO date string as precise as the value: ``2023``, ``2023-05`` or ``2023-05-02``.

    >>> normalize_date("2 May 2023"), normalize_date("2023-05"), normalize_date("someday")
    ('2023-05-02', '2023-05', None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _PARTIAL_ISO.match(text):
        return text
    try:
        return date_parser.parse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


def normalize_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Map field aliases to discursus's names and dates to ISO; keep every other field as is.

    A date that cannot be read is kept under ``date_raw`` rather than lost.

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
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[name] = value
    return out
