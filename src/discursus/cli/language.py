"""How language is used: concordance, collocation, keywords, n-grams, dispersion, trends."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from discursus.cli.common import (
    CodeOption,
    FormatOption,
    GroupOption,
    LayerOption,
    LimitOption,
    ProjectOption,
    SpeakerOption,
    TermsArgument,
    WhereOption,
    console,
    frame_out,
    handles_errors,
    out,
)
from discursus.errors import DiscursusError
from discursus.project import open_project


def _corpus(project: Path, where: str | None, speaker: str | None, code: str | None):
    from discursus.analysis.corpus import Corpus

    return Corpus.of(open_project(project), where=where, speaker=speaker, code=code)


def _window(text: str) -> tuple[int, int]:
    left, _, right = text.partition(",")
    try:
        return int(left), int(right if right else left)
    except ValueError:
        raise DiscursusError(f"--window {text!r}: give L,R such as 5,5 or 0,1") from None


@handles_errors
def kwic(
    query: Annotated[
        str, typer.Argument(help='Words (sovereign*) or CQP: [lemma="resist.*"] "order".')
    ],
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
    context: Annotated[str, typer.Option("--context", "-c", help="Words left,right.")] = "6,6",
    sort: Annotated[
        str | None, typer.Option("--sort", help="left, right, node, or positions: R1,R2.")
    ] = None,
    limit: LimitOption = 100,
    format: FormatOption = "table",
) -> None:
    """Concordance: every match of a query with its context, document and offsets."""
    left, right = _window(context)
    frame = _corpus(project, where, speaker, code).kwic(
        query, left=left, right=right, sort=sort, limit=limit or None
    )
    if format != "table":
        frame_out(frame, format)
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


@handles_errors
def collocates(
    node: Annotated[str, typer.Argument(help="The node: words or a CQP query.")],
    project: ProjectOption = Path("discursus-project"),
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
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
    left, right = _window(window)
    frame = _corpus(project, where, speaker, code).collocates(
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
    shown = ["collocate", "frequency", "expected", "collocate_frequency", "ll", "mi", "logdice"]
    frame_out(frame, format, shown=list(dict.fromkeys(shown + [measure])))


@handles_errors
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
    camps: Annotated[
        str | None,
        typer.Option(
            "--camps",
            help="Keywords of each camp against the rest: coalitions (of the actors' "
            "statements' congruence, as in semantic-system).",
        ),
    ] = None,
    actors: Annotated[
        str | None,
        typer.Option(
            "--actors", help="With --camps: the actors are this document field's values (iso)."
        ),
    ] = None,
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Least target frequency.")] = 3,
    negative: Annotated[
        bool, typer.Option("--negative", help="Also words the target uses less.")
    ] = False,
    layer: LayerOption = "lower",
    limit: LimitOption = 50,
    format: FormatOption = "table",
) -> None:
    """Keywords: log-likelihood with p and BIC, Log Ratio and %DIFF against a reference."""
    from discursus.analysis.corpus import Corpus
    from discursus.semanticwork import CAMPS

    options = dict(layer=layer, min_frequency=min_freq, negative=negative, limit=limit or None)
    if camps is not None:
        if camps not in CAMPS:
            raise DiscursusError(f"--camps {camps!r} is not one of {', '.join(CAMPS)}")
        if each or target:
            raise DiscursusError("give --camps, --each FIELD or --target, one of them")
        opened = open_project(project)
        camped = opened.document_camps(where, actors=actors)
        corpus = Corpus.of(opened, where=where, speaker=speaker, code=code, documents=camped)
        each = "camp"
    elif actors is not None:
        raise DiscursusError("--actors name the members of camps: give --camps coalitions too")
    else:
        corpus = _corpus(project, where, speaker, code)
    if each:
        frame = corpus.keywords_by(each, **options)
    else:
        if target is None and reference == "rest":
            raise DiscursusError("give --target (a filter), --each FIELD or --reference general")
        frame = corpus.keywords(target, reference, **options)
    shown = ["word", "target", "reference", "ll", "p", "log_ratio", "pct_diff"]
    frame_out(frame, format, shown=(["group"] if each else []) + shown)


@handles_errors
def ngrams(
    project: ProjectOption = Path("discursus-project"),
    n: Annotated[int, typer.Option("--size", "-s", min=1, max=8, help="Words per n-gram.")] = 2,
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Least frequency.")] = 2,
    layer: LayerOption = "lower",
    limit: LimitOption = 50,
    format: FormatOption = "table",
) -> None:
    """The most frequent n-grams (within sentences, without punctuation)."""
    frame = _corpus(project, where, speaker, code).ngrams(
        n, layer=layer, min_frequency=min_freq, limit=limit or None
    )
    frame_out(frame, format)


@handles_errors
def dispersion(
    terms: TermsArgument,
    project: ProjectOption = Path("discursus-project"),
    by: GroupOption = "doc",
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
    format: FormatOption = "table",
) -> None:
    """How evenly terms spread over the corpus: range, Juilland's D, Gries's DP and DP_norm."""
    frame = _corpus(project, where, speaker, code).dispersion(terms, by=by)
    frame_out(frame, format)


@handles_errors
def trend(
    terms: TermsArgument,
    project: ProjectOption = Path("discursus-project"),
    by: GroupOption = "year",
    where: WhereOption = None,
    speaker: SpeakerOption = None,
    code: CodeOption = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw it as an HTML page (opens offline).")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Frequency of terms per year (month, speaker, any field), per million words."""
    frame = _corpus(project, where, speaker, code).trend(terms, by=by)
    if chart is not None:
        from discursus.report.html import write_trend_chart

        console.print(f"Chart: {write_trend_chart(frame, by, chart)}")
    frame_out(frame, format, digits=1)


COMMANDS = (kwic, collocates, keywords, ngrams, dispersion, trend)
