"""Reading PolNeAR (../shared/data/polnear) for the quote benchmarks: texts, gold attributions
and parsed documents (cached under bench/.cache so a second run does not parse again)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
CACHE = Path(__file__).resolve().parent / ".cache"


def texts(split: str) -> dict[str, str]:
    folder = ROOT / split / "text"
    # newline="" keeps the text exactly as the gold offsets count it
    return {
        path.stem: path.open(encoding="utf-8", newline="").read()
        for path in sorted(folder.glob("*.txt"))
    }


def gold(split: str) -> dict[str, list[dict]]:
    """Gold attributions per document; where several annotators did one text, the first
    annotator (by id) is the gold, so no attribution counts twice."""
    by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    with (ROOT / "attributions_flat.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["compartment"] == split:
                by_doc[row["doc"]][row["annotator"]].append(row)
    return {doc: annotators[min(annotators)] for doc, annotators in by_doc.items()}


def parsed(split: str, nlp) -> dict[str, object]:
    """spaCy docs for the split, parsed once and cached as a DocBin keyed by the model."""
    from spacy.tokens import DocBin

    corpus = texts(split)
    key = f"{nlp.meta['name']}-{nlp.meta['version']}-{split}"
    cache = CACHE / f"polnear-{key}.spacy"
    names = list(corpus)
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(names):
            return dict(zip(names, docs, strict=True))
    docs = list(nlp.pipe(corpus.values(), batch_size=16))
    CACHE.mkdir(exist_ok=True)
    DocBin(docs=docs).to_disk(cache)
    return dict(zip(names, docs, strict=True))
