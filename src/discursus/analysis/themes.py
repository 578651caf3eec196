"""Axial and selective coding, measured: codes that go together grouped into categories, the
relations between categories with the passages that show them, and the core category.

- **Co-occurrence**: two codes co-occur in a unit (sentence, paragraph or document) both code.
  Each pair gets its count and association measures: Jaccard, normalised PMI (from -1 to 1,
  0 for independence) and log-likelihood G2.
- **Categories**: communities of the network of codes joined by a positive association (npmi
  > 0, at least ``min_count`` shared units), found with Leiden (igraph and leidenalg, seeded:
  the same codings give the same categories). A category is named after its most connected
  code; a code linked to none is a category of its own.
- **Relations** between categories: their co-occurrence, and the causal and conditional links
  people's codings make in a sentence around "because", "leads to", "in order to", "if"...: the
  code before the marker and the code after it tell the cause from the effect. Each relation
  keeps its evidence (document and character offsets).
- **The core category** is the one sharing the most units with the other categories
  (``strength``), with how often it comes first when the documents are resampled with
  replacement (``top_share``) and its mean rank.

A person's codings count (coded, accepted); with ``suggestions`` the automatic coders' open
suggestions too. Codings a changed text lost (unplaced) never count.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from discursus.annotate.components.codes import PERSON_YES
from discursus.errors import DiscursusError

UNITS = ("sentence", "paragraph", "document")

# markers after which the cause (or condition) stands, and markers before which it stands
_CAUSE_AFTER = r"because|since|due to|owing to|as a result of|thanks to"
_CONDITION_AFTER = r"if|unless|provided that|as long as"
_CAUSE_BEFORE = (
    r"leads? to|led to|results? in|resulted in|causes|caused|therefore|thus|hence|"
    r"consequently|in order to|so that|so as to"
)
MARKERS = re.compile(
    rf"\b(?:(?P<after>{_CAUSE_AFTER})|(?P<condition>{_CONDITION_AFTER})|"
    rf"(?P<before>{_CAUSE_BEFORE}))\b",
    re.IGNORECASE,
)


@dataclass
class CodeUnits:
    """Which codes code which units: ``matrix`` (units x codes, 0/1), the ``units`` (doc,
    start, end) and the ``codes``; ``codings`` are the codings that counted."""

    units: pd.DataFrame
    codes: list[str]
    matrix: np.ndarray
    codings: pd.DataFrame


def counted_codings(codings: pd.DataFrame, suggestions: bool = False) -> pd.DataFrame:
    """The codings that say yes: a person's coded and accepted (and, with ``suggestions``,
    the open suggestions), placed in their text."""
    yes = (codings.origin == "manual") & codings.status.isin(PERSON_YES)
    if suggestions:
        yes |= codings.status.eq("suggested")
    if "anchor" in codings:
        yes &= codings.anchor.ne("unplaced")
    return codings[yes]


def unit_table(
    unit: str, docs: list[str], sentences: pd.DataFrame, texts: dict[str, str]
) -> pd.DataFrame:
    """The units of ``docs``: doc, start, end, in text order."""
    from discursus.annotate.components.codes import paragraphs

    if unit not in UNITS:
        raise DiscursusError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    if unit == "sentence":
        found = sentences[sentences.doc.isin(docs)][["doc", "start", "end"]]
    elif unit == "paragraph":
        found = pd.DataFrame(
            [(doc, s, e) for doc in docs for s, e in paragraphs(texts[doc])],
            columns=["doc", "start", "end"],
        )
    else:
        found = pd.DataFrame(
            [(doc, 0, len(texts[doc])) for doc in docs], columns=["doc", "start", "end"]
        )
    return found.sort_values(["doc", "start"]).reset_index(drop=True)


def units_overlapping(units: pd.DataFrame):
    """A function giving the index labels of the ``units`` (doc, start, end, in text order
    within each document) that a passage of a document overlaps (an empty passage: the
    unit it stands in)."""
    by_doc = {doc: (group.start.to_numpy(), group.end.to_numpy(), group.index.to_numpy())
              for doc, group in units.groupby("doc")}  # fmt: skip

    def overlapping(doc: str, start: int, end: int) -> list:
        found = by_doc.get(doc)
        if found is None:
            return []
        starts, ends, index = found
        labels = []
        at = max(bisect.bisect_right(starts, start) - 1, 0)
        while at < len(starts) and starts[at] < max(end, start + 1):
            if ends[at] > start:
                labels.append(index[at])
            at += 1
        return labels

    return overlapping


def code_units(codings: pd.DataFrame, units: pd.DataFrame) -> CodeUnits:
    """Each of ``codings`` (rows of ``Project.codings()``) marked on every unit it overlaps."""
    codes = sorted(set(codings.code))
    column = {code: i for i, code in enumerate(codes)}
    matrix = np.zeros((len(units), len(codes)), dtype=np.int8)
    overlapping = units_overlapping(units)
    for row in codings.itertuples():
        for label in overlapping(row.doc, row.start, row.end):
            matrix[label, column[row.code]] = 1
    return CodeUnits(units, codes, matrix, codings)


def _pair_measures(ab: float, a: float, b: float, n: float) -> dict[str, float]:
    jaccard = ab / (a + b - ab) if a + b - ab else 0.0
    if ab and n:
        p_ab, p_a, p_b = ab / n, a / n, b / n
        npmi = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab) if p_ab < 1 else 1.0
    else:
        npmi = -1.0
    observed = [ab, a - ab, b - ab, n - a - b + ab]
    expected = (
        [a * b / n, a * (n - b) / n, (n - a) * b / n, (n - a) * (n - b) / n] if n else [0] * 4
    )
    ll = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected, strict=True) if o and e)
    return {"jaccard": jaccard, "npmi": npmi, "ll": ll}


def cooccurrence(found: CodeUnits) -> pd.DataFrame:
    """Every pair of codes that share a unit: code_a, code_b, count, units_a, units_b, units
    (all), jaccard, npmi, ll; the strongest first."""
    counts = found.matrix.T.astype(np.int64) @ found.matrix.astype(np.int64)
    n = len(found.units)
    rows = []
    for i, a in enumerate(found.codes):
        for j in range(i + 1, len(found.codes)):
            if counts[i, j]:
                rows.append({"code_a": a, "code_b": found.codes[j], "count": int(counts[i, j]),
                             "units_a": int(counts[i, i]), "units_b": int(counts[j, j]),
                             "units": n, **_pair_measures(counts[i, j], counts[i, i],
                                                           counts[j, j], n)})  # fmt: skip
    columns = ["code_a", "code_b", "count", "units_a", "units_b", "units", "jaccard", "npmi", "ll"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["npmi", "count"], ascending=False, ignore_index=True)


def cooccurrence_matrix(found: CodeUnits) -> pd.DataFrame:
    """Units coded with both codes (the diagonal: with the code), codes as rows and columns."""
    counts = found.matrix.T.astype(np.int64) @ found.matrix.astype(np.int64)
    return pd.DataFrame(counts, index=found.codes, columns=found.codes)


def categories(
    found: CodeUnits, *, min_count: int = 2, resolution: float = 1.0, seed: int = 0
) -> pd.DataFrame:
    """Each code's category: code, category (named after its most connected code), units,
    links (codes it is associated with), strength (the sum of its npmi weights)."""
    import igraph as ig
    import leidenalg

    edges = cooccurrence(found)
    edges = edges[(edges["count"] >= min_count) & (edges.npmi > 0)]
    graph = ig.Graph()
    graph.add_vertices(found.codes)
    graph.add_edges(list(zip(edges.code_a, edges.code_b, strict=True)))
    graph.es["weight"] = edges.npmi.tolist()
    if graph.ecount():
        partition = leidenalg.find_partition(
            graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
            resolution_parameter=resolution, seed=seed,
        )  # fmt: skip
        membership = partition.membership
    else:
        membership = list(range(len(found.codes)))
    frequency = found.matrix.sum(axis=0)
    strength = graph.strength(weights="weight") if graph.ecount() else [0.0] * len(found.codes)
    frame = pd.DataFrame(
        {"code": found.codes, "community": membership, "units": frequency.astype(int),
         "links": graph.degree(), "strength": np.round(strength, 4)}
    )  # fmt: skip
    names = {}
    for community, group in frame.groupby("community"):
        best = group.sort_values(["strength", "units", "code"], ascending=[False, False, True])
        names[community] = best.code.iloc[0]
    frame["category"] = frame.community.map(names)
    order = frame.groupby("category").units.sum().sort_values(ascending=False)
    frame["rank"] = frame.category.map({c: i for i, c in enumerate(order.index)})
    frame = frame.sort_values(["rank", "strength", "code"], ascending=[True, False, True])
    return frame[["code", "category", "units", "links", "strength"]].reset_index(drop=True)


def _category_matrix(found: CodeUnits, cats: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    names = list(dict.fromkeys(cats.category))
    of = dict(zip(cats.code, cats.category, strict=True))
    matrix = np.zeros((len(found.units), len(names)), dtype=np.int8)
    for j, code in enumerate(found.codes):
        matrix[:, names.index(of[code])] |= found.matrix[:, j]
    return names, matrix


def relations(
    found: CodeUnits,
    cats: pd.DataFrame,
    sentences: pd.DataFrame,
    texts: dict[str, str],
    max_evidence: int = 20,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Relations between categories: (category_a, category_b, kind, marker, count, evidence)
    where kind is co-occurrence, causal (a causes b) or conditional (a is b's condition); and
    every passage that shows one (category_a, category_b, kind, marker, doc, start, end)."""
    names, matrix = _category_matrix(found, cats)
    rows, evidence = [], []
    counts = matrix.T.astype(np.int64) @ matrix.astype(np.int64)
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            if counts[i, j]:
                both = np.flatnonzero(matrix[:, i] & matrix[:, j])
                places = [
                    (found.units.doc.iloc[k], int(found.units.start.iloc[k]),
                     int(found.units.end.iloc[k])) for k in both
                ]  # fmt: skip
                rows.append({"category_a": a, "category_b": names[j], "kind": "co-occurrence",
                             "marker": "", "count": int(counts[i, j]),
                             "evidence": places[:max_evidence]})  # fmt: skip
                evidence += [(a, names[j], "co-occurrence", "", *p) for p in places]
    of = dict(zip(cats.code, cats.category, strict=True))
    links: dict[tuple[str, str, str, str], list] = {}
    for doc, start, end, marker, kind, cause_after, passages in _marked_sentences(
        found.codings, sentences, texts
    ):
        before = {of[c] for c, s, e in passages if e <= marker.start() and c in of}
        after = {of[c] for c, s, e in passages if s >= marker.end() and c in of}
        for x in before:
            for y in after:
                if x == y:
                    continue
                cause, effect = (y, x) if cause_after else (x, y)
                key = (cause, effect, kind, marker.group(0).lower())
                links.setdefault(key, []).append((doc, start, end))
    for (cause, effect, kind, word), places in sorted(links.items()):
        rows.append({"category_a": cause, "category_b": effect, "kind": kind, "marker": word,
                     "count": len(places), "evidence": places[:max_evidence]})  # fmt: skip
        evidence += [(cause, effect, kind, word, *p) for p in places]
    columns = ["category_a", "category_b", "kind", "marker", "count", "evidence"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["kind", "count"], ascending=[True, False], ignore_index=True)
    passages = pd.DataFrame(
        evidence, columns=["category_a", "category_b", "kind", "marker", "doc", "start", "end"]
    )
    return table, passages


def _marked_sentences(codings: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str]):
    """Sentences holding a causal or conditional marker and codings on either side of it:
    (doc, start, end, marker match (offsets in the text), kind, cause after the marker?,
    [(code, start, end)] of the precise passages in it). A passage is a rule's hit or a
    person's span inside the sentence (one covering it whole is on neither side)."""
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for row in codings.itertuples():
        hits = row.hits if isinstance(row.hits, list) and row.hits else None
        if hits:
            spans.setdefault(row.doc, []).extend((row.code, h["start"], h["end"]) for h in hits)
        else:
            spans.setdefault(row.doc, []).append((row.code, row.start, row.end))
    for doc, group in sentences[sentences.doc.isin(spans)].groupby("doc"):
        text = texts[doc]
        mine = spans[doc]
        for sentence in group.itertuples():
            inside = [(c, s, e) for c, s, e in mine if s >= sentence.start and e <= sentence.end
                      and (s, e) != (sentence.start, sentence.end)]  # fmt: skip
            if len({c for c, _, _ in inside}) < 2:
                continue
            for marker in MARKERS.finditer(text, sentence.start, sentence.end):
                kind = "conditional" if marker.group("condition") else "causal"
                cause_after = bool(marker.group("after") or marker.group("condition"))
                yield doc, sentence.start, sentence.end, marker, kind, cause_after, inside


def core_category(
    found: CodeUnits, cats: pd.DataFrame, *, resamples: int = 200, seed: int = 0
) -> pd.DataFrame:
    """Categories by centrality: category, codes, units, strength (units shared with the
    other categories), top_share (how often it is the most central when the documents are
    resampled with replacement), mean_rank; the core category first."""
    names, matrix = _category_matrix(found, cats)
    docs = found.units.doc.to_numpy()
    by_doc = {doc: np.flatnonzero(docs == doc) for doc in dict.fromkeys(docs)}

    def strength(rows: np.ndarray) -> np.ndarray:
        sub = matrix[rows].astype(np.int64)
        shared = sub.T @ sub
        return shared.sum(axis=1) - np.diag(shared)

    full = strength(np.arange(len(matrix)))
    rng = np.random.default_rng(seed)
    order = list(by_doc)
    firsts = np.zeros(len(names))
    ranks = np.zeros(len(names))
    for _ in range(resamples):
        picked = rng.integers(0, len(order), len(order))
        rows = np.concatenate([by_doc[order[k]] for k in picked])
        values = strength(rows)
        # rank 1 is the most central; ties share the better rank
        rank = 1 + np.array([(values > v).sum() for v in values])
        ranks += rank
        firsts += rank == 1
    codes = cats.groupby("category", sort=False).code.apply(list)
    frame = pd.DataFrame(
        {"category": names, "codes": [codes[n] for n in names],
         "units": matrix.sum(axis=0).astype(int), "strength": full.astype(int),
         "top_share": np.round(firsts / max(resamples, 1), 3),
         "mean_rank": np.round(ranks / max(resamples, 1), 2)}
    )  # fmt: skip
    return frame.sort_values(["strength", "units"], ascending=False, ignore_index=True)


class Themes:
    """Axial and selective coding on a project's codings (see :meth:`Project.themes`)."""

    def __init__(
        self,
        codings: pd.DataFrame,
        sentences: pd.DataFrame,
        texts: dict[str, str],
        unit: str = "sentence",
        suggestions: bool = False,
    ) -> None:
        counted = counted_codings(codings, suggestions)
        if counted.empty:
            raise DiscursusError(
                "no codings to relate: code passages or accept suggestions first"
                + ("" if suggestions else " (or count the open suggestions: --suggestions)")
            )
        docs = sorted(set(counted.doc))
        self.sentences, self.texts = sentences, texts
        self.found = code_units(counted, unit_table(unit, docs, sentences, texts))

    def cooccurrence(self) -> pd.DataFrame:
        return cooccurrence(self.found)

    def matrix(self) -> pd.DataFrame:
        return cooccurrence_matrix(self.found)

    def categories(self, min_count: int = 2, resolution: float = 1.0, seed: int = 0):
        return categories(self.found, min_count=min_count, resolution=resolution, seed=seed)

    def relations(self, min_count: int = 2, resolution: float = 1.0, seed: int = 0):
        cats = self.categories(min_count, resolution, seed)
        return relations(self.found, cats, self.sentences, self.texts)

    def core(
        self, min_count: int = 2, resolution: float = 1.0, seed: int = 0, resamples: int = 200
    ) -> pd.DataFrame:
        cats = self.categories(min_count, resolution, seed)
        return core_category(self.found, cats, resamples=resamples, seed=seed)
