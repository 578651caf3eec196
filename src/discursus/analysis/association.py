"""Association measures for collocation: how much more often two words meet than chance says.

Every measure is computed from the 2x2 contingency table of a node and a collocate:

=============  ==================  ======================
               collocate           other words
=============  ==================  ======================
node           O11                 O12 = R1 - O11
other words    O21 = C1 - O11      O22 = N - R1 - C1 + O11
=============  ==================  ======================

with ``E_ij = R_i * C_j / N``, as in Evert (2008) and the tools users know (AntConc,
CQPweb, Sketch Engine for logDice). Columns are vectorised with numpy, so a whole vocabulary
is scored at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# the measures a user can rank collocates by, in the order the table shows them
MEASURES = ("ll", "mi", "mi3", "t", "dice", "logdice")


def g2_term(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """One cell's share of log-likelihood G2: observed * ln(observed / expected), with
    0 * ln 0 taken as 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = observed * np.log(observed / expected)
    return np.where(observed > 0, terms, 0.0)


def association_scores(o11, r1, c1, n) -> pd.DataFrame:
    """Frequency, expected frequency and every measure for each (node, collocate) pair.

    ``o11`` co-occurrences, ``r1`` node frequency, ``c1`` collocate frequency and ``n``
    corpus size (scalars or arrays of one length).

    >>> association_scores(5, 10, 20, 1000).round(4).iloc[0].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'frequency': 5.0, 'expected': 0.2, 'll': 26.7541, 'mi': 4.6439, 'mi3': 9.2877,
     't': 2.1466, 'dice': 0.3333, 'logdice': 12.415}
    """
    o11, r1, c1, n = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (o11, r1, c1, n))
    o11, r1, c1, n = np.broadcast_arrays(o11, r1, c1, n)
    if np.any(o11 > np.minimum(r1, c1)) or np.any(r1 + c1 - o11 > n):
        raise ValueError("co-occurrences exceed the frequencies they come from")
    o12, o21 = r1 - o11, c1 - o11
    o22 = n - r1 - c1 + o11
    r2, c2 = n - r1, n - c1
    e11, e12, e21, e22 = r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(o11 / e11)
        mi3 = np.log2(o11**3 / e11)
        t = (o11 - e11) / np.sqrt(o11)
        dice = 2 * o11 / (r1 + c1)
        logdice = 14 + np.log2(dice)
    ll = 2 * (g2_term(o11, e11) + g2_term(o12, e12) + g2_term(o21, e21) + g2_term(o22, e22))
    measures = {"ll": ll, "mi": mi, "mi3": mi3, "t": t, "dice": dice, "logdice": logdice}
    return pd.DataFrame({"frequency": o11, "expected": e11, **{m: measures[m] for m in MEASURES}})
