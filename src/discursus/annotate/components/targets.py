"""Mentions of the project's targets (see :mod:`discursus.annotate.targets`): every name a
target goes by, where it stands, and whether it is an opponent's epithet for it."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import annotator
from discursus.tablespec import Field, TableSpec

TARGET_MENTIONS = TableSpec(
    "target_mentions",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("target", "str", nullable=False, index=True),
    ),
    output=("start", "end", "target", "alias", "epithet"),
    description="where the targets stance is taken toward are named, by any of their names",
)


@annotator(
    "targets",
    version="1",
    produces=(TARGET_MENTIONS,),
    config={"targets": None},
    label="targets",
)
def targets(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Each mention of a target: by its name, an alias or an epithet, the longest first."""
    from discursus.annotate.targets import find_mentions, targets_from_data

    if not config.get("targets"):
        return {"target_mentions": []}
    found = find_mentions(item.text, targets_from_data(config["targets"], "the targets"))
    return {"target_mentions": found}
