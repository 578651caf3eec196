"""The corpus analyses, registered (``discursus components --kind analysis``): each is a
function of the token index or of component rows, giving a DataFrame."""

from __future__ import annotations

from discursus.analysis import networks
from discursus.analysis.backbone import backbone
from discursus.analysis.collocation import collocates
from discursus.analysis.concordance import kwic
from discursus.analysis.dispersion import term_dispersion
from discursus.analysis.keyness import keywords, keywords_by_group
from discursus.analysis.ngrams import ngrams
from discursus.analysis.polarization import polarization
from discursus.analysis.speakers import corpus_actors, sources_table
from discursus.analysis.statements import find_statements
from discursus.analysis.trend import trend
from discursus.registry import Component, register

_INDEX = ("index",)
_STATEMENTS = ("statements",)
for name, func, requires, produces in (
    ("kwic", kwic, _INDEX, ("doc", "start", "end", "left", "node", "right", "position")),
    ("collocates", collocates, _INDEX, ("collocate", "frequency", "score", "...")),
    ("keywords", keywords, _INDEX, ("item", "target", "reference", "log_likelihood", "...")),
    ("keywords-by-group", keywords_by_group, _INDEX, ("group", "item", "...")),
    ("ngrams", ngrams, _INDEX, ("ngram", "frequency", "documents")),
    ("dispersion", term_dispersion, _INDEX, ("term", "range", "juilland_d", "dp", "...")),
    ("trend", trend, _INDEX, ("term", "group", "frequency", "per_million", "...")),
    ("actors", corpus_actors, ("actors", "quotes"), ("name", "type", "aliases", "...")),
    ("sources", sources_table, ("quotes", "citations", "actors"), ("doc", "source", "...")),
    (
        "statements",
        find_statements,
        ("quotes", "codings", "sentences"),
        ("doc", "start", "end", "actor", "organization", "concept", "agreement", "..."),
    ),
    ("twomode", networks.twomode, _STATEMENTS, ("matrix",)),
    ("onemode", networks.onemode, _STATEMENTS, ("matrix",)),
    ("time-windows", networks.iter_time_windows, _STATEMENTS, ("time", "matrix", "...")),
    ("coalitions", networks.coalitions, ("onemode",), ("node", "coalition", "size")),
    ("centralities", networks.centralities, ("onemode",), ("node", "degree", "...")),
    ("polarization", polarization, _STATEMENTS, ("time", "nodes", "quality", "...")),
    ("backbone", backbone, _STATEMENTS, ("concept", "backbone", "statements", "...")),
):
    register(
        Component(
            name,
            "analysis",
            "1",
            func,
            requires=requires,
            produces=produces,
        )
    )
