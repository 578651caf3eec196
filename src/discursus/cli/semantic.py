"""The semantic system of a discourse: the articulations of equivalence it is made of."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalPaths,
    OptionalProject,
    OutputFormat,
    QuietOption,
    WhereOption,
    emit,
    handles_errors,
)


class Relation(StrEnum):
    coordination = "coordination"
    apposition = "apposition"
    predication = "predication"


@handles_errors
def equivalences(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    relation: Annotated[
        Relation | None, typer.Option("--relation", help="Only this kind of articulation.")
    ] = None,
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Signifiers articulated as equivalent, sentence by sentence: coordinated lists
    ("justice, independence and dignity"), appositions, and predications that equate ("X is
    Y", "X means Y"), each with its members and offsets."""
    from discursus.cli.common import project_for

    opened = project_for(paths, project, quiet)
    found = opened.equivalences(where, relation.value if relation else None)
    rows = found.to_dict("records")
    columns = ["doc", "start", "end", "relation", "members", "cue"]
    if format == OutputFormat.jsonl:
        emit(rows, "jsonl", [*columns, "sentence_start", "sentence_end"])
        return
    flat = [{**row, "members": "; ".join(m["term"] for m in row["members"])} for row in rows]
    emit(flat, format.value, columns)


COMMANDS = (equivalences,)
