"""Agreement between coders: percent agreement, Cohen's kappa and Krippendorff's alpha, per
code and over all codes, with the disagreements listed.

The units are the sentences of the documents each coder worked on. A coder says yes to code C
on a sentence when one of their codings with C overlaps it, and no otherwise; on a document
they never worked on they say nothing (missing data, which alpha allows and kappa leaves
out). A person's codings are the ones they coded or accepted (what they rejected says no); an
automatic coder's are its suggestions, so it is measured like anyone.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
import pandas as pd

from discursus.annotate.components.codes import PERSON_YES
from discursus.errors import DiscursusError

SUMMARY_COLUMNS = ["code", "units", "coded", "percent", "kappa", "alpha"]


def coder_values(
    codings: pd.DataFrame, sentences: pd.DataFrame, coders: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """One row per (document, sentence) of the documents any coder worked on, with, per
    coder and code, 1 (yes), 0 (no) or NaN (that coder never worked on the document).

    ``codings`` are rows of ``Project.codings()``, ``sentences`` of ``Project.sentences()``
    with a ``doc`` column. Returns the table (columns doc, start, end, then
    ``coder\\x1fcode``) and each coder's documents.
    """
    worked: dict[str, set[str]] = {}
    for coder in coders:
        mine = codings[codings.coder == coder]
        if mine.empty:
            raise DiscursusError(
                f"coder {coder!r} has no codings; coders: "
                f"{', '.join(sorted(set(codings.coder))) or 'none'}"
            )
        worked[coder] = set(mine.doc)
    docs = sorted(set().union(*worked.values()))
    units = sentences[sentences.doc.isin(docs)].sort_values(["doc", "start"])
    units = units[["doc", "start", "end"]].reset_index(drop=True)
    codes = sorted(set(codings[codings.coder.isin(coders)].code))
    index = {doc: group for doc, group in units.groupby("doc")}
    values = {}
    for coder in coders:
        mine = codings[(codings.coder == coder) & _says_yes(codings)]
        for code in codes:
            column = np.where(units.doc.isin(worked[coder]), 0.0, np.nan)
            for row in mine[mine.code == code].itertuples():
                group = index.get(row.doc)
                if group is None:
                    continue
                starts = group.start.to_numpy()
                ends = group.end.to_numpy()
                first = max(bisect.bisect_right(starts, row.start) - 1, 0)
                for at in range(first, len(starts)):
                    if starts[at] >= row.end:
                        break
                    if ends[at] > row.start:  # the coding overlaps this sentence
                        column[group.index[at]] = 1.0
            values[f"{coder}\x1f{code}"] = column
    return pd.concat([units, pd.DataFrame(values)], axis=1), worked


def _says_yes(codings: pd.DataFrame) -> pd.Series:
    person = codings.origin == "manual"
    yes = (person & codings.status.isin(PERSON_YES)) | (~person & (codings.status != "rejected"))
    if "anchor" in codings:  # a coding a changed text lost says nothing until it is placed
        yes &= codings.anchor.ne("unplaced")
    return yes


def agreement(
    codings: pd.DataFrame,
    sentences: pd.DataFrame,
    coders: Sequence[str],
    codes: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per code and overall (``code`` "(all codes)"): units coded by every coder, units any
    of them said yes on, percent agreement, Cohen's kappa (two coders) and Krippendorff's
    alpha (nominal; any number of coders, missing data allowed); and the disagreements:
    doc, start, end, code and each coder's value."""
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    coders = list(dict.fromkeys(coders))
    if len(coders) < 2:
        raise DiscursusError("agreement needs two coders or more, e.g. --coders Lena,rules")
    table, _ = coder_values(codings, sentences, coders)
    all_codes = sorted({c.split("\x1f", 1)[1] for c in table.columns if "\x1f" in c})
    wanted = list(codes) if codes else all_codes
    unknown = sorted(set(wanted) - set(all_codes))
    if unknown:
        raise DiscursusError(
            f"no codings of {', '.join(map(repr, unknown))} by these coders; codes: "
            f"{', '.join(all_codes)}"
        )
    rows, disagreements, pooled = [], [], []
    for code in wanted:
        matrix = np.vstack([table[f"{coder}\x1f{code}"].to_numpy() for coder in coders])
        pooled.append(matrix)
        rows.append(_scores(code, matrix, cohen_kappa_score, krippendorff))
        complete = ~np.isnan(matrix).any(axis=0)
        differ = complete & (np.nanmax(matrix, axis=0) != np.nanmin(matrix, axis=0))
        for at in np.flatnonzero(differ):
            unit = table.iloc[at]
            entry = {"doc": unit.doc, "start": int(unit.start), "end": int(unit.end)}
            entry["code"] = code
            entry.update({coder: int(matrix[i, at]) for i, coder in enumerate(coders)})
            disagreements.append(entry)
    if len(wanted) > 1:
        rows.append(_scores("(all codes)", np.hstack(pooled), cohen_kappa_score, krippendorff))
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    listed = pd.DataFrame(disagreements, columns=["doc", "start", "end", "code", *coders])
    return summary, listed


def _scores(code: str, matrix: np.ndarray, kappa, krippendorff) -> dict:
    complete = ~np.isnan(matrix).any(axis=0)
    both = matrix[:, complete]
    row = {"code": code, "units": int(complete.sum()), "coded": int((both == 1).any(axis=0).sum())}
    if both.shape[1] == 0:
        return {**row, "percent": None, "kappa": None, "alpha": None}
    row["percent"] = float((both.min(axis=0) == both.max(axis=0)).mean())
    row["kappa"] = None
    if matrix.shape[0] == 2:
        a, b = both
        # kappa is undefined when both coders give one value throughout: they agree fully
        row["kappa"] = 1.0 if len(set(a) | set(b)) == 1 else float(kappa(a, b))
    values = np.unique(matrix[~np.isnan(matrix)])
    row["alpha"] = (
        1.0
        if len(values) <= 1
        else float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    )
    return row
