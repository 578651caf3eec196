"""The report's charts, live in the workbench: drawn from the project as it is now (the
codings people have made since the report was written count), for the documents a filter
keeps, and each point a link to what it counts (a document, a concordance).

A chart travels to the page as JSON in a data block (``<script type="application/json">``,
which a browser never runs), with its links beside it; the workbench's own script draws it
with Plotly's JavaScript, served from the installed ``plotly`` package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from discursus.errors import DiscursusError
from discursus.project import Project
from discursus.report.figures import (
    codes_by_figure,
    codes_figure,
    keyword_figure,
    penetration_figure,
    stance_figure,
    styled,
    trend_figure,
)
from discursus.web.links import link

KEYWORDS_DRAWN = 25
TERMS_FOLLOWED = 4
STANCE_HOLDERS = 25
REACH_BOOT = 100  # bootstrap resamplings of the penetration's intervals


def plotly_script() -> Path:
    """Plotly's JavaScript as the installed ``plotly`` package ships it (no CDN)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def live_charts(project: Project, where: str | None, terms: list[str],
                speakers: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The charts of the documents ``where`` keeps: codings by code and document and by year,
    how far each discourse of the codebook has penetrated per year (the share of
    ``speakers``, a document field, else the speaker), keywords against general English,
    ``terms`` per million words by year (the first key nouns if none are given), stance
    toward each target. Each: title, the figure's JSON (safe inside a page) and its
    links."""
    from discursus.analysis.corpus import Corpus
    from discursus.analysis.filters import select_documents
    from discursus.analysis.keyness import key_nouns

    every = project.documents()
    docs = select_documents(every, where)
    ids = dict(zip(every["name"], every["id"], strict=True))
    charts = []
    codings = project.codings()
    live = codings[codings.status.isin(["suggested", "accepted", "coded"])
                   & codings.doc.isin(set(docs.name))]  # fmt: skip
    fig = codes_figure(live)
    if fig is not None:
        heat = fig.data[0]
        links = [[link(f"/docs/{ids[d]}") for d in heat.x] for _ in heat.y]
        charts.append(_chart("codes", fig, [links]))
    fig = codes_by_figure(live, docs, "year")
    if fig is not None:
        links = [[_documents(where, f"year = {int(year)}") for year in bar.x] for bar in fig.data]
        charts.append(_chart("codes-by-year", fig, links))
    if project.codebook() is not None and not live.empty:
        shares, _ = project.penetration("year", speakers or None, where=where, boot=REACH_BOOT)
        fig = penetration_figure(shares) if shares.window.nunique() >= 2 else None
        if fig is not None:
            links = [[_documents(where, f"year = {int(year)}") for year in line.x]
                     for line in fig.data]  # fmt: skip
            charts.append(_chart("penetration", fig, links))
    try:
        corpus = Corpus.of(project, where=where, documents=every)
    except DiscursusError:  # not annotated yet: no words to count
        corpus = None
    if corpus is not None and corpus.n_tokens:
        general = corpus.keywords(reference="general", min_frequency=3, limit=200)
        if not general.empty:
            shown = general.head(KEYWORDS_DRAWN)
            fig = keyword_figure(shown)
            charts.append(_chart("keywords", fig, [[_concordance(w, where)
                                                    for w in fig.data[0].y]]))  # fmt: skip
        terms = terms or (key_nouns(corpus.index, general, TERMS_FOLLOWED) if not general.empty
                          else [])  # fmt: skip
        if terms and docs["date"].notna().any():
            table = corpus.trend(terms, by="year")
            if table["group"].nunique() >= 2:
                fig = trend_figure(table, "year")
                fig.update_layout(title=f"{', '.join(terms)}: per million words, by year",
                                  showlegend=True)  # fmt: skip
                links = [[_concordance(line.name, where, f"year = {int(year)}")
                          for year in line.x] for line in fig.data]  # fmt: skip
                charts.append(_chart("trend", fig, links))
    if project.target_list() is not None:
        found = project.stances(where=where)
        if not found.empty:
            shown = found[found.holder.isin(found.holder.value_counts()
                                            .head(STANCE_HOLDERS).index)]  # fmt: skip
            fig = stance_figure(shown, {})
            if fig is not None:
                charts.append(_chart("stance", fig, []))
    return charts


def _chart(name: str, fig, links: list) -> dict[str, Any]:
    payload = {"figure": json.loads(styled(fig).to_json()), "links": links}
    return {"name": name, "title": fig.layout.title.text, "data": _script_safe(payload)}


def _script_safe(value: Any) -> Markup:
    """``value`` as JSON that cannot end the ``<script>`` element holding it: <, > and & are
    written as JSON escapes (the same string once parsed)."""
    text = json.dumps(value, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _both(where: str | None, also: str) -> str:
    return f"({where}) and {also}" if where else also


def _documents(where: str | None, also: str) -> str:
    return link("/", where=_both(where, also))


def _concordance(term: str, where: str | None, also: str | None = None) -> str:
    return link("/", q=term, where=_both(where, also) if also else (where or ""))
