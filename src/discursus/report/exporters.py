"""What a project is written out as, registered (``discursus components --kind exporter``)."""

from __future__ import annotations

import os
from pathlib import Path

from discursus.registry import Component, register


def html_report(project, path: str | os.PathLike[str]) -> Path:
    """The HTML report: overview, reported speech, actors, citations, the sources network."""
    from discursus.report.html import write_report

    return write_report(project, path)


def sources_graphml(project, path: str | os.PathLike[str]) -> Path:
    """The intertextual network (who cites or quotes whom, per document) as GraphML."""
    import networkx as nx

    from discursus.analysis.speakers import sources_graph, sources_table

    table = sources_table(
        project.quote_rows(), project.citation_rows(), project.doc_actors(), project.documents()
    )
    nx.write_graphml(sources_graph(table), path)
    return Path(path)


for name, func, requires in (
    ("report-html", html_report, ("documents", "index", "quotes", "citations", "actors")),
    ("sources-graphml", sources_graphml, ("quotes", "citations", "actors")),
):
    register(
        Component(
            name,
            "exporter",
            "1",
            func,
            requires=requires,
            produces=(name.rsplit("-", 1)[1],),
        )
    )
