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

from collections.abc import Iterator, Mapping, Sequence

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
    ordered: bool = False,
) -> pd.DataFrame:
    """The statements a network is made of, without empty values, the ``exclude`` values
    (``invert``: only those) and the duplicates ``duplicates`` names; in date order when
    duplicates are dropped or ``ordered`` (a network's counts do not depend on the order)."""
    _choice(duplicates, DUPLICATES, "duplicates")
    frame = statements.copy()
    if duplicates != "include" or ordered:
        frame["_date"] = _dates(frame.get("date"))
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
    return frame.drop(columns="_date", errors="ignore")


def _dates(values) -> pd.Series:
    """Dates as UTC times: ISO 8601 at once, any other spelling one by one (unreadable: NaT)."""
    try:
        return pd.to_datetime(values, utc=True, format="ISO8601")
    except (ValueError, TypeError):
        return pd.to_datetime(values, errors="coerce", utc=True, format="mixed")


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
    return sorted(str(v) for v in pd.unique(_column(statements, variable)) if v != "")


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
    matrix = _twomode_from_array(array, levels, qualifier, aggregation, normalization)
    return pd.DataFrame(matrix, index=names1, columns=names2)


def _twomode_from_array(
    array: np.ndarray, levels: np.ndarray, qualifier, aggregation: str, normalization: str
) -> np.ndarray:
    """The two-mode matrix of a count (or weight) array ``a[i, j, k]``."""
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
    return matrix


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
    array,
    levels: np.ndarray,
    aggregation: str = "ignore",
    normalization: str = "no",
    dna_compatible: bool = False,
) -> np.ndarray:
    """The one-mode matrix (rows x rows, zero diagonal) of a count array ``a[i, j, k]``, dense
    (n1, n2, levels) or sparse (n1, n2 * levels, column ``j * levels + k``): sums over
    ``variable2`` done as sparse products, so a large network costs its statements."""
    import scipy.sparse as sp

    n_levels = len(levels)
    flat = sp.csr_matrix(array.reshape(len(array), -1)) if isinstance(array, np.ndarray) else (
        sp.csr_matrix(array)
    )  # fmt: skip
    n_cols = flat.shape[1] // max(n_levels, 1)
    spread = float(abs(levels[-1] - levels[0])) if n_levels else 0.0
    distance = np.abs(levels[:, None] - levels[None, :]).astype(float)
    distance = distance / spread if spread else np.zeros_like(distance)
    totals = np.asarray(flat.sum(axis=1)).ravel()
    if aggregation == "ignore":
        per_row = flat @ sp.kron(sp.identity(n_cols), np.ones((n_levels, 1)), format="csr")
        matrix = (per_row @ per_row.T).toarray()
    else:
        # only the products the aggregation needs: each is a pass over the statements
        weighting = {"congruence": 1.0 - distance, "conflict": distance,
                     "subtract": 1.0 - 2 * distance}[aggregation]  # fmt: skip
        by_level = sp.kron(sp.identity(n_cols), weighting, format="csr")
        matrix = (flat @ by_level @ flat.T).toarray()
    if normalization == "average":
        norm = np.add.outer(totals, totals) / 2
    elif normalization == "jaccard":
        used = flat.copy()
        used.data = (used.data > 0).astype(float)
        # cells only one uses count with that one's number; cells both use, the product
        only_first = totals[:, None] - (flat @ used.T).toarray()
        norm = only_first + only_first.T + (flat @ flat.T).toarray()
    elif normalization == "cosine":
        if dna_compatible:  # DNA divides by the product of the two rows' totals
            norm = np.multiply.outer(totals, totals)
        else:
            length = np.sqrt(np.asarray(flat.multiply(flat).sum(axis=1)).ravel())
            norm = np.multiply.outer(length, length)
    else:
        norm = None
    if norm is not None:
        np.divide(matrix, norm, out=matrix, where=norm > 0)
        matrix[norm <= 0] = 0.0
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


# -- time windows ----------------------------------------------------------------------------

KERNELS = ("no", "uniform", "gaussian", "epanechnikov", "triangular")
TIME_UNITS = ("days", "weeks", "months", "years", "events")


def kernel_weights(u: np.ndarray, kernel: str, dna_compatible: bool = False) -> np.ndarray:
    """The kernel's weight at standardised time differences ``u`` (-1 and 1 at the window's
    ends). Textbook kernels; ``dna_compatible``: DNA's, whose triangular kernel is coded as
    |1 - u| and Epanechnikov as 0.75 (1 - u)^2."""
    _choice(kernel, KERNELS[1:], "kernel")
    u = np.asarray(u, dtype=float)
    inside = np.abs(u) <= 1
    if kernel == "gaussian":
        return np.exp(-0.5 * u * u) / np.sqrt(2 * np.pi)
    if kernel == "uniform":
        weights = np.full_like(u, 0.5)
    elif kernel == "epanechnikov":
        weights = 0.75 * (1 - u) ** 2 if dna_compatible else 0.75 * (1 - u * u)
    else:
        weights = np.abs(1 - u) if dna_compatible else 1 - np.abs(u)
    return np.where(inside, weights, 0.0)


def unit_differences(times: pd.Series, gamma: pd.Timestamp, unit: str) -> np.ndarray:
    """Whole ``unit``s from each of ``times`` to ``gamma`` (toward zero, as calendars count:
    a month is from a day to the same day of the next month)."""
    times = pd.to_datetime(times, utc=True)
    if unit in ("days", "weeks"):
        days = (gamma - times).dt.days.to_numpy()
        days = np.where(days < 0, -((-(gamma - times)).dt.days.to_numpy()), days)
        return np.trunc(days / 7).astype(int) if unit == "weeks" else days
    years = gamma.year - times.dt.year.to_numpy()
    months = years * 12 + (gamma.month - times.dt.month.to_numpy())
    day = times.dt.day.to_numpy()
    months = np.where((months > 0) & (gamma.day < day), months - 1, months)
    months = np.where((months < 0) & (gamma.day > day), months + 1, months)
    return months if unit == "months" else np.trunc(months / 12).astype(int)


def _step(time: pd.Timestamp, unit: str, n: int = 1) -> pd.Timestamp:
    offset = {"days": pd.DateOffset(days=n), "weeks": pd.DateOffset(weeks=n),
              "months": pd.DateOffset(months=n), "years": pd.DateOffset(years=n)}[unit]  # fmt: skip
    return time + offset


def time_windows(statements: pd.DataFrame, *args, **options) -> list[dict]:
    """:func:`iter_time_windows` as a list (each window holds a full matrix: for many windows
    of a large network, iterate instead)."""
    return list(iter_time_windows(statements, *args, **options))


def iter_time_windows(
    statements: pd.DataFrame,
    network_type: str = "onemode",
    unit: str = "weeks",
    size: int = 4,
    kernel: str = "no",
    variable1: str = "organization",
    variable2: str = "concept",
    qualifier: str | None = "agreement",
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    exclude: Mapping[str, Sequence[str]] | None = None,
    invert: bool = False,
    dna_compatible: bool = False,
) -> Iterator[dict]:
    """A network per time point, in time order: each a dict of ``time`` (the window's
    middle), ``start``, ``stop``, ``statements`` (in it, or their kernel weight) and
    ``matrix`` (labels of all the statements, so the windows line up).

    Without a kernel (``"no"``), a window holds the statements from ``(size - 1) / 2`` units
    before its middle to as many after (windows that would reach past the first or last
    statement are left out); ``"events"`` windows hold ``size`` statements around each one.
    With a kernel, every statement counts in every window, weighted by the kernel at its
    distance from the middle (``2 * units / size``: -1 and 1 at the window's ends); in a
    one-mode network a pair of statements weighs the square root of their weights' product,
    as DNA's kernel-smoothed networks do."""
    _choice(network_type, ("twomode", "onemode"), "network type")
    _choice(unit, TIME_UNITS, "time window")
    _choice(kernel, KERNELS, "kernel")
    if size < 1 or (unit == "events" and size < 2):
        raise DiscursusError(f"window size {size} is too small (events: at least 2)")
    if unit == "events" and kernel != "no":
        raise DiscursusError("a kernel weighs time: use it with days, weeks, months or years")
    kept = filter_statements(statements, variable1, variable2, qualifier, aggregation,
                             duplicates, exclude, invert, dna_compatible, ordered=True)  # fmt: skip
    names1, names2 = labels(kept, variable1), labels(kept, variable2)
    levels = qualifier_values(statements, qualifier)
    if kept.empty:
        return
    times = _dates(kept["date"]).reset_index(drop=True)
    if times.isna().any():
        raise DiscursusError("time windows need every statement's date")
    rows = pd.Index(names1).get_indexer(_column(kept, variable1))
    cols = pd.Index(names2).get_indexer(_column(kept, variable2))
    if qualifier is None:
        level = np.zeros(len(kept), dtype=np.int64)
    else:
        level = np.searchsorted(levels, kept[qualifier].astype(int).to_numpy())
    shape = (len(names1), len(names2) * len(levels))
    columns = names1 if network_type == "onemode" else names2
    # the sparse structure is the same in every window: only the weights change
    keys = rows.astype(np.int64) * shape[1] + cols * len(levels) + level
    cells, slot = np.unique(keys, return_inverse=True)
    indptr = np.searchsorted(cells // shape[1], np.arange(shape[0] + 1))
    indices = (cells % shape[1]).astype(np.int64)

    def network(weights: np.ndarray, one_mode_weights: np.ndarray) -> pd.DataFrame:
        import scipy.sparse as sp

        if network_type == "onemode":
            data = np.bincount(slot, weights=one_mode_weights, minlength=len(cells))
            flat = sp.csr_matrix((data, indices, indptr), shape=shape)
            matrix = onemode_matrix(flat, levels, aggregation, normalization, dna_compatible)
        else:
            array = np.zeros((len(names1), len(names2), len(levels)))
            np.add.at(array, (rows, cols, level), weights)
            matrix = _twomode_from_array(array, levels, qualifier, aggregation, normalization)
        return pd.DataFrame(matrix, index=names1, columns=columns)

    if unit == "events":
        half = size // 2
        for t in range(half, len(kept) - half):
            mask = np.zeros(len(kept))
            mask[t - half : t + half + 1] = 1.0
            yield {"time": times[t], "start": times[t - half], "stop": times[t + half],
                   "statements": int(mask.sum()), "matrix": network(mask, mask)}  # fmt: skip
        return
    first = times.min().normalize()
    last = times.max()
    gamma = first
    reach = round((size - 1) / 2)
    while gamma <= last:
        if kernel == "no":
            start, stop = _step(gamma, unit, -reach), _step(gamma, unit, reach)
            if start >= first and stop <= last:
                inside = ((times >= start) & (times <= stop)).to_numpy().astype(float)
                yield {"time": gamma, "start": start, "stop": stop,
                       "statements": int(inside.sum()),
                       "matrix": network(inside, inside)}  # fmt: skip
        else:
            u = 2 * unit_differences(times, gamma, unit) / size
            weights = kernel_weights(u, kernel, dna_compatible)
            yield {"time": gamma, "start": _step(gamma, unit, -(size // 2)),
                   "stop": _step(gamma, unit, size // 2), "statements": float(weights.sum()),
                   "matrix": network(weights, np.sqrt(weights))}  # fmt: skip
        gamma = _step(gamma, unit)


# -- analyses of a network -------------------------------------------------------------------

COALITION_METHODS = ("leiden", "louvain")


def _graph(matrix: pd.DataFrame):
    """An undirected weighted igraph graph of a one-mode matrix's positive ties."""
    import igraph as ig

    if not matrix.index.equals(matrix.columns):
        raise DiscursusError(
            "coalitions and centralities are of a one-mode network: --type onemode"
        )
    values = np.clip(matrix.to_numpy(dtype=float), 0, None)
    rows, cols = np.nonzero(np.triu(values, 1))
    graph = ig.Graph(n=len(matrix), edges=list(zip(rows.tolist(), cols.tolist(), strict=True)))
    graph.vs["name"] = [str(v) for v in matrix.index]
    graph.es["weight"] = values[rows, cols].tolist()
    return graph


def coalitions(
    matrix: pd.DataFrame, method: str = "leiden", resolution: float = 1.0, seed: int = 0
) -> tuple[pd.DataFrame, float]:
    """Coalitions: communities of a one-mode (e.g. congruence) network's positive ties, by
    Leiden (leidenalg, seeded) or Louvain (igraph), largest first; and their modularity.
    Rows: node, coalition (1 is the largest), size."""
    _choice(method, COALITION_METHODS, "coalition method")
    return graph_coalitions(_graph(matrix), method, resolution, seed)


def weighted_graph(names: list[str], edges: list[tuple[int, int, float]]):
    """An undirected weighted igraph graph of ``names`` and (i, j, weight) edges, i < j in
    row order: the graph :func:`coalitions` makes of a matrix, without the matrix (a network
    of thousands of nodes has few of the millions of cells)."""
    import igraph as ig

    graph = ig.Graph(n=len(names), edges=[(i, j) for i, j, _ in edges])
    graph.vs["name"] = [str(v) for v in names]
    graph.es["weight"] = [float(w) for _, _, w in edges]
    return graph


def graph_coalitions(graph, method: str = "leiden", resolution: float = 1.0,
                     seed: int = 0) -> tuple[pd.DataFrame, float]:  # fmt: skip
    """:func:`coalitions` of an igraph graph with a ``weight`` on each edge."""
    import leidenalg

    if graph.ecount() == 0:
        membership = list(range(graph.vcount()))
    elif method == "leiden":
        partition = leidenalg.find_partition(
            graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
            resolution_parameter=resolution, seed=seed,
        )  # fmt: skip
        membership = partition.membership
    else:
        membership = graph.community_multilevel(weights="weight", resolution=resolution).membership
    modularity = graph.modularity(membership, weights="weight" if graph.ecount() else None)
    frame = pd.DataFrame({"node": graph.vs["name"], "group": membership})
    sizes = frame.group.value_counts()
    first = frame.groupby("group").node.min()
    order = {group: rank for rank, group in enumerate(
        sorted(sizes.index, key=lambda g: (-sizes[g], first[g])), 1
    )}  # fmt: skip
    frame["coalition"] = frame.group.map(order)
    frame["size"] = frame.group.map(sizes)
    frame = frame.sort_values(["coalition", "node"]).reset_index(drop=True)
    return frame[["node", "coalition", "size"]], float(modularity)


def centralities(matrix: pd.DataFrame) -> pd.DataFrame:
    """Each node of a one-mode network: degree (ties), strength (their weights), betweenness
    (weights as closeness: a strong tie is a short path) and eigenvector centrality (within
    its connected part: between parts it means nothing)."""
    graph = _graph(matrix)
    weights = graph.es["weight"] if graph.ecount() else None
    distances = [1.0 / w for w in weights] if weights else None
    return pd.DataFrame(
        {
            "node": graph.vs["name"],
            "degree": graph.degree(),
            "strength": graph.strength(weights=weights),
            "betweenness": graph.betweenness(weights=distances),
            "eigenvector": _eigenvector(graph),
        }
    ).sort_values(["strength", "node"], ascending=[False, True], ignore_index=True)


def _eigenvector(graph) -> list[float]:
    """Eigenvector centrality of each node within its connected component (1 at the most
    central node of each; an isolate 0)."""
    values = [0.0] * graph.vcount()
    for members in graph.connected_components():
        if len(members) < 2:
            continue
        part = graph.subgraph(members)
        found = part.eigenvector_centrality(weights="weight")
        for node, value in zip(members, found, strict=True):
            values[node] = value
    return values
