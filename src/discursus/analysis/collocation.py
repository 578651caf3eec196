"""Collocates: the words that keep company with a node, ranked by an association measure.

Counting follows Evert (2008) for surface co-occurrence, as CQPweb does: the window positions of
every node occurrence (``left`` tokens before, ``right`` after, within its document) are pooled,
a position counted once however many windows reach it. Then for a collocate ``w``

- O11 = how many window positions hold ``w``,
- R1 = how many window positions there are,
- C1 = how often ``w`` occurs in the (sub-)corpus, N = the (sub-)corpus size in tokens,

and every measure in :mod:`discursus.analysis.association` comes from that 2x2 table. With a
window of one token to the right, O11 and C1 are the counts NLTK's ``BigramCollocationFinder``
takes, and the scores equal its ``BigramAssocMeasures``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis.association import MEASURES, association_scores
from discursus.analysis.query import Element, find
from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex

COLLOCATE_COLUMNS = ["collocate", "frequency", "expected", "collocate_frequency", *MEASURES]


def window_positions(
    index: TokenIndex, begin: np.ndarray, end: np.ndarray, left: int, right: int
) -> np.ndarray:
    """The distinct positions up to ``left`` tokens before and ``right`` after each span
    ``begin .. end-1``, inside the span's document (another occurrence of the node in a
    window counts, as in any window)."""
    docs = index.doc_of(begin)
    low, high = index.doc_bounds[docs], index.doc_bounds[docs + 1]
    pieces = []
    for step in range(1, left + 1):
        where = begin - step
        pieces.append(where[where >= low])
    for step in range(right):
        where = end + step
        pieces.append(where[where < high])
    if not pieces:
        return np.zeros(0, np.int64)
    return np.unique(np.concatenate(pieces))


def collocates(
    index: TokenIndex,
    node: str | list[Element],
    *,
    within: np.ndarray | None = None,
    left: int = 5,
    right: int = 5,
    layer: str = "lower",
    measure: str = "ll",
    min_frequency: int = 3,
    min_collocate_frequency: int = 3,
    punctuation: bool = False,
    stop_words: bool = True,
    limit: int | None = 50,
) -> pd.DataFrame:
    """The collocates of ``node`` (a query) in the positions ``within`` marks (all when None),
    counted on ``layer`` (lower, word, lemma, pos), sorted by ``measure``.

    Columns: collocate, frequency (O11), expected (E11), collocate_frequency (C1), and every
    measure (ll, mi, mi3, t, dice, logdice). Punctuation is counted in windows and corpus size,
    as CQP does, but not listed unless ``punctuation`` is true; likewise spaCy's English stop
    words ("the", "of") when ``stop_words`` is false.
    """
    if measure not in MEASURES:
        raise DiscursusError(f"no measure {measure!r}; measures: {', '.join(MEASURES)}")
    if left < 0 or right < 0 or left + right == 0:
        raise DiscursusError(f"the window {left},{right} holds no token: give e.g. 5,5")
    matches = find(index, node, within=within)
    ids = index.ids(layer)
    size = len(index.lexicon(layer))
    if within is None:
        corpus_counts = index.lexicon(layer).frequencies
        n = index.n_tokens
    else:
        corpus_counts = np.bincount(ids[within], minlength=size)
        n = int(within.sum())
    positions = window_positions(index, matches.begin, matches.end, left, right)
    if within is not None:
        positions = positions[within[positions]]
    observed = np.bincount(ids[positions], minlength=size)
    keep = (observed >= max(min_frequency, 1)) & (corpus_counts >= min_collocate_frequency)
    if not punctuation:
        keep &= ~_punctuation_ids(index, layer, size)
    if not stop_words:
        from spacy.lang.en.stop_words import STOP_WORDS

        keep &= ~np.array([s.lower() in STOP_WORDS for s in index.lexicon(layer).strings], bool)
    found = np.flatnonzero(keep)
    scores = association_scores(observed[found], len(positions), corpus_counts[found], max(n, 1))
    strings = index.lexicon(layer).strings
    table = pd.DataFrame(
        {
            "collocate": [strings[i] for i in found],
            "frequency": observed[found],
            "expected": scores["expected"].to_numpy(),
            "collocate_frequency": corpus_counts[found],
            **{m: scores[m].to_numpy() for m in MEASURES},
        },
        columns=COLLOCATE_COLUMNS,
    )
    table = table.sort_values([measure, "frequency"], ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    table.attrs.update(node_matches=len(matches), window_tokens=len(positions), corpus_tokens=n)
    return table if limit is None else table.head(limit)


def _punctuation_ids(index: TokenIndex, layer: str, size: int) -> np.ndarray:
    """Ids of the layer whose tokens are punctuation (or whose POS is PUNCT/SYM)."""
    if layer == "pos":
        return np.isin(index.lexicon("pos").strings, ["PUNCT", "SYM"])
    punct = np.bincount(index.ids(layer)[index.is_punct], minlength=size)
    return punct > 0
