"""Limits and choices for reading a corpus."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class IngestConfig:
    """How ingest reads files.

    The limits keep one hostile or broken file from exhausting memory: a file (or archive member)
    larger than ``max_file_bytes`` is refused, and an archive stops expanding once its members
    add up to ``max_archive_bytes`` or it claims a compression ratio above
    ``max_compression_ratio`` (a zip bomb's signature). Parsing one file may take at most
    ``read_seconds`` and ``read_memory_mb`` (see :mod:`discursus.ingest.sandbox`).
    """

    max_file_bytes: int = 50 * MB
    max_archive_bytes: int = 1024 * MB
    max_compression_ratio: float = 200.0
    text_column: str | None = None
    id_column: str | None = None
    detect_language: bool = True
    # HTML, PDF, DOCX and tables are parsed in a child process under these budgets (0: none)
    read_seconds: float = 60.0
    read_memory_mb: int = 2048
    # metadata from the file names and a joined table (see discursus.ingest.joins)
    name_pattern: str | None = None
    metadata_table: str | None = None
    join: tuple[tuple[str, str], ...] = ()
    metadata_columns: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
