"""Discourse networks at scale (run by hand).

Synthetic statements (100,000 statements, 2,000 actors, 300 concepts, agreement -1/0/1,
dates over two years; Zipf-like activity, as real debates have). In one run:

  1. the one-mode congruence network with average normalization;
  2. 100 weekly windows with a gaussian kernel (size 4 weeks);

each by ``discursus.analysis.networks`` and by a plain-Python reference of the same formula
(DNA's loops: every pair of statements on a concept, weighted by the proximity of their
agreement and, in a window, by the square root of their kernel weights' product). The
reference runs the static network and the first windows only (it takes minutes); the ratio
is per network (the static network: discursus's best of three runs). The numbers must be
the same. Prints seconds, ratios and peak memory.

    python bench/networks.py [--statements 100000] [--reference-windows 2]

Goal (issue 13): >= 50x faster than the reference, the same numbers.
"""

from __future__ import annotations

import argparse
import math
import resource
import time
from collections import defaultdict

import numpy as np
import pandas as pd

from discursus.analysis import networks


def synthetic(n: int, actors: int, concepts: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    actor = np.minimum(rng.zipf(1.3, n), actors) - 1
    concept = rng.integers(0, concepts, n)
    agreement = rng.choice([-1, 0, 1], n, p=[0.35, 0.15, 0.5])
    start = pd.Timestamp("2023-01-01", tz="UTC")
    days = rng.integers(0, 730, n)
    return pd.DataFrame(
        {
            "organization": [f"actor {a:04d}" for a in actor],
            "concept": [f"concept {c:03d}" for c in concept],
            "agreement": agreement,
            "doc": [f"doc {i // 20}" for i in range(n)],
            "date": (start + pd.to_timedelta(days, unit="D")).astype(str),
        }
    )


def reference(frame: pd.DataFrame, weights: list[float] | None = None) -> dict:
    """Congruence with average normalization, by plain Python loops over statement pairs."""
    names = sorted(set(frame.organization))
    index = {name: i for i, name in enumerate(names)}
    levels = sorted(set(frame.agreement))
    spread = abs(levels[-1] - levels[0])
    weights = weights if weights is not None else [1.0] * len(frame)
    by_concept: dict[str, list] = defaultdict(list)
    totals = [0.0] * len(names)
    rows = zip(frame.organization, frame.concept, frame.agreement, weights, strict=True)
    for org, concept, agreement, weight in rows:
        root = math.sqrt(weight)
        by_concept[concept].append((index[org], agreement, root))
        totals[index[org]] += root
    ties: dict[tuple[int, int], float] = defaultdict(float)
    for items in by_concept.values():
        for a, q1, w1 in items:
            for b, q2, w2 in items:
                if a != b:
                    ties[a, b] += w1 * w2 * (1 - abs(q1 - q2) / spread)
    return {
        (names[a], names[b]): value / ((totals[a] + totals[b]) / 2)
        for (a, b), value in ties.items()
        if totals[a] + totals[b] > 0
    }


def same(matrix: pd.DataFrame, expected: dict) -> bool:
    values = matrix.to_numpy()
    labels = {name: i for i, name in enumerate(matrix.index)}
    found = sum(1 for v in values.ravel() if abs(v) > 1e-12)
    if found != sum(1 for v in expected.values() if abs(v) > 1e-12):
        return False
    return all(
        math.isclose(values[labels[a], labels[b]], v, rel_tol=1e-9, abs_tol=1e-12)
        for (a, b), v in expected.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--concepts", type=int, default=300)
    parser.add_argument("--reference-windows", type=int, default=2)
    args = parser.parse_args()
    frame = synthetic(args.statements, args.actors, args.concepts)
    print(
        f"{len(frame):,} statements, {frame.organization.nunique():,} actors, "
        f"{frame.concept.nunique()} concepts, {frame.date.min()[:10]} to {frame.date.max()[:10]}"
    )
    options = {"aggregation": "congruence", "normalization": "average"}
    networks.onemode(frame.head(1000), **options)  # imports (scipy.sparse...) before timing

    runs = []
    for _ in range(3):  # the best of three: the first pays for allocating the arrays
        started = time.perf_counter()
        matrix = networks.onemode(frame, **options)
        runs.append(time.perf_counter() - started)
    ours = min(runs)
    started = time.perf_counter()
    expected = reference(frame)
    theirs = time.perf_counter() - started
    print(
        f"one-mode congruence, average: discursus {ours:.2f} s, reference {theirs:.1f} s, "
        f"{theirs / ours:.0f}x; same numbers: {same(matrix, expected)}"
    )

    started = time.perf_counter()
    checked, count = [], 0
    for window in networks.iter_time_windows(frame, "onemode", "weeks", 4, "gaussian",
                                             **options):  # fmt: skip
        if count < args.reference_windows:
            checked.append(window)  # the others are let go: a window is a full matrix
        count += 1
        if count == 100:
            break
    ours = (time.perf_counter() - started) / max(count, 1)
    times = pd.to_datetime(frame.date, utc=True)
    agree, per_window = True, []
    for window in checked:
        u = 2 * networks.unit_differences(times, window["time"], "weeks") / 4
        weights = networks.kernel_weights(u, "gaussian").tolist()
        started = time.perf_counter()
        expected = reference(frame, weights)
        per_window.append(time.perf_counter() - started)
        agree &= same(window["matrix"], expected)
    theirs = sum(per_window) / len(per_window)
    print(
        f"{count} weekly windows, gaussian kernel: discursus {ours:.2f} s a window "
        f"({ours * count:.1f} s in all), reference {theirs:.1f} s a window "
        f"({len(per_window)} run), {theirs / ours:.0f}x; same numbers: {agree}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
