"""Commands that make, run and inspect a project: ingest, annotate, analyze, report, check,
status, components, docs, show."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from discursus.annotate.config import AnnotateConfig
from discursus.cli.common import (
    Bar,
    FormatOption,
    IdColumnOption,
    JoinOption,
    MaxFileOption,
    MetadataColumnsOption,
    MetadataOption,
    NamePatternOption,
    PathsArgument,
    ProjectOption,
    QuietOption,
    ReadMemoryOption,
    ReadTimeoutOption,
    StrictOption,
    TextColumnOption,
    TimeBudgetOption,
    WorkersOption,
    console,
    emit,
    exit_for,
    handles_errors,
    ingest_config,
    out,
    progress_bar,
    run_annotate,
    run_ingest,
    run_report,
)
from discursus.errors import DiscursusError
from discursus.project import open_project
from discursus.registry import KINDS


@handles_errors
def ingest(
    paths: PathsArgument,
    project: ProjectOption = Path("discursus-project"),
    strict: StrictOption = False,
    max_file_mb: MaxFileOption = 50.0,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    read_timeout: ReadTimeoutOption = 60.0,
    read_memory_mb: ReadMemoryOption = 2048,
    name_pattern: NamePatternOption = None,
    metadata: MetadataOption = None,
    join: JoinOption = None,
    metadata_columns: MetadataColumnsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Read documents into a project: .txt .md .html .pdf .docx .csv .jsonl .parquet, .zip.
    Metadata comes from a metadata.csv or sidecars beside the files, from their names
    (--name-pattern) and from a table joined on keys (--metadata, --join)."""
    config = ingest_config(max_file_mb, text_column, id_column, read_timeout, read_memory_mb,
                           name_pattern, metadata, join, metadata_columns)  # fmt: skip
    summary = run_ingest(open_project(project, create=True), paths, config, quiet)
    exit_for(summary, strict)


ComponentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--component",
        help="Only these annotators (and what they require), where stale. Repeatable.",
    ),
]


@handles_errors
def annotate(
    project: ProjectOption = Path("discursus-project"),
    workers: WorkersOption = 1,
    batch_chars: Annotated[int, typer.Option(min=1000, help="Characters per batch.")] = 200_000,
    max_doc_chars: Annotated[
        int, typer.Option(min=1000, help="Longer documents are reported, not annotated.")
    ] = 2_000_000,
    time_budget: TimeBudgetOption = 60.0,
    component: ComponentOption = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run again what failed on a document.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Run each annotator on the documents where it is stale (see: discursus status)."""
    config = AnnotateConfig(
        batch_chars=batch_chars,
        max_doc_chars=max_doc_chars,
        time_budget=time_budget,
        components=tuple(component) if component else None,
        retry_failed=retry_failed,
    )
    run_annotate(open_project(project), config, workers, quiet)


@handles_errors
def report(
    project: ProjectOption = Path("discursus-project"),
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    speakers: Annotated[
        str | None,
        typer.Option(
            "--speakers",
            help="Also the discourses across speakers and time: the document field naming "
            "the speakers (a state's iso). Needs a codebook and --periods.",
        ),
    ] = None,
    periods: Annotated[
        str | None,
        typer.Option("--periods", help="With --speakers: ranges of years, '2010-2014,2015-2019'."),
    ] = None,
    signifiers: Annotated[
        str | None,
        typer.Option(
            "--signifiers",
            help="With --speakers: signifiers to follow across the camps, 'justice,peace'.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Write the HTML report of a project, and beside it every table in full as CSV; with
    --speakers and --periods, also how far each discourse has penetrated per year, who
    stands with whom per period and what the camps fight over."""
    from discursus.report.reach import ReachOptions

    if (speakers is None) != (periods is None):
        raise DiscursusError("--speakers and --periods go together: give both, or neither")
    if signifiers and speakers is None:
        raise DiscursusError("--signifiers are followed across camps: give --speakers too")
    reach = None
    if speakers is not None:
        followed = tuple(s.strip() for s in (signifiers or "").split(",") if s.strip())
        reach = ReachOptions(speakers, periods, followed)
    out.print(str(run_report(open_project(project), output, quiet, reach)))


@handles_errors
def analyze(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the project and report.")
    ] = Path("out"),
    workers: WorkersOption = 1,
    strict: StrictOption = False,
    max_file_mb: MaxFileOption = 50.0,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    read_timeout: ReadTimeoutOption = 60.0,
    read_memory_mb: ReadMemoryOption = 2048,
    time_budget: TimeBudgetOption = 60.0,
    codebook: Annotated[
        Path | None, typer.Option("--codebook", help="Also code with this codebook.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Ingest, annotate and analyze a corpus (with the targets proposed from it, for the
    stance), then write the report. Prints the report's path."""
    settings = {}
    if codebook is not None:
        from discursus.annotate.codebook import load_codebook
        from discursus.annotate.components.codes import coding_settings

        settings = coding_settings(load_codebook(codebook))
    config = ingest_config(max_file_mb, text_column, id_column, read_timeout, read_memory_mb)
    project = open_project(output / "project", create=True)
    summary = run_ingest(project, paths, config, quiet)
    exit_for(summary, strict)
    annotate_config = AnnotateConfig(time_budget=time_budget, settings=settings)
    run_annotate(project, annotate_config, workers, quiet)
    if project.target_list() is None:  # the targets proposed, so the stance has something
        proposed = project.propose_targets()
        if proposed.targets:
            with progress_bar(quiet, counted=True) as progress:
                project.set_targets(proposed, "discursus", progress=Bar(progress, "Stance"))
    path = run_report(project, output / "report.html", quiet)
    console.print(f"Project: {project.path}  (e.g. discursus docs --project {project.path})")
    out.print(str(path.resolve()))


@handles_errors
def check(
    project: ProjectOption = Path("discursus-project"),
    repair: Annotated[
        bool, typer.Option("--repair", help="Repair what needs no person, then check again.")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Verify a project (schema, integrity, offsets, shards, runs) and say how to repair it.
    Exits 1 while a problem remains."""
    from discursus.store.check import check_project, repair_project

    if repair:
        for line in repair_project(open_project(project)):
            console.print(f"[green]repaired:[/green] {escape(line)}")
    findings = check_project(project)
    emit(
        [finding.row() for finding in findings],
        format,
        ["status", "check", "problems", "detail", "repair"],
    )
    if not all(finding.ok for finding in findings):
        raise typer.Exit(1)


@handles_errors
def status(
    project: ProjectOption = Path("discursus-project"),
    component: ComponentOption = None,
    format: FormatOption = "table",
) -> None:
    """Per annotator: how many documents are fresh, stale (and why) or failed."""
    config = AnnotateConfig(components=tuple(component) if component else None)
    frame = open_project(project).status(config)
    emit(frame.to_dict("records"), format, list(frame.columns))


ComponentKind = StrEnum("ComponentKind", {kind: kind for kind in KINDS})


@handles_errors
def components(
    kind: Annotated[ComponentKind | None, typer.Option("--kind", help="Only this kind.")] = None,
    format: FormatOption = "table",
) -> None:
    """The registered components (this package's and other installed packages'): kind, name,
    version, what each requires and what it produces."""
    from discursus.registry import components as registered

    rows = []
    for each in [kind.value] if kind else KINDS:
        for component in registered(each).values():
            produces = [getattr(p, "name", p) for p in component.produces]
            if each == "reader":
                produces = [" ".join(component.traits.get("suffixes", ()))]
            rows.append(
                {
                    "kind": each,
                    "name": component.name,
                    "version": component.version,
                    "requires": list(component.requires),
                    "produces": produces,
                    "description": component.description,
                }
            )
    emit(rows, format, ["kind", "name", "version", "requires", "produces", "description"])


@handles_errors
def docs(
    project: ProjectOption = Path("discursus-project"), format: FormatOption = "table"
) -> None:
    """List the documents of a project with their metadata."""
    frame = open_project(project).documents()
    frame = frame.drop(columns=["content_hash", "source_path"])
    if format.value == "csv":
        frame.assign(meta=frame["meta"].map(lambda m: json.dumps(m, ensure_ascii=False))).to_csv(
            sys.stdout, index=False
        )
    elif format.value == "jsonl":
        sys.stdout.write(frame.to_json(orient="records", lines=True, force_ascii=False))
    else:
        table = Table(
            "id", "name", "title", "date", "speaker", "outlet", "lang", "words", "annotated"
        )
        for row in frame.itertuples():
            table.add_row(
                str(row.id),
                row.name,
                row.title or "",
                row.date or "",
                row.speaker or "",
                row.outlet or "",
                row.language or "",
                f"{row.n_words:,}",
                "yes" if row.annotated else "no",
            )
        out.print(table)


_ENTITY_STYLES = {
    "PERSON": "bold magenta",
    "ORG": "bold cyan",
    "GPE": "bold green",
    "NORP": "bold yellow",
}


@handles_errors
def show(
    doc: Annotated[str, typer.Argument(help="Document id or name.")],
    project: ProjectOption = Path("discursus-project"),
    tokens: Annotated[bool, typer.Option("--tokens", help="Also print the token table.")] = False,
) -> None:
    """Print a document's text with its entities marked, its metadata and sentence count."""
    opened = open_project(project)
    document = opened.document(doc)
    entities = opened.entities(document["id"])
    sentences = opened.sentences(document["id"])
    fields = {
        k: document[k]
        for k in ("id", "name", "title", "date", "author", "speaker", "outlet", "language")
    }
    out.print(
        " · ".join(f"[bold]{k}[/bold] {escape(str(v))}" for k, v in fields.items() if v is not None)
    )
    out.print(f"{len(sentences)} sentences, {len(entities)} entities\n")
    text = Text(document["text"])
    for row in entities.itertuples():
        text.stylize(_ENTITY_STYLES.get(row.label, "underline"), row.start, row.end)
    out.print(text)
    if tokens:
        table = Table("i", "sent", "start", "end", "text", "lemma", "pos", "dep", "head", "ent")
        for row in opened.tokens(document["id"]).itertuples():
            table.add_row(
                *(str(v) for v in (row.i, row.sent, row.start, row.end)),
                row.text,
                row.lemma,
                row.pos,
                row.dep,
                str(row.head),
                f"{row.ent_iob}-{row.ent_type}" if row.ent_type else "",
            )
        out.print(table)


COMMANDS = (ingest, annotate, analyze, report, check, status, components, docs, show)
