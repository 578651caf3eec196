"""Open coding: candidate codes proposed from the corpus itself.

Candidates are the words and noun phrases the corpus uses far more than general English:

- words that are mostly nouns or adjectives (names are actors, not codes), key against English word
  frequencies (``wordfreq``, the reference of ``keywords --reference general``);
- noun phrases from the parse: two or three nouns and adjectives ending in a noun ("cultural
  alliance"), and a noun "of" a noun ("war of narratives"), inside a sentence, scored the same
  way (wordfreq gives a phrase's English frequency from its words).

Forms are merged by lemma and by spelling (case, accents, British and American endings:
"organisation" and "organization" are one candidate), so each candidate lists its variants,
how often and in how many documents it stands, its log-likelihood and log ratio against
general English, for a phrase its association (PMI: how much more often its words stand
together than apart, as collocations are measured), and example passages. Candidates are
sorted by log-likelihood.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from discursus.analysis.keyness import GENERAL_REFERENCE_WORDS, keyness_scores
from discursus.store.token_index import TokenIndex

# concepts, not names: a proper noun (a person, a place) is an actor, not a code
CONTENT = ("NOUN", "ADJ")
NOUNS = ("NOUN",)
EXAMPLES = 3
COLUMNS = [
    "code", "kind", "variants", "frequency", "documents", "ll", "log_ratio", "association",
    "examples",
]  # fmt: skip
_SPELLING = ((re.compile(r"isation$"), "ization"), (re.compile(r"(?<=\w{3})is(e|ed|es|ing)$"),
             r"iz\1"), (re.compile(r"(?<=\w{3})our$"), "or"), (re.compile(r"(?<=\w{3})tre$"),
             "ter"))  # fmt: skip


def spelling_key(text: str) -> str:
    """``text`` folded: case, accents, British endings ("-isation", "-ise", "-our", "-tre").

    >>> spelling_key("Organisation of Labour"), spelling_key("organization of labor")
    ('organization of labor', 'organization of labor')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = []
    for word in plain.split():
        if len(word) >= 6:
            for pattern, replacement in _SPELLING:
                word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def _english_frequency(text: str) -> float:
    from wordfreq import word_frequency

    return word_frequency(text, "en")


def _phrase_starts(index: TokenIndex) -> list[tuple[str, np.ndarray, int]]:
    """(pattern, start positions, length) of the noun phrases in the corpus."""
    pos_ids = index.ids("pos")
    lexicon = index.lexicon("pos").ids
    content_ids = [lexicon[p] for p in CONTENT if p in lexicon]
    noun_ids = [lexicon[p] for p in NOUNS if p in lexicon]
    content = np.isin(pos_ids, content_ids)
    noun = np.isin(pos_ids, noun_ids)
    of_id = index.lexicon("lower").ids.get("of", -1)
    of = index.ids("lower") == of_id
    sent = np.asarray(index.sent)
    n = index.n_tokens
    found = []
    for length, parts in ((2, (content, noun)), (3, (content, content, noun)),
                          (3, (noun, of, noun))):  # fmt: skip
        count = n - length + 1
        if count <= 0:
            continue
        ok = np.ones(count, bool)
        for k, part in enumerate(parts):
            ok &= part[k : k + count]
            if k:
                ok &= sent[k : k + count] == sent[:count]
        if length == 2:
            # the longest phrase only: not a pair inside a three-word one
            before = np.zeros(count, bool)
            before[1:] = content[: count - 1] & (sent[1:count] == sent[: count - 1])
            ok &= ~before
        found.append(("of" if parts[1] is of else "phrase", np.flatnonzero(ok), length))
    return found


def suggest_codes(
    index: TokenIndex,
    *,
    min_frequency: int = 3,
    min_documents: int = 2,
    limit: int | None = 50,
    known: set[str] = frozenset(),
) -> pd.DataFrame:
    """Candidate codes (see the module's docstring): code, kind (word, phrase), variants,
    frequency, documents, ll, log_ratio, examples [(doc, start, end)]. ``known`` are terms a
    codebook already has (spelling keys): those are left out."""
    words_total = int((~np.asarray(index.is_punct)).sum())
    if not words_total:
        return pd.DataFrame(columns=COLUMNS)
    lower, lemma = index.ids("lower"), index.ids("lemma")
    lower_strings = index.lexicon("lower").strings
    lemma_strings = index.lexicon("lemma").strings
    candidates: dict[str, dict] = {}

    def add(key: str, kind: str, surface: str, positions: np.ndarray, length: int) -> None:
        entry = candidates.setdefault(
            key, {"kind": kind, "forms": {}, "positions": [], "length": length}
        )
        entry["forms"][surface] = entry["forms"].get(surface, 0) + len(positions)
        entry["positions"].append(positions)

    # words: by lemma, mostly content words, letters only
    pos_ids = index.ids("pos")
    lexicon = index.lexicon("pos").ids
    content = np.isin(pos_ids, [lexicon[p] for p in CONTENT if p in lexicon])
    frequency = np.bincount(lower, minlength=len(lower_strings))
    content_frequency = np.bincount(lower[content], minlength=len(lower_strings))
    postings = index.lexicon("lower")
    # every content word: spellings are merged before the counts are compared with the minimum
    for word_id in np.flatnonzero(content_frequency * 2 > frequency):
        surface = lower_strings[word_id]
        if not surface.isalpha():
            continue
        positions = np.asarray(postings.postings(int(word_id)))
        lemma_of = lemma_strings[np.bincount(lemma[positions]).argmax()].lower()
        add(spelling_key(lemma_of), "word", surface, positions, 1)
        candidates[spelling_key(lemma_of)].setdefault("lemma", lemma_of)
    # phrases: by their lemmas
    for _, starts, length in _phrase_starts(index):
        if not len(starts):
            continue
        keys = np.stack([lemma[starts + k] for k in range(length)], axis=1)
        unique, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
        for row in np.flatnonzero(counts >= min_frequency):
            positions = starts[inverse.ravel() == row]
            words = [lemma_strings[i].lower() for i in unique[row]]
            if not all(w.isalpha() for w in words):
                continue
            surfaces = pd.Series(
                [" ".join(lower_strings[lower[p + k]] for k in range(length)) for p in positions]
            ).value_counts()
            key = spelling_key(" ".join(words))
            add(key, "phrase", str(surfaces.index[0]), positions, length)
            candidates[key]["forms"] = {str(s): int(c) for s, c in surfaces.items()}
    rows = []
    for key, entry in candidates.items():
        if key in known or any(spelling_key(form) in known for form in entry["forms"]):
            continue
        positions = np.unique(np.concatenate(entry["positions"]))
        if len(positions) < min_frequency:
            continue
        docs = index.doc_of(positions)
        if len(np.unique(docs)) < min_documents:
            continue
        forms = sorted(entry["forms"], key=lambda f: (-entry["forms"][f], f))
        english = sum(_english_frequency(form) for form in forms)
        label = entry.get("lemma") if entry.get("lemma") in forms else forms[0]
        rows.append({"key": key, "code": label, "kind": entry["kind"], "variants": forms,
                     "frequency": len(positions), "documents": int(len(np.unique(docs))),
                     "english": english, "positions": positions,
                     "length": entry["length"]})  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame(rows)
    scores = keyness_scores(
        frame.frequency.to_numpy(float),
        frame.english.to_numpy(float) * GENERAL_REFERENCE_WORDS,
        words_total,
        GENERAL_REFERENCE_WORDS,
    )
    frame["ll"] = scores["ll"].to_numpy()
    frame["log_ratio"] = scores["log_ratio"].to_numpy()
    frame = frame[scores["direction"].to_numpy() > 0]  # used more than in English only
    frame = frame.sort_values(["ll", "frequency"], ascending=False)
    if limit is not None:
        frame = frame.head(limit)
    frame["association"] = [
        _association(index, frequency, positions, length, words_total)
        for positions, length in zip(frame.positions, frame.length, strict=True)
    ]
    frame["examples"] = [_examples(index, p, n) for p, n in zip(frame.positions, frame.length,
                                                                strict=True)]  # fmt: skip
    return frame[COLUMNS].reset_index(drop=True)


def _association(
    index: TokenIndex, frequency: np.ndarray, positions: np.ndarray, length: int, words: int
) -> float | None:
    """How much more often a phrase's words stand together than apart, as collocations are
    measured: PMI, log2 of the phrase's frequency over what its words' frequencies predict
    (None for a single word)."""
    if length < 2:
        return None
    lower = index.ids("lower")
    first = positions[0]  # the commonest form's words stand for the phrase
    expected = 1.0
    for k in range(length):
        expected *= frequency[lower[first + k]] / words
    return round(float(np.log2(len(positions) / words / expected)), 3)


def _examples(index: TokenIndex, positions: np.ndarray, length: int) -> list[tuple]:
    """Up to ``EXAMPLES`` places (doc, start, end), from as many documents as there are."""
    docs = index.doc_of(positions)
    _, first = np.unique(docs, return_index=True)
    picked = sorted(first[np.argsort(first)][:EXAMPLES])
    return [
        (index.doc_names[docs[i]], int(index.start[positions[i]]),
         int(index.end[positions[i] + length - 1]))
        for i in picked
    ]  # fmt: skip
