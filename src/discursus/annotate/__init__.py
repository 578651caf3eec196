"""Per-document analysis: pure functions of a document's text and a config."""

from discursus.annotate.config import DEFAULT_MODEL, AnnotateConfig
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.runner import annotate_batches
from discursus.annotate.spacy_annotator import (
    TOKEN_SCHEMA,
    BatchAnnotation,
    DocAnnotation,
    DocInput,
    annotate_batch,
)

__all__ = [
    "DEFAULT_MODEL",
    "TOKEN_SCHEMA",
    "AnnotateConfig",
    "BatchAnnotation",
    "DocAnnotation",
    "DocInput",
    "annotate_batch",
    "annotate_batches",
    "load_pipeline",
]
