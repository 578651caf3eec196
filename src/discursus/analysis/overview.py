"""What is in a corpus: documents over time, by outlet and speaker, and who is mentioned."""

from __future__ import annotations

import re

import pandas as pd

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def documents_over_time(docs: pd.DataFrame, *, freq: str | None = None) -> pd.DataFrame:
    """Documents and words per period of the ``date`` column; undated documents are left out.

    ``freq`` is ``"year"``, ``"month"`` or ``"day"``; by default the finest that still gives
    at most about 40 periods over the corpus's span.

    >>> docs = pd.DataFrame({"date": ["2023-05-02", "2023-05-20", "2024"], "n_words": [10, 5, 7]})
    >>> documents_over_time(docs, freq="year").values.tolist()
    [['2023', 2, 15], ['2024', 1, 7]]
    >>> documents_over_time(docs, freq="month").values.tolist()
    [['2023-05', 2, 15]]
    """
    dated = docs.dropna(subset=["date"])
    dated = dated[dated["date"].astype(str).str.match(r"^\d{4}")]
    if dated.empty:
        return pd.DataFrame({"period": [], "documents": [], "words": []})
    dates = dated["date"].astype(str)
    if freq is None:
        years = dates.str[:4].astype(int)
        span = years.max() - years.min()
        freq = "year" if span > 3 else "month" if span >= 1 or dates.str.len().max() < 10 else "day"
    width = {"year": 4, "month": 7, "day": 10}[freq]
    dated = dated[dates.str.len() >= width]  # "2023" says nothing about its month
    periods = dated["date"].astype(str).str[:width]
    frame = pd.DataFrame({"period": periods, "words": dated["n_words"].to_numpy()})
    out = frame.groupby("period").agg(documents=("words", "size"), words=("words", "sum"))
    if freq != "day" and not out.empty:
        # Periods without documents are shown as zero, so a gap in the corpus stays visible.
        code = {"year": "Y", "month": "M"}[freq]
        every = pd.period_range(out.index.min(), out.index.max(), freq=code).astype(str)
        out = out.reindex(every, fill_value=0)
        out.index.name = "period"
    return out.reset_index().astype({"documents": int, "words": int})


def counts_by(docs: pd.DataFrame, column: str, *, missing: str = "(none)") -> pd.DataFrame:
    """Documents and words for each value of a metadata column, most documents first.

    >>> docs = pd.DataFrame({"outlet": ["A", None, "A"], "n_words": [3, 4, 5]})
    >>> counts_by(docs, "outlet").to_dict("records")
    [{'outlet': 'A', 'documents': 2, 'words': 8}, {'outlet': '(none)', 'documents': 1, 'words': 4}]
    """
    values = docs[column].fillna(missing).replace("", missing)
    frame = pd.DataFrame({column: values, "words": docs["n_words"].to_numpy()})
    out = frame.groupby(column).agg(documents=("words", "size"), words=("words", "sum"))
    out = out.reset_index().sort_values(["documents", column], ascending=[False, True])
    return out.reset_index(drop=True).astype({"documents": int, "words": int})


_DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def entity_key(text: str) -> str:
    """How mentions of one entity are grouped: without a leading article or possessive.

    >>> entity_key("the Ministry of Trade's"), entity_key("The Ministry of Trade")
    ('Ministry of Trade', 'Ministry of Trade')
    """
    return _POSSESSIVE.sub("", _DETERMINER.sub("", text.strip())).strip()


def top_entities(
    entities: pd.DataFrame, *, labels: tuple[str, ...] = ACTOR_LABELS, n: int = 25
) -> pd.DataFrame:
    """The most mentioned named entities, with where each is first mentioned.

    Mentions are grouped by :func:`entity_key`, so "the Ministry of Trade's" counts for the
    Ministry of Trade; ``label`` is the label the model gave most often. Returns
    ``text, label, mentions, documents, doc_id, start, end``: the last three locate the first
    mention, so every count can be checked against its passage.
    """
    columns = ["text", "label", "mentions", "documents", "doc_id", "start", "end"]
    chosen = entities[entities["label"].isin(labels)]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    chosen = chosen.assign(key=chosen["text"].map(entity_key)).sort_values(["doc_id", "start"])
    chosen = chosen[chosen["key"] != ""]
    grouped = chosen.groupby("key", sort=False)
    out = grouped.agg(
        label=("label", lambda labels: labels.value_counts().index[0]),
        mentions=("doc_id", "size"),
        documents=("doc_id", "nunique"),
        doc_id=("doc_id", "first"),
        start=("start", "first"),
        end=("end", "first"),
    ).reset_index()
    out = out.rename(columns={"key": "text"})
    out = out.sort_values(["mentions", "documents", "text"], ascending=[False, False, True])
    return out.head(n).reset_index(drop=True)[columns]
