"""A Plotly figure as the report embeds it: one look for every chart, its script shared."""

from __future__ import annotations

import plotly.graph_objects as go
from markupsafe import Markup


def figure_html(fig: go.Figure, height: int = 320) -> Markup:
    """``fig`` as an HTML fragment for a page that loads Plotly's JavaScript once."""
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        template="plotly_white",
        font=dict(family="system-ui, sans-serif", size=12),
    )
    # Plotly escapes "<" in the JSON it embeds, so metadata values cannot break out of it.
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, config={"responsive": True}))
