"""The report's part on discourses across speakers and time, the questions of a corpus such as
the UN General Debate: how far each discourse has penetrated, year by year (the share of
speakers articulating it, with its bootstrap interval, and its trend over the periods); what
each discourse is, read from the passages its codes cover (its nodal point, its chain of
equivalence and the Others it names); who
stands with whom in each period (coalitions of speakers by the congruence of their
statements, and who moved); and, over the periods, the camps those coalitions make: their
nodal points and collocates, their keywords against the rest, and the signifiers they
articulate each into a chain of its own.

It is shown when the report is asked for it with the field that names the speakers (a
state's iso) and the periods (ranges of years); every table is also written whole as CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from discursus.report.figures import figure_html, penetration_figure

BOOT = 200
CAMP_BOOT = 50
KEYWORDS_SHOWN = 12
COLLOCATES_SHOWN = 10
FLOATING_SHOWN = 10
NEIGHBOURS_SHOWN = 6
MEMBERS_SHOWN = 60
CHAIN_SHOWN = 10
OTHERS_SHOWN = 5


@dataclass(frozen=True)
class ReachOptions:
    """What the part reads: ``speakers`` (a document field: iso), ``periods`` (ranges of
    years: "2010-2014,2015-2019") and ``signifiers`` to follow across the camps whether or
    not they float first ("justice", "human rights")."""

    speakers: str
    periods: str
    signifiers: tuple[str, ...] = ()


def _span(periods: str) -> tuple[str, str]:
    """The periods' whole span as a filter, and as words."""
    from discursus.analysis.similarity import parse_bins

    bins = parse_bins(periods)
    low, high = int(min(b[0] for b in bins)), int(max(b[1] for b in bins))
    return f"year >= {low} and year <= {high}", f"{low}–{high}"


def _same_signifier(a: str, b: str) -> bool:
    """'Human rights' and "human right" are one signifier: words compared without a plural s."""

    def key(text: str) -> tuple[str, ...]:
        return tuple(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in text.lower().split())

    return key(a) == key(b)


def reach_context(
    project,
    options: ReachOptions,
    linked: Callable[[list[dict]], list[dict]],
) -> tuple[dict[str, Any] | None, dict[str, pd.DataFrame]]:
    """The part's context and its tables in full (for the CSV files); None without a
    codebook. ``linked`` gives evidence rows their links into the documents."""
    if project.codebook() is None:
        return None, {}
    span, span_words = _span(options.periods)
    shares, _ = project.penetration("year", options.speakers, boot=BOOT)
    _, trends = project.penetration("year", options.speakers, where=span, boot=BOOT)
    tables = {"penetration": shares, "penetration_trend": trends}
    context: dict[str, Any] = {
        "speakers": options.speakers,
        "span": span_words,
        "penetration_figure": _penetration_figure(shares),
        "trends": _trend_rows(trends, shares, linked),
    }
    context["discourses"], discourse_tables = _discourses(project, linked)
    tables.update(discourse_tables)
    periods, coalition_tables = _coalitions(project, options)
    context["periods"] = periods
    tables.update(coalition_tables)
    camps, camp_tables = _camps(project, options, span, linked)
    context["camps"] = camps
    tables.update(camp_tables)
    return context, tables


def _penetration_figure(shares: pd.DataFrame):
    fig = penetration_figure(shares)
    return figure_html(fig, 420) if fig is not None else None


def _trend_rows(trends: pd.DataFrame, shares: pd.DataFrame, linked) -> list[dict]:
    """Each discourse's trend in the share of speakers and of speeches, in points a year,
    with a passage of its last year."""
    rows = []
    last = shares.window.astype(str).max() if not shares.empty else None
    for discourse, found in trends.groupby("discourse", sort=False):
        measures = found.set_index("measure")
        example = shares[(shares.discourse == discourse) & (shares.window.astype(str) == last)]
        evidence = example.evidence.iloc[0][:1] if len(example) else []
        row = {"discourse": discourse, "evidence": linked(evidence), "last_window": last}
        for measure in ("speakers", "documents"):
            if measure in measures.index:
                m = measures.loc[measure]
                row[measure] = {
                    "first": round(m["first"] * 100, 1), "last": round(m["last"] * 100, 1),
                    "slope": round(m["slope"] * 100, 2),
                    "low": None if pd.isna(m["low"]) else round(m["low"] * 100, 2),
                    "high": None if pd.isna(m["high"]) else round(m["high"] * 100, 2),
                }  # fmt: skip
        rows.append(row)
    return rows


def _discourses(project, linked) -> tuple[list[dict], dict[str, pd.DataFrame]]:
    """Each of the codebook's discourses read from the passages its codes cover: its nodal
    points, its first chain of equivalence and its Others, each with a passage."""
    system = project.semantic_system(passages="discourse", boot=CAMP_BOOT,
                                     parts=("nodal_points", "chains", "frontier"))  # fmt: skip
    points, chains, others = system["nodal_points"], system["chains"], system["frontier"]
    rows = []
    for discourse in sorted(set(points.discourse) if points is not None else ()):
        mine = chains[chains.discourse == discourse] if chains is not None else chains
        first = mine.iloc[0] if mine is not None and len(mine) else None
        against = (others[others.discourse == discourse].head(OTHERS_SHOWN)
                   if others is not None else pd.DataFrame())  # fmt: skip
        rows.append({
            "discourse": discourse,
            "points": points[(points.discourse == discourse)
                             & (points["rank"] <= 3)].to_dict("records"),
            "chain": list(first.members[:CHAIN_SHOWN]) if first is not None else [],
            "chain_evidence": linked(first.evidence[:1]) if first is not None else [],
            "others": [{"other": o["other"], "evidence": linked(o["evidence"][:1])}
                       for o in against.to_dict("records")],
        })  # fmt: skip
    tables = {f"discourse_{name}": frame for name, frame in
              (("nodal_points", points), ("chains", chains), ("frontier", others))
              if frame is not None}  # fmt: skip
    return rows, tables


def _coalitions(project, options: ReachOptions) -> tuple[list[dict], dict[str, pd.DataFrame]]:
    """Each period's coalitions (congruence of statements, Leiden) and who moved; the pair
    tables of both measures, whole."""
    from discursus.analysis.similarity import coalitions_by_period

    congruence = project.speaker_similarity(options.speakers, "year", options.periods,
                                            measure="congruence")  # fmt: skip
    profile = project.speaker_similarity(options.speakers, "year", options.periods)
    found = coalitions_by_period(congruence)
    periods: list[dict] = []
    for period, rows in found.groupby("period", sort=True):
        coalitions = [
            {"coalition": int(number), "size": len(members),
             "members": sorted(members.speaker)[:MEMBERS_SHOWN],
             "more": max(0, len(members) - MEMBERS_SHOWN)}
            for number, members in rows.groupby("coalition", sort=True)
        ]  # fmt: skip
        moved = rows[rows.moved.eq(True)]
        periods.append({
            "period": period, "coalitions": coalitions, "n_moved": len(moved),
            "before": periods[-1]["period"] if periods else None,
            "n_speakers": len(rows),
            "moved": [{"speaker": r.speaker, "from": int(r.from_coalition), "to": int(r.coalition)}
                      for r in moved.head(MEMBERS_SHOWN).itertuples()],
        })  # fmt: skip
    named = {"a": f"{options.speakers}_a", "b": f"{options.speakers}_b"}  # iso_a, iso_b
    tables = {"coalitions": found, "congruence": congruence.rename(columns=named),
              "similarity": profile.rename(columns=named)}  # fmt: skip
    return periods, tables


def _camps(project, options: ReachOptions, span: str, linked):
    """The camps over the periods' span: members, nodal points with their collocates,
    keywords against the rest, and the signifiers they articulate each their own way."""
    from discursus.analysis.corpus import Corpus
    from discursus.errors import DiscursusError

    system = project.semantic_system(
        where=span, camps="coalitions", actors=options.speakers, boot=CAMP_BOOT,
        parts=("nodal_points", "floating"),
    )  # fmt: skip
    members, points, floating = system["camps"], system["nodal_points"], system["floating"]
    documents = project.document_camps(span, actors=options.speakers)
    corpus = Corpus.of(project, where=span, documents=documents)
    keywords = corpus.keywords_by("camp", min_frequency=5, limit=KEYWORDS_SHOWN)
    camps = []
    for camp, rows in members.groupby("camp", sort=True):
        mine = points[(points.discourse == camp) & (points["rank"] <= 3)]
        nodal = mine.signifier.iloc[0] if len(mine) else None
        collocates = []
        if nodal:
            query = " ".join(f'[lemma="{word}"]' for word in nodal.split())
            inside = Corpus.of(project, where=f'{span} and camp = "{camp}"', documents=documents)
            try:
                collocates = inside.collocates(
                    query, measure="logdice", stop_words=False, limit=COLLOCATES_SHOWN
                ).collocate.tolist()
            except DiscursusError:  # a nodal point the token index cannot match
                collocates = []  # fmt: skip
        camps.append({
            "camp": camp, "size": len(rows), "members": sorted(rows.actor)[:MEMBERS_SHOWN],
            "more": max(0, len(rows) - MEMBERS_SHOWN),
            "points": mine.signifier.tolist(), "collocates": collocates,
            "keywords": keywords[keywords.group == camp].word.tolist(),
        })  # fmt: skip
    shown = []
    if floating is not None and not floating.empty:
        rows = floating.to_dict("records")
        watched = [
            row
            for row in rows
            if any(_same_signifier(row["signifier"], s) for s in options.signifiers)
        ]
        picked = {row["signifier"]: row for row in watched + rows[:FLOATING_SHOWN]}
        followed = {row["signifier"] for row in watched}
        for row in picked.values():
            sides = [
                {
                    "camp": d,
                    "neighbours": row["neighbourhoods"][d][:NEIGHBOURS_SHOWN],
                    "evidence": linked(row["evidence"][d][:1]),
                }
                for d in row["discourses"]
            ]
            shown.append({**row, "watched": row["signifier"] in followed, "sides": sides})
    missing = [s for s in options.signifiers
               if not any(_same_signifier(row["signifier"], s) for row in shown)]  # fmt: skip
    tables = {
        "camps": members,
        "camp_keywords": keywords,
        "floating_across_camps": floating if floating is not None else pd.DataFrame(),
    }
    return {"camps": camps, "floating": shown, "missing": missing}, tables
