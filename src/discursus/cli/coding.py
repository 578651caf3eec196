"""Coding: codebooks, automatic coding, and a person's review of its suggestions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from discursus.annotate.config import AnnotateConfig
from discursus.cli.common import (
    FormatOption,
    ProjectOption,
    QuietOption,
    WorkersOption,
    console,
    frame_out,
    handles_errors,
    out,
    run_annotate,
)
from discursus.errors import DiscursusError
from discursus.project import open_project

codebook_app = typer.Typer(
    help="Codebooks: check one before you code with it; export and import (.qdc, YAML, JSON)."
)

CodebookArgument = Annotated[Path, typer.Argument(help="A codebook, YAML or JSON.")]


class Unit(StrEnum):
    sentence = "sentence"
    paragraph = "paragraph"
    statement = "statement"


@codebook_app.command("check")
def check_codebook(path: CodebookArgument) -> None:
    """Validate a codebook: every problem with its line and how to fix it. Exits 1 if any."""
    from discursus.annotate.codebook import CodebookError, codebook_from_data, load_codebook
    from discursus.exchange.refi_qda import ExchangeError, read_qdc

    try:
        if path.suffix.lower() == ".qdc":
            codebook = codebook_from_data(read_qdc(path), str(path))
        else:
            codebook = load_codebook(path)
    except (CodebookError, ExchangeError) as error:
        for problem in error.problems:
            console.print(f"[red]problem:[/red] {escape(problem)}", highlight=False)
        raise typer.Exit(1) from None
    with_rules = sum(code.has_rules for code in codebook.codes)
    out.print(
        f"{path}: codebook {codebook.name!r}, {len(codebook.codes)} codes "
        f"({with_rules} with rules), version {codebook.version}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@handles_errors
def code(
    codebook: Annotated[Path, typer.Option("--codebook", help="The codebook to code with.")],
    project: ProjectOption = Path("discursus-project"),
    unit: Annotated[Unit, typer.Option("--unit", help="What a coding covers.")] = Unit.sentence,
    encoder: Annotated[
        str | None,
        typer.Option(
            "--encoder",
            help="Code by the codebook's examples too, with this encoder: minilm (the "
            "discursus[embed] extra) or hashing (a stand-in with no weights).",
        ),
    ] = None,
    similarity: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Example coder: the least similarity.")
    ] = 0.6,
    workers: WorkersOption = 1,
    quiet: QuietOption = False,
) -> None:
    """Code every document with a codebook's rules: each hit a suggestion to accept or reject.
    The project keeps the codebook; changing it replaces the suggestions, never a decision."""
    from discursus.annotate.components.codes import coding_settings
    from discursus.annotate.encoders import encoder as load_encoder
    from discursus.cli.exchange import load_any_codebook

    book = load_any_codebook(codebook)
    opened = open_project(project)
    kept = dict(opened.stored_settings().get("codes") or {})  # a trained classifier stays
    if encoder:
        load_encoder(encoder)  # refused now, with what to install, not in the middle of a run
        if not any(c.examples for c in book.codes):
            raise DiscursusError(f"{codebook}: no code has 'examples' for --encoder to use")
        kept.update(encoder=encoder, similarity=similarity)
    else:
        kept.update(encoder=None)
    settings = coding_settings(book, unit.value, kept)
    config = AnnotateConfig(components=("codes",), settings=settings)
    run_annotate(opened, config, workers, quiet)
    counts = opened.codings(status="suggested").groupby("code").size()
    for name in (c.name for c in book.codes):
        console.print(f"{name}: {int(counts.get(name, 0))} suggestions")


@handles_errors
def learn(
    project: ProjectOption = Path("discursus-project"),
    coders: Annotated[
        str | None, typer.Option("--coders", help="Learn from these people only: Lena,Ivo.")
    ] = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Learn only these codes (repeatable).")
    ] = None,
    min_examples: Annotated[
        int, typer.Option(min=2, help="Codes with fewer yes (or no) sentences are not learned.")
    ] = 5,
    threshold: Annotated[
        float, typer.Option(min=0.01, max=0.99, help="Suggest sentences scored this high.")
    ] = 0.5,
    workers: WorkersOption = 1,
    quiet: QuietOption = False,
    format: FormatOption = "table",
) -> None:
    """Train a classifier (word and character n-grams) on people's codings, then code the
    corpus with it: its suggestions (coder "classifier") are the passages to check next.
    Prints each code's cross-validated precision, recall and F1."""
    opened = open_project(project)
    names = [n.strip() for n in coders.split(",") if n.strip()] if coders else None
    report, settings = opened.classifier_settings(
        names, codes=code or None, min_examples=min_examples, threshold=threshold
    )
    frame_out(report, format)
    if settings is None:
        console.print(
            f"no code has {min_examples} sentences coded and {min_examples} not: code more first"
        )
        return
    run_annotate(opened, AnnotateConfig(components=("codes",), settings=settings), workers, quiet)
    suggested = opened.codings(status="suggested", coder="classifier")
    console.print(
        f"{len(suggested)} suggestions by the classifier; the likeliest first: "
        "discursus codings --coder classifier --status suggested --top 20"
    )


CodeFilter = Annotated[str | None, typer.Option("--code", help="Only this code.")]
RuleFilter = Annotated[
    str | None, typer.Option("--rule", help="Only what this rule found (keyword:WORD, ...).")
]
ScoreFilter = Annotated[float | None, typer.Option("--min-score", help="Only scores this high.")]


@handles_errors
def codings(
    project: ProjectOption = Path("discursus-project"),
    code: CodeFilter = None,
    status: Annotated[
        str | None,
        typer.Option(help="suggested, decided, accepted, rejected or coded."),
    ] = None,
    rule: RuleFilter = None,
    min_score: ScoreFilter = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder's.")] = None,
    unplaced: Annotated[
        bool, typer.Option("--unplaced", help="Only those a changed text lost, to place again.")
    ] = False,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Only the N highest scores, highest first.")
    ] = None,
    blind: Annotated[
        str | None,
        typer.Option("--blind", help="As this coder codes blind: theirs and the suggestions."),
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Codings with their provenance: suggestions and a person's decisions."""
    frame = open_project(project).codings(
        code, status, rule, min_score, coder, unplaced, blind_for=blind
    )
    if top is not None:
        frame = frame.sort_values("score", ascending=False, kind="stable").head(top)
    shown = ["id", "doc", "start", "end", "code", "status", "coder", "rule", "score"]
    frame_out(frame, format, shown=shown)


CoderOption = Annotated[str, typer.Option("--coder", help="Who decides (your name).")]
IdsOption = Annotated[
    list[int] | None, typer.Option("--id", help="A suggestion's id (repeatable).")
]


def _review_command(decision: str):
    """The ``accept`` or ``reject`` command: one at a time or in bulk."""

    @handles_errors
    def review(
        coder: CoderOption,
        project: ProjectOption = Path("discursus-project"),
        id: IdsOption = None,
        code: CodeFilter = None,
        rule: RuleFilter = None,
        min_score: ScoreFilter = None,
    ) -> None:
        count = open_project(project).review(
            decision, coder, ids=id, code=code, rule=rule, min_score=min_score
        )
        console.print(f"{decision} {count} suggestion{'s' if count != 1 else ''} as {coder}")

    verb = "Accept" if decision == "accepted" else "Reject"
    review.__name__ = verb.lower()
    review.__doc__ = f"{verb} suggestions: one at a time (--id) or in bulk by code, rule or score."
    return review


accept = _review_command("accepted")
reject = _review_command("rejected")


@handles_errors
def agreement(
    coders: Annotated[
        str, typer.Option("--coders", help="Two or more coders, comma-separated: Lena,rules.")
    ],
    project: ProjectOption = Path("discursus-project"),
    code: Annotated[list[str] | None, typer.Option("--code", help="Only these codes.")] = None,
    disagreements: Annotated[
        bool, typer.Option("--disagreements", help="List the sentences they differ on.")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Agreement between coders per code and overall: percent, Cohen's kappa (two coders),
    Krippendorff's alpha (any number; missing data allowed), on the sentences of the
    documents they coded."""
    names = [name.strip() for name in coders.split(",") if name.strip()]
    summary, listed = open_project(project).agreement(names, code or None)
    frame_out(listed if disagreements else summary, format)


@handles_errors
def merge_coders(
    coders: Annotated[str, typer.Argument(help="The coders who coded blind: Lena,Ivo.")],
    into: Annotated[str, typer.Option("--into", help="The coder their merged codings get.")],
    coder: CoderOption,
    project: ProjectOption = Path("discursus-project"),
    how: Annotated[
        str, typer.Option("--how", help="agreed (all say yes) or all (any says yes).")
    ] = "agreed",
    format: FormatOption = "table",
) -> None:
    """After blind coding, merge coders' sentences into one coder's codings; lists the
    sentences they disagree on, to settle by hand."""
    names = [name.strip() for name in coders.split(",") if name.strip()]
    made, disagreements = open_project(project).merge_coders(names, into, coder, how=how)
    console.print(f"{made} codings of {into}; {len(disagreements)} disagreements to settle:")
    frame_out(disagreements, format)


@handles_errors
def code_passage(
    doc: Annotated[str, typer.Argument(help="Document id or name.")],
    code: Annotated[str, typer.Option("--code", help="The code (new codes are fine).")],
    coder: CoderOption,
    project: ProjectOption = Path("discursus-project"),
    start: Annotated[int | None, typer.Option(help="First character.")] = None,
    end: Annotated[int | None, typer.Option(help="Character after the last.")] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The passage's exact text, instead.")
    ] = None,
    occurrence: Annotated[
        int | None, typer.Option(min=1, help="Which of several places the quote stands.")
    ] = None,
    memo: Annotated[str | None, typer.Option(help="A memo on this coding.")] = None,
) -> None:
    """Code a passage by hand: by offsets or by its quoted text."""
    row = open_project(project).add_coding(
        doc, code, coder, start=start, end=end, quote=quote, occurrence=occurrence, memo=memo
    )
    console.print(
        f"coded {row['doc']} {row['start']}-{row['end']} as {row['code']!r} ({row['coder']}): "
        f"{escape(row['selector']['exact'][:80])}"
    )


COMMANDS = (code, learn, code_passage, codings, accept, reject, agreement, merge_coders)
