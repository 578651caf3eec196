"""Reported speech: who says what, on whose authority (rows of ``shared/schemas/quote``)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from discursus.annotate.speech.actors import Actor, ActorIndex
from discursus.annotate.speech.attribution import Attribution, find_attributions
from discursus.annotate.speech.marks import QuotedSpan, find_quotes

__all__ = [
    "Actor",
    "Attribution",
    "QuotedSpan",
    "SpeechAnalysis",
    "analyze_speech",
    "extract_quotes",
    "find_attributions",
    "find_quotes",
]


@dataclass
class SpeechAnalysis:
    quotes: list[dict]  # rows of the quote schema
    actors: list[dict]  # name, type, aliases, roles, statements


def _mention(text: str, span: tuple[int, int] | None) -> dict | None:
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def analyze_speech(doc: Doc, doc_name: str, body_end: int | None = None) -> SpeechAnalysis:
    """Attributions of ``doc`` as quote rows, with the actors their speakers resolve to.
    Text from ``body_end`` on (a reference list) is neither read for speech nor for actors.

    >>> from discursus.annotate.pipeline import load_pipeline
    >>> text = ('Foreign Minister Anna Kessel spoke on Monday. "We will build the port," she said. '
    ...         'The minister added that talks would resume.')
    >>> result = analyze_speech(load_pipeline()(text), "d1")
    >>> [(q["text"], q["kind"], q["speaker"], q["cue"]) for q in result.quotes]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('We will build the port,', 'direct', 'Anna Kessel', 'said'),
     ('that talks would resume', 'indirect', 'Anna Kessel', 'added')]
    >>> result.actors[0]["roles"]
    ['foreign minister']
    """
    text = doc.text
    index = ActorIndex(doc, body_end)
    rows: list[dict] = []
    statements: dict[int, int] = {}
    quotes = find_quotes(text)
    quote_starts = [q.start for q in quotes]
    for attribution in find_attributions(doc, quotes, text):
        if body_end is not None and attribution.start >= body_end:
            continue
        speaker = None
        source_type = "unknown"
        if attribution.source_token is not None:
            head = doc[attribution.source_token]
            mention = text[attribution.source_span[0] : attribution.source_span[1]]
            if not attribution.source_span[0] <= head.idx < attribution.source_span[1]:
                if mention.lower() in {"who", "which", "that", "whom"}:
                    # a relative pronoun: name the actor by its noun phrase
                    mention = doc[head.left_edge.i : head.i + 1].text
                else:
                    # the span was cut (a heading before it): its own head speaks
                    span = doc.char_span(*attribution.source_span, alignment_mode="expand")
                    head = span.root if span is not None else head
            actor, source_type = index.resolve(
                head, mention, _inside(quotes, quote_starts, head.idx)
            )
            if actor is not None:
                speaker = actor.name
                statements[id(actor)] = statements.get(id(actor), 0) + 1
        row = {
            "doc": doc_name,
            "start": attribution.start,
            "end": attribution.end,
            "text": text[attribution.start : attribution.end],
            "kind": attribution.kind,
            "cue": text[slice(*attribution.cue_span)] if attribution.cue_span else None,
            "speaker": speaker,
            "speaker_mention": _mention(text, attribution.source_span),
            "source_type": source_type,
            "endorsed": attribution.endorsed,
            "cue_mention": _mention(text, attribution.cue_span),
            "chain": [_chain_name(text[s:e]) for s, e in attribution.chain],
        }
        if len(attribution.fragments) > 1:
            row["fragments"] = [{"start": s, "end": e} for s, e in attribution.fragments]
        rows.append(row)
    actors = [
        {
            "name": actor.name,
            "type": actor.type,
            "aliases": sorted(actor.aliases - {actor.name}),
            "roles": sorted(r for r in actor.roles if r),
            "statements": statements.get(id(actor), 0),
            # introduced by a name: across documents, only a named actor is the same one
            "named": actor.named,
        }
        for actor in index.actors
        if statements.get(id(actor)) or actor.type == "person"
    ]
    return SpeechAnalysis(rows, actors)


def _inside(quotes: list[QuotedSpan], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls inside one of the quotations (sorted by start)."""
    at = bisect.bisect_right(starts, offset) - 1
    # a quotation inside another starts later and ends sooner: look a few back
    return any(quotes[i].start <= offset < quotes[i].end for i in range(max(0, at - 3), at + 1))


def extract_quotes(doc: Doc, doc_name: str) -> list[dict]:
    """Quote rows of ``doc`` (see ``analyze_speech``)."""
    return analyze_speech(doc, doc_name).quotes


def _chain_name(mention: str) -> str:
    words = mention.split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)
