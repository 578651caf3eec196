"""Persuasion techniques (SemEval-2023 Task 3's 23) in each paragraph and span: the spans the
explainable rules find (see :mod:`discursus.annotate.techniques`), and the techniques a
trained labeller (``discursus train techniques``) gives each paragraph (a line)."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

TECHNIQUES = TableSpec(
    "techniques",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("unit", "str", nullable=False),
        Field("technique", "str", nullable=False, index=True),
    ),
    output=("start", "end", "unit", "paragraph", "technique", "score", "rule"),
    description="persuasion techniques of spans (by rules) and paragraphs (rules, a model)",
)


@annotator(
    "techniques",
    version="1",
    requires=(PARSE,),
    produces=(TECHNIQUES,),
    config={"model": None},
    label="techniques",
)
def techniques(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """The rules' spans; each paragraph's techniques: those of its spans, and the model's
    at or above its threshold where a model is trained."""
    from discursus.annotate.components.frames import labelled_units, paragraphs_by_line
    from discursus.annotate.techniques import technique_spans

    spans = technique_spans(item.doc, item.text)
    lines = paragraphs_by_line(item.text)
    rows, by_paragraph = [], {}
    for span in spans:
        line = next((n for n, s, e in lines if s <= span["start"] < e), None)
        rows.append({**span, "unit": "span", "paragraph": line, "score": 1.0})
        if line is not None:
            by_paragraph.setdefault((line, span["technique"]), span["rule"])
    if config.get("model"):
        for row in labelled_units(item.text, config["model"], "technique"):
            if row["unit"] == "paragraph":
                key = (row["paragraph"], row["technique"])
                by_paragraph[key] = f"model {row['score']:.2f}"
    where = {number: (start, end) for number, start, end in lines}
    for (number, technique), rule in sorted(by_paragraph.items()):
        start, end = where[number]
        rows.append({"start": start, "end": end, "unit": "paragraph", "paragraph": number,
                     "technique": technique, "score": 1.0, "rule": rule})  # fmt: skip
    return {"techniques": rows}
