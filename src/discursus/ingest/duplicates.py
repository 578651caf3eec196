"""Exact and near-duplicate documents: found and reported, never dropped.

Near duplicates are found with MinHash over word 5-shingles and locality-sensitive hashing
(Broder 1997, doi:10.1109/SEQUEN.1997.666900), as implemented by datasketch.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

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


def minhash_signature(text: str) -> bytes:
    """MinHash of the text's lower-cased word 5-shingles, as bytes to store.

    The minimum over all shingles is the minimum over chunks of them, so a long text is read
    a chunk of words at a time (overlapping by a shingle), never held as a list of words.
    """
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    window: list[str] = []
    seen_any = False
    for match in _WORD.finditer(text):
        window.append(match.group().lower())
        if len(window) >= CHUNK_WORDS:
            minhash.update_batch(_shingles(window, SHINGLE_WORDS))
            window = window[-(SHINGLE_WORDS - 1) :]
            seen_any = True
    if window or not seen_any:
        width = SHINGLE_WORDS if seen_any else min(SHINGLE_WORDS, max(len(window), 1))
        minhash.update_batch(_shingles(window, width))
    return minhash.hashvalues.astype(DTYPE).tobytes()


def _shingles(words: list[str], width: int) -> list[bytes]:
    count = max(len(words) - width + 1, 1)
    return list({" ".join(words[i : i + width]).encode() for i in range(count)})


def find_duplicates(
    docs: Iterable[tuple[int, str, bytes | None]], threshold: float = NEAR_THRESHOLD
) -> list[tuple[int, int, str, float]]:
    """Pairs ``(doc_a, doc_b, kind, similarity)`` among ``(doc_id, content_hash, signature)``.

    ``exact`` pairs share their text; ``near`` pairs have estimated Jaccard similarity of their
    shingles at or above ``threshold``. Each pair appears once, ``doc_a < doc_b``.
    """
    from datasketch import MinHash, MinHashLSH

    by_hash: dict[str, list[int]] = defaultdict(list)
    signatures: dict[int, MinHash] = {}
    for doc_id, content_hash, signature in docs:
        by_hash[content_hash].append(doc_id)
        if signature is not None:
            values = np.frombuffer(signature, dtype=DTYPE)
            signatures[doc_id] = MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)
    pairs: dict[tuple[int, int], tuple[str, float]] = {}
    for ids in by_hash.values():
        ids.sort()
        for position, a in enumerate(ids):
            for b in ids[position + 1 :]:
                pairs[(a, b)] = ("exact", 1.0)
    # Only one member of each exact group needs to take part in the near search.
    representatives = {ids[0] for ids in by_hash.values()}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for doc_id in sorted(representatives & signatures.keys()):
        lsh.insert(doc_id, signatures[doc_id])
    for doc_id in sorted(representatives & signatures.keys()):
        for other in lsh.query(signatures[doc_id]):
            if other <= doc_id:
                continue
            similarity = signatures[doc_id].jaccard(signatures[other])
            if similarity >= threshold:
                pairs[(doc_id, other)] = ("near", round(float(similarity), 4))
    return sorted((a, b, kind, sim) for (a, b), (kind, sim) in pairs.items())
