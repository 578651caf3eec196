"""The targets stance is taken toward: given, proposed, listed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    Bar,
    FormatOption,
    OutputFormat,
    ProjectOption,
    QuietOption,
    console,
    frame_out,
    handles_errors,
    progress_bar,
)
from discursus.errors import DiscursusError
from discursus.project import open_project


@handles_errors
def targets(
    project: ProjectOption = Path("discursus-project"),
    file: Annotated[
        Path | None, typer.Option("--file", help="A target list (YAML or JSON) to use.")
    ] = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="Propose targets from the corpus's actors, places, "
            "organisations and key nouns, and use them.",
        ),
    ] = False,
    write: Annotated[
        Path | None, typer.Option("--write", "-o", help="Also write the list as YAML here.")
    ] = None,
    min_mentions: Annotated[
        int, typer.Option("--min-mentions", min=1, help="--auto: a place's least mentions.")
    ] = 2,
    who: Annotated[str, typer.Option("--coder", help="Who sets the list (your name).")] = (
        "discursus"
    ),
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """The targets stance is taken toward, each with its aliases and the epithets its
    opponents use, and how often the corpus names them: set from --file, proposed with
    --auto, or (neither) the project's."""
    import yaml

    from discursus.annotate.targets import load_targets

    if file and auto:
        raise DiscursusError("give --file or --auto, not both")
    opened = open_project(project)
    chosen = load_targets(file) if file else opened.propose_targets(min_mentions) if auto else None
    if chosen is not None:
        if not chosen.targets:
            empty = "the list is empty" if file else "annotate the corpus first, or give --file"
            raise DiscursusError(f"no targets: {empty}")
        with progress_bar(quiet, counted=True) as progress:
            opened.set_targets(chosen, who, progress=Bar(progress, "Finding the targets"))
    if write:
        listed = opened.target_list()
        if listed is None:
            raise DiscursusError("the project has no targets yet: give --file or --auto")
        write.write_text(yaml.safe_dump(listed.to_dict(), allow_unicode=True, sort_keys=False),
                         encoding="utf-8")  # fmt: skip
        console.print(f"wrote {write}")
    found = opened.targets()
    if found.empty:
        raise DiscursusError("the project has no targets yet: give --file FILE or --auto")
    frame_out(found, format.value)


COMMANDS = (targets,)
