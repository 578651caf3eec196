"""Stance toward the targets: sentence by sentence, or as a matrix of actors (documents,
outlets, years) by target."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    WhereOption,
    frame_out,
    handles_errors,
)
from discursus.errors import DiscursusError
from discursus.project import open_project


@handles_errors
def stance(
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="A matrix instead: by holder (actor x target), doc, or a "
            "document field (outlet, year...).",
        ),
    ] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="Only this target (repeatable).")
    ] = None,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="Also the sentences that take no stance.")
    ] = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Favour or against each target, sentence by sentence, with whose stance it is and the
    word that decides (targets come from `discursus targets`); --by: as a matrix."""
    opened = open_project(project)
    if opened.target_list() is None:
        raise DiscursusError("the project has no targets yet: discursus targets -p P --auto "
                             "(or --file FILE)")  # fmt: skip
    if by:
        found = opened.stance_matrix(by, where)
    else:
        found = opened.stances(where, mentions)
    if target:
        known = set(opened.targets().name)
        unknown = sorted(set(target) - known)
        if unknown:
            raise DiscursusError(f"no target {unknown[0]!r}; targets: {', '.join(sorted(known))}")
        found = found[found.target.isin(target)]
    shown = None if by else ["doc", "holder", "target", "stance", "cue", "rule"]
    frame_out(found, format.value, shown=shown if format == OutputFormat.table else None)


COMMANDS = (stance,)
