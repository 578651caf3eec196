"""Dispersion: whether a word is spread over a corpus or packed into a few of its parts.

Juilland's D (1 = perfectly even) from the relative frequencies in each part, and Gries's
DP (0 = perfectly even) with its normalised form DP_norm (Gries 2008; Lijffijt & Gries 2012),
which takes the parts' sizes into account. Rows are words, columns the corpus parts
(documents, years, speakers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex


def dispersion_scores(counts, part_sizes) -> pd.DataFrame:
    """Frequency, range (parts with the word), Juilland's D, DP and DP_norm for each row of
    ``counts`` (words x parts), given the size of each part in tokens.

    >>> dispersion_scores([[2, 0, 2, 0], [1, 1, 1, 1]], [100, 100, 100, 100]).round(4)
       frequency  range  juilland_d   dp  dp_norm
    0        4.0    2.0      0.4226  0.5   0.6667
    1        4.0    4.0      1.0000  0.0   0.0000
    """
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    sizes = np.asarray(part_sizes, dtype=float)
    if counts.shape[1] != sizes.shape[0] or counts.shape[1] < 2:
        raise ValueError("one size per part, and at least two parts")
    if np.any(sizes <= 0) or np.any(counts < 0) or np.any(counts > sizes):
        raise ValueError("part sizes must be positive and hold the counts")
    frequency = counts.sum(axis=1)
    expected_share = sizes / sizes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        observed_share = counts / frequency[:, None]
        dp = 0.5 * np.abs(observed_share - expected_share).sum(axis=1)
        relative = counts / sizes
        mean = relative.mean(axis=1)
        variation = relative.std(axis=1) / mean
        juilland = 1 - variation / np.sqrt(counts.shape[1] - 1)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "range": (counts > 0).sum(axis=1).astype(float),
            "juilland_d": juilland,
            "dp": dp,
            "dp_norm": dp / (1 - expected_share.min()),
        }
    )


def term_dispersion(
    index: TokenIndex,
    terms: list[str],
    groups: pd.Series,
    *,
    within: np.ndarray | None = None,
) -> pd.DataFrame:
    """Dispersion of each term (a query) over the parts ``groups`` makes of the documents
    (document ids to a part, as ``subcorpus.document_groups`` gives; by document, each document
    is a part). Part sizes are their words (tokens that are not punctuation)."""
    from discursus.analysis.subcorpus import word_counts_by_document
    from discursus.analysis.trend import counts_by_document

    per_doc = groups.reindex(index.doc_ids.tolist()).to_numpy()
    labels = sorted({g for g in per_doc if g is not None}, key=str)
    members = np.array([[g == label for g in per_doc] for label in labels]).reshape(
        len(labels), len(per_doc)
    )
    words = word_counts_by_document(index, within)
    sizes = members @ words
    parts = sizes > 0
    if parts.sum() < 2:
        raise DiscursusError(
            f"dispersion needs at least two parts that hold words; this grouping gives "
            f"{int(parts.sum())}: choose another (doc, year, or a metadata field)"
        )
    counts = np.array(
        [members[parts] @ counts_by_document(index, term, within) for term in terms]
    ).reshape(len(terms), int(parts.sum()))
    table = dispersion_scores(counts, sizes[parts])
    table = table.astype({"frequency": int, "range": int})
    table.insert(0, "term", terms)
    table.insert(2, "parts", int(parts.sum()))
    return table
