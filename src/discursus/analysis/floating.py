"""Floating signifiers: the signifiers that rival discourses both articulate, each into a
chain of its own (Laclau and Mouffe: the elements discourses fight to fill with their
meaning), measured from the articulations of equivalence.

Per discourse (see :mod:`discursus.analysis.signifiers`), a signifier's neighbourhood is the
set of signifiers its articulations tie it to. A signifier that two discourses or more
articulate floats when its neighbourhoods there overlap little: the mean Jaccard overlap of
each pair of them is at most ``max_overlap``. Its **difference** is one minus that overlap;
its **score** the difference times its ties in all the discourses, so a signifier set apart
on much evidence comes before one set apart once. Each is shown with its neighbourhood in
every discourse (the most tied first) and passages from each.

With an encoder (``--encoder minilm``, the ``discursus[embed]`` extra), each floating
signifier also gets the **distance** of its contextual meaning between the discourses (see
:func:`contextual_distances`): the sentences each discourse uses it in, embedded, averaged,
compared; and a permutation test of that distance (``p_distance``).

What it captures: a signifier set beside different things by different discourses, and,
with an encoder, used in sentences that mean different things. What it does not: whether
the discourses are antagonistic (that is for the reader, from the frontier and the camps
the user chose); and a sentence embedding carries the whole sentence's meaning, not the
signifier's alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from discursus.analysis.signifiers import discourses, ties

MAX_OVERLAP = 0.5
NEIGHBOURS_SHOWN = 6
EXAMPLES = 2


def floating_signifiers(
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None,
    max_overlap: float = MAX_OVERLAP,
) -> pd.DataFrame:
    """A row per floating signifier, the highest score first: signifier, discourses, score,
    difference, overlap, ties (in all of them), neighbourhoods (per discourse, its
    neighbours), evidence (per discourse, doc, start, end)."""
    columns = ["signifier", "discourses", "score", "difference", "overlap", "ties",
               "neighbourhoods", "evidence"]  # fmt: skip
    neighbours: dict[str, dict[str, Counter]] = defaultdict(dict)
    passages: dict[str, dict[str, list]] = defaultdict(dict)
    for discourse, found in discourses(equivalences, documents, by):
        around: dict[str, Counter] = defaultdict(Counter)
        for (a, b), count in ties(found)[0].items():
            around[a][b] += count
            around[b][a] += count
        where: dict[str, list] = defaultdict(list)
        for row in found.sort_values(["doc", "start"]).itertuples():
            terms = {m["term"] for m in row.members}
            for term in sorted(terms):
                where[term].append((terms, {"doc": row.doc, "start": int(row.start),
                                            "end": int(row.end)}))  # fmt: skip
        for term, counter in around.items():
            neighbours[term][discourse] = counter
            passages[term][discourse] = _showing_company(where[term], counter)
    rows = []
    for term, by_discourse in neighbours.items():
        if len(by_discourse) < 2:
            continue
        sets = {d: set(c) for d, c in by_discourse.items()}
        pairs = list(combinations(sorted(sets), 2))
        overlap = sum(len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a, b in pairs)
        overlap /= len(pairs)
        if overlap > max_overlap:
            continue
        tied = sum(sum(c.values()) for c in by_discourse.values())
        rows.append({
            "signifier": term, "discourses": sorted(by_discourse),
            "score": round((1 - overlap) * tied, 3),
            "difference": round(1 - overlap, 3), "overlap": round(overlap, 3), "ties": tied,
            "neighbourhoods": {d: [n for n, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))]
                               [:NEIGHBOURS_SHOWN] for d, c in sorted(by_discourse.items())},
            "evidence": {d: passages[term][d] for d in sorted(by_discourse)},
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["score"], r["signifier"]))
    return pd.DataFrame(rows, columns=columns)


def _showing_company(found: list[tuple[set, dict]], company: Counter) -> list[dict]:
    """The passages that show a signifier's company best: those setting it beside most of
    its closest neighbours in the discourse first (the text order among equals)."""
    closest = {n for n, _ in sorted(company.items(), key=lambda x: (-x[1], x[0]))
               [:NEIGHBOURS_SHOWN]}  # fmt: skip
    ranked = sorted(enumerate(found), key=lambda item: (-len(item[1][0] & closest), item[0]))
    return [passage for _, (_, passage) in ranked[:EXAMPLES]]


PERMUTATIONS = 200
CONTEXTS_PER_SIDE = 50


def contextual_distances(
    contexts: pd.DataFrame,
    encoder: str,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
    per_side: int = CONTEXTS_PER_SIDE,
) -> pd.DataFrame:
    """How far apart the discourses' uses of each signifier are in meaning: signifier,
    distance, p_distance, contexts.

    ``contexts``: signifier, discourse, text (a sentence it occurs in). Each discourse's use
    of a signifier is the mean of its sentences' embeddings (at most ``per_side`` of them, a
    seeded sample); the distance is one minus the mean cosine similarity of each pair of
    discourses' uses. The p-value is a permutation test: the share of ``permutations``
    shufflings of the sentences among the discourses (seeded) that set the uses as far
    apart or farther, with the observed one counted, so it is never 0. A signifier used by
    fewer than two discourses, or by one of them in a single sentence, has no distance."""
    import numpy as np

    from discursus.annotate.encoders import encoder as load_encoder

    columns = ["signifier", "distance", "p_distance", "contexts"]
    rng = np.random.default_rng(seed)
    encode = load_encoder(encoder).encode
    rows = []
    for term, found in contexts.groupby("signifier", sort=True):
        sides = []
        for _, rows_of in found.groupby("discourse", sort=True):
            texts = sorted(set(rows_of.text))
            if len(texts) > per_side:
                texts = [texts[k] for k in sorted(rng.choice(len(texts), per_side, False))]
            sides.append(texts)
        if len(sides) < 2 or min(len(s) for s in sides) < 2:
            continue
        vectors = encode([t for side in sides for t in side])
        labels = np.repeat(np.arange(len(sides)), [len(s) for s in sides])
        observed = _spread(vectors, labels, len(sides))
        shuffled = [_spread(vectors, rng.permutation(labels), len(sides))
                    for _ in range(permutations)]  # fmt: skip
        farther = sum(value >= observed - 1e-12 for value in shuffled)
        rows.append({"signifier": term, "distance": round(observed, 4),
                     "p_distance": round((farther + 1) / (permutations + 1), 4),
                     "contexts": int(len(labels))})  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _spread(vectors, labels, n_sides: int) -> float:
    """One minus the mean cosine similarity of each pair of sides' mean vectors."""
    import numpy as np

    means = np.stack([vectors[labels == k].mean(axis=0) for k in range(n_sides)])
    means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    pairs = list(combinations(range(n_sides), 2))
    return float(1 - np.mean([means[a] @ means[b] for a, b in pairs]))
