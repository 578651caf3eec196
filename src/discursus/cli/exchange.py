"""Exchange with QDA tools: REFI-QDA projects (.qdpx) and codebooks (.qdc)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml

from discursus.cli.common import ProjectOption, console, handles_errors
from discursus.errors import DiscursusError
from discursus.project import open_project

CODEBOOK_SUFFIXES = (".yaml", ".yml", ".json", ".qdc")


def load_any_codebook(path: Path):
    """A codebook from YAML, JSON or a REFI-QDA ``.qdc`` (which has no rules)."""
    from discursus.annotate.codebook import CodebookError, codebook_from_data, load_codebook

    try:
        if path.suffix.lower() == ".qdc":
            from discursus.exchange.refi_qda import read_qdc

            return codebook_from_data(read_qdc(path), str(path))
        return load_codebook(path)
    except CodebookError as error:
        raise DiscursusError(str(error)) from None


@handles_errors
def export_qdpx(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .qdpx file to write.")],
    project: ProjectOption = Path("discursus-project"),
    suggestions: Annotated[
        bool, typer.Option("--suggestions", help="The automatic coders' open suggestions too.")
    ] = False,
) -> None:
    """Export the project for ATLAS.ti, MAXQDA, NVivo, QualCoder (REFI-QDA .qdpx): texts,
    codebook, people's codings, memos."""
    from discursus.exchange.refi_qda import export_qdpx as export

    if output.suffix.lower() != ".qdpx":
        raise DiscursusError(f"{output}: a REFI-QDA project file ends in .qdpx")
    summary = export(open_project(project), output, suggestions=suggestions)
    left = ", ".join(f"{n} {why}" for why, n in summary.left_out.items())
    console.print(
        f"wrote {summary.path}: {summary.sources} documents, {summary.codes} codes, "
        f"{summary.codings} codings, {summary.notes} memos"
        + (f" (left out: {left})" if left else "")
    )


@handles_errors
def import_qdpx(
    path: Annotated[Path, typer.Argument(help="A REFI-QDA project file (.qdpx).")],
    project: ProjectOption = Path("discursus-project"),
    coder: Annotated[
        str, typer.Option("--coder", help="Who imports (the journal names them).")
    ] = "import",
) -> None:
    """Import a REFI-QDA project (.qdpx): its texts as documents, its codes, codings and
    memos. The project is made if it does not exist; `discursus undo` takes the codings back."""
    from discursus.exchange.refi_qda import import_qdpx as read_in

    opened = open_project(project, create=True)
    summary = read_in(opened, path, coder)
    docs = ", ".join(f"{n} {how}" for how, n in summary.sources.items()) or "none"
    console.print(
        f"imported {path.name}: documents {docs}; {summary.codes_added} new codes, "
        f"{summary.codings} codings, {summary.notes} memos"
    )
    for problem in summary.skipped:
        console.print(f"[yellow]skipped:[/yellow] {problem}", markup=True, highlight=False)
    console.print(f"annotate them with: discursus annotate -p {opened.path}")


def export_codebook(
    output: Annotated[Path, typer.Option("--output", "-o", help="A .qdc, .yaml or .json file.")],
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Write the project's codebook: REFI-QDA .qdc (names, descriptions, colours) or YAML/JSON
    (with its rules)."""
    import json

    from discursus.exchange.refi_qda import codebook_qdc

    suffix = output.suffix.lower()
    if suffix not in CODEBOOK_SUFFIXES:
        raise DiscursusError(
            f"{output}: a codebook file ends in one of {', '.join(CODEBOOK_SUFFIXES)}"
        )
    book = open_project(project).codebook()
    if book is None:
        raise DiscursusError(
            f"the project at {project} has no codebook yet: code with one "
            "(discursus code --codebook FILE) or import one (discursus codebook import FILE)"
        )
    if suffix == ".qdc":
        output.write_bytes(codebook_qdc(book))
    elif suffix == ".json":
        output.write_text(json.dumps(book.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        output.write_text(yaml.safe_dump(book.to_dict(), sort_keys=False, allow_unicode=True))
    console.print(f"wrote {output}: codebook {book.name!r}, {len(book.codes)} codes")


def import_codebook(
    path: Annotated[Path, typer.Argument(help="A .qdc, .yaml or .json codebook.")],
    coder: Annotated[str, typer.Option("--coder", help="Who imports it.")],
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Add a codebook's codes to the project's (codes it has keep their rules); undoable."""
    added = open_project(project).add_codebook(load_any_codebook(path), coder)
    console.print(f"added {added} code{'s' if added != 1 else ''} from {path}")


COMMANDS = (export_qdpx, import_qdpx)
CODEBOOK_COMMANDS = {"export": handles_errors(export_codebook),
                     "import": handles_errors(import_codebook)}  # fmt: skip
