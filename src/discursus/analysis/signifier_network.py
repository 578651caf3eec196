"""The signifier network of a discourse: the signifiers it articulates together, tied where
they meet in its sentences more often than chance says, and where the same actors affirm
them.

Per discourse (see :mod:`discursus.analysis.signifiers`), the units are its sentences. Two
signifiers are **associated** when they meet in at least ``min_sentences`` of them and the
log-likelihood G2 of the 2x2 table (sentences with both, with one, with neither) says the
meeting is more often than independence expects, at p < ``alpha`` (one degree of freedom);
raw counts alone tie whatever is frequent. Beside the association, each tie states:

- ``npmi``: normalised pointwise mutual information (0 for independence, 1 for signifiers
  that only ever occur together);
- ``actors``: the congruence of the two, the actors who affirm both. With codes as concepts
  these are DNA's congruence, the actors whose statements take the same side on both; with
  terms, the actors (a document's speaker, else the document) who articulate both in a
  sentence;
- ``equivalences``: the articulations of equivalence that set the two side by side;
- evidence: the first sentences where they meet (document and offsets).

With codes as concepts, two codes are also tied (``tie`` congruence, or both) when at least
``min_actors`` actors take the same side on them, whether or not they meet in a sentence:
the concept network of Discourse Network Analysis.

With terms as concepts, the signifiers are those the corpus's articulations of equivalence
name (see :mod:`discursus.annotate.equivalence`), found wherever they occur through the
token index: the qualifiers as written, the head by its lemma, a longer signifier before
one it contains ("Islamic unity" before "unity"), and no head that qualifies a noun after
it ("peace" in "peace process"). With codes, the codes' passages (a person's codings and
the automatic coders' suggestions).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from discursus.analysis.association import association_scores
from discursus.analysis.signifiers import actors_of, discourses, ties

ALPHA = 0.001
MIN_SENTENCES = 2
MIN_ACTORS = 2  # with codes: concepts two actors or more take the same side on are tied
EXAMPLES = 2
COLUMNS = ["discourse", "a", "b", "tie", "sentences", "expected", "ll", "p", "npmi", "actors",
           "equivalences", "evidence"]  # fmt: skip
MEASURE = ("signifiers meeting in a sentence more often than independence expects: "
           "log-likelihood G2, p < {alpha}, in {min_sentences} sentences or more")  # fmt: skip

_WORDS = re.compile(r"\w+|[^\w\s]")


def term_occurrences(index, terms) -> pd.DataFrame:
    """Where each signifier term occurs in the token index: term, doc, sent (the corpus-wide
    sentence number), start, end. A term's last word is its head, found by lemma (any case)
    on a noun or proper noun that qualifies no noun after it; the words before it, as
    written (lower case) just before it; the longer terms first, so "islamic unity" is not
    also "unity"."""
    lemma_lexicon, lower = index.lexicon("lemma"), index.lexicon("lower").ids
    variants: dict[str, list[int]] = {}
    for lemma_id, text in enumerate(lemma_lexicon.strings):
        variants.setdefault(text.lower(), []).append(lemma_id)
    nominal = [i for tag, i in index.lexicon("pos").ids.items() if tag in ("NOUN", "PROPN")]
    is_nominal = np.isin(index.ids("pos"), nominal)
    following_nominal = np.r_[is_nominal[1:] & (index.sent[1:] == index.sent[:-1]), False]
    heads_ok = is_nominal & ~following_nominal  # "peace" in "peace process" heads nothing
    lower_ids = index.ids("lower")
    claimed = np.zeros(index.n_tokens, bool)
    found = []
    split = {t: _WORDS.findall(t) for t in set(terms)}
    longer = sorted((t for t, w in split.items() if len(w) > 1), key=lambda t: (-len(split[t]), t))
    for term in longer:
        words = split[term]
        if words[-1] not in variants or any(w not in lower for w in words[:-1]):
            continue
        heads = np.sort(np.concatenate([lemma_lexicon.postings(i) for i in variants[words[-1]]]))
        heads = heads[heads >= len(words) - 1]
        for back, word in enumerate(reversed(words[:-1]), 1):
            heads = heads[lower_ids[heads - back] == lower[word]]
        heads = heads[heads_ok[heads] & ~claimed[heads]]
        for back in range(len(words)):  # its words are no shorter signifier's ("secretary")
            claimed[heads - back] = True
        found.append((term, heads, heads - (len(words) - 1)))
    # the one-word terms at once: each position's lemma (any case) looked up
    single = sorted(t for t, w in split.items() if len(w) == 1 and w[0] in variants)
    lookup = np.full(len(lemma_lexicon.strings), -1, dtype=np.int64)
    for k, term in enumerate(single):
        lookup[variants[term]] = k
    heads = np.flatnonzero(heads_ok & ~claimed & (lookup[index.ids("lemma")] >= 0))
    chosen = lookup[index.ids("lemma")[heads]]
    order = np.argsort(chosen, kind="stable")
    kinds, starts = np.unique(chosen[order], return_index=True)
    for k, at in zip(kinds.tolist(), np.split(heads[order], starts[1:]), strict=True):
        found.append((single[k], at, at))
    if not found:
        return pd.DataFrame(columns=["term", "doc", "sent", "start", "end"])
    positions = np.concatenate([h for _, h, _ in found])
    firsts = np.concatenate([f for _, _, f in found])
    names = np.asarray(index.doc_names, dtype=object)
    return pd.DataFrame({
        "term": np.repeat([t for t, _, _ in found], [len(h) for _, h, _ in found]),
        "doc": names[index.doc_of(positions)], "sent": index.sent[positions],
        "start": index.start[firsts], "end": index.end[positions],
    })  # fmt: skip


def sentence_bounds(index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every sentence's document name, start and end offsets, by corpus-wide number."""
    numbers = index.sent
    firsts = np.searchsorted(numbers, np.arange(numbers[-1] + 1 if len(numbers) else 0))
    lasts = np.searchsorted(numbers, np.arange(numbers[-1] + 1 if len(numbers) else 0),
                            side="right") - 1  # fmt: skip
    names = np.asarray(index.doc_names, dtype=object)
    return names[index.doc_of(firsts)], index.start[firsts], index.end[lasts]


def signifier_network(
    occurrences: pd.DataFrame,
    sentences: pd.DataFrame,
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None,
    statements: pd.DataFrame | None = None,
    alpha: float = ALPHA,
    min_sentences: int = MIN_SENTENCES,
    min_actors: int = MIN_ACTORS,
) -> pd.DataFrame:
    """A row per tie of a discourse's signifier network, the strongest association first:
    discourse, a, b, tie (association; with statements also congruence, or both),
    sentences (meeting in), expected (under independence), ll (G2), p, npmi, actors
    (congruence), equivalences, evidence (doc, start, end of sentences). With statements,
    two concepts at least ``min_actors`` actors take the same side on are tied whether or
    not they meet in a sentence.

    ``occurrences``: term, doc, sent (a sentence key), start, end; ``sentences``: doc, sent,
    start, end, every unit of the corpus; ``statements`` (with codes): actor, concept,
    agreement, doc, for DNA's congruence."""
    from scipy.stats import chi2

    speakers = actors_of(documents)
    rows = []
    for discourse, units in discourses(sentences, documents, by):
        found = occurrences[occurrences.doc.isin(set(units.doc))]
        if found.empty:
            continue
        n = len(units)
        terms = sorted(set(found.term))
        column = {term: k for k, term in enumerate(terms)}
        in_units = _incidence(found, units, column)  # terms x sentences, 0/1
        freq = np.asarray(in_units.sum(axis=1)).ravel()
        a, b, both = _meeting(in_units, min_sentences)
        if statements is not None:  # DNA's concept congruence ties concepts of its own
            by_actor = _actor_incidence(statements, found, column)  # concepts x actor sides
            a, b, both = _with_congruent(a, b, both, in_units, by_actor, min_actors)
        if not len(a):
            continue
        scores = association_scores(both, freq[a], freq[b], n)
        expected, ll = scores.expected.to_numpy(), scores.ll.to_numpy()
        p = chi2.sf(ll, 1)
        associated = (both >= min_sentences) & (p < alpha) & (both > expected)
        if statements is not None:
            congruence = _shared(by_actor, a, b)
            congruent = congruence >= min_actors
        else:
            congruent = np.zeros(len(a), bool)
        kept = np.flatnonzero(associated | congruent)
        if not len(kept):
            continue
        npmi = _npmi(both, freq[a], freq[b], n)
        tied = ties(equivalences[equivalences.doc.isin(set(units.doc))])[0]
        shared_units = _shared_units(in_units, a[kept], b[kept])
        if statements is None:  # the actors who articulate both in a sentence of theirs
            actor_of_unit = pd.factorize(units.doc.map(lambda doc: speakers.get(doc, doc)))[0]
            congruence = np.zeros(len(a), int)
            congruence[kept] = [len(set(actor_of_unit[u].tolist())) for u in shared_units]
        docs, starts, ends = units.doc.to_numpy(), units.start.to_numpy(), units.end.to_numpy()
        for k, shared in zip(kept.tolist(), shared_units, strict=True):
            first, second = terms[a[k]], terms[b[k]]
            kind = "both" if associated[k] and congruent[k] else (
                "association" if associated[k] else "congruence")  # fmt: skip
            rows.append({
                "discourse": discourse, "a": first, "b": second, "tie": kind,
                "sentences": int(both[k]), "expected": round(float(expected[k]), 3),
                "ll": round(float(ll[k]), 3), "p": float(f"{p[k]:.3g}"),
                "npmi": round(float(npmi[k]), 3), "actors": int(congruence[k]),
                "equivalences": tied.get((first, second), 0),
                "evidence": [{"doc": docs[u], "start": int(starts[u]), "end": int(ends[u])}
                             for u in shared[:EXAMPLES].tolist()],
            })  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["discourse", "ll", "a", "b"], ascending=[True, False, True, True],
                             ignore_index=True)  # fmt: skip


def _incidence(found: pd.DataFrame, units: pd.DataFrame, column: dict):
    """Which signifier occurs in which unit: a terms x units 0/1 sparse matrix (CSR, each
    row's units in order)."""
    import scipy.sparse as sp

    unit_of = pd.Series(np.arange(len(units)),
                        index=pd.MultiIndex.from_arrays([units.doc, units.sent]))  # fmt: skip
    at = unit_of.reindex(pd.MultiIndex.from_arrays([found.doc, found.sent])).to_numpy()
    inside = ~np.isnan(at)
    rows = found.term[inside].map(column).to_numpy()
    matrix = sp.csr_matrix((np.ones(int(inside.sum())), (rows, at[inside].astype(np.int64))),
                           shape=(len(column), len(units)))  # fmt: skip
    matrix.data[:] = 1  # a unit counts once, however often a signifier recurs in it
    matrix.sort_indices()
    return matrix


def _actor_incidence(statements, found, column):
    """Which actor takes which side on which concept: a concepts x (actor, side) 0/1 sparse
    matrix (a mention takes no side), so two concepts share a column where an actor takes
    the same side on both (DNA's congruence, summed over the sides)."""
    import scipy.sparse as sp

    picked = statements[statements.doc.isin(set(found.doc)) & statements.agreement.ne(0)
                        & statements.concept.isin(column)]  # fmt: skip
    keys = list(zip(picked.actor, picked.agreement.astype(str), strict=True))
    pairs = sorted(set(zip(picked.concept.map(column).tolist(), keys, strict=True)), key=str)
    row_of = {key: k for k, key in enumerate(sorted({key for _, key in pairs}, key=str))}
    matrix = sp.csr_matrix((np.ones(len(pairs)), ([c for c, _ in pairs],
                                                  [row_of[k] for _, k in pairs])),
                           shape=(len(column), len(row_of)))  # fmt: skip
    matrix.sort_indices()
    return matrix


def _meeting(in_units, min_sentences: int):
    """The pairs of signifiers (a < b) meeting in at least ``min_sentences`` units, and in
    how many."""
    import scipy.sparse as sp

    both = sp.triu(in_units @ in_units.T, k=1).tocoo()
    keep = both.data >= min_sentences
    return both.row[keep].astype(np.int64), both.col[keep].astype(np.int64), both.data[keep]


def _with_congruent(a, b, both, in_units, by_actor, min_actors: int):
    """The pairs with those at least ``min_actors`` actors affirm added (their meetings
    counted, none for those that never meet)."""
    import scipy.sparse as sp

    shared = sp.triu(by_actor @ by_actor.T, k=1).tocoo()
    keep = shared.data >= min_actors
    extra = set(zip(shared.row[keep].tolist(), shared.col[keep].tolist(), strict=True))
    extra -= set(zip(a.tolist(), b.tolist(), strict=True))
    if not extra:
        return a, b, both
    ea, eb = (np.array(side, dtype=np.int64) for side in zip(*sorted(extra), strict=True))
    met = np.asarray(in_units[ea].multiply(in_units[eb]).sum(axis=1)).ravel()
    return np.r_[a, ea], np.r_[b, eb], np.r_[both, met].astype(float)


def _shared(matrix, a, b) -> np.ndarray:
    """For each pair (a[k], b[k]) of rows of a 0/1 matrix, the columns both have."""
    if not len(a):
        return np.zeros(0, int)
    return np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel().astype(int)


def _shared_units(matrix, a, b, chunk: int = 5000) -> list[np.ndarray]:
    """For each pair of rows, the columns (units) both have, in order; ``chunk`` pairs at
    a time, so the rows of frequent signifiers are not all copied at once."""
    found: list[np.ndarray] = []
    for at in range(0, len(a), chunk):
        product = matrix[a[at : at + chunk]].multiply(matrix[b[at : at + chunk]]).tocsr()
        product.sort_indices()
        found += np.split(product.indices, product.indptr[1:-1])
    return found


def _npmi(both, fa, fb, n) -> np.ndarray:
    p_ab, p_a, p_b = both / n, fa / n, fb / n
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
    return np.where(p_ab >= 1, 1.0, np.where(p_ab > 0, values, -1.0))
