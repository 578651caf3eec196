"""Frames (the 14 of the Media Frames Corpus, as in SemEval-2023 Task 3 subtask 2) of each
article and paragraph, by a labeller trained offline (``discursus train frames``): each frame
whose probability reaches the model's threshold, with its score."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import annotator
from discursus.tablespec import Field, TableSpec

FRAMES = TableSpec(
    "frames",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("unit", "str", nullable=False),
        Field("frame", "str", nullable=False, index=True),
    ),
    output=("start", "end", "unit", "paragraph", "frame", "score"),
    description="the frames of each article and paragraph, with their scores",
)


def paragraphs_by_line(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of each line with words: SemEval's paragraphs."""
    found, at = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            found.append((number, at, at + len(line)))
        at += len(line) + 1
    return found


def labelled_units(text: str, model: dict, unit_label: str) -> list[dict]:
    """The article's and its paragraphs' labels at or above the model's threshold."""
    from discursus.annotate.classifier import labeller_probabilities

    threshold = 0.5 if model.get("threshold") is None else model["threshold"]
    units = [("article", None, 0, len(text))]
    units += [("paragraph", n, s, e) for n, s, e in paragraphs_by_line(text)]
    scores = labeller_probabilities(model, [text[s:e] for _, _, s, e in units])
    rows = []
    for k, (unit, number, start, end) in enumerate(units):
        for j, label in enumerate(model["labels"]):
            score = float(scores[k, j])
            if score >= threshold:
                rows.append({"start": start, "end": end, "unit": unit, "paragraph": number,
                             unit_label: label, "score": round(score, 4)})  # fmt: skip
    return rows


@annotator("frames", version="1", produces=(FRAMES,), config={"model": None}, label="frames")
def frames(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """The frames of the article and of each paragraph (a line), where a model is trained."""
    model = config.get("model")
    if not model or not item.text.strip():
        return {"frames": []}
    return {"frames": labelled_units(item.text, model, "frame")}
