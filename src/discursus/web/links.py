"""Links to the workbench's own pages, their query URL-encoded (the empty left out)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode


def link(path: str, query: Mapping[str, Any] | None = None, **more: Any) -> str:
    """``path`` with ``query`` and ``more``, the empty values left out.

    >>> link("/explore", {"where": "year >= 2015", "code": ""}, node="Cuba")
    '/explore?where=year+%3E%3D+2015&node=Cuba'
    """
    kept = {k: v for k, v in {**(query or {}), **more}.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")
