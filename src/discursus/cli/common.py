"""What every command shares: the consoles, the options, the output formats, the progress
bar, and one way of turning an error into a clear line and an exit code."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from discursus.annotate.config import AnnotateConfig
from discursus.errors import DiscursusError
from discursus.ingest import IngestConfig
from discursus.ingest.config import MB
from discursus.project import AnnotateSummary, IngestSummary, Project, open_project

console = Console(stderr=True, soft_wrap=True)
out = Console()

FORMATS = ("table", "csv", "jsonl")


class OutputFormat(StrEnum):
    """An unknown --format is refused by the option itself, listing these."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"


# -- options: one meaning per name ------------------------------------------------------------

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Project folder.", envvar="DISCURSUS_PROJECT")
]
OptionalProject = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Project folder.", envvar="DISCURSUS_PROJECT"),
]
OptionalPaths = Annotated[
    list[str] | None,
    typer.Argument(help="Files, folders, globs or .zip to read (instead of --project)."),
]
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, glob patterns or .zip archives.")
]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Annotating processes.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit non-zero if any file fails.")]
TimeBudgetOption = Annotated[
    float,
    typer.Option(
        "--time-budget",
        min=0,
        help="Seconds one analysis may spend on one document before it is stopped (0: none).",
    ),
]
MaxFileOption = Annotated[
    float,
    typer.Option(
        "--max-file-mb", min=0.001, help="Refuse files (and archive members) larger than this."
    ),
]
TextColumnOption = Annotated[
    str | None, typer.Option("--text-column", help="Text column of CSV/JSONL/Parquet files.")
]
IdColumnOption = Annotated[
    str | None, typer.Option("--id-column", help="Document id column of tabular files.")
]
NamePatternOption = Annotated[
    str | None,
    typer.Option(
        "--name-pattern",
        help="Fields read from the file names: "
        "'{iso}_{session}_{year}.txt' (a year is the date too).",
    ),
]
MetadataOption = Annotated[
    Path | None,
    typer.Option(
        "--metadata", help="A CSV table of metadata to join to the documents (with --join)."
    ),
]
JoinOption = Annotated[
    str | None,
    typer.Option(
        "--join",
        help="The keys of --metadata: 'iso=ISO Code,session=Session' "
        "(document field=table column; a name alone is both).",
    ),
]
MetadataColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--metadata-columns",
        help="Only these columns of --metadata, renamed: "
        "'speaker=Name of Person Speaking,country=Country' (default: all).",
    ),
]
ReadTimeoutOption = Annotated[
    float,
    typer.Option(
        "--read-timeout", min=0, help="Seconds parsing one file may take before it is stopped."
    ),
]
ReadMemoryOption = Annotated[
    int,
    typer.Option(
        "--read-memory-mb", min=0, help="Memory parsing one file may take before it is stopped."
    ),
]
WhereOption = Annotated[
    str | None,
    typer.Option(
        "--where",
        help="Only documents this metadata filter keeps: \"year >= 2015 and outlet = 'X'\".",
    ),
]
SpeakerOption = Annotated[
    str | None, typer.Option("--speaker", help="Only the quoted words of this speaker.")
]
CodeOption = Annotated[
    str | None, typer.Option("--code", help="Only the passages coded with this code.")
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=0, help="Rows to show (0: all).")]
# --layer is the token layer counted; --by the parts documents fall into
LayerOption = Annotated[str, typer.Option("--layer", help="Count on: lower, word, lemma or pos.")]
GroupOption = Annotated[
    str, typer.Option("--by", help="Parts: doc, year, month, or any metadata field.")
]
TermsArgument = Annotated[list[str], typer.Argument(help="Terms: words or CQP queries.")]


# -- errors -----------------------------------------------------------------------------------


def fail(error: DiscursusError) -> None:
    console.print(f"[red]error:[/red] {escape(str(error))}")
    raise typer.Exit(2)


def interrupted() -> None:
    console.print(
        "[yellow]interrupted:[/yellow] what was finished is kept; "
        "run the same command again to go on"
    )
    raise typer.Exit(130)


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose DiscursusError is one red line and exit 2, and whose Ctrl-C says
    what was kept and exits 130."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiscursusError as error:
            fail(error)
        except KeyboardInterrupt:
            interrupted()

    return command


# -- output -----------------------------------------------------------------------------------


def emit(rows: list[dict], format: str, columns: list[str]) -> None:
    """Rows as a table (the ``columns``), CSV or JSON lines (every key)."""
    format = getattr(format, "value", format)
    if format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif format == "csv":
        import csv

        # every key any row has (a split quote adds "fragments"), in first-seen order
        fieldnames = list(dict.fromkeys(key for row in rows for key in row)) or columns
        writer = csv.DictWriter(sys.stdout, fieldnames=fieldnames)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in row.items()
                }
            )
    elif format == "table":
        table = Table(*columns)
        for row in rows:
            table.add_row(*(cell(row.get(c)) for c in columns))
        out.print(table)
    else:  # reached from the API only: the option itself refuses other values
        raise DiscursusError(f"format {format!r} is not one of {', '.join(FORMATS)}")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text", value))
    text = str(value)
    return escape(text if len(text) <= 120 else text[:117] + "...")


def frame_out(frame, format: str, digits: int = 3, shown: list[str] | None = None) -> None:
    """A DataFrame as rows; a table shows the ``shown`` columns (csv and jsonl have all)."""
    if getattr(format, "value", format) == "table":
        frame = frame.round(digits)
    # a missing number is empty in a table and CSV and null in JSON (never NaN: not JSON)
    frame = frame.astype(object).where(frame.notna(), None)
    emit(frame.to_dict("records"), format, shown or list(frame.columns))


# -- progress and the runs ----------------------------------------------------------------------


class Bar:
    """A Rich progress bar as the API's ``Progress``."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.task = progress.add_task(label, total=None, note="")

    def start(self, total: int | None) -> None:
        # Nothing to do is shown as done, not as a bar stuck at 0%.
        if total == 0:
            self.progress.update(self.task, total=1, completed=1)
        else:
            self.progress.update(self.task, total=total)

    def advance(self, amount: int, note: str) -> None:
        self.progress.update(self.task, advance=amount, note=escape(note[-50:]))


def progress_bar(quiet: bool, counted: bool) -> Progress:
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}")]
    if counted:
        columns += [BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn()]
    else:
        columns += [MofNCompleteColumn(), TimeElapsedColumn()]
    columns.append(TextColumn("[dim]{task.fields[note]}"))
    return Progress(*columns, console=console, disable=quiet, transient=False)


# a corpus of a thousand bad files is listed in the log and the report, not on the terminal
SHOWN_PROBLEMS = 50


def list_problems(label: str, problems: list) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        console.print(f"[yellow]{label}[/yellow] {escape(problem.path)}: {escape(problem.reason)}")
    if len(problems) > SHOWN_PROBLEMS:
        console.print(
            f"[yellow]... and {len(problems) - SHOWN_PROBLEMS} more[/yellow] (see the log)"
        )


def run_ingest(
    project: Project, paths: list[str], config: IngestConfig, quiet: bool
) -> IngestSummary:
    with progress_bar(quiet, counted=False) as progress:
        summary = project.ingest(paths, config, progress=Bar(progress, "Ingesting"))
    list_problems("skipped", summary.failed)
    list_problems("note", summary.warnings)
    console.print(
        f"Ingested {summary.ingested} documents ({summary.added} new, {summary.updated} changed, "
        f"{summary.unchanged} unchanged); {len(summary.failed)} failed; "
        f"{len(summary.warnings)} notes; "
        f"{summary.duplicate_pairs} duplicate pairs. Log: {project.log_path(summary.run_id)}"
    )
    _metadata_report(summary, config)
    return summary


def _metadata_report(summary: IngestSummary, config: IngestConfig, shown: int = 5) -> None:
    """What the name pattern and the metadata table did not match, on either side."""

    def some(items: list) -> str:
        listed = ", ".join(str(i) for i in items[:shown])
        return listed + (f" and {len(items) - shown:,} more" if len(items) > shown else "")

    if config.name_pattern:
        misses = summary.pattern_misses
        console.print(f"Name pattern {config.name_pattern!r}: fits "
                      f"{summary.ingested - len(misses):,} of {summary.ingested:,} documents"
                      + (f"; not {escape(some(misses))}" if misses else ""))  # fmt: skip
    if config.metadata_table:
        table = Path(config.metadata_table).name
        unmatched = summary.unmatched_documents
        rows = [" ".join(f"{k}={v}" for k, v in row.items()) for row in summary.unmatched_rows]
        console.print(f"Metadata {escape(table)}: {summary.ingested - len(unmatched):,} of "
                      f"{summary.ingested:,} documents matched a row"
                      + (f"; none for {escape(some(unmatched))}" if unmatched else "")
                      + f"; {len(rows):,} rows matched no document"
                      + (f" ({escape(some(rows))})" if rows else ""))  # fmt: skip


def run_annotate(
    project: Project, config: AnnotateConfig, workers: int, quiet: bool
) -> AnnotateSummary:
    with progress_bar(quiet, counted=True) as progress:
        summary = project.annotate(config, workers=workers, progress=Bar(progress, "Annotating"))
    for error in summary.failed:
        console.print(
            f"[yellow]not annotated[/yellow] {escape(error.path)}: {escape(error.reason)}"
        )
    for doc_id, problem in summary.problems:
        console.print(f"[yellow]partly annotated[/yellow] document {doc_id}: {escape(problem)}")
    ran = ", ".join(f"{name} on {n}" for name, n in summary.ran.items())
    console.print(
        f"Annotated {summary.annotated} documents ({summary.tokens:,} tokens"
        + (f"; ran {ran}" if ran else "")
        + f"); {summary.up_to_date} already up to date."
    )
    return summary


def run_report(project: Project, path: Path, quiet: bool, reach=None) -> Path:
    """Write the report (with ``reach``: the discourses across speakers and time too)."""
    from discursus.report import write_report

    with progress_bar(quiet, counted=False) as progress:
        return write_report(project, path, progress=Bar(progress, "Writing the report"),
                            reach=reach)  # fmt: skip


def exit_for(summary: IngestSummary, strict: bool) -> None:
    if summary.ingested == 0:
        console.print("[red]error:[/red] no document could be ingested")
        raise typer.Exit(1)
    if strict and summary.failed:
        console.print(f"[red]error:[/red] {len(summary.failed)} files failed (--strict)")
        raise typer.Exit(1)


def ingest_config(
    max_file_mb: float,
    text_column: str | None,
    id_column: str | None,
    read_timeout: float = 60.0,
    read_memory_mb: int = 2048,
    name_pattern: str | None = None,
    metadata: Path | None = None,
    join: str | None = None,
    metadata_columns: str | None = None,
) -> IngestConfig:
    from discursus.ingest.joins import parse_pairs

    if (join or metadata_columns) and metadata is None:
        raise DiscursusError("--join and --metadata-columns are of a --metadata table")
    return IngestConfig(
        max_file_bytes=int(max_file_mb * MB),
        text_column=text_column,
        id_column=id_column,
        read_seconds=read_timeout,
        read_memory_mb=read_memory_mb,
        name_pattern=name_pattern,
        metadata_table=str(metadata) if metadata else None,
        join=parse_pairs(join, "--join") if join else (),
        metadata_columns=parse_pairs(metadata_columns, "--metadata-columns")
        if metadata_columns
        else (),
    )


def project_for(paths: list[str] | None, project: Path | None, quiet: bool) -> Project:
    """The project to read: the one named, or the given files ingested and annotated into a
    temporary project that is removed at exit."""
    if paths and project is not None:
        raise DiscursusError("give a corpus or --project, not both")
    if paths:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="discursus-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        temporary = open_project(folder / "project", create=True)
        summary = run_ingest(temporary, paths, IngestConfig(), quiet)
        exit_for(summary, strict=False)
        run_annotate(temporary, AnnotateConfig(), 1, quiet)
        return temporary
    return open_project(project or Path("discursus-project"))
