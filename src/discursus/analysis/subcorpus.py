"""Sub-corpora as sets of index positions: documents a ``--where`` filter keeps, and the words
one speaker is reported to have said.

A sub-corpus is a boolean array over the index's positions, so filters combine with ``&`` and
every analysis takes one the same way (coded passages will join as one more such mask).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from discursus.analysis.filters import field_values, select_documents
from discursus.store.token_index import TokenIndex


def documents_mask(index: TokenIndex, doc_ids: Iterable[int]) -> np.ndarray:
    """The positions of the documents ``doc_ids``."""
    wanted = np.isin(index.doc_ids, np.fromiter(doc_ids, dtype=np.int64))
    return np.repeat(wanted, np.diff(index.doc_bounds))


def where_mask(index: TokenIndex, documents: pd.DataFrame, where: str | None) -> np.ndarray:
    """The positions of the documents (rows of ``Project.documents()``) a filter keeps."""
    if not where:
        return np.ones(index.n_tokens, bool)
    return documents_mask(index, select_documents(documents, where)["id"])


def spans_mask(index: TokenIndex, spans: Iterable[tuple[str, int, int]]) -> np.ndarray:
    """The tokens lying inside any (document name, start, end) character span."""
    mask = np.zeros(index.n_tokens, bool)
    number = {name: k for k, name in enumerate(index.doc_names)}
    for doc, start, end in spans:
        k = number.get(doc)
        if k is None:
            continue
        low, high = index.doc_bounds[k], index.doc_bounds[k + 1]
        first = low + np.searchsorted(index.start[low:high], start, side="left")
        last = low + np.searchsorted(index.end[low:high], end, side="right")
        mask[first:last] = True
    return mask


def speaker_mask(index: TokenIndex, quote_rows: list[dict], speaker: str) -> np.ndarray:
    """The words reported as said by ``speaker`` (canonical name, any case): the content of
    their quotes, each fragment of a split quote on its own (``Project.quote_rows()``)."""
    wanted = speaker.casefold()
    spans = []
    for row in quote_rows:
        if (row.get("speaker") or "").casefold() != wanted:
            continue
        pieces = row.get("fragments") or [row]
        spans.extend((row["doc"], piece["start"], piece["end"]) for piece in pieces)
    return spans_mask(index, spans)


def code_mask(index: TokenIndex, codings: pd.DataFrame, code: str) -> np.ndarray:
    """The words of the passages coded ``code`` (rows of ``Project.codings()``): a person's
    codings and accepted suggestions, and suggestions no person rejected at their place."""
    rows = codings[codings.code == code]
    rejected = {(r.doc, r.start, r.end) for r in rows.itertuples() if r.status == "rejected"}
    spans = [
        (r.doc, r.start, r.end)
        for r in rows.itertuples()
        if r.status != "rejected" and (r.doc, r.start, r.end) not in rejected
    ]
    return spans_mask(index, spans)


def document_groups(documents: pd.DataFrame, by: str) -> pd.Series:
    """Each document's group (indexed by document id): ``doc``, ``year`` and ``month`` (from
    the date), or any document column or metadata field; None where a document has none."""
    if by in ("doc", "document"):
        values = documents["name"]
    elif by in ("year", "month"):
        width = 4 if by == "year" else 7
        dates = documents["date"].astype("string")
        values = dates.where(dates.str.len() >= width).str[:width]
    else:
        values = field_values(documents, by)
    return pd.Series(values.to_numpy(), index=documents["id"].to_numpy(), dtype=object).where(
        lambda v: v.notna(), None
    )


def words_mask(index: TokenIndex, within: np.ndarray | None) -> np.ndarray:
    """The words (tokens that are not punctuation) among the positions ``within`` marks (all
    when None): what frequencies per million, keywords and dispersion count."""
    words = ~np.asarray(index.is_punct)
    return words if within is None else words & within


def word_counts_by_document(index: TokenIndex, within: np.ndarray | None) -> np.ndarray:
    """Words (tokens that are not punctuation) of each indexed document, in index order."""
    words = words_mask(index, within)
    cumulative = np.r_[0, np.cumsum(words)]
    return cumulative[index.doc_bounds[1:]] - cumulative[index.doc_bounds[:-1]]


# metadata that describes the file, not the discourse: never a grouping
NOT_GROUPS = frozenset(
    {"encoding", "language", "language_detected", "language_score", "format", "title"}
)


def grouping_field(documents: pd.DataFrame, most: int = 8) -> str | None:
    """The metadata field that best splits the corpus into a few groups (2 to ``most``
    values; the most documents covered, then the fewest values), None if none does."""
    candidates = ["speaker", "outlet", "author"]
    for meta in documents["meta"]:
        candidates += [k for k in meta or {} if k not in candidates and k not in NOT_GROUPS]
    best, best_key = None, None
    for field in candidates:
        values = document_groups(documents, field).dropna().astype(str)
        distinct = values.nunique()
        if 2 <= distinct <= most:
            key = (len(values), -distinct)
            if best_key is None or key > best_key:
                best, best_key = field, key
    return best
