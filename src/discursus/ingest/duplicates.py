"""Exact and near-duplicate documents: found and reported, never dropped.

Near duplicates are found with MinHash over word 5-shingles and locality-sensitive hashing
(Broder 1997, doi:10.1109/SEQUEN.1997.666900), as implemented by datasketch.
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
# Stored signatures are only comparable under one scheme: changing it needs a migration.
SCHEME = "affine32"
DTYPE = np.uint32
_WORD = re.compile(r"\w+")


# shingles hashed this many at a time: memory stays flat however long the text
CHUNK_WORDS = 200_000
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies before permuting
_FMIX32 = tuple(np.uint32(n) for n in (16, 2246822507, 13, 3266489909, 16))
# a text longer than this is shingled a chunk of words at a time
LONG_TEXT_CHARS = 1_000_000


def minhash_signature(text: str) -> bytes:
    """MinHash of the text's lower-cased word 5-shingles, as bytes to store.

    >>> a = minhash_signature("the port of Selka will stay open through the winter")
    >>> b = minhash_signature("The port of Selka will stay open through the winter!")
    >>> a == b, len(a)
    (True, 512)
    """
    return minhash_signatures([text])[0]


def minhash_signatures(texts: list[str]) -> list[bytes]:
    """:func:`minhash_signature` of many texts at once, equal to datasketch's ``MinHash`` with
    ``scheme="affine32"`` (SHA-1 of each shingle, the finalizer, the seeded permutations),
    computed as one array operation for a batch of texts.

    The minimum over all shingles is the minimum over chunks of them, so a long text is read
    a chunk of words at a time (overlapping by a shingle), never held as a list of words.
    """
    a, b = _permutations()
    hashes: list[int] = []
    starts: list[int] = []
    long_texts: dict[int, np.ndarray] = {}
    for k, text in enumerate(texts):
        starts.append(len(hashes))
        if len(text) > LONG_TEXT_CHARS:
            values = np.full(NUM_PERM, np.iinfo(DTYPE).max, dtype=DTYPE)
            for chunk in _shingle_chunks(text):
                values = np.minimum(values, _permuted(list(map(_sha1_32, chunk)), a, b).min(0))
            long_texts[k] = values
            continue
        words = _WORD.findall(text.lower())
        hashes += map(_sha1_32, _shingles(words, min(SHINGLE_WORDS, max(len(words), 1))))
    signatures = [long_texts.get(k) for k in range(len(texts))]
    short = [k for k in range(len(texts)) if k not in long_texts]
    if short:
        minima = np.minimum.reduceat(_permuted(hashes, a, b), [starts[k] for k in short], axis=0)
        for k, values in zip(short, minima, strict=True):
            signatures[k] = values
    return [values.astype(DTYPE).tobytes() for values in signatures]


def _sha1_32(data: bytes) -> int:
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


def _permuted(hashes: list[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.array(hashes, dtype=DTYPE)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    return hv[:, None] * a + b  # wraps modulo 2^32, as the scheme means it to


def _shingle_chunks(text: str):
    """The text's shingles, a chunk of words at a time; the first chunk always comes."""
    window: list[str] = []
    seen_any = False
    fresh = 0  # words in the window not yet in a yielded shingle
    for match in _WORD.finditer(text):
        window.append(match.group().lower())
        fresh += 1
        if len(window) >= CHUNK_WORDS:
            yield _shingles(window, SHINGLE_WORDS)
            window = window[-(SHINGLE_WORDS - 1) :]
            seen_any, fresh = True, 0
    if fresh or not seen_any:
        width = SHINGLE_WORDS if seen_any else min(SHINGLE_WORDS, max(len(window), 1))
        yield _shingles(window, width)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    return a.astype(DTYPE), b.astype(DTYPE)


def _shingles(words: list[str], width: int) -> list[bytes]:
    count = max(len(words) - width + 1, 1)
    return list({" ".join(words[i : i + width]).encode() for i in range(count)})


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
            order = np.argsort(group, kind="stable")
            splits = np.flatnonzero(np.diff(group[order])) + 1
            for members in np.split(order, splits):
                if len(members) > 1:
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
    """Bands and rows per band, as datasketch's MinHashLSH chooses them."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r
