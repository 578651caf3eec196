"""Stance toward the targets: sentence by sentence, or as a matrix of actors (documents,
outlets, years) by target."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalProject,
    OutputFormat,
    ProjectOption,
    QuietOption,
    WhereOption,
    emit,
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


@handles_errors
def shifts(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="A corpus (or --project), read into a temporary project."),
    ] = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    targets: Annotated[
        Path | None,
        typer.Option("--targets", help="With a corpus: its targets (else proposed from it)."),
    ] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="Only this target (repeatable).")
    ] = None,
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Where a text turns: a document whose stance toward a target reverses part-way, or one
    that departs from its outlet's, its speaker's or the corpus's line; strongest first, with
    the sentences before and after the turn."""
    from discursus.annotate.targets import load_targets
    from discursus.cli.common import project_for

    opened = project_for([str(f) for f in files] if files else None, project, quiet)
    if files:
        chosen = load_targets(targets) if targets else opened.propose_targets()
        opened.set_targets(chosen, "discursus")
    elif targets:
        raise DiscursusError("--targets is for a corpus; set a project's: discursus targets -p P")
    if opened.target_list() is None:
        raise DiscursusError("the project has no targets yet: discursus targets -p P --auto")
    found = opened.shifts(where)
    if target:
        found = [row for row in found if row["target"] in target]
    columns = ["doc", "target", "kind", "score", "baseline", "shifted", "evidence"]
    if format == OutputFormat.jsonl:
        emit(found, "jsonl", columns)
        return
    flat = [{**row, "evidence": " | ".join(f"line {e['line']} ({e['stance']}): {e['text'][:60]}"
                                           for e in row["evidence"])} for row in found]  # fmt: skip
    emit(flat, format.value, columns)


COMMANDS = (stance, shifts)
