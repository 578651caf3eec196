"""N-grams: runs of ``n`` words within a sentence, with how often and in how many documents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis.subcorpus import words_mask
from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex

NGRAM_COLUMNS = ["ngram", "frequency", "documents", "per_million"]


def ngrams(
    index: TokenIndex,
    n: int = 2,
    *,
    within: np.ndarray | None = None,
    layer: str = "lower",
    min_frequency: int = 2,
    punctuation: bool = False,
    limit: int | None = 100,
) -> pd.DataFrame:
    """The n-grams of ``layer`` in the positions ``within`` marks, most frequent first.
    An n-gram never crosses a sentence and, unless ``punctuation``, holds no punctuation.
    ``per_million`` is per million words (tokens that are not punctuation) of the sub-corpus.
    """
    if not 1 <= n <= 8:
        raise DiscursusError(f"n must be from 1 to 8, not {n}")
    ids = index.ids(layer)
    words = words_mask(index, within)
    if punctuation:
        usable = np.ones(index.n_tokens, bool) if within is None else within
    else:
        usable = words
    count = index.n_tokens - n + 1
    if count <= 0:
        return pd.DataFrame(columns=NGRAM_COLUMNS)
    starts = usable[:count].copy()
    sentence = np.asarray(index.sent)
    for k in range(1, n):
        starts &= usable[k : k + count] & (sentence[k : k + count] == sentence[:count])
    starts = np.flatnonzero(starts)
    grams = np.stack([ids[starts + k] for k in range(n)], axis=1)
    unique, inverse, frequency = np.unique(grams, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    keep = np.flatnonzero(frequency >= min_frequency)
    docs = index.doc_of(starts)
    pairs = np.unique(inverse.astype(np.int64) * len(index.doc_ids) + docs)
    documents = np.bincount(pairs // len(index.doc_ids), minlength=len(unique))
    order = keep[np.lexsort((np.arange(len(keep)), -frequency[keep]))]
    if limit is not None:
        order = order[:limit]
    strings = index.lexicon(layer).strings
    return pd.DataFrame(
        {
            "ngram": [" ".join(strings[i] for i in unique[g]) for g in order],
            "frequency": frequency[order],
            "documents": documents[order],
            "per_million": frequency[order] / max(int(words.sum()), 1) * 1e6,
        },
        columns=NGRAM_COLUMNS,
    )
