"""The charts the report embeds and the workbench draws live: each a Plotly figure of a
project's rows, in one look, its script shared."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

COLOR = "#3a6ea5"
MOST_CODED = 25  # documents a heatmap of codings shows


def styled(fig: go.Figure, height: int | None = None) -> go.Figure:
    """``fig`` in the one look of every chart: its own height, else ``height``, else 320."""
    fig.update_layout(
        height=height or fig.layout.height or 320,
        margin=dict(l=10, r=10, t=40, b=10),
        template="plotly_white",
        font=dict(family="system-ui, sans-serif", size=12),
    )
    return fig


def figure_html(fig: go.Figure, height: int | None = None) -> Markup:
    """``fig`` as an HTML fragment for a page that loads Plotly's JavaScript once."""
    styled(fig, height)
    # Plotly escapes "<" in the JSON it embeds, so metadata values cannot break out of it.
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, config={"responsive": True}))


def codes_by_figure(
    live: pd.DataFrame, docs: pd.DataFrame, field: str, what: str = "Codings"
) -> go.Figure | None:
    """Rows per code (codings, or articles per frame) by year (of the documents' dates) or
    outlet, when there are two or more of them."""
    if field == "year":
        values = pd.to_datetime(docs["date"], errors="coerce", format="mixed").dt.year
        values = values.astype("Int64").astype(str).where(values.notna())
    else:
        values = docs[field]
    of = dict(zip(docs["name"], values, strict=True))
    frame = live.assign(part=live.doc.map(of)).dropna(subset=["part"])
    if frame.empty or frame.part.nunique() < 2:
        return None
    counts = frame.groupby(["part", "code"]).size().rename("codings").reset_index()
    fig = go.Figure()
    for code, group in counts.groupby("code"):
        fig.add_trace(go.Bar(x=group.part.astype(str), y=group.codings, name=str(code)))
    fig.update_layout(barmode="stack", title=f"{what} by {field}")
    fig.update_xaxes(type="category")
    fig.update_layout(height=360)
    return fig


def codes_figure(live: pd.DataFrame) -> go.Figure | None:
    """Codings per code and document (the documents coded most)."""
    if live.empty:
        return None
    counts = live.groupby(["code", "doc"]).size().rename("codings").reset_index()
    top = counts.groupby("doc").codings.sum().nlargest(MOST_CODED).index
    matrix = counts[counts.doc.isin(top)].pivot_table(
        index="code", columns="doc", values="codings", fill_value=0
    )
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[str(c) for c in matrix.columns],
            y=[str(i) for i in matrix.index],
            colorscale="Reds",
            hovertemplate="%{y} in %{x}: %{z} codings<extra></extra>",
        )
    )
    fig.update_layout(title="Codings by code and document")
    fig.update_xaxes(tickangle=-35, automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(height=max(300, 26 * len(matrix) + 200))
    return fig


def keyword_figure(table: pd.DataFrame) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=table["log_ratio"][::-1],
            y=table["word"][::-1],
            orientation="h",
            marker_color=COLOR,
            customdata=table[["target", "ll"]][::-1],
            hovertemplate="%{y}: %{customdata[0]} times, log ratio %{x:.2f}, "
            "LL %{customdata[1]:.1f}<extra></extra>",
        )
    )
    fig.update_yaxes(type="category")
    fig.update_layout(title="Keywords against general English (Log Ratio; sorted by LL)")
    fig.update_layout(height=max(260, 20 * len(table) + 90))
    return fig


def trend_figure(table: pd.DataFrame, by: str) -> go.Figure:
    """Lines of matches per million words, one per term (rows of ``Corpus.trend``)."""
    fig = go.Figure()
    for word, rows in table.groupby("term", sort=False):
        fig.add_trace(
            go.Scatter(
                x=rows["group"],
                y=rows["per_million"],
                mode="lines+markers",
                name=word,
                customdata=rows[["frequency", "documents"]],
                hovertemplate=word + " in %{x}: %{y:.0f} per million words (%{customdata[0]} "
                "times in %{customdata[1]} documents)<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_layout(title=f"Per million words, by {by}", template="plotly_white")
    return fig


def stance_figure(table: pd.DataFrame, cells: dict[tuple[str, str], str]) -> go.Figure | None:
    """Net stance of the actors who take most stances (``table``'s), toward each target:
    green favours, red opposes; hovering shows the counts, a click the stances (``cells``:
    the anchor of each holder's and target's list)."""
    table = table.assign(sign=table.stance.map({"favor": 1, "against": -1}).fillna(0))
    net = table.pivot_table(index="holder", columns="target", values="sign", aggfunc="mean")
    counts = table.pivot_table(index="holder", columns="target", values="sign", aggfunc="count")
    if net.empty:
        return None
    hover = [[f"{h} on {t}: {int(counts.loc[h, t]) if counts.loc[h, t] == counts.loc[h, t] else 0}"
              f" stances, net {net.loc[h, t]:+.2f}" if net.loc[h, t] == net.loc[h, t] else ""
              for t in net.columns] for h in net.index]  # fmt: skip
    anchors = [[cells.get((h, t), "") for t in net.columns] for h in net.index]
    fig = go.Figure(go.Heatmap(z=net.to_numpy(), x=list(net.columns), y=list(net.index),
                               zmin=-1, zmax=1, colorscale="RdYlGn", hoverinfo="text",
                               text=hover, customdata=anchors,
                               colorbar=dict(title="net")))  # fmt: skip
    fig.update_layout(title="Stance of each actor toward each target (net: favour - against)")
    fig.update_layout(height=max(300, 28 * len(net) + 120))
    return fig


def penetration_figure(shares: pd.DataFrame) -> go.Figure | None:
    """The share of speakers articulating each discourse per year, with its interval."""
    if shares.empty:
        return None
    fig = go.Figure()
    for discourse, rows in shares.groupby("discourse", sort=False):
        share = rows.share_speakers * 100
        fig.add_trace(go.Scatter(
            x=rows.window.astype(str), y=share, mode="lines+markers", name=str(discourse),
            error_y=dict(type="data", array=rows.speakers_high * 100 - share,
                         arrayminus=share - rows.speakers_low * 100, thickness=1),
        ))  # fmt: skip
    fig.update_xaxes(type="category", title="year")
    fig.update_yaxes(title="% of speakers articulating it", rangemode="tozero")
    fig.update_layout(title="How far each discourse has penetrated (95% bootstrap intervals)")
    fig.update_layout(height=420)
    return fig
