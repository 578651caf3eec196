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
from discursus.analysis.signifiers import discourses

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
    sentence number), start, end."""
    lower, lemma = index.lexicon("lower").ids, index.lexicon("lemma").ids
    nominal = [i for tag, i in index.lexicon("pos").ids.items() if tag in ("NOUN", "PROPN")]
    pos_ids, lower_ids = index.ids("pos"), index.ids("lower")
    claimed = np.zeros(index.n_tokens, bool)
    found = []
    # the longest first, so a signifier is not counted again as the shorter one it contains
    for words, term in sorted(((_WORDS.findall(t), t) for t in set(terms)),
                              key=lambda x: (-len(x[0]), x[1])):  # fmt: skip
        if not words or words[-1] not in lemma or any(w not in lower for w in words[:-1]):
            continue
        heads = index.lexicon("lemma").postings(lemma[words[-1]])
        heads = heads[heads >= len(words) - 1]
        for back, word in enumerate(reversed(words[:-1]), 1):
            heads = heads[lower_ids[heads - back] == lower[word]]
        following = np.minimum(heads + 1, index.n_tokens - 1)
        qualifies = np.isin(pos_ids[following], nominal) & (following > heads)
        qualifies &= index.sent[following] == index.sent[heads]
        heads = heads[~qualifies & ~claimed[heads]]
        claimed[heads] = True
        first = heads - (len(words) - 1)
        found.append(pd.DataFrame({"term": term, "position": heads, "start": index.start[first],
                                   "end": index.end[heads]}))  # fmt: skip
    if not found:
        return pd.DataFrame(columns=["term", "doc", "sent", "start", "end"])
    rows = pd.concat(found, ignore_index=True)
    names = np.asarray(index.doc_names, dtype=object)
    rows["doc"] = names[index.doc_of(rows.position.to_numpy())]
    rows["sent"] = index.sent[rows.position.to_numpy()]
    return rows[["term", "doc", "sent", "start", "end"]]


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
        unit_of = {key: k for k, key in enumerate(zip(units.doc, units.sent, strict=True))}
        a, b, both, freq = _pairs(found, unit_of, column, len(units))
        met = {(int(i), int(j)): float(v) for i, j, v in zip(a, b, both, strict=True)}
        actors = _congruence(found, statements, speakers, terms, column)
        candidates = {pair for pair, count in met.items() if count >= min_sentences}
        if statements is not None:  # DNA's concept congruence ties concepts of its own
            candidates |= {(column[x], column[y]) for (x, y), count in actors.items()
                           if count >= min_actors}  # fmt: skip
        if not candidates:
            continue
        a, b = (np.array(side) for side in zip(*sorted(candidates), strict=True))
        both = np.array([met.get(pair, 0.0) for pair in zip(a.tolist(), b.tolist(), strict=True)])
        scores = association_scores(both, freq[a], freq[b], n)
        p = chi2.sf(scores.ll.to_numpy(), 1)
        associated = (both >= min_sentences) & (p < alpha) & (both > scores.expected.to_numpy())
        congruence = np.array([actors.get((terms[i], terms[j]), 0)
                               for i, j in zip(a, b, strict=True)])  # fmt: skip
        congruent = congruence >= min_actors if statements is not None else np.zeros(len(a), bool)
        if not (associated | congruent).any():
            continue
        npmi = _npmi(both, freq[a], freq[b], n)
        tied = _equivalence_ties(equivalences[equivalences.doc.isin(set(units.doc))])
        examples = _examples(found, units)
        for k in np.flatnonzero(associated | congruent):
            first, second = terms[a[k]], terms[b[k]]
            kind = "both" if associated[k] and congruent[k] else (
                "association" if associated[k] else "congruence")  # fmt: skip
            rows.append({
                "discourse": discourse, "a": first, "b": second, "tie": kind,
                "sentences": int(both[k]), "expected": round(float(scores.expected.iat[k]), 3),
                "ll": round(float(scores.ll.iat[k]), 3), "p": float(f"{p[k]:.3g}"),
                "npmi": round(float(npmi[k]), 3), "actors": int(congruence[k]),
                "equivalences": tied.get((first, second), 0),
                "evidence": examples(first, second),
            })  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["discourse", "ll", "a", "b"], ascending=[True, False, True, True],
                             ignore_index=True)  # fmt: skip


def _pairs(found: pd.DataFrame, unit_of: dict, column: dict, n_units: int):
    """The pairs of signifiers meeting in a unit (a < b): their columns, the units with
    both, and each signifier's units."""
    import scipy.sparse as sp

    rows = [unit_of.get(key) for key in zip(found.doc, found.sent, strict=True)]
    keep = [r is not None for r in rows]
    if not any(keep):
        empty = np.zeros(0, int)
        return empty, empty, np.zeros(0), np.zeros(len(column))
    rows_kept = np.asarray([r for r in rows if r is not None])
    cols = found.term[keep].map(column).to_numpy()
    matrix = sp.csr_matrix((np.ones(len(rows_kept)), (rows_kept, cols)),
                           shape=(n_units, len(column)))  # fmt: skip
    matrix.data[:] = 1  # a unit counts once, however often a signifier recurs in it
    freq = np.asarray(matrix.sum(axis=0)).ravel()
    product = sp.triu(matrix.T @ matrix, k=1).tocoo()
    return product.row, product.col, product.data.astype(float), freq


def _npmi(both, fa, fb, n) -> np.ndarray:
    p_ab, p_a, p_b = both / n, fa / n, fb / n
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
    return np.where(p_ab >= 1, 1.0, np.where(p_ab > 0, values, -1.0))


def actors_of(documents: pd.DataFrame) -> dict[str, str]:
    """Each document's actor: its speaker, else the document itself."""
    speakers = documents["speaker"] if "speaker" in documents.columns else [None] * len(documents)
    return {name: (speaker if isinstance(speaker, str) and speaker else name)
            for name, speaker in zip(documents["name"], speakers, strict=True)}  # fmt: skip


def _congruence(found, statements, speakers, terms, column) -> dict:
    """Per pair of signifiers (in order), the actors who affirm both: with statements, DNA's
    congruence summed over the sides taken (an actor for both, or against both; a neutral
    mention takes no side); else the actors who articulate both."""
    import scipy.sparse as sp

    if statements is not None:
        # a side taken (for or against): a mention affirms nothing
        picked = statements[statements.doc.isin(set(found.doc)) & statements.agreement.ne(0)
                            & statements.concept.isin(column)]  # fmt: skip
        keys = list(zip(picked.actor, picked.agreement.astype(str), strict=True))
        concepts = picked.concept.map(column).tolist()
    else:
        keys = [speakers.get(doc, doc) for doc in found.doc]
        concepts = found.term.map(column).tolist()
    pairs = sorted(set(zip(keys, concepts, strict=True)), key=str)
    if not pairs:
        return {}
    row_of = {key: k for k, key in enumerate(sorted({key for key, _ in pairs}, key=str))}
    matrix = sp.csr_matrix((np.ones(len(pairs)), ([row_of[k] for k, _ in pairs],
                                                  [c for _, c in pairs])),
                           shape=(len(row_of), len(terms)))  # fmt: skip
    both = sp.triu(matrix.T @ matrix, k=1).tocoo()
    return {(terms[i], terms[j]): int(v)
            for i, j, v in zip(both.row, both.col, both.data, strict=True)}  # fmt: skip


def _equivalence_ties(equivalences: pd.DataFrame) -> dict:
    from discursus.analysis.signifiers import ties

    return dict(ties(equivalences)[0]) if not equivalences.empty else {}


def _examples(found: pd.DataFrame, units: pd.DataFrame):
    """A function giving the first sentences where two signifiers meet."""
    where = {
        key: (int(s), int(e))
        for key, s, e in zip(
            zip(units.doc, units.sent, strict=True), units.start, units.end, strict=True
        )
    }
    sentences_of = found.groupby("term").apply(
        lambda rows: sorted(set(zip(rows.doc, rows.sent, strict=True))), include_groups=False
    ).to_dict()  # fmt: skip

    def examples(a: str, b: str) -> list[dict]:
        shared = sorted(set(sentences_of[a]) & set(sentences_of[b]))[:EXAMPLES]
        return [{"doc": doc, "start": where[doc, s][0], "end": where[doc, s][1]}
                for doc, s in shared if (doc, s) in where]  # fmt: skip

    return examples
