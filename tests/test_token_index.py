"""The token index groups positions by id with radix sorts on 8- and 16-bit keys; each path,
the two-pass one for lexicons over 65,536 entries included, equals a stable argsort."""

from __future__ import annotations

import numpy as np
import pytest

from discursus.store.token_index import _grouped_positions


@pytest.mark.parametrize("size", [200, 60_000, 70_000, 3_000_000])
def test_positions_grouped_by_id_equal_a_stable_argsort(size):
    rng = np.random.default_rng(size)
    ids = rng.integers(0, size, 500_000, dtype=np.int64).astype(np.int32)
    ids[:1000] = size - 1  # the largest id, many times: ties keep position order
    expected = np.argsort(ids, kind="stable")
    assert np.array_equal(_grouped_positions(ids, size), expected)
