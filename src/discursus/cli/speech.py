"""Who says what, on whose authority: quotes, actors, citations, sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalPaths,
    OptionalProject,
    QuietOption,
    console,
    emit,
    handles_errors,
    project_for,
)


@handles_errors
def quotes(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    speaker: Annotated[str | None, typer.Option(help="Only this speaker.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Reported speech: one row per attribution (content, kind, cue, speaker, source chain)."""
    rows = project_for(paths, project, quiet).quote_rows()
    if speaker:
        rows = [r for r in rows if (r["speaker"] or "").lower() == speaker.lower()]
    emit(rows, format, ["doc", "start", "end", "kind", "speaker", "cue", "text", "endorsed"])


@handles_errors
def actors(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """One row per actor: canonical name, type, aliases, roles, statements, documents."""
    from discursus.analysis.speakers import ACTOR_COLUMNS, corpus_actors

    opened = project_for(paths, project, quiet)
    frame = corpus_actors(opened.doc_actors(), opened.quote_rows(), opened.documents())
    emit(frame.to_dict("records"), format, ACTOR_COLUMNS)


@handles_errors
def citations(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    format: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """Academic and scripture citations, each work linked to the reference list."""
    rows = project_for(paths, project, quiet).citation_rows()
    emit(rows, format, ["doc", "start", "end", "kind", "raw", "narrative", "scripture"])


@handles_errors
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

    opened = project_for(paths, project, quiet)
    table = sources_table(
        opened.quote_rows(), opened.citation_rows(), opened.doc_actors(), opened.documents()
    )
    if graph is not None:
        import networkx as nx

        nx.write_graphml(sources_graph(table), graph)
        console.print(f"Graph: {graph}")
    emit(table.to_dict("records"), format, SOURCE_COLUMNS[:-1])


COMMANDS = (quotes, actors, citations, sources)
