"""Stance toward the project's targets, sentence by sentence (see
:mod:`discursus.annotate.stance`): favour, against or none, whose stance it is, and the word
that decides."""

from __future__ import annotations

import bisect
from typing import Any

from discursus.annotate.records import AnnotatorInput
from discursus.annotate.stance import NONE, lexicon_version, target_stance
from discursus.annotate.voices import THE_SPEAKER
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

STANCES = TableSpec(
    "stances",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("target", "str", nullable=False, index=True),
        Field("stance", "str", nullable=False),
    ),
    output=(
        "start",
        "end",
        "target",
        "stance",
        "score",
        "holder",
        "voice",
        "cue",
        "cue_start",
        "cue_end",
        "mention_start",
        "mention_end",
        "rule",
    ),  # fmt: skip
    spans=(("start", "end"), ("mention_start", "mention_end")),
    description="each sentence's stance toward each target it names: favour, against, none",
)


@annotator(
    "stance",
    version="3+" + lexicon_version(),
    requires=(PARSE, "targets", "speech"),
    produces=(STANCES,),
    config={"model": None},
    label="stance",
)
def stance(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Per sentence and target it names, the stance (the strongest of its mentions there)
    and whose it is: a quoted speaker's inside reported speech, else the text's own voice
    (``holder`` empty: the document's speaker or author)."""
    mentions = sorted(item.rows.get("target_mentions", ()), key=lambda m: m["start"])
    if not mentions:
        return {"stances": []}
    quotes = sorted(item.rows.get("quotes", ()), key=lambda q: q["start"])
    starts = [m["start"] for m in mentions]
    rows = []
    for sentence in item.doc.sents:
        first = bisect.bisect_left(starts, sentence.start_char)
        last = bisect.bisect_left(starts, sentence.end_char)
        best: dict[str, dict] = {}
        here = mentions[first:last]
        for mention in here:
            quote = _quote_at(quotes, mention["start"], mention["end"])
            endorsed = quote.get("endorsed") if quote else None
            # the other targets' names say nothing of the stance on this one
            others = tuple((m["start"], m["end"]) for m in here if m is not mention)
            found = target_stance(sentence, mention["start"], mention["end"], item.text,
                                  endorsed, others)  # fmt: skip
            kept = best.get(mention["target"])
            if kept is None or abs(found["score"]) > abs(kept["score"]):
                speaker = quote.get("speaker") if quote else None
                # a claim reported in order to reject it: the rejection is the text's own
                own = speaker in (None, THE_SPEAKER) or endorsed is False
                best[mention["target"]] = {
                    "start": sentence.start_char, "end": sentence.end_char,
                    "target": mention["target"], **found,
                    "holder": None if own else speaker, "voice": "own" if own else "reported",
                    "mention_start": mention["start"], "mention_end": mention["end"],
                }  # fmt: skip
        rows += sorted(best.values(), key=lambda r: (r["stance"] == NONE, r["target"]))
    if config.get("model") and rows:
        _learned(rows, item.text, config["model"])
    return {"stances": rows}


def _learned(rows: list[dict], text: str, model: dict) -> None:
    """A trained stance model's label in place of the rules' (``discursus train stance``):
    read on the target's name and its sentence, as the stance sets write them; the rules'
    cue kept where it points the same way."""
    from discursus.annotate.classifier import predict_labels

    found = predict_labels(model, [f"{r['target']}. {text[r['start'] : r['end']]}" for r in rows])
    for row, ((label, probability),) in zip(rows, found, strict=True):
        if label != row["stance"]:
            row.update(cue=None, cue_start=None, cue_end=None)
        sign = {"favor": 1, "against": -1}.get(label, 0)
        row.update(stance=label, score=round(sign * probability, 4),
                   rule=f"model:{label} {probability:.2f}")  # fmt: skip


def _quote_at(quotes: list[dict], start: int, end: int) -> dict | None:
    """The innermost passage of reported speech holding ``start:end``."""
    found = None
    for quote in quotes:
        if quote["start"] > start:
            break
        if quote["end"] >= end and (found is None or quote["end"] - quote["start"]
                                    < found["end"] - found["start"]):  # fmt: skip
            found = quote
    return found
