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
    ``max_compression_ratio`` (a zip bomb's signature).
    """

    max_file_bytes: int = 50 * MB
    max_archive_bytes: int = 1024 * MB
    max_compression_ratio: float = 200.0
    text_column: str | None = None
    id_column: str | None = None
    detect_language: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
