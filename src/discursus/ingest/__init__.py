"""Files to documents: read folders, globs, archives and tables into texts with metadata."""

from discursus.ingest.config import IngestConfig
from discursus.ingest.document import RawDocument, content_hash
from discursus.ingest.sources import iter_corpus

__all__ = ["IngestConfig", "RawDocument", "content_hash", "iter_corpus"]
