"""Discourse networks from statements (Discourse Network Analysis's definitions)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalProject,
    OutputFormat,
    WhereOption,
    console,
    emit,
    frame_out,
    handles_errors,
)
from discursus.errors import DiscursusError

StatementFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Statement files: DNA's .dna, or CSV / JSON lines; with --codebook, a corpus "
        "(or --project)."
    ),
]
CodebookOption = Annotated[
    Path | None,
    typer.Option(
        "--codebook",
        help="The files are a corpus: read it into a temporary project, code it with this "
        "codebook, and find its statements.",
    ),
]

Variable1Option = Annotated[str, typer.Option("--var1", help="Rows, the actors: a variable.")]
Variable2Option = Annotated[str, typer.Option("--var2", help="Columns, or what links the rows.")]
QualifierOption = Annotated[str, typer.Option("--qualifier", help="The qualifier variable.")]
DuplicatesOption = Annotated[
    str, typer.Option(help="include, document, week, month, year or acrossrange.")
]
OneModeNormalization = Annotated[
    str, typer.Option("--normalization", help="no, average, jaccard or cosine.")
]
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="Leave out VARIABLE=VALUE (repeatable).")
]
InvertOption = Annotated[
    bool, typer.Option("--invert", help="Keep only the --exclude values instead.")
]
StatementTypeOption = Annotated[
    str, typer.Option("--statement-type", help="Of a .dna file: the statement type.")
]


def _statements(files, project, statement_type: str, where: str | None = None,
                stance: str = "auto", codebook: Path | None = None):  # fmt: skip
    """The statements of the files, or those found in the project (of the documents
    ``where`` keeps; their stance as ``stance`` says), or in a corpus coded with
    ``codebook``."""
    from discursus.exchange.statements import read_statements

    if files and project:
        raise DiscursusError("give statement files or --project, not both")
    if codebook is not None:
        if not files:
            raise DiscursusError(
                "--codebook codes a corpus given as files; a project is coded with "
                "`discursus code --codebook FILE -p P`"
            )
        return _corpus_statements(files, codebook, where, stance)
    if project:
        from discursus.project import open_project

        return open_project(project).statements(where=where, stance=stance)
    if where:
        raise DiscursusError("--where filters a project's documents: give --project")
    if not files:
        raise DiscursusError("give statement files (.dna, .csv, .jsonl) or --project PROJECT")
    return read_statements(files, statement_type)


def _corpus_statements(files, codebook: Path, where: str | None, stance: str):
    """A corpus read into a temporary project, coded with ``codebook``: its statements."""
    from discursus.annotate.components.codes import coding_settings
    from discursus.annotate.config import AnnotateConfig
    from discursus.cli.common import project_for, run_annotate
    from discursus.cli.exchange import load_any_codebook

    book = load_any_codebook(codebook)  # a bad codebook is refused before the corpus is read
    temporary = project_for([str(f) for f in files], None, quiet=True)
    settings = coding_settings(book, "sentence", {})
    run_annotate(temporary, AnnotateConfig(components=("codes",), settings=settings), 1, True)
    return temporary.statements(where=where, stance=stance)


class NetworkType(StrEnum):
    twomode = "twomode"
    onemode = "onemode"
    eventlist = "eventlist"


class NetworkFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    graphml = "graphml"
    gexf = "gexf"
    dl = "dl"
    lists = "lists"


def _exclusions(values: list[str] | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for value in values or []:
        variable, sep, item = value.partition("=")
        if not sep or not variable.strip():
            raise DiscursusError(f"--exclude {value!r} is not VARIABLE=VALUE")
        found.setdefault(variable.strip(), []).append(item)
    return found


@handles_errors
def network(
    files: StatementFiles = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    codebook: CodebookOption = None,
    type: Annotated[NetworkType, typer.Option("--type", help="Network type.")] = (
        NetworkType.twomode
    ),
    variable1: Variable1Option = "organization",
    variable2: Variable2Option = "concept",
    qualifier: QualifierOption = "agreement",
    aggregation: Annotated[
        str,
        typer.Option(
            "--aggregation",
            help="twomode: ignore, combine, subtract; onemode: ignore, congruence, conflict, "
            "subtract.",
        ),
    ] = "ignore",
    normalization: Annotated[
        str,
        typer.Option(
            "--normalization",
            help="twomode: no, activity, prominence; onemode: no, average, jaccard, cosine.",
        ),
    ] = "no",
    duplicates: DuplicatesOption = "include",
    isolates: Annotated[bool, typer.Option(help="Keep nodes no kept statement uses.")] = False,
    exclude: ExcludeOption = None,
    invert: InvertOption = False,
    dna_compatible: Annotated[
        bool,
        typer.Option(
            "--dna-compatible",
            help="DNA's own numbers where it departs from the textbook (cosine, periods).",
        ),
    ] = False,
    statement_type: StatementTypeOption = "DNA Statement",
    time_window: Annotated[
        str,
        typer.Option(
            "--time-window", help="A network per time point: days, weeks, months, years, events."
        ),
    ] = "no",
    window_size: Annotated[
        int, typer.Option("--window-size", min=1, help="Units (or statements) a window spans.")
    ] = 1,
    kernel: Annotated[
        str,
        typer.Option(help="Weigh statements by time: uniform, gaussian, epanechnikov, triangular."),
    ] = "no",
    coalitions: Annotated[
        str | None,
        typer.Option(
            "--coalitions", help="Instead: the coalitions of a one-mode network, leiden or louvain."
        ),
    ] = None,
    centrality: Annotated[
        bool, typer.Option("--centrality", help="Instead: each node's centralities (one-mode).")
    ] = False,
    format: Annotated[
        NetworkFormat,
        typer.Option(
            "--format",
            "-f",
            help="Edges (table, jsonl), the matrix (csv), or a file: graphml, gexf, dl, "
            "lists (NAME.nodes.csv and NAME.edges.csv).",
        ),
    ] = NetworkFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file (graphml, gexf, dl, csv).")
    ] = None,
) -> None:
    """A discourse network of statements: two-mode (e.g. organization x concept) or one-mode
    (e.g. organizations linked by the concepts they share), as DNA computes it. Prints the
    edges (table, jsonl) or the matrix (csv); graphml, gexf and dl go to --output."""
    from discursus.analysis import networks
    from discursus.exchange.network_files import node_attributes, write_network

    statements = _statements(files, project, statement_type, where, codebook=codebook)
    if type == NetworkType.eventlist:  # the statements a network would be made of, in order
        kept = networks.filter_statements(
            statements, variable1, variable2, qualifier or None, aggregation, duplicates,
            _exclusions(exclude), invert, dna_compatible, ordered=True,
        )  # fmt: skip
        if format.value not in ("table", "csv", "jsonl"):
            raise DiscursusError(f"--format {format.value}: an event list is table, csv or jsonl")
        frame_out(kept.drop(columns=["text"], errors="ignore"), format.value)
        return
    if time_window != "no":
        _windows(statements, type.value, time_window, window_size, kernel, variable1,
                 variable2, qualifier or None, aggregation, normalization, duplicates,
                 _exclusions(exclude), invert, dna_compatible, format.value, output)  # fmt: skip
        return
    if kernel != "no":
        raise DiscursusError("--kernel weighs time windows: give --time-window too")
    make = networks.twomode if type == NetworkType.twomode else networks.onemode
    matrix = make(
        statements, variable1, variable2, qualifier or None, aggregation, normalization,
        duplicates, isolates, _exclusions(exclude), invert, dna_compatible,
    )  # fmt: skip
    kind = format.value
    if coalitions or centrality:
        if kind not in ("table", "csv", "jsonl"):
            raise DiscursusError(f"--format {kind}: coalitions and centralities are tables")
        if coalitions:
            found, modularity = networks.coalitions(matrix, coalitions)
            frame_out(found, kind)
            console.print(f"modularity {modularity:.4f} ({coalitions})")
        else:
            frame_out(networks.centralities(matrix), kind)
        return
    if kind in ("graphml", "gexf", "dl", "lists") or output is not None:
        if output is None:
            raise DiscursusError(f"--format {kind} writes a file: give it with --output FILE")
        written = write_network(
            matrix, output, "csv" if kind in ("table", "jsonl") else kind, variable1, variable2,
            node_attributes(statements, (variable1, variable2)),
        )  # fmt: skip
        if kind == "lists":
            from discursus.exchange.network_files import lists_paths

            written = " and ".join(map(str, lists_paths(output)))
        console.print(f"wrote {written}: {matrix.shape[0]} x {matrix.shape[1]} {type.value}")
        return
    if kind == "csv":
        frame_out(matrix.rename_axis(variable1).reset_index(), "csv")
        return
    frame_out(networks.edges(matrix, directed=type == NetworkType.twomode), kind)


def _windows(statements, network_type, unit, size, kernel, variable1, variable2, qualifier,
             aggregation, normalization, duplicates, exclude, invert, dna_compatible,
             kind, output) -> None:  # fmt: skip
    from discursus.analysis import networks
    from discursus.exchange.network_files import (
        node_attributes,
        window_edges,
        write_time_windows,
    )

    windows = networks.time_windows(
        statements, network_type, unit, size, kernel, variable1, variable2, qualifier,
        aggregation, normalization, duplicates, exclude, invert, dna_compatible,
    )  # fmt: skip
    if kind in ("gexf", "graphml") or output is not None:
        if output is None:
            raise DiscursusError(f"--format {kind} writes a file: give it with --output FILE")
        if kind in ("dl", "lists"):
            raise DiscursusError(f"time windows are written as gexf, graphml or csv, not {kind}")
        file_format = "csv" if kind in ("table", "jsonl", "csv") else kind
        write_time_windows(windows, output, file_format, variable1, variable2,
                           node_attributes(statements, (variable1, variable2)))  # fmt: skip
        console.print(f"wrote {output}: {len(windows)} time windows")
        return
    if kind in ("dl", "lists"):
        raise DiscursusError(f"time windows are written as gexf, graphml or csv, not {kind}")
    frame_out(window_edges(windows), kind)


@handles_errors
def statements(
    files: StatementFiles = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    codebook: CodebookOption = None,
    statement_type: StatementTypeOption = "DNA Statement",
    stance: Annotated[
        str,
        typer.Option(
            "--stance",
            help="A project's stance: auto (learned if learn-stance ran), lexicon, learned.",
        ),
    ] = "auto",
    format: Annotated[
        NetworkFormat, typer.Option("--format", "-f", help="table, csv or jsonl.")
    ] = NetworkFormat.table,
) -> None:
    """Statements (doc, start, end, actor, organization, concept, agreement, date): found in
    a project (its reported speech and speakers' voice crossed with its codings, with the
    evidence) or in a corpus coded with --codebook, or read from DNA's .dna files or CSV /
    JSON lines."""
    from discursus.exchange.statements import STATEMENT_FIELDS

    if format.value not in ("table", "csv", "jsonl"):
        raise DiscursusError(f"--format {format.value!r}: statements are table, csv or jsonl")
    frame = _statements(files, project, statement_type, where, stance, codebook)
    if project or codebook:
        shown = ["id", "doc", "actor", "concept", "agreement", "evidence", "rule"]
        frame_out(frame, format.value, shown=shown)
        return
    rows = frame.to_dict("records")
    for row in rows:
        if isinstance(row.get("agreement"), bool):  # DNA's boolean: 1 agrees, 0 does not
            row["agreement"] = 1 if row["agreement"] else -1
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    columns = [c for c in STATEMENT_FIELDS if c in frame]
    emit([{c: row.get(c) for c in columns} for row in rows], format.value, columns)


SeedOption = Annotated[
    int, typer.Option("--seed", help="Random seed (the same seed, the same result).")
]


@handles_errors
def polarization(
    files: StatementFiles = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    codebook: CodebookOption = None,
    variable1: Variable1Option = "organization",
    variable2: Variable2Option = "concept",
    qualifier: QualifierOption = "agreement",
    normalization: OneModeNormalization = "average",
    duplicates: DuplicatesOption = "include",
    k: Annotated[int, typer.Option("-k", min=2, help="Clusters of equal size.")] = 2,
    raw: Annotated[
        bool, typer.Option("--raw", help="The quality not divided by the networks' totals.")
    ] = False,
    time_window: Annotated[
        str, typer.Option("--time-window", help="Per time point: days, weeks, months, years.")
    ] = "no",
    window_size: Annotated[
        int, typer.Option("--window-size", min=1, help="Units a window spans.")
    ] = 100,
    kernel: Annotated[
        str, typer.Option(help="uniform, gaussian, epanechnikov, triangular or no.")
    ] = "uniform",
    members: Annotated[
        bool, typer.Option("--members", help="Instead: each node's cluster (per window).")
    ] = False,
    exclude: ExcludeOption = None,
    invert: InvertOption = False,
    statement_type: StatementTypeOption = "DNA Statement",
    seed: SeedOption = 0,
    format: FormatOption = OutputFormat.table,
) -> None:
    """How polarized a discourse is: the partition of its actors into k equal clusters that
    best separates agreement within from disagreement across (DNA's polarization quality,
    0 to 1), over the whole range or per time window."""
    from discursus.analysis.polarization import polarization as polarize

    statements = _statements(files, project, statement_type, where, codebook=codebook)
    scores, memberships = polarize(
        statements, variable1, variable2, qualifier, normalization, duplicates, k, not raw,
        None if time_window == "no" else time_window, window_size, kernel,
        _exclusions(exclude), invert, seed=seed,
    )  # fmt: skip
    for frame in (scores, memberships):
        for column in ("time", "start", "stop"):
            if column in frame and frame[column].notna().any():
                frame[column] = frame[column].map(lambda t: t.isoformat()[:10])
    if members:
        frame_out(memberships.dropna(axis=1, how="all"), format.value)
    else:
        frame_out(scores.dropna(axis=1, how="all"), format.value, digits=4)


@handles_errors
def backbone(
    files: StatementFiles = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    codebook: CodebookOption = None,
    method: Annotated[str, typer.Option("--method", help="nested, penalty or fixed.")] = ("nested"),
    variable1: Variable1Option = "organization",
    variable2: Variable2Option = "concept",
    qualifier: QualifierOption = "agreement",
    aggregation: Annotated[
        str, typer.Option("--aggregation", help="ignore, congruence, conflict or subtract.")
    ] = "subtract",
    normalization: OneModeNormalization = "average",
    duplicates: DuplicatesOption = "document",
    penalty: Annotated[
        float, typer.Option("--penalty", min=0, help="penalty: larger, a smaller backbone.")
    ] = 3.5,
    size: Annotated[
        int, typer.Option("--size", min=0, help="fixed, nested: concepts in the backbone.")
    ] = 0,
    max_loss: Annotated[
        float, typer.Option("--max-loss", min=0, help="nested, no --size: the loss allowed.")
    ] = 0.1,
    iterations: Annotated[
        int, typer.Option("--iterations", min=1, help="penalty, fixed: annealing steps.")
    ] = 10000,
    exclude: ExcludeOption = None,
    invert: InvertOption = False,
    statement_type: StatementTypeOption = "DNA Statement",
    seed: SeedOption = 0,
    format: FormatOption = OutputFormat.table,
) -> None:
    """The concept backbone: the concepts that keep the actor network's structure, by
    spectral loss as DNA's backbone computes it (nested: every concept with the step it
    leaves at and the loss of what remains)."""
    from discursus.analysis.backbone import backbone as find_backbone

    statements = _statements(files, project, statement_type, where, codebook=codebook)
    rows, summary = find_backbone(
        statements, method, variable1, variable2, qualifier or None, aggregation,
        normalization, duplicates, penalty, size, max_loss, iterations,
        _exclusions(exclude), invert, seed=seed,
    )  # fmt: skip
    frame_out(rows, format.value, digits=4)
    if format == OutputFormat.table:
        console.print(
            f"backbone of {len(summary['backbone'])} ({method}): loss "
            f"{summary['backbone_loss']:.4f}; the redundant {len(summary['redundant'])}: "
            f"loss {summary['redundant_loss']:.4f}"
        )


COMMANDS = (statements, network, polarization, backbone)
