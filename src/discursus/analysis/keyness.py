"""Keyness: which words a target corpus uses more (or less) than a reference corpus.

For a word seen ``a`` times in a target of ``c`` tokens and ``b`` times in a reference of
``d`` tokens: log-likelihood G2 (Rayson & Garside 2000) with its p-value (chi-square, 1 df) and
BIC (Wilson 2013) for significance, and two effect sizes, Log Ratio (Hardie 2014) and %DIFF
(Gabrielatos & Marchi 2012). Vectorised over a whole vocabulary.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from discursus.analysis.association import g2_term

# Log Ratio and %DIFF divide by a frequency: a word absent from one side counts as this much
# there, so the effect stays finite and comparable (Hardie 2014 uses 0.5)
ZERO_FREQUENCY = 0.5


def keyness_scores(a, b, c, d) -> pd.DataFrame:
    """Keyness of words seen ``a`` times in a target of ``c`` tokens and ``b`` times in a
    reference of ``d`` tokens (scalars or arrays of one length).

    >>> keyness_scores(20, 5, 10_000, 20_000).round(4).iloc[0].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'target': 20.0, 'reference': 5.0, 'expected_target': 8.3333,
     'expected_reference': 16.6667, 'll': 22.979, 'p': 0.0, 'bic': 12.6701,
     'log_ratio': 3.0, 'pct_diff': 700.0, 'direction': 1.0}
    """
    a, b, c, d = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (a, b, c, d))
    a, b, c, d = np.broadcast_arrays(a, b, c, d)
    if np.any(a > c) or np.any(b > d) or np.any((c <= 0) | (d <= 0)):
        raise ValueError("a word cannot occur more often than its corpus has tokens")
    total = a + b
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    ll = 2 * (g2_term(a, e1) + g2_term(b, e2))
    # chi-square survival function with one degree of freedom
    p = np.array([math.erfc(math.sqrt(x / 2)) if x > 0 else 1.0 for x in ll])
    bic = ll - np.log(c + d)
    rel_a = np.where(a > 0, a, ZERO_FREQUENCY) / c
    rel_b = np.where(b > 0, b, ZERO_FREQUENCY) / d
    return pd.DataFrame(
        {
            "target": a,
            "reference": b,
            "expected_target": e1,
            "expected_reference": e2,
            "ll": ll,
            "p": p,
            "bic": bic,
            "log_ratio": np.log2(rel_a / rel_b),
            "pct_diff": (rel_a - rel_b) / rel_b * 100,
            "direction": np.sign(a / c - b / d),
        }
    )
