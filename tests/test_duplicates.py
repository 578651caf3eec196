"""MinHash signatures equal datasketch's given discursus's shingle hash, in a batch and in
chunks, and near duplicates are found by banding them."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from datasketch import MinHash

from discursus.ingest import duplicates
from discursus.ingest.duplicates import (
    find_duplicates,
    minhash_signature,
    minhash_signatures,
    shingle_hash,
)

WORDS = "the minister said that port trade union bridge river council vote people state".split()


def datasketch_signature(text: str) -> bytes:
    words = re.findall(r"\w+", text.lower())
    width = min(5, max(len(words), 1))
    shingles = {
        " ".join(words[i : i + width]).encode() for i in range(max(len(words) - width + 1, 1))
    }
    minhash = MinHash(num_perm=128, scheme="affine32", hashfunc=shingle_hash)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = ["", "One", "two words", "The Port of Selka!", "a b c d e", "a b c d e f"]
    texts += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 80))) for _ in range(60)]
    return texts


def test_signatures_equal_datasketch_in_one_batch_and_in_chunks(monkeypatch):
    # datasketch hashes each shingle with shingle_hash; discursus folds word hashes in arrays
    texts = _texts()
    expected = [datasketch_signature(text) for text in texts]
    assert minhash_signatures(texts) == expected
    # long texts are shingled a chunk of words at a time; make every text long
    monkeypatch.setattr(duplicates, "LONG_TEXT_CHARS", 0)
    monkeypatch.setattr(duplicates, "CHUNK_WORDS", 7)
    assert [minhash_signature(text) for text in texts] == expected


def test_the_permutations_are_datasketchs():
    a, b = MinHash(num_perm=128, scheme="affine32").permutations
    assert [x.tolist() for x in duplicates._permutations()] == [a.tolist(), b.tolist()]


def test_the_bands_are_the_ones_datasketch_chooses():
    from datasketch import MinHashLSH

    for threshold in (0.5, 0.8, 0.9):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        assert duplicates._bands(threshold) == (lsh.b, lsh.r)


def test_near_duplicates_are_found_and_distinct_texts_are_not():
    rng = random.Random(3)
    base = " ".join(rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(300))
    reprint = base.replace(base.split()[150], "changed", 1)  # one word differs
    other = " ".join(rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(300))
    docs = [
        (1, "h1", minhash_signature(base)),
        (2, "h2", minhash_signature(other)),
        (3, "h3", minhash_signature(reprint)),
        (4, "h1", minhash_signature(base)),
    ]
    found = find_duplicates(docs)
    assert [(a, b, kind) for a, b, kind, _ in found] == [(1, 3, "near"), (1, 4, "exact")]
    assert 0.9 < found[0][3] < 1.0


def test_a_project_of_the_earlier_scheme_gets_its_signatures_recomputed(tmp_path):
    from sqlalchemy import text

    import discursus

    (tmp_path / "a.txt").write_text("The port of Selka will stay open through the winter.")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "a.txt"])
    # the earlier scheme: datasketch's own SHA-1 of each shingle
    old_minhash = MinHash(num_perm=128, scheme="affine32")
    old_minhash.update_batch([b"the port of selka will"])
    old = old_minhash.hashvalues.astype(np.uint32).tobytes()
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET minhash = :m"), {"m": old})
    # as a project of revision 0003 was (the signatures' migration has no way back)
    _downgrade(project, "0004")
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    project.engine.dispose()
    reopened = discursus.open_project(tmp_path / "p")
    with pytest.raises(discursus.ProjectError, match="upgrade it with: discursus annotate"):
        reopened.documents()  # reading an older project writes nothing: it says what to run
    reopened.annotate()  # the first run that writes upgrades it
    with reopened.engine.connect() as conn:
        stored = conn.execute(text("SELECT minhash FROM documents")).scalar_one()
    assert stored != old
    assert stored == minhash_signature("The port of Selka will stay open through the winter.")


def _downgrade(project, revision: str) -> None:
    from alembic import command

    from discursus.store.migrate import _config

    config = _config()
    with project.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
