"""Persuasion techniques (SemEval-2023 Task 3's 23) in each paragraph and span: the spans the
explainable rules find (see :mod:`discursus.annotate.techniques`), and the techniques a
trained labeller (``discursus train techniques``) gives each paragraph (a line)."""

from __future__ import annotations

from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

RULE_CONFIRMS = 0.7  # of the model's threshold, for a paragraph a rule marks

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
    version="2",
    requires=(PARSE, "speech"),
    produces=(TECHNIQUES,),
    config={"model": None},
    label="techniques",
)
def techniques(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """The rules' spans; each paragraph's techniques: without a model, those of its spans;
    with one, the model's at or above its threshold, and a rule's where the model gives it at
    least :data:`RULE_CONFIRMS` of the threshold (on SemEval-2023's non-PTC articles the
    rules' paragraphs alone cost the model's precision more than they add)."""
    from discursus.annotate.classifier import labeller_probabilities
    from discursus.annotate.components.frames import paragraphs_by_line
    from discursus.annotate.techniques import technique_spans

    spans = technique_spans(item.doc, item.text, item.rows.get("quotes", ()),
                            item.rows.get("actors", ()))  # fmt: skip
    lines = paragraphs_by_line(item.text)
    rows, by_rule = [], {}
    for span in spans:
        line = next((n for n, s, e in lines if s <= span["start"] < e), None)
        rows.append({**span, "unit": "span", "paragraph": line, "score": 1.0})
        if line is not None:
            by_rule.setdefault((line, span["technique"]), span["rule"])
    model = config.get("model")
    by_paragraph = dict(by_rule)
    if model and lines:
        threshold = 0.5 if model.get("threshold") is None else model["threshold"]
        p = labeller_probabilities(model, [item.text[s:e] for _, s, e in lines])
        learned = set(model["labels"])
        by_paragraph = {key: rule for key, rule in by_rule.items() if key[1] not in learned}
        for k, (number, _, _) in enumerate(lines):
            for j, label in enumerate(model["labels"]):
                rule, score = by_rule.get((number, label)), float(p[k, j])
                if score >= threshold:
                    by_paragraph[number, label] = f"model {score:.2f}"
                elif rule and score >= RULE_CONFIRMS * threshold:
                    by_paragraph[number, label] = f"{rule}; model {score:.2f}"
    where = {number: (start, end) for number, start, end in lines}
    for (number, technique), rule in sorted(by_paragraph.items()):
        start, end = where[number]
        rows.append({"start": start, "end": end, "unit": "paragraph", "paragraph": number,
                     "technique": technique, "score": 1.0, "rule": rule})  # fmt: skip
    return {"techniques": rows}
