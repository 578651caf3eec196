"""Keyness against hand-computed values."""

from __future__ import annotations

import math

import pytest

from discursus.analysis.keyness import keyness_scores


def test_keyness_of_an_overused_word_by_hand():
    # 20 in a 10,000-token target, 5 in a 20,000-token reference:
    # expected 25 * 10000 / 30000 = 8.3333 and 16.6667
    row = keyness_scores(20, 5, 10_000, 20_000).iloc[0]
    ll = 2 * (20 * math.log(20 / (25 / 3)) + 5 * math.log(5 / (50 / 3)))
    assert row.ll == pytest.approx(ll) and round(row.ll, 3) == 22.979
    assert row.p == pytest.approx(math.erfc(math.sqrt(ll / 2)))  # chi-square, 1 df
    assert row.p < 1e-5
    assert row.bic == pytest.approx(ll - math.log(30_000))
    assert row.log_ratio == pytest.approx(3.0)  # 0.002 against 0.00025 per token: 8 times
    assert row.pct_diff == pytest.approx(700.0)
    assert row.direction == 1


def test_underuse_and_absence():
    under, absent = keyness_scores([5, 0], [40, 10], 10_000, 20_000).itertuples()
    assert under.direction == -1 and under.ll > 0 and under.log_ratio == pytest.approx(-2.0)
    # absent from the target: counted as 0.5 there for the effect sizes, G2 still exact
    assert absent.log_ratio == pytest.approx(math.log2((0.5 / 10_000) / (10 / 20_000)))
    assert absent.ll == pytest.approx(2 * 10 * math.log(10 / (10 * 20_000 / 30_000)))


def test_equal_use_is_not_key():
    row = keyness_scores(10, 20, 10_000, 20_000).iloc[0]
    assert row.ll == pytest.approx(0.0) and row.p == 1.0 and row.log_ratio == 0.0


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        keyness_scores(20, 5, 10, 20_000)
