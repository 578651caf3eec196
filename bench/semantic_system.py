"""The semantic system of an annotated project, part by part (run by hand): seconds, and the
peak memory of the whole run; beside the signifier network, the same sentence co-occurrence
counts made the plain way (a Counter over each sentence's pairs), as the reference.

    python bench/semantic_system.py PROJECT [--by FIELD] [--boot 200]

On ../shared/data/ungdc, annotate a project first (discursus ingest, then discursus
annotate --component equivalences --component antagonisms --component presentations).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import discursus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--by", default=None)
    parser.add_argument("--boot", type=int, default=200)
    args = parser.parse_args()
    project = discursus.open_project(args.project)
    start = time.perf_counter()
    found = project.equivalences()
    print(f"{len(project.documents()):,} documents, {len(found):,} articulations "
          f"(read in {time.perf_counter() - start:.1f} s)")  # fmt: skip
    timed("signifier network", lambda: project.signifier_network(by=args.by))
    timed("nodal points", lambda: project.nodal_points(by=args.by, boot=args.boot))
    timed("chains", lambda: project.chains(by=args.by))
    timed("frontier", lambda: project.frontier(by=args.by))
    timed("ideological square", lambda: project.ideological_square(by=args.by, per="actor"))
    if args.by:
        timed("floating signifiers", lambda: project.floating_signifiers(by=args.by))
    whole = timed("semantic_system (all parts)",
                  lambda: project.semantic_system(by=args.by, boot=args.boot))  # fmt: skip
    network = whole["network"]
    ours = _seconds(lambda: project.signifier_network(by=args.by))
    reference = _seconds(lambda: _plain_cooccurrence(project))
    print(f"signifier network {ours:.2f} s, plain co-occurrence counts {reference:.2f} s: "
          f"{reference / ours:.1f}x; {len(network):,} ties")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


def timed(name: str, run):
    start = time.perf_counter()
    result = run()
    size = len(result) if hasattr(result, "__len__") else ""
    print(f"{name:30} {time.perf_counter() - start:8.2f} s  {size}")
    return result


def _seconds(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _plain_cooccurrence(project) -> Counter:
    """The pairs of signifier terms meeting in a sentence, counted the plain way: each
    sentence's lower-case words and their runs of up to four looked up in the set of terms
    (no lemmas: "partnerships" is not "partnership"), every pair of those found counted."""
    import re

    terms = {m["term"] for members in project.equivalences().members for m in members}
    longest = max((len(t.split()) for t in terms), default=1)
    words_of = re.compile(r"\w+(?:-\w+)*")
    counts: Counter = Counter()
    for text in project.sentences().text:
        words = words_of.findall(text.lower())
        found = {" ".join(words[i : i + k]) for k in range(1, min(longest, 4) + 1)
                 for i in range(len(words) - k + 1)} & terms  # fmt: skip
        counts.update(combinations(sorted(found), 2))
    return counts


if __name__ == "__main__":
    main()
