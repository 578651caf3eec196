"""Exact and near-duplicate documents: found and reported, never dropped.

Near duplicates are found with MinHash over word 5-shingles and locality-sensitive hashing
(Broder 1997, doi:10.1109/SEQUEN.1997.666900). A shingle's hash is built from the SHA-1 hashes
of its words (each distinct word hashed once), so the signatures of a whole batch of documents
are array operations; they equal datasketch's ``MinHash`` (``scheme="affine32"``) given
:func:`shingle_hash` as its hash function, and its ``MinHashLSH`` chooses the bands.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
NEAR_THRESHOLD = 0.8
# Stored signatures are only comparable under one scheme: changing it needs a migration
# (0004 moved projects from datasketch's SHA-1 of the shingle to "words32").
SCHEME = "words32"
DTYPE = np.uint32
_WORD = re.compile(r"\w+")

# a text longer than this is shingled a chunk of words at a time, so memory stays flat
LONG_TEXT_CHARS = 1_000_000
CHUNK_WORDS = 20_000
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies before permuting
_FMIX32 = tuple(np.uint32(n) for n in (16, 2246822507, 13, 3266489909, 16))
# the FNV-1a step that folds word hashes into a shingle hash
_FOLD_SEED = np.uint32(2166136261)
_FOLD_PRIME = np.uint32(16777619)
_word_hashes: dict[str, int] = {}


def _word_hash(word: str) -> int:
    found = _word_hashes.get(word)
    if found is None:
        if len(_word_hashes) > 2_000_000:  # a vocabulary cache, not a leak
            _word_hashes.clear()
        found = _word_hashes[word] = int.from_bytes(
            hashlib.sha1(word.encode("utf-8", "surrogatepass")).digest()[:4], "little"
        )
    return found


def shingle_hash(shingle: bytes) -> int:
    """The 32-bit hash of a shingle (its words joined by spaces): its words' hashes folded.

    >>> shingle_hash(b"the port of selka will") == shingle_hash(b"the port of selka will")
    True
    """
    return _fold(_word_hash(word) for word in shingle.decode("utf-8", "surrogatepass").split())


def _fold(word_hashes: Iterable[int]) -> int:
    value = int(_FOLD_SEED)
    for word in word_hashes:
        value = ((value ^ int(word)) * int(_FOLD_PRIME)) & 0xFFFFFFFF
    return value


def count_words(text: str) -> int:
    """Words (``\\w+`` runs) in the text; a long text's counted without holding them all."""
    if len(text) < LONG_TEXT_CHARS:
        return len(_WORD.findall(text))
    return sum(1 for _ in _WORD.finditer(text))


def minhash_signature(text: str) -> bytes:
    """MinHash of the text's lower-cased word 5-shingles, as bytes to store.

    >>> a = minhash_signature("the port of Selka will stay open through the winter")
    >>> b = minhash_signature("The port of Selka will stay open through the winter!")
    >>> a == b, len(a)
    (True, 512)
    """
    return minhash_signatures([text])[0]


def minhash_signatures(texts: list[str]) -> list[bytes]:
    """:func:`minhash_signature` of many texts at once, as a few array operations."""
    return signatures_and_word_counts(texts)[0]


def signatures_and_word_counts(texts: list[str]) -> tuple[list[bytes], list[int]]:
    """The MinHash signature and the number of words of each text, reading each text once.

    A text under five words is one shingle of all its words; a long text is read a chunk of
    words at a time (the minimum over all shingles is the minimum over chunks of them).
    """
    signatures: list[np.ndarray | None] = [None] * len(texts)
    counts: list[int] = []
    word_hashes: list[int] = []
    bounds = [0]
    for k, text in enumerate(texts):
        if len(text) > LONG_TEXT_CHARS:
            signatures[k] = _long_text_minima(text)
            counts.append(count_words(text))
            bounds.append(bounds[-1])
            continue
        words = _WORD.findall(text.lower())
        counts.append(len(words))
        word_hashes += map(_word_hash, words)
        bounds.append(len(word_hashes))
    short = [k for k in range(len(texts)) if signatures[k] is None]
    if short:
        hashes, starts = _shingle_hashes(np.array(word_hashes, dtype=DTYPE), bounds, short)
        minima = np.minimum.reduceat(_permuted(hashes), starts, axis=0)
        for k, values in zip(short, minima, strict=True):
            signatures[k] = values
    return [values.astype(DTYPE).tobytes() for values in signatures], counts


def _shingle_hashes(
    words: np.ndarray, bounds: list[int], docs: list[int]
) -> tuple[np.ndarray, list[int]]:
    """The shingle hashes of the documents ``docs`` (word ranges ``bounds[k]:bounds[k+1]``
    of ``words``), in document order, and where each document's begin."""
    folded = np.full(len(words), _FOLD_SEED, dtype=DTYPE)
    width = SHINGLE_WORDS
    last_start = max(len(words) - width + 1, 0)
    folded = folded[:last_start]
    for j in range(width):  # every window of five words, across the whole batch at once
        folded = (folded ^ words[j : j + last_start]) * _FOLD_PRIME
    pieces, starts, at = [], [], 0
    for k in docs:
        lo, hi = bounds[k], bounds[k + 1]
        if hi - lo >= width:
            piece = folded[lo : hi - width + 1]
        else:  # fewer than five words (or none): one shingle of them all
            piece = np.array([_fold(words[lo:hi].tolist())], dtype=DTYPE)
        pieces.append(piece)
        starts.append(at)
        at += len(piece)
    return np.concatenate(pieces), starts


def _long_text_minima(text: str) -> np.ndarray:
    values = np.full(NUM_PERM, np.iinfo(DTYPE).max, dtype=DTYPE)
    window: list[int] = []
    fresh, folded = 0, False  # words not yet in a shingle; whether a chunk was folded in
    for match in _WORD.finditer(text):
        window.append(_word_hash(match.group().lower()))
        fresh += 1
        if len(window) >= CHUNK_WORDS:
            values = _fold_chunk(window, values)
            window, fresh, folded = window[-(SHINGLE_WORDS - 1) :], 0, True
    if fresh or not folded:
        values = _fold_chunk(window, values)
    return values


def _fold_chunk(window: list[int], values: np.ndarray) -> np.ndarray:
    words = np.array(window, dtype=DTYPE)
    hashes, _ = _shingle_hashes(words, [0, len(words)], [0])
    return np.minimum(values, _permuted(hashes).min(axis=0))


def _permuted(hashes: np.ndarray) -> np.ndarray:
    """datasketch's affine32 step: the finalizer, then ``a * h + b`` modulo 2^32 per row."""
    a, b = _permutations()
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hashes.astype(DTYPE)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    permuted = np.multiply(hv[:, None], a)  # one array, changed in place from here
    permuted += b
    return permuted


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for its default seed (1), drawn the way it draws
    them (odd multipliers); a test checks they are its own."""
    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=DTYPE) * DTYPE(2) + DTYPE(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=DTYPE)
    return a, b


def find_duplicates(
    docs: Iterable[tuple[int, str, bytes | None]], threshold: float = NEAR_THRESHOLD
) -> list[tuple[int, int, str, float]]:
    """Pairs ``(doc_a, doc_b, kind, similarity)`` among ``(doc_id, content_hash, signature)``.

    ``exact`` pairs share their text; ``near`` pairs have estimated Jaccard similarity of their
    shingles at or above ``threshold``. Each pair appears once, ``doc_a < doc_b``. Candidates
    share a band of their signatures (locality-sensitive hashing with datasketch's choice of
    bands for the threshold), found with array operations over the whole corpus.
    """
    by_hash: dict[str, list[int]] = defaultdict(list)
    signatures: dict[int, bytes] = {}
    for doc_id, content_hash, signature in docs:
        by_hash[content_hash].append(doc_id)
        if signature is not None:
            signatures[doc_id] = signature
    pairs: dict[tuple[int, int], tuple[str, float]] = {}
    for ids in by_hash.values():
        ids.sort()
        for position, a in enumerate(ids):
            for b in ids[position + 1 :]:
                pairs[(a, b)] = ("exact", 1.0)
    # Only one member of each exact group needs to take part in the near search.
    representatives = sorted({ids[0] for ids in by_hash.values()} & signatures.keys())
    if len(representatives) > 1:
        ids = np.array(representatives)
        matrix = np.stack([np.frombuffer(signatures[i], dtype=DTYPE) for i in representatives])
        bands, rows = _bands(threshold)
        candidates: set[tuple[int, int]] = set()
        for band in range(bands):
            keys = np.ascontiguousarray(matrix[:, band * rows : (band + 1) * rows])
            _, group = np.unique(keys.view(f"V{keys.itemsize * rows}").ravel(), return_inverse=True)
            shared = np.flatnonzero(np.bincount(group) > 1)  # buckets of two or more
            if not len(shared):
                continue
            inside = np.flatnonzero(np.isin(group, shared))
            order = inside[np.argsort(group[inside], kind="stable")]
            splits = np.flatnonzero(np.diff(group[order])) + 1
            for members in np.split(order, splits):
                members = sorted(members.tolist())
                for k, first in enumerate(members):
                    candidates.update((first, other) for other in members[k + 1 :])
        if candidates:
            left, right = (np.array(side) for side in zip(*sorted(candidates), strict=True))
            similarity = (matrix[left] == matrix[right]).mean(axis=1)
            for i, j, sim in zip(left.tolist(), right.tolist(), similarity.tolist(), strict=True):
                if sim >= threshold:
                    pairs[(int(ids[i]), int(ids[j]))] = ("near", round(float(sim), 4))
    return sorted((a, b, kind, sim) for (a, b), (kind, sim) in pairs.items())


@lru_cache(maxsize=4)
def _bands(threshold: float) -> tuple[int, int]:
    """Bands and rows per band as datasketch's MinHashLSH chooses them: the (b, r) with
    b * r <= NUM_PERM that minimise the mean of the false positive and false negative
    probabilities. The integrands are polynomials of degree at most NUM_PERM, so a Gauss-
    Legendre rule of 100 points integrates them exactly (a test checks the choice is
    datasketch's), without importing SciPy."""
    nodes, weights = np.polynomial.legendre.leggauss(100)
    below = threshold / 2 * nodes + threshold / 2  # nodes on [0, threshold]
    above = (1 - threshold) / 2 * nodes + (1 + threshold) / 2  # and on [threshold, 1]
    best, choice = float("inf"), (0, 0)
    for b in range(1, NUM_PERM + 1):
        for r in range(1, NUM_PERM // b + 1):
            positive = threshold / 2 * np.sum(weights * (1 - (1 - below**r) ** b))
            negative = (1 - threshold) / 2 * np.sum(weights * (1 - above**r) ** b)
            error = 0.5 * float(positive) + 0.5 * float(negative)
            if error < best:
                best, choice = error, (b, r)
    return choice
