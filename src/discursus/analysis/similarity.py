"""How alike the speakers of a corpus speak, pair by pair and period by period, exportable as
``a, b, similarity`` rows per period for comparison with measures from outside the corpus
(votes, alliances). Two measures:

**profile** (the default). A speaker (a state's ISO code, a party: ``--by``) has in each
period (``--over`` a field, its values binned into periods with ``bins``: "2010-2014") a
**profile**: for
each code of the codebook, the share of its sentences that code covers (a person's codings
and the automatic coders' suggestions), so a long speech weighs no more than a short one.
Two speakers' **similarity** is the cosine of their profiles: 1 for the same mix of codes,
0 for none in common; a speaker whose sentences no code covers has no profile and is in no
pair. ``shared`` says how many codes both articulate; ``sentences_a`` and ``sentences_b``
how many sentences each spoke in the period.

**congruence** (Discourse Network Analysis's). The speaker's statements (the actor-concept-
agreement statements of its documents: each coded passage, affirmed 1, mentioned 0 or
rejected -1 by the words of stance around it) count once per concept and agreement in the
period (DNA's ``acrossrange`` duplicates). Two speakers' congruence sums, over the concepts
both make statements on, the proximity of their agreements (``1 - |q1 - q2| / 2``: 1 for
the same side, 0.5 a mention beside a side, 0 opposite sides; as in DNA, the range is that of
the agreements found), divided by the mean of the two speakers' numbers of statements (DNA's
``average`` normalisation): 0 when they share no concept, 1 when each takes one side, the
same, on the same concepts. A speaker that both mentions a concept and takes a side on it
counts both, so a pair can pass 1. ``shared`` counts the concepts both
make statements on; ``statements_a`` and ``statements_b`` each one's statements counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.errors import DiscursusError

COLUMNS = ["period", "a", "b", "similarity", "shared", "sentences_a", "sentences_b"]
CONGRUENCE_COLUMNS = ["period", "a", "b", "similarity", "shared", "statements_a", "statements_b"]
MEASURES = ("profile", "congruence")


def parse_bins(text: str) -> list[tuple[float, float, str]]:
    """``"2010-2014,2015-2019"`` as (low, high, label) ranges, both ends included."""
    bins = []
    for part in (p.strip() for p in text.split(",")):
        low, sep, high = part.partition("-")
        try:
            bins.append((float(low), float(high if sep else low), part))
        except ValueError:
            raise DiscursusError(f"bin {part!r} is not a range of numbers (2010-2014)") from None
    return bins


def binned(values: pd.Series, bins: list[tuple[float, float, str]] | None) -> pd.Series:
    """Each value's period: the label of its bin (None outside every bin), or the value."""
    if not bins:
        return values

    def label(value):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return next((name for low, high, name in bins if low <= number <= high), None)

    return values.map(label)


def profiles(
    codings: pd.DataFrame,
    sentences: pd.DataFrame,
    speaker_of: pd.Series,
    period_of: pd.Series,
    codes: list[str],
) -> tuple[pd.DataFrame, pd.Series]:
    """Each (period, speaker)'s share of sentences under each code, and its sentences.

    ``codings``: doc, start, end, code; ``sentences``: doc, start, end; ``speaker_of`` and
    ``period_of``: by document name."""
    from discursus.analysis.themes import units_overlapping

    units = sentences[sentences.doc.isin(speaker_of.dropna().index)
                      & sentences.doc.isin(period_of.dropna().index)]  # fmt: skip
    units = units.sort_values(["doc", "start"]).reset_index(drop=True)
    overlapping = units_overlapping(units)
    column = {code: k for k, code in enumerate(codes)}
    covered = np.zeros((len(units), len(codes)), bool)
    for row in codings[codings.code.isin(column)].itertuples():
        for label in overlapping(row.doc, row.start, row.end):
            covered[label, column[row.code]] = True
    keys = pd.MultiIndex.from_arrays([units.doc.map(period_of), units.doc.map(speaker_of)],
                                     names=["period", "speaker"])  # fmt: skip
    frame = pd.DataFrame(covered.astype(float), columns=codes, index=keys)
    return frame.groupby(level=[0, 1]).mean(), frame.groupby(level=[0, 1]).size()


def similarity(shares: pd.DataFrame, counts: pd.Series) -> pd.DataFrame:
    """Every pair of speakers of a period with a profile: period, a, b (a < b), similarity
    (cosine), shared (codes both articulate), sentences_a, sentences_b."""
    rows = []
    for period, block in shares.groupby(level=0, sort=True):
        block = block.droplevel(0)
        block = block[block.sum(axis=1) > 0]
        if len(block) < 2:
            continue
        values = block.to_numpy()
        unit = values / np.linalg.norm(values, axis=1, keepdims=True)
        cosine = unit @ unit.T
        present = (values > 0).astype(int)
        shared = present @ present.T
        names = list(block.index)
        sizes = counts.loc[period]
        upper_a, upper_b = np.triu_indices(len(names), k=1)
        for i, j in zip(upper_a.tolist(), upper_b.tolist(), strict=True):
            rows.append((period, names[i], names[j], round(float(cosine[i, j]), 4),
                         int(shared[i, j]), int(sizes[names[i]]),
                         int(sizes[names[j]])))  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def congruence(statements: pd.DataFrame, speaker_of: pd.Series,
               period_of: pd.Series) -> pd.DataFrame:  # fmt: skip
    """Every pair of speakers of a period with statements: period, a, b (a < b), similarity
    (their congruence, see the module), shared, statements_a, statements_b. ``statements``:
    doc, concept, agreement; ``speaker_of`` and ``period_of``: by document name."""
    from discursus.analysis.networks import onemode

    frame = statements.assign(speaker=statements.doc.map(speaker_of),
                              period=statements.doc.map(period_of))  # fmt: skip
    frame = frame.dropna(subset=["speaker", "period"])
    frame = frame.assign(speaker=frame.speaker.astype(str))
    rows = []
    for period, block in frame.groupby("period", sort=True):
        matrix = onemode(block, "speaker", "concept", "agreement", "congruence", "average",
                         duplicates="acrossrange")  # fmt: skip
        if len(matrix) < 2:
            continue
        counted = block.drop_duplicates(["speaker", "concept", "agreement"])
        sizes = counted.groupby("speaker").size()
        used = pd.crosstab(counted.speaker, counted.concept).gt(0).astype(int)
        used = used.reindex(matrix.index, fill_value=0).to_numpy()
        shared = used @ used.T
        values = matrix.to_numpy()
        names = list(matrix.index)
        upper_a, upper_b = np.triu_indices(len(names), k=1)
        for i, j in zip(upper_a.tolist(), upper_b.tolist(), strict=True):
            rows.append((period, names[i], names[j], round(float(values[i, j]), 4),
                         int(shared[i, j]), int(sizes.get(names[i], 0)),
                         int(sizes.get(names[j], 0))))  # fmt: skip
    return pd.DataFrame(rows, columns=CONGRUENCE_COLUMNS)


NEIGHBOURS = 10
COALITION_COLUMNS = ["period", "speaker", "coalition", "size", "moved", "from_coalition"]


def coalitions_by_period(pairs: pd.DataFrame, neighbours: int = NEIGHBOURS,
                         seed: int = 0) -> pd.DataFrame:  # fmt: skip
    """The discourse coalitions of each period: the Leiden communities (seeded) of the
    speakers' similarity network, each speaker tied to its ``neighbours`` most similar (a
    tie kept where either chose the other), weighted by the similarity; numbered by size
    within the period. A speaker **moved** when its coalition is not the one that most of
    its previous coalition's members are now in (``from_coalition``: its coalition in the
    period before). Rows: period, speaker, coalition, size, moved, from_coalition."""
    from discursus.analysis.networks import graph_coalitions, weighted_graph

    rows, before = [], None
    for period, found in pairs.groupby("period", sort=True):
        names = sorted(set(found.a) | set(found.b))
        where = {name: k for k, name in enumerate(names)}
        both = pd.concat(
            [
                found[["a", "b", "similarity"]],
                found.rename(columns={"a": "b", "b": "a"})[["a", "b", "similarity"]],
            ]
        )
        nearest = (both.sort_values(["a", "similarity", "b"], ascending=[True, False, True])
                   .groupby("a").head(neighbours))  # fmt: skip
        kept = {}
        for a, b, value in zip(nearest.a, nearest.b, nearest.similarity, strict=True):
            if value > 0:
                kept[min(where[a], where[b]), max(where[a], where[b])] = value
        edges = [(i, j, w) for (i, j), w in sorted(kept.items())]
        members = graph_coalitions(weighted_graph(names, edges), "leiden", seed=seed)[0]
        now = dict(zip(members.node, members.coalition, strict=True))
        heirs = _heirs(before, now) if before else {}
        for row in members.itertuples():
            previous = before.get(row.node) if before else None
            moved = None if previous is None else heirs.get(previous) != row.coalition
            rows.append({"period": period, "speaker": row.node, "coalition": int(row.coalition),
                         "size": int(row.size), "moved": moved,
                         "from_coalition": previous})  # fmt: skip
        before = now
    return pd.DataFrame(rows, columns=COALITION_COLUMNS)


def _heirs(before: dict[str, int], now: dict[str, int]) -> dict[int, int]:
    """Each coalition of the period before, and the coalition most of its members are in
    now (ties to the smaller number)."""
    from collections import Counter

    counts: dict[int, Counter] = {}
    for speaker, old in before.items():
        if speaker in now:
            counts.setdefault(old, Counter())[now[speaker]] += 1
    return {old: min(c.items(), key=lambda item: (-item[1], item[0]))[0]
            for old, c in counts.items()}  # fmt: skip
