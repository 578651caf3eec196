"""Keyness: which words a target corpus uses more (or less) than a reference corpus.

For a word seen ``a`` times in a target of ``c`` tokens and ``b`` times in a reference of
``d`` tokens: log-likelihood G2 (Rayson & Garside 2000) with its p-value (chi-square, 1 df) and
BIC (Wilson 2013) for significance, and two effect sizes, Log Ratio (Hardie 2014) and %DIFF
(Gabrielatos & Marchi 2012). Vectorised over a whole vocabulary.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from discursus.analysis.association import g2_term
from discursus.analysis.subcorpus import words_mask
from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex

# Log Ratio and %DIFF divide by a frequency: a word absent from one side counts as this much
# there, so the effect stays finite and comparable (Hardie 2014 uses 0.5)
ZERO_FREQUENCY = 0.5


def keyness_scores(a, b, c, d) -> pd.DataFrame:
    """Keyness of words seen ``a`` times in a target of ``c`` tokens and ``b`` times in a
    reference of ``d`` tokens (scalars or arrays of one length).

    >>> keyness_scores(20, 5, 10_000, 20_000).round(4).iloc[0].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'target': 20.0, 'reference': 5.0, 'expected_target': 8.3333,
     'expected_reference': 16.6667, 'll': 22.979, 'p': 0.0, 'bic': 12.6701,
     'log_ratio': 3.0, 'pct_diff': 700.0, 'direction': 1.0}
    """
    a, b, c, d = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (a, b, c, d))
    a, b, c, d = np.broadcast_arrays(a, b, c, d)
    if np.any(a > c) or np.any(b > d) or np.any((c <= 0) | (d <= 0)):
        raise ValueError("a word cannot occur more often than its corpus has tokens")
    total = a + b
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    ll = 2 * (g2_term(a, e1) + g2_term(b, e2))
    # chi-square survival function with one degree of freedom
    p = np.array([math.erfc(math.sqrt(x / 2)) if x > 0 else 1.0 for x in ll])
    bic = ll - np.log(c + d)
    rel_a = np.where(a > 0, a, ZERO_FREQUENCY) / c
    rel_b = np.where(b > 0, b, ZERO_FREQUENCY) / d
    return pd.DataFrame(
        {
            "target": a,
            "reference": b,
            "expected_target": e1,
            "expected_reference": e2,
            "ll": ll,
            "p": p,
            "bic": bic,
            "log_ratio": np.log2(rel_a / rel_b),
            "pct_diff": (rel_a - rel_b) / rel_b * 100,
            "direction": np.sign(a / c - b / d),
        }
    )


# wordfreq's English frequencies are read as a reference corpus of this many words: enough that
# its finest frequency step (1e-8) still counts 10
GENERAL_REFERENCE_WORDS = 1_000_000_000
KEYWORD_COLUMNS = [
    "word",
    "target",
    "reference",
    "expected_target",
    "expected_reference",
    "ll",
    "p",
    "bic",
    "log_ratio",
    "pct_diff",
    "direction",
]


def word_frequencies(
    index: TokenIndex, within: np.ndarray | None, layer: str = "lower"
) -> np.ndarray:
    """How often each id of ``layer`` occurs as a word (punctuation left out) in the
    positions ``within`` marks (all when None)."""
    words = words_mask(index, within)
    return np.bincount(index.ids(layer)[words], minlength=len(index.lexicon(layer)))


def keywords(
    index: TokenIndex,
    target: np.ndarray | None,
    reference: np.ndarray | str | None = None,
    *,
    layer: str = "lower",
    min_frequency: int = 3,
    negative: bool = False,
    limit: int | None = 50,
) -> pd.DataFrame:
    """The words of ``target`` (a position mask; None for the whole corpus) that are key
    against ``reference``: another mask, ``"rest"`` (or None: the corpus outside the target),
    or ``"general"`` (English word frequencies from the ``wordfreq`` package, letters-only
    words). Sorted by log-likelihood; with ``negative``, words used less than in the reference
    are listed too (``direction`` -1).
    """
    a = word_frequencies(index, target, layer)
    strings = index.lexicon(layer).strings
    if isinstance(reference, str) and reference == "general":
        letters = np.array([s.isalpha() for s in strings], bool)
        a = np.where(letters, a, 0)
        b = _general_counts(strings)
        d = GENERAL_REFERENCE_WORDS
    else:
        if reference is None or (isinstance(reference, str) and reference == "rest"):
            if target is None:
                raise DiscursusError("the whole corpus has no rest to compare with")
            reference = ~target
        elif isinstance(reference, str):
            raise DiscursusError(f"reference {reference!r}: give a sub-corpus, 'rest' or 'general'")
        b = word_frequencies(index, reference, layer)
        d = int(b.sum())
    c = int(a.sum())
    if c == 0 or d == 0:
        raise DiscursusError(
            "the target or the reference holds no words: check --target and --reference"
        )
    found = np.flatnonzero(a >= max(min_frequency, 1))
    scores = keyness_scores(a[found], b[found], c, d)
    scores.insert(0, "word", [strings[i] for i in found])
    scores["target"] = scores["target"].astype(int)
    scores["reference"] = scores["reference"].astype(int)
    if not negative:
        scores = scores[scores["direction"] > 0]
    scores = scores.sort_values(["ll", "target"], ascending=False, kind="stable")
    scores = scores.reset_index(drop=True)[KEYWORD_COLUMNS]
    scores.attrs.update(target_words=c, reference_words=d)
    return scores if limit is None else scores.head(limit)


def _general_counts(strings: list[str]) -> np.ndarray:
    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("en")
    return np.array(
        [round(frequencies.get(s, 0.0) * GENERAL_REFERENCE_WORDS) for s in strings], dtype=float
    )


def keywords_by_group(
    index: TokenIndex, groups: pd.Series, *, within: np.ndarray | None = None, **options
) -> pd.DataFrame:
    """Keywords of each group of documents against all the others at once (``groups`` maps
    document ids to a group, as ``subcorpus.document_groups`` gives), in the positions
    ``within`` marks; a ``group`` column first."""
    per_doc = groups.reindex(index.doc_ids.tolist()).to_numpy()
    sizes = np.diff(index.doc_bounds)
    tables = []
    for group in sorted({g for g in per_doc if g is not None}, key=str):
        target = np.repeat(per_doc == group, sizes)
        rest = ~target
        if within is not None:
            target, rest = target & within, rest & within
        if not target.any() or not rest.any():
            continue
        table = keywords(index, target, rest, **options)
        table.insert(0, "group", group)
        tables.append(table)
    if not tables:
        return pd.DataFrame(columns=["group", *KEYWORD_COLUMNS])
    return pd.concat(tables, ignore_index=True)


def _noun_counts(index: TokenIndex) -> np.ndarray:
    """How often each lower-case word of the lexicon is tagged NOUN."""
    lower, pos = index.ids("lower"), index.ids("pos")
    noun_id = index.lexicon("pos").ids.get("NOUN", -1)
    return np.bincount(lower[pos == noun_id], minlength=len(index.lexicon("lower")))


def key_nouns(index: TokenIndex, keywords: pd.DataFrame, n: int = 5) -> list[str]:
    """The first ``n`` words of a keyword table (its ``word`` column, best first) that are
    nouns: tagged NOUN in more than half of their occurrences in the corpus."""
    lexicon = index.lexicon("lower")
    share = _noun_counts(index) / np.maximum(lexicon.frequencies, 1)
    return [w for w in keywords["word"] if w in lexicon.ids and share[lexicon.ids[w]] > 0.5][:n]


def common_nouns(index: TokenIndex, min_frequency: int = 2) -> frozenset[str]:
    """The lower-case words tagged NOUN at least ``min_frequency`` times."""
    strings = index.lexicon("lower").strings
    return frozenset(strings[i] for i in np.flatnonzero(_noun_counts(index) >= min_frequency))
