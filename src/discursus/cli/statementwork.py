"""A person's statements: made by hand, corrected, deleted, imported from DNA's files and
CSV, and the project written as a DNA file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from discursus.cli.common import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    WhereOption,
    console,
    frame_out,
    handles_errors,
)
from discursus.errors import DiscursusError
from discursus.project import open_project

CoderOption = Annotated[str, typer.Option("--coder", help="Who codes it (your name).")]
StatementId = Annotated[
    str, typer.Argument(help="The statement's id, as `discursus statements -p P` lists it.")
]
ActorOption = Annotated[str | None, typer.Option("--actor", help="Who speaks.")]
OrganizationOption = Annotated[
    str | None, typer.Option("--organization", help="Whom they speak for.")
]
ConceptOption = Annotated[str | None, typer.Option("--concept", help="What it is about.")]
AgreementOption = Annotated[
    int | None,
    typer.Option("--agreement", min=-1, max=1, help="1 supports, -1 rejects, 0 mentions."),
]
StartOption = Annotated[int | None, typer.Option(help="First character.")]
EndOption = Annotated[int | None, typer.Option(help="Character after the last.")]


@handles_errors
def add_statement(
    doc: Annotated[str, typer.Argument(help="Document id or name.")],
    actor: Annotated[str, typer.Option("--actor", help="Who speaks.")],
    concept: Annotated[str, typer.Option("--concept", help="What it is about.")],
    agreement: Annotated[
        int, typer.Option("--agreement", min=-1, max=1, help="1 supports, -1 rejects, 0 mentions.")
    ],
    coder: CoderOption,
    project: ProjectOption = Path("discursus-project"),
    organization: OrganizationOption = None,
    start: StartOption = None,
    end: EndOption = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The passage's exact text, instead.")
    ] = None,
    occurrence: Annotated[
        int | None, typer.Option(min=1, help="Which of several places the quote stands.")
    ] = None,
) -> None:
    """State by hand who says what on a passage: actor, organization, concept, agreement."""
    row = open_project(project).add_statement(
        doc, actor, concept, agreement, coder, start=start, end=end, quote=quote,
        occurrence=occurrence, organization=organization,
    )  # fmt: skip
    console.print(
        f"statement {row['id']}: {escape(row['actor'])} {row['agreement']:+d} "
        f"{escape(row['concept'])!r} ({row['doc']} {row['start']}-{row['end']})"
    )


@handles_errors
def correct_statement(
    id: StatementId,
    coder: CoderOption,
    project: ProjectOption = Path("discursus-project"),
    actor: ActorOption = None,
    organization: OrganizationOption = None,
    concept: ConceptOption = None,
    agreement: AgreementOption = None,
    start: StartOption = None,
    end: EndOption = None,
) -> None:
    """Correct a statement; an automatic one is replaced by yours, run after run."""
    row = open_project(project).correct_statement(
        id, coder, actor=actor, organization=organization, concept=concept,
        agreement=agreement, start=start, end=end,
    )  # fmt: skip
    console.print(
        f"statement {row['id']}: {escape(row['actor'])} {row['agreement']:+d} "
        f"{escape(row['concept'])!r}" + (f" (replaces {id})" if row["id"] != id else "")
    )


@handles_errors
def delete_statement(
    id: StatementId,
    coder: CoderOption,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Delete a statement (an automatic one stays deleted); `discursus undo` brings it back."""
    open_project(project).delete_statement(id, coder)
    console.print(f"deleted statement {id}")


@handles_errors
def import_statements(
    files: Annotated[list[Path], typer.Argument(help="DNA .dna files, or CSV / JSON lines.")],
    coder: Annotated[
        str, typer.Option("--coder", help="Who they are by, where a file does not say.")
    ],
    project: ProjectOption = Path("discursus-project"),
    statement_type: Annotated[
        str, typer.Option("--statement-type", help="Of a .dna file: the statement type.")
    ] = "DNA Statement",
) -> None:
    """Import statements onto the project's documents of the same names (ingest a .dna
    file first: `discursus ingest FILE.dna -p P` reads its documents)."""
    count, problems = open_project(project).import_statements(files, coder, statement_type)
    for problem in problems[:20]:
        console.print(f"[yellow]skipped[/] {escape(problem)}")
    if len(problems) > 20:
        console.print(f"... and {len(problems) - 20} more skipped")
    console.print(f"imported {count} statements; {len(problems)} skipped")
    if problems and not count:
        raise typer.Exit(1)


@handles_errors
def export_dna(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .dna file to write.")],
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    password: Annotated[
        str,
        typer.Option(
            "--password",
            prompt=True,
            hide_input=True,
            envvar="DISCURSUS_DNA_PASSWORD",
            help="The password coders new to the file log in to DNA with.",
        ),
    ] = "",
) -> None:
    """Write the project's documents and statements (automatic and a person's) as a DNA 3
    file, which DNA and rDNA open; an imported .dna file's coders, entities, attributes and
    other statement types go back in as they came."""
    if output.suffix.lower() != ".dna":
        raise DiscursusError(f"{output}: a DNA file ends in .dna")
    if not password:
        raise DiscursusError("give the coders' password: --password (DNA asks for one)")
    summary = open_project(project).export_dna(output, password, where)
    note = ""
    if summary["mentions_as_false"]:
        note = (f"; {summary['mentions_as_false']} mentions (agreement 0) written as false: "
                "the file's agreement is boolean")  # fmt: skip
    console.print(
        f"wrote {output}: {summary['documents']} documents, {summary['statements']} "
        f"statements{note}"
    )


@handles_errors
def learn_stance(
    project: ProjectOption = Path("discursus-project"),
    coder: Annotated[
        list[str] | None, typer.Option("--coder", help="Learn from these coders' statements.")
    ] = None,
    min_examples: Annotated[
        int, typer.Option("--min-examples", min=2, help="Statements a stance needs.")
    ] = 3,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Learn the stance of passages (supports, rejects, mentions) from a person's statements:
    the automatic statements take it from then on (`statements --stance lexicon` does not).
    Prints the cross-validated accuracy and macro F1 per concept (*: all together)."""
    report = open_project(project).learn_stance(coder or None, min_examples=min_examples)
    frame_out(report, format.value)
    if not report.learned.any():
        console.print("nothing learned: too few statements of two stances for any concept")


COMMANDS = (add_statement, correct_statement, delete_statement, import_statements, export_dna,
            learn_stance)  # fmt: skip
