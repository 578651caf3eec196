"""The semantic system of a discourse: the articulations of equivalence it is made of."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalProject,
    OutputFormat,
    QuietOption,
    WhereOption,
    emit,
    handles_errors,
)
from discursus.errors import DiscursusError


class Relation(StrEnum):
    coordination = "coordination"
    apposition = "apposition"
    predication = "predication"


@handles_errors
def equivalences(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="A corpus (or --project), read into a temporary project."),
    ] = None,
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

    if files and project:
        raise DiscursusError("give a corpus or --project, not both")
    opened = project_for([str(f) for f in files] if files else None, project, quiet)
    found = opened.equivalences(where, relation.value if relation else None)
    rows = found.to_dict("records")
    columns = ["doc", "start", "end", "relation", "members", "cue"]
    if format == OutputFormat.jsonl:
        emit(rows, "jsonl", [*columns, "sentence_start", "sentence_end"])
        return
    flat = [{**row, "members": "; ".join(m["term"] for m in row["members"])} for row in rows]
    emit(flat, format.value, columns)


COMMANDS = (equivalences,)
