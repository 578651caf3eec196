"""When a component's rows on a document are fresh: made by the same component version, with
the same settings, from the same model and text, and from fresh rows of what it requires.

The store keeps one state row per document and component with these fields; comparing them
with what the current pipeline would record says which documents are stale and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from discursus.registry import PARSE, Component, config_hash

# a state row of a project made before states were kept (upgraded): never equal to a version
UNRECORDED = "unrecorded"


@dataclass(frozen=True)
class Stamp:
    """What a component's rows record about how they were made (all but the text's hash)."""

    version: str
    config_hash: str
    model: str  # the parse's model when the component depends on the parse, else ""
    inputs: str  # a hash of the stamps of what it requires; "" when it requires nothing

    @property
    def digest(self) -> str:
        fields = (self.version, self.config_hash, self.model, self.inputs)
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:16]


def expected_stamps(
    components: Sequence[Component],
    model: str,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Stamp]:
    """The stamp each component of a pipeline (in dependency order) would record now."""
    stamps: dict[str, Stamp] = {}
    uses_parse: dict[str, bool] = {}
    for component in components:
        uses_parse[component.name] = component.name == PARSE or any(
            uses_parse.get(r, False) for r in component.requires
        )
        inputs = ""
        if component.requires:
            joined = ";".join(f"{r}={stamps[r].digest}" for r in sorted(component.requires))
            inputs = hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
        stamps[component.name] = Stamp(
            component.version,
            config_hash(component.settings((settings or {}).get(component.name))),
            model if uses_parse[component.name] else "",
            inputs,
        )
    return stamps


def stale_reasons(state: Mapping[str, Any] | None, stamp: Stamp, text_hash: str) -> list[str]:
    """Why a component's rows on a document are stale (none: they are fresh). ``state`` is the
    stored state row (version, config_hash, model, inputs, text_hash), None if never run."""
    if state is None:
        return ["never run"]
    reasons = []
    if state["text_hash"] != text_hash:
        reasons.append("text changed")
    if state["version"] != stamp.version:
        old = state["version"]
        reasons.append(
            "made before versions were recorded"
            if old == UNRECORDED
            else f"version {old} -> {stamp.version}"
        )
    if state["config_hash"] != stamp.config_hash:
        reasons.append("settings changed")
    if state["model"] != stamp.model:
        reasons.append(f"model {state['model'] or 'none'} -> {stamp.model or 'none'}")
    if state["inputs"] != stamp.inputs and not reasons:
        reasons.append("what it requires changed")
    return reasons
