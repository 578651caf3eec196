"""Sentences, tokens, lemmas, POS, dependencies and entities: a pure function of the text.

Nothing here touches the project: records go back to the caller, who stores them, so the same
function runs in this process, in worker processes or on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from discursus.annotate.citations import extract_citations
from discursus.annotate.records import (
    TOKEN_SCHEMA,
    BatchAnnotation,
    DocAnnotation,
    DocInput,
)
from discursus.annotate.speech import SpeechAnalysis, analyze_speech
from discursus.budget import BudgetExceeded, time_budget

__all__ = ["TOKEN_SCHEMA", "BatchAnnotation", "DocAnnotation", "DocInput", "annotate_batch"]


def annotate_batch(nlp, batch: Sequence[DocInput], seconds: float | None = None) -> BatchAnnotation:
    """Run the pipeline over a batch; token rows for all its documents in one Arrow table.

    Each analysis of a document runs under a budget of ``seconds``: one that runs over is
    stopped and becomes a problem of that document, and the batch goes on.

    >>> from discursus.annotate.pipeline import load_pipeline
    >>> result = annotate_batch(load_pipeline(), [DocInput(7, "h", "She spoke. Paris listened.")])
    >>> result.docs[0].sentences
    [(0, 0, 10), (1, 11, 26)]
    >>> result.tokens.column("text").to_pylist()[:3]
    ['She', 'spoke', '.']
    """
    columns: dict[str, list] = {name: [] for name in TOKEN_SCHEMA.names}
    docs: list[DocAnnotation] = []
    texts = (item.text for item in batch)
    for item, doc in zip(batch, nlp.pipe(texts, batch_size=32), strict=True):
        sent_of = {}
        sentences = []
        for index, sent in enumerate(doc.sents):
            sentences.append((index, sent.start_char, sent.end_char))
            for token_index in range(sent.start, sent.end):
                sent_of[token_index] = index
        for token in doc:
            columns["doc_id"].append(item.doc_id)
            columns["i"].append(token.i)
            columns["sent"].append(sent_of[token.i])
            columns["start"].append(token.idx)
            columns["end"].append(token.idx + len(token.text))
            columns["text"].append(token.text)
            columns["whitespace"].append(token.whitespace_)
            columns["lemma"].append(token.lemma_)
            columns["pos"].append(token.pos_)
            columns["tag"].append(token.tag_)
            columns["dep"].append(token.dep_)
            columns["head"].append(token.head.i)
            columns["ent_iob"].append(token.ent_iob_)
            columns["ent_type"].append(token.ent_type_)
            columns["is_alpha"].append(token.is_alpha)
            columns["is_stop"].append(token.is_stop)
            columns["is_punct"].append(token.is_punct)
        entities = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        problems: list[str] = []
        # A failure in one analysis loses that analysis for this document, never the batch.
        try:
            with time_budget(seconds):
                citations, references = extract_citations(item.text, "")
        except Exception as exc:  # noqa: BLE001 - reported per document, the run goes on
            citations, references = [], []
            problems.append(f"citations: {_describe(exc)}")
        body_end = min((ref["start"] for ref in references), default=None)
        try:
            with time_budget(seconds):
                speech = analyze_speech(doc, "", body_end)
        except Exception as exc:  # noqa: BLE001
            speech = SpeechAnalysis([], [])
            problems.append(f"reported speech: {_describe(exc)}")
        docs.append(
            DocAnnotation(
                item.doc_id,
                item.content_hash,
                sentences,
                entities,
                len(doc),
                quotes=[_without_doc(row) for row in speech.quotes],
                actors=speech.actors,
                citations=[_without_doc(row) for row in citations],
                references=references,
                problems=problems,
            )
        )
    return BatchAnnotation(docs, pa.Table.from_pydict(columns, schema=TOKEN_SCHEMA))


def _describe(error: Exception) -> str:
    if isinstance(error, BudgetExceeded):
        return f"{error} (--time-budget)"
    return f"{error.__class__.__name__}: {error}"


def _without_doc(row: dict) -> dict:
    # the store knows the document by id; readers put its name back
    return {key: value for key, value in row.items() if key != "doc"}
