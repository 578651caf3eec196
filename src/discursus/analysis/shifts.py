"""Shifts of stance toward a target: a document that turns against its own line part-way, and
a document that departs from the line of its outlet, its speaker or the corpus.

The stances read are those of the text's own voice (a quoted speaker's stance is theirs, so a
report that gives both sides in turn is no turn of its own), each favour +1, against -1.

- **Reversal within a document**: the turning point that splits the document's stances
  into a run before and a run after, each at least :data:`MIN_RUN` long, whose means have
  opposite signs and are each at least :data:`MIN_LEAN` strong, with at most
  :data:`MAX_CHANGES` changes of sign in all (a text that alternates is not turning). Its
  score is the difference of the means times the square root of the shorter run.
- **Departure**: a document whose net stance (at least :data:`MIN_RUN` stances) has the
  other sign than its outlet's other documents (at least two), else its speaker's, else the
  rest of the corpus (at least three); score: the difference times the square root of its
  stances.

Each row follows ../shared/schemas/shift.schema.json, with the sentences before and after the
turn (or the document's own) as evidence: offsets, 1-based line numbers, text, stance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

MIN_RUN = 2
MIN_LEAN = 0.6
MAX_CHANGES = 2
EVIDENCE = 2  # sentences a side


def _evidence(rows: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    found = []
    for row in rows.itertuples():
        text = texts.get(row.doc, "")
        start, end = int(row.start), int(row.end)
        found.append({"start": start, "end": end, "line": text.count("\n", 0, start) + 1,
                      "text": text[start:end], "stance": row.stance})  # fmt: skip
    return found


def sides(shift: dict) -> tuple[list[dict], list[dict]]:
    """A shift's evidence before and after its turn (a reversal's: the last
    :data:`EVIDENCE` stances before it and the first after; a departure has no turn, its
    evidence is all "after", the document's own against the line it leaves)."""
    if shift["kind"] != "reversal_within_document":
        return [], list(shift["evidence"])
    return list(shift["evidence"][:EVIDENCE]), list(shift["evidence"][EVIDENCE:])


def _lean(value: float) -> str:
    return "favor" if value > 0 else "against"


def reversals(stances: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    """Documents whose own stance toward a target turns (see the module)."""
    found = []
    own = stances[(stances.voice == "own") & stances.stance.isin(["favor", "against"])]
    for (doc, target), rows in own.groupby(["doc", "target"], sort=True):
        rows = rows.sort_values("start")
        signs = np.where(rows.stance.to_numpy() == "favor", 1.0, -1.0)
        if len(signs) < 2 * MIN_RUN or int((np.diff(signs) != 0).sum()) > MAX_CHANGES:
            continue
        best = None
        for k in range(MIN_RUN, len(signs) - MIN_RUN + 1):
            before, after = signs[:k].mean(), signs[k:].mean()
            if before * after >= 0 or min(abs(before), abs(after)) < MIN_LEAN:
                continue
            score = abs(before - after) * math.sqrt(min(k, len(signs) - k))
            if best is None or score > best[0]:
                best = (score, k, before, after)
        if best is None:
            continue
        score, k, before, after = best
        shown = pd.concat([rows.iloc[max(0, k - EVIDENCE) : k], rows.iloc[k : k + EVIDENCE]])
        found.append({"doc": doc, "target": target, "kind": "reversal_within_document",
                      "score": round(score, 3), "baseline": _lean(before),
                      "shifted": _lean(after), "evidence": _evidence(shown, texts)})  # fmt: skip
    return found


def departures(stances: pd.DataFrame, documents: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    """Documents whose own net stance toward a target goes against their outlet's, their
    speaker's or the corpus's (see the module)."""
    own = stances[(stances.voice == "own") & stances.stance.isin(["favor", "against"])]
    if own.empty:
        return []
    own = own.assign(sign=np.where(own.stance == "favor", 1.0, -1.0))
    net = own.groupby(["doc", "target"]).sign.agg(["mean", "size"]).reset_index()
    info = documents.set_index("name")
    found = []
    for row in net.itertuples():
        if row.size < MIN_RUN or abs(row.mean) < MIN_LEAN:
            continue
        others = net[(net.target == row.target) & (net.doc != row.doc)]
        line = None
        for field, least in (("outlet", 2), ("speaker", 2), (None, 3)):
            if field is None:
                peers = others
                name = "the corpus"
            else:
                value = info[field].get(row.doc) if field in info else None
                if not isinstance(value, str) or not value:
                    continue
                same = {d for d in others.doc if info[field].get(d) == value}
                peers = others[others.doc.isin(same)]
                name = f"{field} {value}"
            if len(peers) >= least:
                line = (name, float(peers["mean"].mean()))
                break
        if line is None or line[1] * row.mean >= 0 or abs(line[1]) < MIN_LEAN:
            continue
        score = abs(row.mean - line[1]) * math.sqrt(row.size)
        rows = own[(own.doc == row.doc) & (own.target == row.target)].sort_values("start")
        found.append({"doc": row.doc, "target": row.target, "kind": "departure_from_corpus",
                      "score": round(score, 3), "baseline": f"{_lean(line[1])} ({line[0]})",
                      "shifted": _lean(row.mean),
                      "evidence": _evidence(rows.head(2 * EVIDENCE), texts)})  # fmt: skip
    return found


def shifts(stances: pd.DataFrame, documents: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    """Reversals and departures, strongest first."""
    found = reversals(stances, texts) + departures(stances, documents, texts)
    return sorted(found, key=lambda r: (-r["score"], r["doc"], r["target"]))
