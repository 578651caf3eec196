"""The JSON Schemas of the rows discursus writes (its output contracts), shipped with the code.

They are the same files as the team's shared contracts; a test checks that they stay equal.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

SCHEMAS = (
    "quote.schema.json",
    "citation.schema.json",
    "statement.schema.json",
    "shift.schema.json",
)


@cache
def schema(name: str) -> dict:
    """The JSON Schema ``name`` (one of ``SCHEMAS``).

    >>> schema("quote.schema.json")["type"]
    'object'
    """
    if name not in SCHEMAS:
        raise KeyError(f"no schema {name!r}; schemas: {', '.join(SCHEMAS)}")
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
