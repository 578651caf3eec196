"""Association measures against hand-computed values and against NLTK where it has them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from discursus.analysis.association import association_scores


def test_every_measure_on_a_hand_computed_table():
    # node 10 times, collocate 20 times, together 5 times, in 1,000 tokens:
    # E11 = 10 * 20 / 1000 = 0.2; the other cells 5, 15, 975 against 9.8, 19.8, 970.2
    row = association_scores(5, 10, 20, 1000).iloc[0]
    assert row.frequency == 5 and row.expected == pytest.approx(0.2)
    assert row.mi == pytest.approx(math.log2(25))  # 4.6439
    assert row.mi3 == pytest.approx(math.log2(125 / 0.2))  # 9.2877
    assert row.t == pytest.approx(4.8 / math.sqrt(5))  # 2.1466
    assert row.dice == pytest.approx(10 / 30)
    assert row.logdice == pytest.approx(14 + math.log2(1 / 3))  # 12.415
    by_hand = 2 * (
        5 * math.log(5 / 0.2)
        + 5 * math.log(5 / 9.8)
        + 15 * math.log(15 / 19.8)
        + 975 * math.log(975 / 970.2)
    )
    assert row.ll == pytest.approx(by_hand)  # 26.7541
    assert round(row.ll, 4) == 26.7541


def test_pairs_that_never_meet_and_a_word_always_with_the_node():
    scores = association_scores([0, 10], [10, 10], [20, 10], 1000)
    never, always = scores.iloc[0], scores.iloc[1]
    assert never.mi == -math.inf and never.ll > 0  # repulsion still carries evidence
    # a collocate found only beside the node: O12 = O21 = 0, their terms count as 0
    assert always.dice == 1.0 and always.logdice == 14
    assert np.isfinite(always.ll)


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="exceed"):
        association_scores(30, 10, 20, 1000)


def test_same_scores_as_nltk_to_six_digits():
    nltk_metrics = pytest.importorskip("nltk.metrics")
    measures = nltk_metrics.BigramAssocMeasures
    rng = np.random.default_rng(7)
    n = 100_000
    r1 = rng.integers(1, 2_000, 200)
    c1 = rng.integers(1, 2_000, 200)
    o11 = np.minimum(rng.integers(1, 300, 200), np.minimum(r1, c1))
    ours = association_scores(o11, r1, c1, n)
    for i in range(200):
        counts = (int(o11[i]), (int(r1[i]), int(c1[i])), n)
        assert ours.ll[i] == pytest.approx(measures.likelihood_ratio(*counts), rel=1e-6)
        assert ours.mi[i] == pytest.approx(measures.pmi(*counts), rel=1e-6)
        assert ours.t[i] == pytest.approx(measures.student_t(*counts), rel=1e-6)
        assert ours.dice[i] == pytest.approx(measures.dice(*counts), rel=1e-6)
