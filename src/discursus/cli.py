"""The ``discursus`` command: thin recipes over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

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
from rich.text import Text

from discursus.annotate.config import AnnotateConfig
from discursus.errors import DiscursusError
from discursus.ingest import IngestConfig
from discursus.ingest.config import MB
from discursus.project import AnnotateSummary, IngestSummary, Project, open_project
from discursus.report import write_report

app = typer.Typer(
    help="discursus: computational discourse analysis with the evidence for every finding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)
out = Console()

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Project folder.", envvar="DISCURSUS_PROJECT")
]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Annotating processes.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


class _Bar:
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


def _progress(quiet: bool, counted: bool) -> Progress:
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}")]
    if counted:
        columns += [BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn()]
    else:
        columns += [MofNCompleteColumn(), TimeElapsedColumn()]
    columns.append(TextColumn("[dim]{task.fields[note]}"))
    return Progress(*columns, console=console, disable=quiet, transient=False)


def _fail(error: DiscursusError) -> None:
    console.print(f"[red]error:[/red] {escape(str(error))}")
    raise typer.Exit(2)


def _interrupted() -> None:
    console.print(
        "[yellow]interrupted:[/yellow] what was finished is kept; "
        "run the same command again to go on"
    )
    raise typer.Exit(130)


# a corpus of a thousand bad files is listed in the log and the report, not on the terminal
SHOWN_PROBLEMS = 50


def _list_problems(label: str, problems: list) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        console.print(f"[yellow]{label}[/yellow] {escape(problem.path)}: {escape(problem.reason)}")
    if len(problems) > SHOWN_PROBLEMS:
        console.print(
            f"[yellow]... and {len(problems) - SHOWN_PROBLEMS} more[/yellow] (see the log)"
        )


def _ingest(project: Project, paths: list[str], config: IngestConfig, quiet: bool) -> IngestSummary:
    try:
        with _progress(quiet, counted=False) as progress:
            summary = project.ingest(paths, config, progress=_Bar(progress, "Ingesting"))
    except KeyboardInterrupt:
        _interrupted()
    _list_problems("skipped", summary.failed)
    _list_problems("note", summary.warnings)
    console.print(
        f"Ingested {summary.ingested} documents ({summary.added} new, {summary.updated} changed, "
        f"{summary.unchanged} unchanged); {len(summary.failed)} failed; "
        f"{len(summary.warnings)} notes; "
        f"{summary.duplicate_pairs} duplicate pairs. Log: {project.log_path(summary.run_id)}"
    )
    return summary


def _annotate(
    project: Project, config: AnnotateConfig, workers: int, quiet: bool
) -> AnnotateSummary:
    try:
        with _progress(quiet, counted=True) as progress:
            bar = _Bar(progress, "Annotating")
            summary = project.annotate(config, workers=workers, progress=bar)
    except KeyboardInterrupt:
        _interrupted()
    for error in summary.failed:
        console.print(
            f"[yellow]not annotated[/yellow] {escape(error.path)}: {escape(error.reason)}"
        )
    for doc_id, problem in summary.problems:
        console.print(f"[yellow]partly annotated[/yellow] document {doc_id}: {escape(problem)}")
    console.print(
        f"Annotated {summary.annotated} documents ({summary.tokens:,} tokens); "
        f"{summary.up_to_date} already up to date."
    )
    return summary


def _exit_for(summary: IngestSummary, strict: bool) -> None:
    if summary.ingested == 0:
        console.print("[red]error:[/red] no document could be ingested")
        raise typer.Exit(1)
    if strict and summary.failed:
        console.print(f"[red]error:[/red] {len(summary.failed)} files failed (--strict)")
        raise typer.Exit(1)


def _ingest_config(
    max_file_mb: float,
    text_column: str | None,
    id_column: str | None,
    read_timeout: float = 60.0,
    read_memory_mb: int = 2048,
) -> IngestConfig:
    return IngestConfig(
        max_file_bytes=int(max_file_mb * MB),
        text_column=text_column,
        id_column=id_column,
        read_seconds=read_timeout,
        read_memory_mb=read_memory_mb,
    )


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
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, glob patterns or .zip archives.")
]


@app.command()
def ingest(
    paths: PathsArgument,
    project: ProjectOption = Path("discursus-project"),
    strict: StrictOption = False,
    max_file_mb: MaxFileOption = 50.0,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    read_timeout: ReadTimeoutOption = 60.0,
    read_memory_mb: ReadMemoryOption = 2048,
    quiet: QuietOption = False,
) -> None:
    """Read documents into a project: .txt .md .html .pdf .docx .csv .jsonl .parquet, .zip."""
    config = _ingest_config(max_file_mb, text_column, id_column, read_timeout, read_memory_mb)
    try:
        summary = _ingest(open_project(project, create=True), paths, config, quiet)
    except DiscursusError as error:
        _fail(error)
    _exit_for(summary, strict)


@app.command()
def annotate(
    project: ProjectOption = Path("discursus-project"),
    workers: WorkersOption = 1,
    batch_chars: Annotated[int, typer.Option(min=1000, help="Characters per batch.")] = 200_000,
    max_doc_chars: Annotated[
        int, typer.Option(min=1000, help="Longer documents are reported, not annotated.")
    ] = 2_000_000,
    time_budget: TimeBudgetOption = 60.0,
    quiet: QuietOption = False,
) -> None:
    """Run the spaCy pipeline on documents that are new or changed."""
    config = AnnotateConfig(
        batch_chars=batch_chars, max_doc_chars=max_doc_chars, time_budget=time_budget
    )
    try:
        _annotate(open_project(project), config, workers, quiet)
    except DiscursusError as error:
        _fail(error)


@app.command()
def report(
    project: ProjectOption = Path("discursus-project"),
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
) -> None:
    """Write the HTML report of a project."""
    try:
        path = write_report(open_project(project), output)
    except DiscursusError as error:
        _fail(error)
    out.print(str(path))


@app.command()
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
    quiet: QuietOption = False,
) -> None:
    """Ingest, annotate and analyze a corpus, then write the report. Prints the report's path."""
    config = _ingest_config(max_file_mb, text_column, id_column, read_timeout, read_memory_mb)
    try:
        project = open_project(output / "project", create=True)
        summary = _ingest(project, paths, config, quiet)
        _exit_for(summary, strict)
        _annotate(project, AnnotateConfig(time_budget=time_budget), workers, quiet)
        path = write_report(project, output / "report.html")
    except DiscursusError as error:
        _fail(error)
    console.print(f"Project: {project.path}  (e.g. discursus docs --project {project.path})")
    out.print(str(path.resolve()))


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl.")]


@app.command()
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

    try:
        if repair:
            for line in repair_project(open_project(project)):
                console.print(f"[green]repaired:[/green] {escape(line)}")
        findings = check_project(project)
    except DiscursusError as error:
        _fail(error)
    _emit(
        [finding.row() for finding in findings],
        format,
        ["status", "check", "problems", "detail", "repair"],
    )
    if not all(finding.ok for finding in findings):
        raise typer.Exit(1)


@app.command()
def docs(
    project: ProjectOption = Path("discursus-project"), format: FormatOption = "table"
) -> None:
    """List the documents of a project with their metadata."""
    try:
        frame = open_project(project).documents()
    except DiscursusError as error:
        _fail(error)
    frame = frame.drop(columns=["content_hash", "source_path"])
    if format == "csv":
        frame.assign(meta=frame["meta"].map(lambda m: json.dumps(m, ensure_ascii=False))).to_csv(
            sys.stdout, index=False
        )
    elif format == "jsonl":
        sys.stdout.write(frame.to_json(orient="records", lines=True, force_ascii=False))
    elif format == "table":
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
    else:
        console.print(f"[red]error:[/red] --format must be table, csv or jsonl, not {format!r}")
        raise typer.Exit(2)


_ENTITY_STYLES = {
    "PERSON": "bold magenta",
    "ORG": "bold cyan",
    "GPE": "bold green",
    "NORP": "bold yellow",
}


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id or name.")],
    project: ProjectOption = Path("discursus-project"),
    tokens: Annotated[bool, typer.Option("--tokens", help="Also print the token table.")] = False,
) -> None:
    """Print a document's text with its entities marked, its metadata and sentence count."""
    try:
        opened = open_project(project)
        document = opened.document(doc)
        entities = opened.entities(document["id"])
        sentences = opened.sentences(document["id"])
    except DiscursusError as error:
        _fail(error)
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


# -- who says what ---------------------------------------------------------------------------

OptionalPaths = Annotated[
    list[str] | None,
    typer.Argument(help="Files, folders, globs or .zip to read (instead of --project)."),
]
OptionalProject = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Project folder.", envvar="DISCURSUS_PROJECT"),
]


def _project_for(paths: list[str] | None, project: Path | None, quiet: bool) -> Project:
    """The project to read: the one named, or the given files ingested and annotated into a
    temporary project that is removed at exit."""
    if paths:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="discursus-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        temporary = open_project(folder / "project", create=True)
        summary = _ingest(temporary, paths, IngestConfig(), quiet)
        _exit_for(summary, strict=False)
        _annotate(temporary, AnnotateConfig(), 1, quiet)
        return temporary
    return open_project(project or Path("discursus-project"))


def _read(paths: list[str] | None, project: Path | None, quiet: bool, reader):
    """``reader(project)`` on the project to read, errors shown as one clear line."""
    try:
        return reader(_project_for(paths, project, quiet))
    except DiscursusError as error:
        _fail(error)


def _emit(rows: list[dict], format: str, columns: list[str]) -> None:
    if format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
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
            table.add_row(*(_cell(row.get(c)) for c in columns))
        out.print(table)
    else:
        console.print(f"[red]error:[/red] --format must be table, csv or jsonl, not {format!r}")
        raise typer.Exit(2)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text", value))
    text = str(value)
    return escape(text if len(text) <= 120 else text[:117] + "...")


@app.command()
def quotes(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    speaker: Annotated[str | None, typer.Option(help="Only this speaker.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Reported speech: one row per attribution (content, kind, cue, speaker, source chain)."""
    rows = _read(paths, project, quiet, lambda p: p.quote_rows())
    if speaker:
        rows = [r for r in rows if (r["speaker"] or "").lower() == speaker.lower()]
    _emit(rows, format, ["doc", "start", "end", "kind", "speaker", "cue", "text", "endorsed"])


@app.command()
def actors(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """One row per actor: canonical name, type, aliases, roles, statements, documents."""
    from discursus.analysis.speakers import ACTOR_COLUMNS, corpus_actors

    frame = _read(paths, project, quiet, lambda p: corpus_actors(p.doc_actors(), p.quote_rows()))
    _emit(frame.to_dict("records"), format, ACTOR_COLUMNS)


@app.command()
def citations(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """Academic and scripture citations, each work linked to the reference list."""
    rows = _read(paths, project, quiet, lambda p: p.citation_rows())
    _emit(rows, format, ["doc", "start", "end", "kind", "raw", "narrative", "scripture"])


@app.command()
def sources(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    graph: Annotated[
        Path | None, typer.Option(help="Also write the network as GraphML to this file.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """The intertextual network: which documents cite or quote which authors, works,
    scripture and speakers."""
    from discursus.analysis.speakers import SOURCE_COLUMNS, sources_graph, sources_table

    table = _read(
        paths,
        project,
        quiet,
        lambda p: sources_table(p.quote_rows(), p.citation_rows(), p.doc_actors()),
    )
    if graph is not None:
        import networkx as nx

        nx.write_graphml(sources_graph(table), graph)
        console.print(f"Graph: {graph}")
    _emit(table.to_dict("records"), format, SOURCE_COLUMNS[:-1])


# -- how language is used --------------------------------------------------------------------

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
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=0, help="Rows to show (0: all).")]
# --layer is the token layer counted; --by (dispersion, trend) the parts documents fall into
LayerOption = Annotated[str, typer.Option("--layer", help="Count on: lower, word, lemma or pos.")]


def _corpus(project: Path, where: str | None, speaker: str | None):
    from discursus.analysis.corpus import Corpus

    return Corpus.of(open_project(project), where=where, speaker=speaker)


def _frame_out(frame, format: str, digits: int = 3, shown: list[str] | None = None) -> None:
    """A DataFrame as rows; a table shows the ``shown`` columns (csv and jsonl have all)."""
    if format == "table":
        frame = frame.round(digits)
    _emit(frame.to_dict("records"), format, shown or list(frame.columns))


def _window(text: str) -> tuple[int, int]:
    left, _, right = text.partition(",")
    try:
        return int(left), int(right if right else left)
    except ValueError:
        raise DiscursusError(f"--window {text!r}: give L,R such as 5,5 or 0,1") from None


@app.command()
def kwic(
    query: Annotated[
        str, typer.Argument(help='Words (sovereign*) or CQP: [lemma="resist.*"] "order".')
    ],
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    context: Annotated[str, typer.Option("--context", "-c", help="Words left,right.")] = "6,6",
    sort: Annotated[
        str | None, typer.Option("--sort", help="left, right, node, or positions: R1,R2.")
    ] = None,
    limit: LimitOption = 100,
    format: FormatOption = "table",
) -> None:
    """Concordance: every match of a query with its context, document and offsets."""
    try:
        left, right = _window(context)
        frame = _corpus(project, where, speaker).kwic(
            query, left=left, right=right, sort=sort, limit=limit or None
        )
    except DiscursusError as error:
        _fail(error)
    if format != "table":
        _frame_out(frame, format)
        return
    # the classic KWIC layout: left context right-aligned, so the nodes line up
    width = max(20, (out.width - 30) // 2)
    for row in frame.itertuples():
        line = Text(f"{row.doc[:18]:<18} {row.start:>7}  ", style="dim")
        line.append(f"{row.left[-width:]:>{width}} ")
        line.append(row.node, style="bold")
        line.append(" " + row.right[:width])
        out.print(line, no_wrap=True, overflow="ellipsis")
    console.print(f"{len(frame)} lines")


@app.command()
def collocates(
    node: Annotated[str, typer.Argument(help="The node: words or a CQP query.")],
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    window: Annotated[str, typer.Option("--window", help="Tokens left,right of the node.")] = "5,5",
    measure: Annotated[
        str, typer.Option("--measure", "-m", help="Rank by ll, mi, mi3, t, dice or logdice.")
    ] = "ll",
    min_freq: Annotated[int, typer.Option("--min-freq", help="Least co-occurrences.")] = 3,
    min_coll_freq: Annotated[
        int, typer.Option("--min-coll-freq", help="Least corpus frequency of a collocate.")
    ] = 3,
    layer: LayerOption = "lower",
    stop_words: Annotated[
        bool, typer.Option("--stop-words/--no-stop-words", help="List stop words (the, of).")
    ] = True,
    limit: LimitOption = 50,
    format: FormatOption = "table",
) -> None:
    """Collocates of a node with frequency, expected frequency and every association measure."""
    try:
        left, right = _window(window)
        frame = _corpus(project, where, speaker).collocates(
            node,
            left=left,
            right=right,
            measure=measure,
            layer=layer,
            min_frequency=min_freq,
            min_collocate_frequency=min_coll_freq,
            stop_words=stop_words,
            limit=limit or None,
        )
    except DiscursusError as error:
        _fail(error)
    shown = ["collocate", "frequency", "expected", "collocate_frequency", "ll", "mi", "logdice"]
    _frame_out(frame, format, shown=list(dict.fromkeys(shown + [measure])))


@app.command()
def keywords(
    project: ProjectOption = Path("discursus-project"),
    target: Annotated[
        str | None, typer.Option("--target", help="Filter for the target documents.")
    ] = None,
    reference: Annotated[
        str, typer.Option("--reference", help="A filter, 'rest' (default) or 'general' English.")
    ] = "rest",
    each: Annotated[
        str | None,
        typer.Option("--each", help="Keywords of every value of this field against the rest."),
    ] = None,
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Least target frequency.")] = 3,
    negative: Annotated[
        bool, typer.Option("--negative", help="Also words the target uses less.")
    ] = False,
    layer: LayerOption = "lower",
    limit: LimitOption = 50,
    format: FormatOption = "table",
) -> None:
    """Keywords: log-likelihood with p and BIC, Log Ratio and %DIFF against a reference."""
    try:
        corpus = _corpus(project, where, speaker)
        options = dict(layer=layer, min_frequency=min_freq, negative=negative, limit=limit or None)
        if each:
            frame = corpus.keywords_by(each, **options)
        else:
            if target is None and reference == "rest":
                raise DiscursusError(
                    "give --target (a filter), --each FIELD or --reference general"
                )
            frame = corpus.keywords(target, reference, **options)
    except DiscursusError as error:
        _fail(error)
    shown = ["word", "target", "reference", "ll", "p", "log_ratio", "pct_diff"]
    _frame_out(frame, format, shown=(["group"] if each else []) + shown)


@app.command()
def ngrams(
    project: ProjectOption = Path("discursus-project"),
    n: Annotated[int, typer.Option("--size", "-s", min=1, max=8, help="Words per n-gram.")] = 2,
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Least frequency.")] = 2,
    layer: LayerOption = "lower",
    limit: LimitOption = 50,
    format: FormatOption = "table",
) -> None:
    """The most frequent n-grams (within sentences, without punctuation)."""
    try:
        frame = _corpus(project, where, speaker).ngrams(
            n, layer=layer, min_frequency=min_freq, limit=limit or None
        )
    except DiscursusError as error:
        _fail(error)
    _frame_out(frame, format)


GroupOption = Annotated[
    str, typer.Option("--by", help="Parts: doc, year, month, or any metadata field.")
]
TermsArgument = Annotated[list[str], typer.Argument(help="Terms: words or CQP queries.")]


@app.command()
def dispersion(
    terms: TermsArgument,
    project: ProjectOption = Path("discursus-project"),
    by: GroupOption = "doc",
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    format: FormatOption = "table",
) -> None:
    """How evenly terms spread over the corpus: range, Juilland's D, Gries's DP and DP_norm."""
    try:
        frame = _corpus(project, where, speaker).dispersion(terms, by=by)
    except DiscursusError as error:
        _fail(error)
    _frame_out(frame, format)


@app.command()
def trend(
    terms: TermsArgument,
    project: ProjectOption = Path("discursus-project"),
    by: GroupOption = "year",
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw it as an HTML page (opens offline).")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Frequency of terms per year (month, speaker, any field), per million words."""
    try:
        frame = _corpus(project, where, speaker).trend(terms, by=by)
    except DiscursusError as error:
        _fail(error)
    if chart is not None:
        from discursus.report.html import write_trend_chart

        console.print(f"Chart: {write_trend_chart(frame, by, chart)}")
    _frame_out(frame, format, digits=1)


if __name__ == "__main__":  # at the end, once every command is registered
    app()
