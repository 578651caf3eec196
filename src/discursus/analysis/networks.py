"""Discourse networks from statements, with Discourse Network Analysis's definitions.

A statement is (actor, organization, concept, agreement) with its document and date. With
``variable1`` (rows, e.g. organization), ``variable2`` (e.g. concept) and the qualifier
(agreement), the statements are counted into an array ``a[i, j, k]``: how often row ``i``
uses ``j`` with the ``k``-th qualifier value. Labels are sorted; empty values are left out.

- **Two-mode** (rows x ``variable2``): ``ignore`` sums over the qualifier; ``subtract`` adds
  the positive and subtracts the negative (a boolean qualifier: 1 adds, 0 subtracts; an
  integer one: weighted by its value); ``combine`` gives each cell the code of the set of
  qualifier values used there (0/1 agreement: 1 only agree... as DNA's lexical rank).
  Normalisation ``activity`` divides a row by its total, ``prominence`` a column.
- **One-mode** (rows x rows, through ``variable2``): ``ignore`` is the product of the two
  rows' counts summed over ``variable2``; ``congruence`` weighs each pair of qualifier values
  by their proximity ``1 - |q1 - q2| / range``, ``conflict`` by their distance, ``subtract`` is
  congruence minus conflict. Normalisation ``average`` divides by the mean of the two rows'
  totals, ``jaccard`` by the cells one or both use, ``cosine`` by the product of the rows'
  vector lengths (textbook); ``dna_compatible`` uses DNA's own, the product of their totals.
- **Duplicates**: ``document``, ``week``, ``month``, ``year`` or ``acrossrange`` count one of
  identical statements (same two variables, same qualifier unless it is ignored) per period.
  Textbook periods are calendar periods (a month of a year); ``dna_compatible`` compares the
  month or week number alone, as DNA does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from discursus.errors import DiscursusError

TWO_MODE_AGGREGATIONS = ("ignore", "combine", "subtract")
ONE_MODE_AGGREGATIONS = ("ignore", "congruence", "conflict", "subtract")
TWO_MODE_NORMALIZATIONS = ("no", "activity", "prominence")
ONE_MODE_NORMALIZATIONS = ("no", "average", "jaccard", "cosine")
DUPLICATES = ("include", "document", "week", "month", "year", "acrossrange")


def _choice(value: str, valid: Sequence[str], what: str) -> str:
    if value not in valid:
        raise DiscursusError(f"{what} {value!r} is not one of {', '.join(valid)}")
    return value


def _column(statements: pd.DataFrame, variable: str) -> pd.Series:
    if variable not in statements:
        known = ", ".join(c for c in statements.columns if c not in ("start", "end"))
        raise DiscursusError(f"no variable {variable!r} in the statements; variables: {known}")
    return statements[variable].fillna("").astype(str)


def filter_statements(
    statements: pd.DataFrame,
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str | None = "agreement",
    aggregation: str = "ignore",
    duplicates: str = "include",
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
) -> pd.DataFrame:
    """The statements a network is made of: in date order, without empty values, the
    ``exclude`` values (``invert``: only those) and the duplicates ``duplicates`` names."""
    _choice(duplicates, DUPLICATES, "duplicates")
    frame = statements.copy()
    frame["_date"] = pd.to_datetime(frame.get("date"), errors="coerce", utc=True, format="mixed")
    frame = frame.sort_values("_date", kind="stable", na_position="first")
    for variable, values in (exclude or {}).items():
        inside = _column(frame, variable).isin([str(v) for v in values])
        frame = frame[inside if invert else ~inside]
    keep = (_column(frame, variable1) != "") & (_column(frame, variable2) != "")
    frame = frame[keep]
    if duplicates != "include" and not frame.empty:
        keys = [_column(frame, variable1), _column(frame, variable2)]
        if qualifier is not None and aggregation != "ignore":
            keys.append(frame[qualifier].astype(str))
        keys.append(_period(frame, duplicates, dna_compatible))
        key = pd.Series(list(zip(*keys, strict=True)), index=frame.index)
        frame = frame[~key.duplicated(keep="first")]
    return frame.drop(columns="_date")


def _period(frame: pd.DataFrame, duplicates: str, dna_compatible: bool) -> pd.Series:
    date = frame["_date"]
    if duplicates == "document":
        return frame["doc"].astype(str)
    if duplicates == "acrossrange":
        return pd.Series("", index=frame.index)
    if duplicates == "year":
        return date.dt.year.astype(str)
    if duplicates == "month":
        month = date.dt.month.astype(str)
        return month if dna_compatible else date.dt.year.astype(str) + "-" + month
    iso = date.dt.isocalendar()  # Monday to Sunday, as DNA's UK calendar weeks
    week = iso.week.astype(str)
    return week if dna_compatible else iso.year.astype(str) + "-" + week


def labels(statements: pd.DataFrame, variable: str) -> list[str]:
    """The sorted node labels of ``variable`` (empty left out)."""
    return sorted(v for v in set(_column(statements, variable)) if v != "")


def qualifier_values(statements: pd.DataFrame, qualifier: str | None) -> np.ndarray:
    """The qualifier's levels: a boolean one (dtype bool, as DNA's agreement) is 0 and 1;
    an integer one (discursus's -1, 0, 1), every value the statements use."""
    if qualifier is None:
        return np.zeros(1, dtype=np.int64)
    values = statements[qualifier]
    if values.dtype == bool:
        return np.array([0, 1])
    return np.unique(values.dropna().astype(int).to_numpy())


def counts(
    statements: pd.DataFrame,
    variable1: str,
    variable2: str,
    qualifier: str | None,
    names1: Sequence[str],
    names2: Sequence[str],
    levels: np.ndarray,
) -> np.ndarray:
    """``a[i, j, k]``: statements of row ``i`` with ``j`` at the ``k``-th qualifier level."""
    array = np.zeros((len(names1), len(names2), len(levels)))
    if statements.empty:
        return array
    rows = pd.Index(names1).get_indexer(_column(statements, variable1))
    cols = pd.Index(names2).get_indexer(_column(statements, variable2))
    if qualifier is None:
        level = np.zeros(len(statements), dtype=np.int64)
    else:
        level = np.searchsorted(levels, statements[qualifier].astype(int).to_numpy())
    ok = (rows >= 0) & (cols >= 0)
    np.add.at(array, (rows[ok], cols[ok], level[ok]), 1.0)
    return array


def _prepare(statements, variable1, variable2, qualifier, aggregation, duplicates, isolates,
             exclude, invert, dna_compatible):  # fmt: skip
    kept = filter_statements(statements, variable1, variable2, qualifier, aggregation,
                             duplicates, exclude, invert, dna_compatible)  # fmt: skip
    source = statements if isolates else kept
    names1, names2 = labels(source, variable1), labels(source, variable2)
    levels = qualifier_values(statements, qualifier)
    return kept, names1, names2, levels, counts(kept, variable1, variable2, qualifier,
                                                 names1, names2, levels)  # fmt: skip


def twomode(
    statements: pd.DataFrame,
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str | None = "agreement",
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    isolates: bool = False,
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
) -> pd.DataFrame:
    """The two-mode network ``variable1`` x ``variable2`` as a matrix (see the module)."""
    _choice(aggregation, TWO_MODE_AGGREGATIONS, "qualifier aggregation")
    _choice(normalization, TWO_MODE_NORMALIZATIONS, "normalization")
    _, names1, names2, levels, array = _prepare(statements, variable1, variable2, qualifier,
                                                aggregation, duplicates, isolates, exclude,
                                                invert, dna_compatible)  # fmt: skip
    boolean = qualifier is not None and list(levels) == [0, 1]
    if aggregation == "ignore":
        matrix = array.sum(axis=2)
    elif aggregation == "subtract":
        if boolean:  # agreement adds, disagreement subtracts
            weights = np.where(levels > 0, 1.0, -1.0)
        else:
            weights = levels.astype(float)  # weighted by the value: -1 subtracts, 0 nothing
        matrix = array @ weights
    else:  # the set of levels used in a cell, as a number (DNA's lexical rank)
        used = (array > 0).astype(np.int64)
        powers = 2 ** np.arange(len(levels) - 1, -1, -1)
        matrix = (used * powers).sum(axis=2).astype(float)
    if normalization != "no":
        if aggregation == "combine":
            used_cells = (matrix > 0).astype(float)
            totals = used_cells.sum(axis=1 if normalization == "activity" else 0)
        elif aggregation == "subtract":
            totals = array.sum(axis=(1, 2) if normalization == "activity" else (0, 2))
        else:
            totals = matrix.sum(axis=1 if normalization == "activity" else 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            matrix = matrix / (totals[:, None] if normalization == "activity" else totals)
        matrix = np.nan_to_num(matrix, nan=0.0, posinf=0.0, neginf=0.0)
    return pd.DataFrame(matrix, index=names1, columns=names2)


def onemode(
    statements: pd.DataFrame,
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str | None = "agreement",
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    isolates: bool = False,
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
) -> pd.DataFrame:
    """The one-mode network of ``variable1`` through ``variable2`` (see the module)."""
    _choice(aggregation, ONE_MODE_AGGREGATIONS, "qualifier aggregation")
    _choice(normalization, ONE_MODE_NORMALIZATIONS, "normalization")
    _, names1, _, levels, array = _prepare(statements, variable1, variable2, qualifier,
                                           aggregation, duplicates, isolates, exclude, invert,
                                           dna_compatible)  # fmt: skip
    return pd.DataFrame(
        onemode_matrix(array, levels, aggregation, normalization, dna_compatible),
        index=names1,
        columns=names1,
    )


def onemode_matrix(
    array: np.ndarray,
    levels: np.ndarray,
    aggregation: str = "ignore",
    normalization: str = "no",
    dna_compatible: bool = False,
) -> np.ndarray:
    """The one-mode matrix of a count array ``a[i, j, k]`` (rows x rows, zero diagonal)."""
    spread = float(abs(levels[-1] - levels[0])) if len(levels) else 0.0
    distance = np.abs(levels[:, None] - levels[None, :]).astype(float)
    distance = distance / spread if spread else np.zeros_like(distance)
    totals = array.sum(axis=(1, 2))
    if aggregation == "ignore":
        per_row = array.sum(axis=2)
        congruent, conflicting = per_row @ per_row.T, np.zeros((len(array), len(array)))
    else:
        congruent = np.einsum("ajk,kl,bjl->ab", array, 1.0 - distance, array)
        conflicting = np.einsum("ajk,kl,bjl->ab", array, distance, array)
    if normalization == "average":
        norm = (totals[:, None] + totals[None, :]) / 2
    elif normalization == "jaccard":
        flat = array.reshape(len(array), -1)
        used = flat > 0
        # cells only one uses count with that one's number; cells both use, the product
        only_first = flat @ (~used).T.astype(float)
        only_second = only_first.T
        both = (flat * used) @ (flat * used).T
        norm = only_first + only_second + both
    elif normalization == "cosine":
        if dna_compatible:  # DNA divides by the product of the two rows' totals
            norm = totals[:, None] * totals[None, :]
        else:
            length = np.sqrt((array.reshape(len(array), -1) ** 2).sum(axis=1))
            norm = length[:, None] * length[None, :]
    else:
        norm = np.ones((len(array), len(array)))
    with np.errstate(divide="ignore", invalid="ignore"):
        congruent = np.where(norm > 0, congruent / norm, 0.0)
        conflicting = np.where(norm > 0, conflicting / norm, 0.0)
    matrix = {"ignore": congruent, "congruence": congruent, "conflict": conflicting,
              "subtract": congruent - conflicting}[aggregation]  # fmt: skip
    np.fill_diagonal(matrix, 0.0)
    return matrix


def edges(matrix: pd.DataFrame, directed: bool = False) -> pd.DataFrame:
    """The non-zero cells as an edge list: source, target, weight (a symmetric one-mode
    matrix gives each pair once)."""
    values = matrix.to_numpy()
    rows, cols = np.nonzero(values)
    if not directed and matrix.index.equals(matrix.columns):
        keep = rows < cols
        rows, cols = rows[keep], cols[keep]
    return pd.DataFrame(
        {"source": matrix.index[rows], "target": matrix.columns[cols], "weight": values[rows, cols]}
    )
