"""The body of a text: its sentences before the reference list (the ``citations``
annotator's entries), where its own discourse is; a paper's bibliography articulates no
chain and names no Other."""

from __future__ import annotations

from collections.abc import Iterator

from discursus.annotate.records import AnnotatorInput


def body_sentences(item: AnnotatorInput) -> Iterator:
    """The spaCy sentences of ``item`` that start before its reference list."""
    body_end = min((r["start"] for r in item.rows.get("reference_entries", ())),
                   default=len(item.text))  # fmt: skip
    for sentence in item.doc.sents:
        if sentence.start_char >= body_end:
            return
        yield sentence


def in_sentence(row: dict, sentence) -> dict:
    """``row`` with the offsets of the sentence it was found in."""
    return {**row, "sentence_start": sentence.start_char, "sentence_end": sentence.end_char}
