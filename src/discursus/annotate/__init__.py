"""Per-document analysis: registered components, pure functions of a document and a config.

Names are imported on first use, so reading a project (``discursus kwic``) does not load
spaCy.
"""

from importlib import import_module

from discursus.annotate.config import DEFAULT_MODEL, AnnotateConfig

_LAZY = {
    "load_pipeline": "discursus.annotate.pipeline",
    "annotate_batches": "discursus.annotate.runner",
    "TOKEN_SCHEMA": "discursus.annotate.records",
    "BatchAnnotation": "discursus.annotate.records",
    "DocResult": "discursus.annotate.records",
    "DocInput": "discursus.annotate.records",
    "AnnotatorInput": "discursus.annotate.records",
    "annotate_batch": "discursus.annotate.engine",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'discursus.annotate' has no attribute {name!r}")


__all__ = ["DEFAULT_MODEL", "AnnotateConfig", *_LAZY]
