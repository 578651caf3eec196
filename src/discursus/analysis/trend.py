"""How often a query matches in each group of documents: years, months, speakers, outlets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis.query import find
from discursus.analysis.subcorpus import word_counts_by_document
from discursus.store.token_index import TokenIndex

TREND_COLUMNS = ["term", "group", "frequency", "words", "per_million", "documents"]


def counts_by_document(
    index: TokenIndex, query: str, within: np.ndarray | None = None
) -> np.ndarray:
    """Matches of ``query`` in each indexed document, in index order."""
    matches = find(index, query, within=within)
    return np.bincount(index.doc_of(matches.begin), minlength=len(index.doc_ids))


def trend(
    index: TokenIndex,
    terms: list[str],
    groups: pd.Series,
    *,
    within: np.ndarray | None = None,
) -> pd.DataFrame:
    """For each term (a query) and group (``groups`` maps document ids to one, as
    ``subcorpus.document_groups`` gives): matches, words in the group, matches per million
    words, and documents with a match. Groups sort as text, so years and months are in order."""
    per_doc = groups.reindex(index.doc_ids.tolist()).to_numpy()
    words = word_counts_by_document(index, within)
    labels = sorted({g for g in per_doc if g is not None}, key=str)
    rows = []
    for term in terms:
        counts = counts_by_document(index, term, within)
        for label in labels:
            member = per_doc == label
            frequency = int(counts[member].sum())
            size = int(words[member].sum())
            rows.append(
                (
                    term,
                    label,
                    frequency,
                    size,
                    frequency / size * 1e6 if size else 0.0,
                    int((counts[member] > 0).sum()),
                )
            )
    return pd.DataFrame(rows, columns=TREND_COLUMNS)
