"""The parse: sentences, tokens, lemmas, POS, dependencies and entities from spaCy.

The engine runs the pipeline once per document (``nlp.pipe`` over a batch) and hands the Doc
to this component, which turns it into rows; its token rows go to the project's Parquet
shards. When the parse is fresh and another component must re-run, the Doc is rebuilt from
those token rows (:func:`doc_from_tokens`) instead of parsing again.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from discursus.annotate.records import TOKEN_SCHEMA, AnnotatorInput
from discursus.registry import PARSE, annotator
from discursus.tablespec import Field, TableSpec

SENTENCES = TableSpec(
    "sentences",
    (
        Field("sent_index", "int", nullable=False),
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
    ),
    remainder=False,
    order=("sent_index",),
    unique=("sent_index",),
    output=("sent_index", "start", "end"),
    description="one row per sentence",
)
ENTITIES = TableSpec(
    "entities",
    (
        Field("start", "int", nullable=False),
        Field("end", "int", nullable=False),
        Field("label", "str", nullable=False),
        Field("text", "str", nullable=False),
    ),
    remainder=False,
    output=("start", "end", "label", "text"),
    description="named entities",
)


@annotator(PARSE, version="1", produces=(SENTENCES, ENTITIES), label="parse")
def parse(item: AnnotatorInput, config: dict[str, Any]) -> dict[str, list[dict]]:
    """Sentences and named entities of the spaCy parse (tokens go to the Parquet shards)."""
    doc = item.doc
    if not item.text.strip():  # whitespace has tokens but says nothing (the text, not Doc.text)
        return {"sentences": [], "entities": []}
    return {
        "sentences": [
            {"sent_index": index, "start": sent.start_char, "end": sent.end_char}
            for index, sent in enumerate(doc.sents)
        ],
        "entities": [
            {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
            for e in doc.ents
        ],
    }


def add_token_rows(doc, doc_id: int, columns: dict[str, list]) -> None:
    """Append the token rows of ``doc`` (see ``TOKEN_SCHEMA``) to ``columns``."""
    sent_of: dict[int, int] = {}
    for index, sent in enumerate(doc.sents):
        for token_index in range(sent.start, sent.end):
            sent_of[token_index] = index
    for token in doc:
        columns["doc_id"].append(doc_id)
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


def empty_token_columns() -> dict[str, list]:
    return {name: [] for name in TOKEN_SCHEMA.names}


def doc_from_tokens(vocab, tokens: pa.Table, text: str):
    """The spaCy Doc of one document rebuilt from its stored token rows: words and spaces,
    lemmas, tags, POS, dependencies (sentences follow from them) and entities. Raises
    ValueError if the rows do not spell ``text`` (a shard that does not belong to it)."""
    from spacy.tokens import Doc

    columns = tokens.sort_by("i").to_pydict()
    n = len(columns["i"])
    if n == 0:
        doc = Doc(vocab, words=[], spaces=[])
        if text.strip():
            raise ValueError("no stored tokens for a non-empty text")
        return doc
    # the rows must spell the text: checked on the columns (spaCy's Doc.text makes a Token
    # object of every word to say it)
    if "".join(map(str.__add__, columns["text"], columns["whitespace"])) != text:
        raise ValueError("the stored tokens do not spell the document's text")
    ents = [
        f"{iob}-{kind}" if iob in ("B", "I") else ("O" if iob == "O" else "")
        for iob, kind in zip(columns["ent_iob"], columns["ent_type"], strict=True)
    ]
    doc = Doc(
        vocab,
        words=columns["text"],
        spaces=[bool(w) for w in columns["whitespace"]],
        lemmas=columns["lemma"],
        tags=columns["tag"],
        pos=columns["pos"],
        deps=columns["dep"],
        heads=columns["head"],
        sent_starts=[i == 0 or columns["sent"][i] != columns["sent"][i - 1] for i in range(n)],
        ents=ents if any(ents) else None,
    )
    return doc
