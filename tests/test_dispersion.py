"""Dispersion measures against hand-computed values."""

from __future__ import annotations

import math

import pytest

from discursus.analysis.dispersion import dispersion_scores


def test_a_word_in_half_the_parts_by_hand():
    # 2, 0, 2, 0 in four parts of 100 tokens: shares 0.5, 0, 0.5, 0 against 0.25 each
    row = dispersion_scores([[2, 0, 2, 0]], [100, 100, 100, 100]).iloc[0]
    assert row.dp == pytest.approx(0.5 * (0.25 + 0.25 + 0.25 + 0.25))
    assert row.dp_norm == pytest.approx(0.5 / 0.75)
    # relative frequencies 0.02, 0, 0.02, 0: mean 0.01, standard deviation 0.01
    assert row.juilland_d == pytest.approx(1 - 1 / math.sqrt(3))
    assert (row.frequency, row.range) == (4, 2)


def test_unequal_parts_count_by_their_size():
    # one word in proportion to part sizes is perfectly even however unequal the parts
    row = dispersion_scores([[1, 3]], [100, 300]).iloc[0]
    assert row.dp == pytest.approx(0.0) and row.juilland_d == pytest.approx(1.0)
    packed = dispersion_scores([[4, 0]], [100, 300]).iloc[0]
    assert packed.dp == pytest.approx(0.75) and packed.dp_norm == pytest.approx(1.0)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        dispersion_scores([[1, 2, 3]], [10, 10])
    with pytest.raises(ValueError):
        dispersion_scores([[1, 2]], [10, 0])
