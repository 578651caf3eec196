"""Render a project as one HTML file: charts with Plotly's JavaScript inlined, tables, texts.

All document text and metadata goes through Jinja2's autoescaping: a document can hold
``<script>`` and still only be shown.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from discursus.analysis import counts_by, documents_over_time, top_entities
from discursus.analysis.passages import with_context
from discursus.errors import DiscursusError, ProjectError
from discursus.project import Project
from discursus.report.figures import (
    codes_by_figure,
    codes_figure,
    keyword_figure,
    stance_figure,
    trend_figure,
)
from discursus.report.figures import (
    figure_html as _figure,
)
from discursus.report.reach import ReachOptions, reach_context
from discursus.runs.progress import Progress

# Documents whose text is embedded in the report, so rows can link to their passage; past
# this, each passage shown carries its context instead.
MAX_EMBEDDED_DOCUMENTS = 300
# rows a table shows; all of them are in the CSV beside the report
MAX_TABLE_ROWS = 300
_COLOR = "#3a6ea5"


def _bar(frame: pd.DataFrame, x: str, y: str, title: str, horizontal: bool = False) -> Markup:
    if horizontal:
        frame = frame.iloc[::-1]
        trace = go.Bar(x=frame[y], y=frame[x].astype(str), orientation="h", marker_color=_COLOR)
        height = max(220, 24 * len(frame) + 80)
    else:
        trace = go.Bar(x=frame[x].astype(str), y=frame[y], marker_color=_COLOR)
        height = 320
    fig = go.Figure(trace)
    # Values like "2023-05" are labels here, not dates or numbers for Plotly to guess at.
    (fig.update_yaxes if horizontal else fig.update_xaxes)(type="category")
    fig.update_layout(title=title)
    return _figure(fig, height)


def build_context(
    project: Project,
    data_dir: str = "report_data",
    progress: Progress | None = None,
    reach: ReachOptions | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as plain tables and chart HTML. Long tables show their
    first rows; ``context["tables"]`` holds them whole, for the CSV files beside the report
    (``data_dir``, relative to it). Rows shown carry their passage with its context. With
    ``reach`` (the speakers' field and the periods), the discourses across speakers and
    time too (:mod:`discursus.report.reach`)."""
    with project.reading():  # the statements are read by several parts: once
        return _context(project, data_dir, progress, reach)


def _context(project: Project, data_dir: str, progress: Progress | None,
             reach: ReachOptions | None) -> dict[str, Any]:  # fmt: skip
    steps = _Steps(progress, ["corpus", "who speaks", "language", "passages"])
    docs = project.documents()
    embedded = len(docs) <= MAX_EMBEDDED_DOCUMENTS
    entities = project.entities()
    failures = project.failures()
    duplicates = project.duplicates()
    charts: dict[str, Markup] = {}
    if not docs.empty:
        over_time = documents_over_time(docs)
        if not over_time.empty:
            charts["time"] = _bar(over_time, "period", "documents", "Documents over time")
        for column, label in (("outlet", "outlet"), ("speaker", "speaker"), ("author", "author")):
            table = counts_by(docs, column).head(25)
            if (table[column] != "(none)").any():
                charts[column] = _bar(table, column, "documents", f"Documents by {label}", True)
        sizes = go.Figure(go.Histogram(x=docs["n_words"], marker_color=_COLOR, nbinsx=30))
        sizes.update_layout(title="Document sizes (words)", bargap=0.05)
        charts["sizes"] = _figure(sizes)
        charts["language"] = _bar(counts_by(docs, "language"), "language", "documents", "Languages")
    names = dict(zip(docs["id"], docs["name"], strict=True)) if not docs.empty else {}
    top = top_entities(entities) if not entities.empty else pd.DataFrame()
    # Whole texts only for a small corpus; otherwise each passage shown brings its context.
    texts_shown = (
        project.documents(text=True)[["id", "name", "title", "text"]]
        if embedded
        else pd.DataFrame(columns=["id", "name", "title", "text"])
    )
    steps.done()
    speech, speech_tables = _speech_context(project, docs, texts_shown, embedded)
    steps.done()
    language = _language_context(project, docs, texts_shown, embedded)
    coding = _coding_context(project, docs, texts_shown, embedded)
    network = _network_context(project, docs, texts_shown, embedded)
    stance = _stance_context(project, docs, texts_shown, embedded)
    framing = _frames_context(project, docs)
    persuasion = _techniques_context(project, docs, texts_shown, embedded)
    turns = _shifts_context(project, docs, texts_shown, embedded)
    semantic = _semantic_context(project, docs, texts_shown, embedded)
    across, across_tables = _reach_part(project, docs, texts_shown, embedded, reach)
    steps.done()
    documents_table = docs.drop(columns=["meta", "content_hash"])
    tables = {
        "documents": documents_table,
        "duplicates": duplicates,
        "failures": failures,
        **speech_tables,
        **across_tables,
    }
    context = {
        "title": f"discursus report: {project.path.name}",
        "project_path": os.fspath(project.path),
        "data_dir": data_dir,
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "n_documents": len(docs),
        "n_words": int(docs["n_words"].sum()) if not docs.empty else 0,
        "n_annotated": int(docs["annotated"].sum()) if not docs.empty else 0,
        "n_entities": len(entities),
        "charts": charts,
        "documents": documents_table.head(MAX_TABLE_ROWS).to_dict("records"),
        "texts": texts_shown.to_dict("records"),
        "embedded": embedded,
        "entities": [{**row, "doc": names.get(row["doc_id"])} for row in top.to_dict("records")],
        "duplicates": duplicates.head(MAX_TABLE_ROWS).to_dict("records"),
        "failures": failures.head(MAX_TABLE_ROWS).to_dict("records"),
        "warnings": project.warnings().head(MAX_TABLE_ROWS).to_dict("records"),
        "counts": {
            "documents": len(docs),
            "duplicates": len(duplicates),
            "failures": len(failures),
        },
        "runs": project.runs().tail(10).to_dict("records"),
        "speech": speech,
        "language": language,
        "coding": coding,
        "network": network,
        "stance": stance,
        "framing": framing,
        "persuasion": persuasion,
        "shifts": turns,
        "semantic": semantic,
        "reach": across,
        "tables": tables,
        "max_rows": MAX_TABLE_ROWS,
    }
    if not embedded:
        _add_passages(project, docs, context)
    steps.done()
    return context


def _add_passages(project: Project, docs: pd.DataFrame, context: dict[str, Any]) -> None:
    """Every row the report shows given the words around its passage, reading only the texts
    of the documents those rows are in."""
    shown: list[list[dict]] = []
    speech = context["speech"]
    for key in ("quotes", "chains", "academic", "scripture"):
        shown.append(speech[key])
    for signifier in (context["language"] or {}).get("signifiers", []):
        shown.append(signifier["lines"])
    for code in (context["coding"] or {}).get("codes", []):
        shown.append(code["examples"])
    shown.append((context.get("network") or {}).get("statements", []))
    shown.append((context.get("stance") or {}).get("rows", []))
    for cell in (context.get("stance") or {}).get("cells", []):
        shown.append(cell["stances"])
    semantic = context.get("semantic") or {}
    for part in semantic.get("discourses", []):
        for row in part["chains"] + part["others"]:
            shown.append(row["evidence"])
    for row in semantic.get("floating", []):
        for side in row["sides"]:
            shown.append(side["evidence"])
    reach = context.get("reach") or {}
    for row in reach.get("trends", []):
        shown.append(row["evidence"])
    for row in reach.get("discourses", []):
        shown.append(row["chain_evidence"])
        for other in row["others"]:
            shown.append(other["evidence"])
    for row in (reach.get("camps") or {}).get("floating", []):
        for side in row["sides"]:
            shown.append(side["evidence"])
    shown.append((context.get("persuasion") or {}).get("spans", []))
    for node in (context.get("network") or {}).get("nodes", []):
        shown.append(node["statements"])
    wanted = {row["doc"] for rows in shown for row in rows}
    ids = {name: doc_id for doc_id, name in zip(docs["id"], docs["name"], strict=True)}
    by_id = project.texts([ids[name] for name in sorted(wanted) if name in ids])
    texts = {name: by_id[ids[name]] for name in wanted if ids.get(name) in by_id}
    for rows in shown:
        # each passage links to its document's own page, written beside the report
        rows[:] = [_link(row, ids, texts) for row in with_context(rows, texts)]
    context["doc_pages"] = {ids[name]: name for name in texts}
    context["page_texts"] = {ids[name]: text for name, text in texts.items()}


class _Steps:
    """The report's parts as a progress bar's steps."""

    def __init__(self, progress: Progress | None, names: list[str]) -> None:
        self.progress = progress
        self.names = iter(names)
        if progress:
            progress.start(len(names))

    def done(self) -> None:
        if self.progress:
            self.progress.advance(1, next(self.names, ""))


MAX_QUOTE_ROWS = 300
MAX_ACTORS = 30
MAX_HEATMAP_SPEAKERS = 25


def _speaker_heatmap(counts: pd.DataFrame) -> Markup | None:
    """Statements per speaker and document: who speaks where."""
    if counts.empty:
        return None
    top = counts.groupby("speaker")["statements"].sum().nlargest(MAX_HEATMAP_SPEAKERS).index
    matrix = counts[counts["speaker"].isin(top)].pivot_table(
        index="speaker", columns="doc", values="statements", fill_value=0
    )
    matrix = matrix.loc[matrix.sum(axis=1).sort_values().index]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[str(c) for c in matrix.columns],
            y=[str(i) if len(str(i)) <= 32 else str(i)[:30] + "…" for i in matrix.index],
            colorscale="Blues",
            hovertemplate="%{y} in %{x}: %{z} statements<extra></extra>",
        )
    )
    fig.update_layout(title="Statements by speaker and document")
    fig.update_xaxes(tickangle=-35, automargin=True)
    fig.update_yaxes(automargin=True)
    return _figure(fig, height=max(320, 26 * len(matrix) + 200))


def _network_figure(table: pd.DataFrame) -> Markup | None:
    """Documents and what they cite or quote: the most cited targets and the documents that
    cite them, laid out by igraph (Fruchterman-Reingold in C, from seeded positions)."""
    from discursus.analysis.speakers import sources_graph, top_sources

    if table.empty:
        return None
    graph = sources_graph(top_sources(table))
    position = _layout(graph)
    colors = {
        "document": "#3a6ea5",
        "speaker": "#c0504d",
        "work": "#4f8f4f",
        "scripture": "#8064a2",
    }
    fig = go.Figure(_edge_trace(graph, position, "#bbb"))
    for kind, color in colors.items():
        nodes = [n for n, data in graph.nodes(data=True) if data["kind"] == kind]
        if not nodes:
            continue
        fig.add_trace(
            go.Scatter(
                x=[position[n][0] for n in nodes],
                y=[position[n][1] for n in nodes],
                mode="markers+text",
                text=[n if len(n) <= 28 else n[:26] + "…" for n in nodes],
                textposition="top center",
                textfont=dict(size=9),
                marker=dict(size=[8 + 2 * graph.degree(n) for n in nodes], color=color),
                name=kind,
                hovertext=nodes,
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title="Intertextual network: documents and whom they cite or quote")
    return _figure(fig, height=560)


def _edge_trace(graph, position: dict, color: str) -> go.Scatter:
    """A network's ties as one line trace (a gap between ties)."""
    edge_x, edge_y = [], []
    for a, b in graph.edges():
        edge_x += [position[a][0], position[b][0], None]
        edge_y += [position[a][1], position[b][1], None]
    return go.Scatter(x=edge_x, y=edge_y, mode="lines", line=dict(color=color, width=1),
                      hoverinfo="skip", showlegend=False)  # fmt: skip


def _layout(graph) -> dict:
    """Node positions, the same for the same graph (igraph's layout from seeded positions)."""
    import igraph as ig

    nodes = list(graph.nodes())
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    drawn = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    start = np.random.default_rng(7).uniform(-1, 1, (len(nodes), 2)).tolist()
    # the layout draws random displacements too: from a seeded generator, then igraph's own
    ig.set_random_number_generator(random.Random(7))
    try:
        coordinates = drawn.layout_fruchterman_reingold(seed=start, niter=500)
    finally:
        ig.set_random_number_generator(random)
    return {node: tuple(coordinates[i]) for node, i in index.items()}


def page_offset(text: str, index: int) -> int:
    r"""Where ``text[index]`` falls in the page: browsers count UTF-16 units and read CR LF as
    one line end.

    >>> page_offset("a\r\nb", 4), page_offset("😀c", 2)
    (3, 3)
    """
    return len(text[:index].replace("\r\n", "\n").encode("utf-16-le")) // 2


def _link(row: dict, ids: dict[str, int], texts: dict[str, str]) -> dict:
    """``row`` (doc, start, end) given its document's id and, where the text is embedded,
    the passage's place in the page (``dom``: browser offsets)."""
    row["doc_id"] = ids.get(row["doc"])
    text = texts.get(row["doc"])
    if text is not None:
        row["dom"] = f"{page_offset(text, row['start'])},{page_offset(text, row['end'])}"
    return row


def _linker(docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool):
    """A function giving evidence rows (doc, start, end) their links into the documents."""
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))

    def linked(evidence: list[dict]) -> list[dict]:
        # the passage's words: from the embedded text here, else from _add_passages
        return [_link({**e, "match": texts[e["doc"]][e["start"] : e["end"]]}
                      if e["doc"] in texts else dict(e), ids, texts) for e in evidence]  # fmt: skip

    return linked


def _speech_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    from discursus.analysis.speakers import corpus_actors, sources_table, speaker_documents

    ids = dict(zip(docs["name"], docs["id"], strict=True)) if not docs.empty else {}
    quotes = project.quote_rows()
    citations = project.citation_rows()
    chains = [q for q in quotes if q.get("chain")]
    academic = [c for c in citations if c["kind"] == "academic"]
    scripture = [c for c in citations if c["kind"] == "scripture"]
    shown = {
        "quotes": [dict(row) for row in quotes[:MAX_QUOTE_ROWS]],
        "chains": [dict(row) for row in chains[:MAX_TABLE_ROWS]],
        "academic": [dict(row) for row in academic[:MAX_TABLE_ROWS]],
        "scripture": [dict(row) for row in scripture[:MAX_TABLE_ROWS]],
    }
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    for row in (row for rows in shown.values() for row in rows):
        _link(row, ids, texts)
    doc_actors = project.doc_actors()
    table = sources_table(quotes, citations, doc_actors, docs)
    actors = corpus_actors(doc_actors, quotes, docs)
    speaking = actors[actors["statements"] > 0]
    context = {
        "actors": speaking.head(MAX_ACTORS).to_dict("records"),
        "n_actors": len(speaking),
        "heatmap": _speaker_heatmap(speaker_documents(doc_actors, quotes, docs)),
        "n_quotes": len(quotes),
        "n_chains": len(chains),
        "n_academic": len(academic),
        "n_scripture": len(scripture),
        "network": _network_figure(table),
        **shown,
    }
    tables = {
        "quotes": pd.DataFrame(quotes),
        "citations": pd.DataFrame(citations),
        "actors": actors,
        "sources": table,
    }
    return context, tables


EXAMPLES_PER_CODE = 3


def _coding_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """Codes and themes: per code its suggestions and a person's decisions, the documents
    it is in, a chart of codes by document, example passages, and agreement."""
    codings = project.codings()
    if codings.empty:
        return None
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))
    # what stands as coded: open suggestions and a person's codes (a decided suggestion is
    # stood for by the person's decision)
    live = codings[codings.status.isin(["suggested", "accepted", "coded"])]
    rows = []
    for code, group in codings.groupby("code", sort=False):
        counts = group.status.value_counts()
        examples = []
        for row in live[live.code == code].head(EXAMPLES_PER_CODE).to_dict("records"):
            example = {k: row[k] for k in ("doc", "start", "end", "coder", "status")}
            examples.append(_link(example, ids, texts))
        rows.append(
            {
                "code": code,
                "suggested": int(counts.get("suggested", 0) + counts.get("decided", 0)),
                "accepted": int(counts.get("accepted", 0)),
                "rejected": int(counts.get("rejected", 0)),
                "coded": int(counts.get("coded", 0)),
                "documents": int(live[live.code == code].doc.nunique()),
                "examples": examples,
            }
        )
    rows.sort(key=lambda r: -(r["suggested"] + r["accepted"] + r["coded"]))
    coders = sorted(set(codings.coder))
    agreement = None
    if len(coders) >= 2:
        try:  # on the codings read above
            summary, _ = project.agreement(coders, codings=codings)
            agreement = summary.round(3).to_dict("records")
        except DiscursusError:  # coders with nothing in common: nothing to compare
            agreement = None
    context = {
        "codes": rows,
        "coders": coders,
        "agreement": agreement,
        "chart": _codes_chart(live),
        "by": [chart for chart in (_codes_by(live, docs, f) for f in ("year", "outlet")) if chart],
    }
    context.update(_themes_context(project, ids, texts))
    return context


MAX_RELATIONS_SHOWN = 12
STATEMENTS_SHOWN = 40


def _network_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """The discourse network of the statements found: actors linked by the concepts they
    take the same stance on (congruence), coloured by coalition; the coalitions; statements
    with their evidence."""
    from discursus.analysis import networks

    found = project.statements()
    if found.empty or found.actor.nunique() < 2:
        return None
    congruence = networks.onemode(found, "actor", "concept", aggregation="congruence")
    camps, modularity = networks.coalitions(congruence)
    camp = dict(zip(camps.node, camps.coalition, strict=True))
    groups = []
    for number, members in camps.groupby("coalition"):
        mine = found[found.actor.isin(members.node)]
        stance = mine.groupby("concept").agreement.mean().sort_values(ascending=False)
        groups.append({
            "number": int(number), "members": list(members.node),
            "supports": [c for c, v in stance.items() if v > 0][:5],
            "rejects": [c for c, v in stance.items() if v < 0][:5],
        })  # fmt: skip
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))
    shown = found[found.agreement != 0].head(STATEMENTS_SHOWN)
    statements = [
        _link({"doc": r.doc, "start": int(r.evidence_start), "end": int(r.evidence_end),
               "actor": r.actor, "concept": r.concept, "agreement": int(r.agreement),
               "coalition": camp.get(r.actor)}, ids, texts)
        for r in shown.itertuples()
    ]  # fmt: skip
    anchors = _node_anchors(found)
    concepts = networks.onemode(found, "concept", "actor", aggregation="congruence")
    return {
        "picture": _coalition_figure(congruence, camp, found, anchors),
        "concepts": _concept_figure(concepts, camp, found, anchors),
        "windows": _window_figures(found, camp),
        "coalitions": groups,
        "modularity": round(modularity, 3),
        "statements": statements,
        "nodes": _node_statements(
            found,
            anchors,
            camp,
            ids,
            texts,
            {
                str(n)
                for graph in (_positive_graph(congruence), _positive_graph(concepts))
                for n in graph.nodes
            },
        ),  # fmt: skip
        "n_statements": len(found),
        "n_actors": int(found.actor.nunique()),
    }


def _frames_context(project: Project, docs: pd.DataFrame) -> dict[str, Any] | None:
    """The frames of the articles (a trained frames model's): by outlet and by year, and each
    article's frames."""
    if not project.stored_settings().get("frames", {}).get("model"):
        return None
    found = project.frames("article")
    if found.empty:
        return {"n": 0, "by": [], "articles": []}
    live = found.rename(columns={"frame": "code"})
    charts = [chart for chart in (_codes_by(live, docs, f, "Articles per frame")
                                  for f in ("outlet", "year")) if chart]  # fmt: skip
    articles = [{"doc": doc, "frames": ", ".join(group.sort_values("score", ascending=False)
                                                 .frame)}
                for doc, group in found.groupby("doc")][:MAX_TABLE_ROWS]  # fmt: skip
    return {"n": found.doc.nunique(), "by": charts, "articles": articles}


TECHNIQUE_SPANS_SHOWN = 60


def _techniques_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """Persuasion techniques: how many spans and paragraphs of each, and the spans, each
    linked to its place in its document (a click marks it)."""
    found = project.techniques()
    if found.empty:
        return None
    counts = (found.groupby(["technique", "unit"]).size().unstack(fill_value=0)
              .reindex(columns=["span", "paragraph"], fill_value=0)
              .sort_values("span", ascending=False).reset_index())  # fmt: skip
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))
    spans = [
        _link({"doc": r.doc, "start": int(r.start), "end": int(r.end), "technique": r.technique,
               "rule": r.rule}, ids, texts)
        for r in found[found.unit == "span"].head(TECHNIQUE_SPANS_SHOWN).itertuples()
    ]  # fmt: skip
    return {"counts": counts.to_dict("records"), "spans": spans}


STANCES_SHOWN = 40
STANCE_HOLDERS = 15
CELL_STANCES_SHOWN = 12


def _stance_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """Stance toward the targets: the actors by targets matrix (net stance, clickable to
    the actor's stances), and the stances with their passages."""
    if project.target_list() is None:
        return None
    found = project.stances()
    if found.empty:
        return {"rows": [], "matrix": None, "n": 0, "targets": len(project.target_list().targets)}
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))

    def linked(rows: pd.DataFrame) -> list[dict]:
        return [
            _link({"doc": r.doc, "start": int(r.start), "end": int(r.end), "holder": r.holder,
                   "target": r.target, "stance": r.stance, "cue": r.cue}, ids, texts)
            for r in rows.itertuples()
        ]  # fmt: skip

    # a cell of the matrix opens its holder's stances toward its target
    shown = found[found.holder.isin(found.holder.value_counts().head(STANCE_HOLDERS).index)]
    cells = {key: f"stance-cell-{k}" for k, key in enumerate(
        sorted(set(zip(shown.holder, shown.target, strict=True))))}  # fmt: skip
    lists = [{"anchor": anchor, "holder": holder, "target": target,
              "stances": linked(shown[(shown.holder == holder) & (shown.target == target)]
                                .head(CELL_STANCES_SHOWN))}
             for (holder, target), anchor in cells.items()]  # fmt: skip
    return {"rows": linked(found.head(STANCES_SHOWN)), "matrix": _stance_figure(shown, cells),
            "cells": lists, "n": len(found),
            "targets": len(project.target_list().targets)}  # fmt: skip


SHIFTS_SHOWN = 20
SIGNIFIERS_DRAWN = 30
CHAINS_SHOWN = 4
FLOATING_SHOWN = 8
TIES_SHOWN = 6
MIN_WINDOWS = 3


def _semantic_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """The semantic system of each discourse (by the field that names discourses): its
    signifiers' ties drawn, coloured by chain, the nodal point marked; its nodal points,
    chains and Others with their passages; and the floating signifiers, side by side."""
    from discursus.analysis.nodal import MEASURE
    from discursus.analysis.signifiers import discourse_field, discourses, ties
    from discursus.semanticwork import PARTS

    found = project.equivalences()
    if found.empty:
        return None
    linked = _linker(docs, texts_shown, embedded)
    by = discourse_field(docs)
    # the square per discourse, not the system's per actor
    system = project.semantic_system(by, boot=100, parts=tuple(
        part for part in PARTS if part != "square"))  # fmt: skip
    points, chains, others = system["nodal_points"], system["chains"], system["frontier"]
    network, sides = system["network"], system["sides"]
    square = project.ideological_square(by)
    parts = []
    for discourse, articulations in discourses(found, docs, by):
        mine = chains[chains.discourse == discourse]
        nodal = points[points.discourse == discourse]
        own_sides = {
            row["side"]: {**row, "evidence": linked(row["evidence"])}
            for row in sides[sides.discourse == discourse].to_dict("records")
        }
        corners = square[square.discourse == discourse].to_dict("records")
        parts.append({
            "ties": [{**t, "evidence": linked(t["evidence"][:1])} for t in
                     network[network.discourse == discourse].head(TIES_SHOWN).to_dict("records")],
            "sides": own_sides,
            "square": ({**corners[0], "evidence": {k: linked(v) for k, v in
                                                    corners[0]["evidence"].items()}}
                       if corners else None),
            "name": discourse,
            "figure": _signifier_figure(ties(articulations)[0], mine,
                                        nodal.signifier.iloc[0] if len(nodal) else None),
            "points": nodal.to_dict("records"),
            "chains": [{**c, "evidence": linked(c["evidence"])}
                       for c in mine.head(CHAINS_SHOWN).to_dict("records")],
            "others": [{**o, "evidence": linked(o["evidence"])}
                       for o in others[others.discourse == discourse].to_dict("records")],
        })  # fmt: skip
    floating = []
    if system["floating"] is not None:
        for row in system["floating"].head(FLOATING_SHOWN).to_dict("records"):
            floating.append({**row, "sides": [
                {"discourse": d, "neighbours": row["neighbourhoods"][d],
                 "evidence": linked(row["evidence"][d])} for d in row["discourses"]]})  # fmt: skip
    return {"by": by, "discourses": parts, "floating": floating, "measure": MEASURE,
            "square_figure": _square_figure(square),
            "over_time": _over_time_figure(project, docs, by)}  # fmt: skip


def _reach_part(project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame,
                embedded: bool, reach: ReachOptions | None):  # fmt: skip
    """The discourses across speakers and time, when asked for: its context and tables."""
    if reach is None:
        return None, {}
    return reach_context(project, reach, _linker(docs, texts_shown, embedded))


def _square_figure(square: pd.DataFrame):
    """Each discourse's presentations of self and other, by corner of the square."""
    from discursus.analysis.square import CORNERS

    if square.empty:
        return None
    colours = {"self_favourable": "#2ca02c", "other_unfavourable": "#d62728",
               "self_unfavourable_mitigated": "#98df8a", "self_unfavourable": "#bcbd22",
               "other_favourable_mitigated": "#ff9896", "other_favourable": "#17becf"}  # fmt: skip
    fig = go.Figure([go.Bar(name=corner.replace("_", " "), x=square.discourse.tolist(),
                            y=square[corner].tolist(), marker_color=colours[corner])
                     for corner in CORNERS])  # fmt: skip
    fig.update_layout(barmode="stack", title="The ideological square: how each discourse "
                      "presents itself and its Other (clauses)")  # fmt: skip
    return _figure(fig, height=380)


def _over_time_figure(project: Project, docs: pd.DataFrame, by: str | None):
    """The nodal point candidates' scores per year in each discourse, where the corpus
    spans three years or more."""
    from discursus.analysis.subcorpus import document_groups

    years = document_groups(docs, "year").dropna()
    if years.nunique() < MIN_WINDOWS:
        return None
    points = project.semantic_system(by, over="year", boot=0, parts=("nodal_points",))[
        "nodal_points"
    ]
    if points is None or points.empty:
        return None
    fig = go.Figure()
    for discourse, rows in points.groupby("discourse", sort=True):
        firsts = rows[rows["rank"] == 1].signifier.value_counts().index[:3]
        for term in firsts:
            line = rows[rows.signifier == term].sort_values("window")
            fig.add_trace(go.Scatter(x=line.window.tolist(), y=line.score.tolist(),
                                     mode="lines+markers",
                                     name=f"{discourse}: {term}"))  # fmt: skip
    fig.update_layout(title="Nodal points over time: each discourse's first signifiers, "
                      "score per year")  # fmt: skip
    return _figure(fig, height=380)


def _signifier_figure(counts, chains: pd.DataFrame, nodal: str | None):
    """A discourse's most tied signifiers and their ties (``counts``: how often each pair is
    tied), coloured by chain, the nodal point larger and outlined."""
    import networkx as nx

    if not counts:
        return None
    summed: dict[str, float] = {}
    for (a, b), count in counts.items():
        summed[a] = summed.get(a, 0) + count
        summed[b] = summed.get(b, 0) + count
    strength = pd.Series(summed).sort_index().sort_values(ascending=False, kind="stable")
    kept = list(strength.index[:SIGNIFIERS_DRAWN])
    drawn = set(kept)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(kept))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(counts.items())
                                  if a in drawn and b in drawn)  # fmt: skip
    position = _layout(graph)
    chain_of = {term: int(row.chain) for row in chains.itertuples() for term in row.members}
    fig = go.Figure(_edge_trace(graph, position, "#bbb"))
    groups: dict[int, list[str]] = {}
    for term in kept:
        groups.setdefault(chain_of.get(term, 0), []).append(term)
    for chain, terms in sorted(groups.items()):
        fig.add_trace(go.Scatter(
            x=[position[t][0] for t in terms], y=[position[t][1] for t in terms],
            mode="markers+text", text=terms, textposition="top center", textfont=dict(size=10),
            marker=dict(size=[(24 if t == nodal else 9) + 2 * strength[t] ** 0.5 for t in terms],
                        color=_coalition_color(chain) if chain else "#999",
                        line=dict(width=[3 if t == nodal else 0 for t in terms], color="#222")),
            name=f"chain {chain}" if chain else "in no chain",
            hovertext=[f"{t}: {int(strength[t])} ties" for t in terms],
        ))  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title="Signifiers tied by its articulations of equivalence")
    return _figure(fig, height=460)


def _shifts_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> list[dict[str, Any]] | None:
    """The stance shifts, strongest first, each with its passages before and after the turn
    (a departure: the document's own) to set side by side."""
    from discursus.analysis.shifts import sides

    if project.target_list() is None:
        return None
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    ids = dict(zip(docs["name"], docs["id"], strict=True))
    found = []
    for shift in project.shifts()[:SHIFTS_SHOWN]:
        before, after = (
            [_link({"doc": shift["doc"], **e}, ids, texts) for e in side] for side in sides(shift)
        )
        found.append({**shift, "before": before, "after": after})
    return found


def _stance_figure(table: pd.DataFrame, cells: dict[tuple[str, str], str]) -> Markup | None:
    fig = stance_figure(table, cells)
    return _figure(fig) if fig is not None else None


NODE_STATEMENTS_SHOWN = 12
NODES_DRAWN = 150
EDGES_DRAWN = 1500
WINDOWS_SHOWN = 6
_COALITION_COLORS = ("#EF553B", "#00cc96", "#636efa", "#ab63fa", "#FFA15A", "#19d3f3")


def _coalition_color(number: int) -> str:
    """One colour per coalition, the same in every picture."""
    return _COALITION_COLORS[(int(number) - 1) % len(_COALITION_COLORS)]


def _node_anchors(found: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The page anchor of each actor's and concept's list of statements."""
    anchors = {}
    for kind in ("actor", "concept"):
        for number, name in enumerate(sorted(found[kind].astype(str).unique()), 1):
            anchors[(kind, name)] = f"node-{kind}-{number}"
    return anchors


def _node_statements(found, anchors, camp, ids, texts, drawn: set[str]) -> list[dict]:
    """The statements (the first few) of each actor and concept the pictures draw, to link
    their nodes to their evidence."""
    nodes = []
    grouped = {kind: dict(iter(found.groupby(found[kind].astype(str), sort=False)))
               for kind in ("actor", "concept")}  # fmt: skip
    for (kind, name), anchor in anchors.items():
        if name not in drawn:
            continue
        mine = grouped[kind][name]
        rows = [
            _link({"doc": r.doc, "start": int(r.evidence_start), "end": int(r.evidence_end),
                   "actor": r.actor, "concept": r.concept, "agreement": int(r.agreement)},
                  ids, texts)
            for r in mine.head(NODE_STATEMENTS_SHOWN).itertuples()
        ]  # fmt: skip
        nodes.append({"anchor": anchor, "kind": kind, "name": name, "count": len(mine),
                      "coalition": camp.get(name) if kind == "actor" else None,
                      "statements": rows})  # fmt: skip
    return nodes


def _positive_graph(matrix: pd.DataFrame, active_only: bool = False):
    """A one-mode matrix's positive ties as a networkx graph (``active_only``: without the
    nodes of no tie), drawable: the :data:`NODES_DRAWN` nodes of most tie weight and the
    :data:`EDGES_DRAWN` strongest ties among them (a corpus of thousands of actors has
    millions of ties, and a picture of them all is hundreds of megabytes)."""
    import networkx as nx

    values = np.clip(matrix.to_numpy(dtype=float), 0, None)
    np.fill_diagonal(values, 0)
    strength = values.sum(axis=1)
    if len(matrix) > NODES_DRAWN:
        order = sorted(range(len(matrix)), key=lambda k: (-strength[k], str(matrix.index[k])))
        keep = np.array(sorted(order[:NODES_DRAWN]))
    else:
        keep = np.arange(len(matrix))
    names = [matrix.index[k] for k in keep]
    values = values[np.ix_(keep, keep)]
    rows, cols = np.nonzero(np.triu(values, 1) > 0)
    if len(rows) > EDGES_DRAWN:
        strongest = np.argsort(-values[rows, cols], kind="stable")[:EDGES_DRAWN]
        rows, cols = rows[np.sort(strongest)], cols[np.sort(strongest)]
    graph = nx.Graph()
    if not active_only:
        graph.add_nodes_from(names)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        graph.add_edge(names[i], names[j], weight=float(values[i, j]))
    return graph


def _concept_figure(matrix: pd.DataFrame, camp: dict, found: pd.DataFrame,
                    anchors: dict) -> Markup | None:  # fmt: skip
    """Concepts linked where actors take the same stance on both, coloured by the coalition
    whose actors speak of them most."""

    if len(matrix) < 2:
        return None
    graph = _positive_graph(matrix)
    position = _layout(graph)
    owner = (
        found.assign(coalition=found.actor.map(camp))
        .groupby("concept")
        .coalition.agg(lambda v: v.mode().iloc[0] if v.notna().any() else 0)
    )
    fig = go.Figure(_edge_trace(graph, position, "#ccc"))
    counts = found.concept.value_counts()
    for number in sorted(set(owner)):
        nodes = [n for n in graph.nodes if owner.get(n) == number]
        fig.add_trace(go.Scatter(
            x=[position[n][0] for n in nodes], y=[position[n][1] for n in nodes],
            mode="markers+text", name=f"mostly coalition {number}", marker_symbol="square",
            text=[n if len(n) <= 28 else n[:26] + "…" for n in nodes],
            textposition="top center", textfont=dict(size=10),
            marker=dict(size=[10 + 3 * min(int(counts.get(n, 0)), 12) for n in nodes],
                        color=_coalition_color(number) if number else "#999"),
            customdata=[anchors.get(("concept", str(n))) for n in nodes],
            hovertext=[f"{n}: {int(counts.get(n, 0))} statements (click: the statements)"
                       for n in nodes],
        ))  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title="Concepts that actors take the same stance on together")
    return _figure(fig, height=460)


def _window_unit(times: pd.Series) -> tuple[str, int] | None:
    """A time unit and window size that cut the statements' range into a few windows."""
    span = (times.max() - times.min()).days
    if span < 2:
        return None
    for unit, days in (("years", 365), ("months", 30), ("weeks", 7), ("days", 1)):
        if span / days >= WINDOWS_SHOWN:
            return unit, max(1, round(span / days / WINDOWS_SHOWN))
    return "days", 1


def _window_figures(found: pd.DataFrame, camp: dict) -> Markup | None:
    """Small multiples: the actor network in successive time windows, on one layout."""
    import networkx as nx
    from plotly.subplots import make_subplots

    from discursus.analysis import networks

    times = pd.to_datetime(found.date, errors="coerce", utc=True, format="mixed")
    if times.isna().any() or found.empty:
        return None
    choice = _window_unit(times)
    if choice is None:
        return None
    unit, size = choice
    windows = [w for w in networks.iter_time_windows(
        found, "onemode", unit, 2 * size + 1 if unit != "events" else size, "no", "actor",
        "concept", "agreement", "congruence") if w["statements"]]  # fmt: skip
    if len(windows) < 2:
        return None
    step = max(1, len(windows) // WINDOWS_SHOWN)
    windows = windows[::step][:WINDOWS_SHOWN]
    layers = [_positive_graph(w["matrix"], active_only=True) for w in windows]
    everyone = nx.compose_all([_positive_graph(windows[0]["matrix"]), *layers])
    position = _layout(everyone)
    columns = 3
    rows = (len(windows) + columns - 1) // columns
    titles = [f"{w['start']:%Y-%m-%d} to {w['stop']:%Y-%m-%d}" for w in windows]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles)
    for k, graph in enumerate(layers):
        row, col = k // columns + 1, k % columns + 1
        active = list(graph.nodes)
        fig.add_trace(_edge_trace(graph, position, "#ccc"), row=row, col=col)
        fig.add_trace(go.Scatter(
            x=[position[n][0] for n in active], y=[position[n][1] for n in active],
            mode="markers", hovertext=active, showlegend=False,
            marker=dict(size=9, color=[_coalition_color(camp.get(n, 1)) for n in active]),
        ), row=row, col=col)  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title=f"The actor network over time ({unit}; colour: coalition)")
    return _figure(fig, height=260 * rows + 60)


def _coalition_figure(matrix: pd.DataFrame, camp: dict, found: pd.DataFrame,
                      anchors: dict) -> Markup:  # fmt: skip
    """Actors linked by congruent stances, coloured by coalition, sized by statements."""
    graph = _positive_graph(matrix)
    position = _layout(graph)
    fig = go.Figure(_edge_trace(graph, position, "#ccc"))
    counts = found.actor.value_counts()
    for number in sorted(set(camp.values())):
        nodes = [n for n in graph.nodes if camp.get(n) == number]
        if not nodes:
            continue
        fig.add_trace(
            go.Scatter(
                x=[position[n][0] for n in nodes], y=[position[n][1] for n in nodes],
                mode="markers+text", name=f"coalition {number}",
                text=[n if len(n) <= 28 else n[:26] + "…" for n in nodes],
                textposition="top center", textfont=dict(size=10),
                marker=dict(size=[10 + 3 * min(int(counts.get(n, 0)), 12) for n in nodes],
                            color=_coalition_color(number)),
                customdata=[anchors.get(("actor", str(n))) for n in nodes],
                hovertext=[f"{n}: {int(counts.get(n, 0))} statements (click: the statements)"
                           for n in nodes],
            )
        )  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    shown = (f" (the {graph.number_of_nodes()} of {len(matrix)} with most ties)"
             if graph.number_of_nodes() < len(matrix) else "")  # fmt: skip
    fig.update_layout(title="Actors who take the same stance on the same concepts "
                      f"(coalitions){shown}")  # fmt: skip
    return _figure(fig, height=520)


def _themes_context(project: Project, ids: dict[str, int], texts: dict[str, str]) -> dict:
    """Axial and selective coding on what stands as coded (open suggestions too): the
    category network, the core category, the relations between categories."""
    try:
        themes = project.themes("sentence", suggestions=True)
    except DiscursusError:
        return {}
    if len(themes.found.codes) < 2:
        return {}
    categories = themes.categories()
    core = themes.core(resamples=100)
    relations, _ = themes.relations()
    shown = []
    for row in relations.head(MAX_RELATIONS_SHOWN).to_dict("records"):
        doc, start, end = row["evidence"][0]
        example = _link({"doc": doc, "start": start, "end": end}, ids, texts)
        shown.append({**{k: row[k] for k in ("category_a", "category_b", "kind", "marker",
                                              "count")}, "example": example})  # fmt: skip
    return {
        "network": _category_network(themes.cooccurrence(), categories),
        "core": core.head(10).to_dict("records"),
        "relations": shown,
    }


def _category_network(edges: pd.DataFrame, categories: pd.DataFrame) -> Markup | None:
    """Codes linked by a positive association (npmi), coloured by category."""
    import networkx as nx

    linked = edges[(edges["count"] >= 2) & (edges.npmi > 0)]
    graph = nx.Graph()
    for row in categories.itertuples():
        graph.add_node(row.code, category=row.category, units=row.units)
    graph.add_edges_from(zip(linked.code_a, linked.code_b, strict=True))
    position = _layout(graph)
    fig = go.Figure(_edge_trace(graph, position, "#bbb"))
    for category, group in categories.groupby("category", sort=False):
        fig.add_trace(
            go.Scatter(
                x=[position[c][0] for c in group.code],
                y=[position[c][1] for c in group.code],
                mode="markers+text",
                text=list(group.code),
                textposition="top center",
                textfont=dict(size=10),
                marker=dict(
                    size=[
                        10 + 12 * (u / max(categories.units.max(), 1)) ** 0.5 * 2
                        for u in group.units
                    ]
                ),  # fmt: skip
                name=category,
                hovertext=[
                    f"{c}: {u} sentences" for c, u in zip(group.code, group.units, strict=True)
                ],  # fmt: skip
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title="Categories: codes that code the same sentences (Leiden)")
    return _figure(fig, height=520)


def _codes_by(live: pd.DataFrame, docs: pd.DataFrame, field: str,
              what: str = "Codings") -> Markup | None:  # fmt: skip
    fig = codes_by_figure(live, docs, field, what)
    return _figure(fig) if fig is not None else None


def _codes_chart(live: pd.DataFrame) -> Markup | None:
    fig = codes_figure(live)
    return _figure(fig) if fig is not None else None


KEY_WORDS_SHOWN = 25
SIGNIFIERS = 5


def _language_context(
    project: Project, docs: pd.DataFrame, texts_shown: pd.DataFrame, embedded: bool
) -> dict[str, Any] | None:
    """Keywords against general English and per group, the collocates and concordance of the
    key nouns, and their frequency over time."""
    from discursus.analysis.corpus import Corpus
    from discursus.analysis.keyness import key_nouns

    try:
        index = project.index()
    except ProjectError:  # not annotated yet: the report says so
        return None
    if index.n_tokens == 0:
        return None
    corpus = Corpus(index, docs)
    general = corpus.keywords(reference="general", min_frequency=3, limit=200)
    nouns = key_nouns(index, general, SIGNIFIERS)
    ids = index.lexicon("lower").ids
    texts = dict(zip(texts_shown["name"], texts_shown["text"], strict=True)) if embedded else {}
    doc_ids = dict(zip(docs["name"], docs["id"], strict=True))
    signifiers = []
    for word in nouns:
        lines = corpus.kwic(word, left=8, right=8, limit=6).to_dict("records")
        for line in lines:
            _link(line, doc_ids, texts)
        collocates = corpus.collocates(
            word, left=5, right=5, measure="logdice", min_frequency=2, stop_words=False, limit=10
        )
        signifiers.append(
            {
                "word": word,
                "frequency": int(index.lexicon("lower").frequencies[ids[word]]),
                "collocates": collocates.round(2).to_dict("records"),
                "lines": lines,
            }
        )
    field = corpus.grouping_field()
    by_group = (
        corpus.keywords_by(field, min_frequency=3, limit=10).round(2).to_dict("records")
        if field
        else []
    )
    return {
        "general": general.head(KEY_WORDS_SHOWN).round(2).to_dict("records"),
        "chart": _keyword_chart(general.head(KEY_WORDS_SHOWN)) if not general.empty else None,
        "signifiers": signifiers,
        "group_field": field,
        "by_group": by_group,
        "trend": _trend_chart(corpus, nouns, docs),
    }


def _keyword_chart(table: pd.DataFrame) -> Markup:
    return _figure(keyword_figure(table))


def write_trend_chart(table: pd.DataFrame, by: str, path: str | os.PathLike[str]) -> Path:
    """The trend as a standalone HTML page (Plotly's JavaScript inlined: it opens offline)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    trend_figure(table, by).write_html(target, include_plotlyjs=True, full_html=True)
    return target


def _trend_chart(corpus, words: list[str], docs: pd.DataFrame) -> Markup | None:
    if not words or docs["date"].isna().all():
        return None
    years = docs["date"].dropna().astype(str).str[:4].nunique()
    by = "year" if years >= 3 else "month"
    table = corpus.trend(words, by=by)
    if table["group"].nunique() < 2:
        return None
    fig = trend_figure(table, by)
    fig.update_layout(title=f"Key nouns per million words, by {by}")
    return _figure(fig)


def write_report(
    project: Project,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    reach: ReachOptions | None = None,
) -> Path:
    """Write the report for ``project`` to ``path`` (an .html file), and beside it a folder
    ``<name>_data/`` with every table it shows in full as CSV; returns the report's path.
    ``reach``: also the discourses across speakers and time (see :func:`build_context`)."""
    import json

    import plotly.offline

    target = Path(path)
    data_dir = f"{target.stem}_data"
    context = build_context(project, data_dir, progress, reach)
    environment = Environment(
        loader=PackageLoader("discursus.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    template = environment.get_template("report.html.j2")
    html = template.render(plotly_js=Markup(plotly.offline.get_plotlyjs()), **context)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = target.parent / data_dir
    folder.mkdir(exist_ok=True)
    for name, table in context["tables"].items():
        # lists and mappings as JSON, so a spreadsheet shows them and a program reads them
        encoded = table.map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        )
        temporary = folder / f"{name}.csv.tmp"
        encoded.to_csv(temporary, index=False)
        os.replace(temporary, folder / f"{name}.csv")
    _write_document_pages(environment, context, docs=project.documents(), folder=folder,
                          report_name=target.name)  # fmt: skip
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, target)
    return target


DOCUMENT_FIELDS = ("title", "date", "outlet", "speaker", "author", "language", "n_words")


def _write_document_pages(environment: Environment, context: dict[str, Any],
                          docs: pd.DataFrame, folder: Path, report_name: str) -> None:  # fmt: skip
    """A page for each document a passage of a large corpus's report links to, in
    ``folder/docs/ID.html``: the report itself holds only the passages' context, and a
    document is loaded when its link is followed."""
    texts = context.get("page_texts") or {}
    if not texts:
        return
    pages = folder / "docs"
    pages.mkdir(exist_ok=True)
    template = environment.get_template("document.html.j2")
    rows = docs.set_index("id")
    for doc_id, text in texts.items():
        info = rows.loc[doc_id]
        fields = [
            (key, info[key])
            for key in DOCUMENT_FIELDS
            if key in info and info[key] is not None and not pd.isna(info[key])
        ]
        fields += [(key, value) for key, value in sorted((info.get("meta") or {}).items())]
        page = template.render(doc={"id": doc_id, "name": info["name"]}, fields=fields,
                               text=text, report_title=context["title"],
                               report_name=report_name)  # fmt: skip
        temporary = pages / f"{doc_id}.html.tmp"
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, pages / f"{doc_id}.html")
