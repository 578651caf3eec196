"""The semantic system of a discourse: the articulations of equivalence it is made of, the
chains of equivalence they bind and the nodal points they organise around."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalPaths,
    OptionalProject,
    OutputFormat,
    QuietOption,
    WhereOption,
    emit,
    handles_errors,
)


class Camps(StrEnum):
    coalitions = "coalitions"


class Relation(StrEnum):
    coordination = "coordination"
    apposition = "apposition"
    predication = "predication"


@handles_errors
def equivalences(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    where: WhereOption = None,
    relation: Annotated[
        Relation | None, typer.Option("--relation", help="Only this kind of articulation.")
    ] = None,
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Signifiers articulated as equivalent, sentence by sentence: coordinated lists
    ("justice, independence and dignity"), appositions, and predications that equate ("X is
    Y", "X means Y"), each with its members and offsets."""
    from discursus.cli.common import project_for

    opened = project_for(paths, project, quiet)
    found = opened.equivalences(where, relation.value if relation else None)
    rows = found.to_dict("records")
    columns = ["doc", "start", "end", "relation", "members", "cue"]
    if format == OutputFormat.jsonl:
        emit(rows, "jsonl", [*columns, "sentence_start", "sentence_end"])
        return
    flat = [{**row, "members": "; ".join(m["term"] for m in row["members"])} for row in rows]
    emit(flat, format.value, columns)


@handles_errors
def semantic_system(
    paths: OptionalPaths = None,
    project: OptionalProject = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="The discourses: a document field (speaker, outlet, country); "
            "else the corpus as one.",
        ),
    ] = None,
    camps: Annotated[
        Camps | None,
        typer.Option(
            "--camps",
            help="Instead of --by: camps found as coalitions of actors "
            "(their statements' congruence network, Leiden).",
        ),
    ] = None,
    where: WhereOption = None,
    boot: Annotated[
        int, typer.Option("--boot", min=0, help="Bootstrap resamplings for the stability.")
    ] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the resamplings and Leiden.")] = 0,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say how each measure is defined, then the results.")
    ] = False,
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """The semantic system of each discourse: its chains of equivalence (the signifiers its
    articulations bind into one), its nodal point with the runners-up and how stable it is
    under resampling of the documents, and the Others it sets itself against; with --by, the
    signifiers the discourses articulate each into a chain of its own; each with the
    passages that make it."""
    import inspect

    from discursus.analysis import chains as chains_module
    from discursus.analysis import floating as floating_module
    from discursus.analysis import frontier as frontier_module
    from discursus.analysis import nodal as nodal_module
    from discursus.cli.common import console, project_for

    opened = project_for(paths, project, quiet)
    if explain:
        for module in (chains_module, nodal_module, frontier_module, floating_module):
            console.print(inspect.getdoc(module) + "\n")
    parts = opened.semantic_system(by, where, camps.value if camps else None, boot, seed)
    members = [] if parts["camps"] is None else parts["camps"].to_dict("records")
    points = parts["nodal_points"].to_dict("records")
    found = parts["chains"].to_dict("records")
    others = parts["frontier"].to_dict("records")
    split = parts["floating"] is not None  # with one discourse there is nothing to fight over
    floating = parts["floating"].to_dict("records") if split else []
    if format != OutputFormat.table:
        emit([{"part": "camp", **row} for row in members]
             + [{"part": "nodal_point", **row} for row in points]
             + [{"part": "chain", **row} for row in found]
             + [{"part": "other", **row} for row in others]
             + [{"part": "floating", **row} for row in floating], format.value, [])  # fmt: skip
        return
    if members:
        console.print("[bold]Camps[/bold] (coalitions of the actors' congruence network)")
        emit(members, "table", ["camp", "actor"])
    console.print("[bold]Nodal points[/bold] (" + nodal_module.MEASURE + ")")
    emit(points, "table", ["discourse", "rank", "signifier", "score", "documents", "share",
                           "stability"])  # fmt: skip
    console.print("[bold]Chains of equivalence[/bold]")
    flat = [{**row, "members": ", ".join(row["members"]),
             "evidence": "; ".join(f"{e['doc']} {e['start']}-{e['end']}" for e in row["evidence"])}
            for row in found]  # fmt: skip
    emit(flat, "table", ["discourse", "chain", "members", "strength", "documents", "evidence"])
    console.print("[bold]The antagonistic frontier: the Others[/bold]")
    flat = [{**row, "kinds": ", ".join(f"{k} {v}" for k, v in row["kinds"].items()),
             "selves": ", ".join(row["selves"])} for row in others]  # fmt: skip
    emit(flat, "table", ["discourse", "rank", "other", "constructions", "documents", "kinds",
                         "selves"])  # fmt: skip
    if split:
        console.print("[bold]Floating signifiers[/bold] (each discourse's neighbours of it)")
        flat = [{**row, "neighbourhoods": " | ".join(f"{d}: {', '.join(n)}" for d, n
                                                     in row["neighbourhoods"].items())}
                for row in floating]  # fmt: skip
        emit(flat, "table", ["signifier", "score", "difference", "ties", "neighbourhoods"])


COMMANDS = (equivalences, semantic_system)
