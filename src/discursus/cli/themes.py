"""Axial and selective coding: code co-occurrence, categories, their relations, the core
category."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import FormatOption, ProjectOption, frame_out, handles_errors
from discursus.errors import DiscursusError
from discursus.project import open_project


class Unit(StrEnum):
    sentence = "sentence"
    paragraph = "paragraph"
    document = "document"


UnitOption = Annotated[Unit, typer.Option("--unit", help="Where codes co-occur.")]
SuggestionsOption = Annotated[
    bool, typer.Option("--suggestions", help="Count the open suggestions too.")
]
MinCountOption = Annotated[
    int, typer.Option("--min-count", min=1, help="Units two codes share to be linked.")
]
ResolutionOption = Annotated[
    float, typer.Option("--resolution", min=0.0, help="Leiden: higher, smaller categories.")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Leiden's and resampling's seed.")]


def _themes(project: Path, unit: Unit, suggestions: bool):
    return open_project(project).themes(unit.value, suggestions)


@handles_errors
def cooccurrence(
    project: ProjectOption = Path("discursus-project"),
    unit: UnitOption = Unit.sentence,
    suggestions: SuggestionsOption = False,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="The code x code matrix of shared units.")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Pairs of codes coding the same units, with count, Jaccard, npmi and log-likelihood."""
    themes = _themes(project, unit, suggestions)
    if matrix:
        frame_out(themes.matrix().rename_axis("code").reset_index(), format)
    else:
        frame_out(themes.cooccurrence(), format)


@handles_errors
def categories(
    project: ProjectOption = Path("discursus-project"),
    unit: UnitOption = Unit.sentence,
    suggestions: SuggestionsOption = False,
    min_count: MinCountOption = 2,
    resolution: ResolutionOption = 1.0,
    seed: SeedOption = 0,
    format: FormatOption = "table",
) -> None:
    """Axial coding: codes grouped into categories (Leiden on the co-occurrence network)."""
    frame_out(_themes(project, unit, suggestions).categories(min_count, resolution, seed), format)


@handles_errors
def relations(
    project: ProjectOption = Path("discursus-project"),
    unit: UnitOption = Unit.sentence,
    suggestions: SuggestionsOption = False,
    min_count: MinCountOption = 2,
    resolution: ResolutionOption = 1.0,
    seed: SeedOption = 0,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Every passage that shows a relation.")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Relations between categories: co-occurrence, and causal and conditional links
    ("because", "leads to", "if"...) with the passages that show them."""
    table, passages = _themes(project, unit, suggestions).relations(min_count, resolution, seed)
    if evidence:
        frame_out(passages, format)
    else:
        shown = ["category_a", "category_b", "kind", "marker", "count", "evidence"]
        frame_out(table, format, shown=shown)


@handles_errors
def core(
    project: ProjectOption = Path("discursus-project"),
    unit: UnitOption = Unit.sentence,
    suggestions: SuggestionsOption = False,
    min_count: MinCountOption = 2,
    resolution: ResolutionOption = 1.0,
    seed: SeedOption = 0,
    resamples: Annotated[
        int, typer.Option("--resamples", min=1, help="Resamplings of the documents.")
    ] = 200,
    format: FormatOption = "table",
) -> None:
    """Selective coding: the core category (most units shared with the other categories)
    and how often it stays first when the documents are resampled."""
    themes = _themes(project, unit, suggestions)
    frame_out(themes.core(min_count, resolution, seed, resamples), format)


@handles_errors
def suggest_codes(
    project: ProjectOption = Path("discursus-project"),
    min_frequency: Annotated[int, typer.Option(min=1, help="Times a candidate stands.")] = 3,
    min_documents: Annotated[int, typer.Option(min=1, help="Documents it stands in.")] = 2,
    limit: Annotated[int, typer.Option(min=1, help="Candidates listed.")] = 50,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Add this candidate to the codebook (repeatable)."),
    ] = None,
    coder: Annotated[str | None, typer.Option("--coder", help="Who accepts them.")] = None,
    format: FormatOption = "table",
) -> None:
    """Open coding: candidate codes from the corpus (key words and noun phrases against
    general English, variants merged), with counts and example passages; --accept adds one
    to the codebook."""
    from discursus.cli.common import console

    opened = open_project(project)
    found = opened.suggest_codes(
        min_frequency=min_frequency, min_documents=min_documents, limit=limit
    )
    if accept:
        if not coder:
            raise DiscursusError("say who accepts them: --coder NAME")
        added = opened.accept_codes(found, accept, coder)
        console.print(
            f"added {', '.join(map(repr, added))} to the codebook; code with it: "
            f"discursus code -p {opened.path} --codebook FILE (or discursus annotate)"
        )
        return
    shown = ["code", "kind", "variants", "frequency", "documents", "ll", "association"]
    frame_out(found, format, shown=shown)


COMMANDS = (suggest_codes, cooccurrence, categories, relations, core)
