"""Network matrices written for the tools that draw and analyse them: GraphML and GEXF
(Gephi, visone, every node and edge attribute), UCINET's DL (a full matrix with its labels)
and CSV (the matrix, labels first)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

FORMATS = ("graphml", "gexf", "dl", "csv", "lists")


def node_attributes(statements: pd.DataFrame, variables: tuple[str, ...]) -> dict[str, dict]:
    """Per variable, each value's attributes for the network files: its number of
    ``statements``, and a DNA file's colour and entity attributes (``Type``, ``Alias``...)."""
    entities = statements.attrs.get("entities", {})
    found: dict[str, dict] = {}
    for variable in variables:
        if variable not in statements:
            continue
        counted = statements[variable].fillna("").astype(str).value_counts()
        known = entities.get(variable, {})
        found[variable] = {value: {"statements": int(n), **known.get(value, {})}
                           for value, n in counted.items() if value}  # fmt: skip
    return found


def network_graph(matrix: pd.DataFrame, row_kind: str, column_kind: str,
                  attributes: dict[str, dict] | None = None):  # fmt: skip
    """The matrix as a networkx graph: a node per label (``kind``: the variable it is of,
    ``mode`` 1 or 2, and its ``attributes``, see :func:`node_attributes`), an edge per
    non-zero cell with its ``weight``."""
    import networkx as nx

    one_mode = matrix.index.equals(matrix.columns)
    attributes = attributes or {}
    graph = nx.Graph()
    for label in matrix.index:
        extra = attributes.get(row_kind, {}).get(str(label), {})
        graph.add_node(f"1:{label}" if not one_mode else label, label=str(label),
                       kind=row_kind, mode=1, **extra)  # fmt: skip
    if not one_mode:
        for label in matrix.columns:
            extra = attributes.get(column_kind, {}).get(str(label), {})
            graph.add_node(f"2:{label}", label=str(label), kind=column_kind, mode=2, **extra)
    values = matrix.to_numpy()
    for i, row in enumerate(matrix.index):
        for j, column in enumerate(matrix.columns):
            if values[i, j] == 0 or (one_mode and j <= i):
                continue
            a = row if one_mode else f"1:{row}"
            b = column if one_mode else f"2:{column}"
            graph.add_edge(a, b, weight=float(values[i, j]))
    return graph


def write_network(
    matrix: pd.DataFrame,
    path: str | Path,
    file_format: str,
    row_kind: str,
    column_kind: str,
    attributes: dict[str, dict] | None = None,
) -> Path:
    """Write ``matrix`` as ``file_format`` (one of :data:`FORMATS`) to ``path``, its nodes
    with their ``attributes`` (see :func:`node_attributes`)."""
    import networkx as nx

    path = Path(path)
    if file_format == "csv":
        matrix.to_csv(path, quoting=csv.QUOTE_NONNUMERIC)
    elif file_format == "dl":
        path.write_text(_dl(matrix), encoding="utf-8")
    elif file_format == "graphml":
        nx.write_graphml(network_graph(matrix, row_kind, column_kind, attributes), path)
    elif file_format == "gexf":
        nx.write_gexf(network_graph(matrix, row_kind, column_kind, attributes), path)
    elif file_format == "lists":
        graph = network_graph(matrix, row_kind, column_kind, attributes)
        nodes = pd.DataFrame([{"id": n, **data} for n, data in graph.nodes(data=True)])
        edges = pd.DataFrame([{"source": a, "target": b, **data}
                              for a, b, data in graph.edges(data=True)],
                             columns=["source", "target", "weight"])  # fmt: skip
        nodes.to_csv(lists_paths(path)[0], index=False)
        edges.to_csv(lists_paths(path)[1], index=False)
        return lists_paths(path)[1]
    else:
        raise ValueError(f"format {file_format!r} is not one of {', '.join(FORMATS)}")
    return path


def lists_paths(path: str | Path) -> tuple[Path, Path]:
    """The node and edge list files of ``lists`` output named ``path``: NAME.nodes.csv and
    NAME.edges.csv."""
    path = Path(path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.nodes.csv"), path.with_name(f"{stem}.edges.csv")


def _dl(matrix: pd.DataFrame) -> str:
    """UCINET DL, full matrix, labels embedded."""
    one_mode = matrix.index.equals(matrix.columns)
    rows, cols = matrix.shape
    size = f"n = {rows}" if one_mode else f"nr = {rows}, nc = {cols}"
    lines = [f"dl {size}, format = fullmatrix", "labels embedded", "matrix:"]

    def quoted(label) -> str:
        return '"' + str(label).replace('"', "'") + '"'

    lines.append(" ".join(quoted(c) for c in matrix.columns))
    for label, values in zip(matrix.index, matrix.to_numpy(), strict=True):
        cells = " ".join(f"{v:g}" for v in values)
        lines.append(f"{quoted(label)} {cells}")
    return "\n".join(lines) + "\n"


def window_edges(windows: list[dict]) -> pd.DataFrame:
    """Every window's non-zero ties: time, start, stop, statements, source, target, weight."""
    from discursus.analysis.networks import edges

    frames = []
    for window in windows:
        one_mode = window["matrix"].index.equals(window["matrix"].columns)
        found = edges(window["matrix"], directed=not one_mode)
        for key in ("stop", "start", "time"):
            found.insert(0, key, str(pd.Timestamp(window[key]).date()))
        found.insert(3, "statements", window["statements"])
        frames.append(found)
    columns = ["time", "start", "stop", "statements", "source", "target", "weight"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def write_time_windows(
    windows: list[dict],
    path: str | Path,
    file_format: str,
    row_kind: str,
    column_kind: str,
    attributes: dict[str, dict] | None = None,
) -> Path:
    """Time windows in one file: GEXF with each tie's weight as a dynamic attribute over the
    windows (Gephi's timeline), GraphML with a weight attribute per window, or the edges of
    every window as CSV."""
    import networkx as nx

    path = Path(path)
    if file_format == "csv":
        window_edges(windows).to_csv(path, index=False)
        return path
    if file_format not in ("gexf", "graphml"):
        raise ValueError(f"time windows are written as gexf, graphml or csv, not {file_format}")
    graph = nx.Graph(mode="dynamic") if file_format == "gexf" else nx.Graph()
    for window in windows:
        layer = network_graph(window["matrix"], row_kind, column_kind, attributes)
        day = str(pd.Timestamp(window["time"]).date())
        following = str(pd.Timestamp(window["time"]).date() + pd.Timedelta(days=1))
        graph.add_nodes_from(layer.nodes(data=True))
        for a, b, data in layer.edges(data=True):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b)
            if file_format == "gexf":
                graph.edges[a, b].setdefault("tie", []).append((data["weight"], day, following))
            else:
                graph.edges[a, b][f"weight {day}"] = data["weight"]
    if file_format == "gexf":
        nx.write_gexf(graph, path)
    else:
        nx.write_graphml(graph, path)
    return path
