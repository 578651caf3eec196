"""Chains of equivalence: the sets of signifiers a discourse binds into one by articulating
them as equivalent (Laclau and Mouffe), measured from the ``equivalences`` annotator's rows.

Per discourse, the graph of its signifiers' ties (see :mod:`discursus.analysis.signifiers`:
two are tied by each articulation that sets them side by side). A chain is
a community of that graph (Leiden, seeded, over the ties made at least ``min_ties`` times)
of at least ``min_members`` signifiers; its strength, the articulations that bind two of its
members or more; its members ordered by how many of them each is
in (the most bound first); its evidence, the articulations themselves (document and
offsets), the ones binding most members first.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from discursus.analysis.signifiers import discourses, tie_matrix, ties

MIN_MEMBERS = 3
MIN_TIES = 1
EXAMPLES = 3


def chains(
    equivalences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str | None = None,
    min_members: int = MIN_MEMBERS,
    min_ties: int = MIN_TIES,
    seed: int = 0,
) -> pd.DataFrame:
    """A row per chain: discourse, chain (numbered from 1 within it, the strongest first),
    members, strength (articulations), documents, evidence (doc, start, end of the
    articulations, at most :data:`EXAMPLES`)."""
    from discursus.analysis.networks import coalitions

    columns = ["discourse", "chain", "members", "strength", "documents", "evidence"]
    rows = []
    for discourse, found in discourses(equivalences, documents, by):
        counts, binding = ties(found)
        matrix = tie_matrix(counts, min_ties)
        if len(matrix) < min_members:
            continue
        found_chains = []
        for _, nodes in coalitions(matrix, "leiden", seed=seed)[0].groupby("coalition").node:
            members = set(nodes)
            if len(members) < min_members:
                continue
            made = {(r.doc, r.start, r.end, r.relation): r for pair, rs in binding.items()
                    if set(pair) <= members for r in rs}  # fmt: skip
            articulations = list(made.values())
            bound = Counter(m["term"] for r in articulations for m in r.members)
            ordered = sorted(members, key=lambda term: (-bound[term], term))
            articulations.sort(key=lambda r: (-len(r.members), r.doc, r.start))
            found_chains.append({
                "members": ordered, "strength": len(articulations),
                "documents": len({r.doc for r in articulations}),
                "evidence": [{"doc": r.doc, "start": int(r.start), "end": int(r.end)}
                             for r in articulations[:EXAMPLES]],
            })  # fmt: skip
        found_chains.sort(key=lambda c: (-c["strength"], c["members"]))
        for number, chain in enumerate(found_chains, 1):
            rows.append({"discourse": discourse, "chain": number, **chain})
    return pd.DataFrame(rows, columns=columns)
