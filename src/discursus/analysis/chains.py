"""Chains of equivalence: the sets of signifiers a discourse binds into one by articulating
them as equivalent (Laclau and Mouffe), measured from the ``equivalences`` annotator's rows.

Per discourse (the documents sharing a value of a field: speaker, outlet, country; or the
corpus as one), a graph of signifiers: two are tied by each articulation that sets them side
by side (a list, an apposition, an equating predication), as often as they are. A chain is
a community of that graph (Leiden, seeded, over the ties made at least ``min_ties`` times)
of at least ``min_members`` signifiers; its strength, the articulations that bind two of its
members or more; its members ordered by how many of them each is
in (the most bound first); its evidence, the articulations themselves (document and
offsets), the ones binding most members first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from discursus.analysis.subcorpus import document_groups

MIN_MEMBERS = 3
MIN_TIES = 1
EXAMPLES = 3
CORPUS = "(corpus)"


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
    if equivalences.empty:
        return pd.DataFrame(columns=columns)
    ids = dict(zip(documents["name"], documents["id"], strict=True))
    groups = document_groups(documents, by) if by else None
    rows = []
    discourse_of = equivalences.doc.map(
        lambda name: CORPUS if groups is None else groups.get(ids.get(name))
    )
    for discourse, found in equivalences.groupby(discourse_of, sort=True):
        if discourse is None:
            continue
        ties: Counter = Counter()
        binding = defaultdict(list)  # a tie -> the articulations that make it
        for row in found.itertuples():
            terms = sorted({m["term"] for m in row.members})
            for pair in combinations(terms, 2):
                ties[pair] += 1
                binding[pair].append(row)
        kept = sorted(pair for pair, count in ties.items() if count >= min_ties)
        terms = sorted({term for pair in kept for term in pair})
        if len(terms) < min_members:
            continue
        matrix = pd.DataFrame(0, index=terms, columns=terms, dtype=float)
        for a, b in kept:
            matrix.loc[a, b] = matrix.loc[b, a] = ties[a, b]
        found_chains = []
        groups_of = coalitions(matrix, "leiden", seed=seed)[0].groupby("coalition").node
        for _, nodes in groups_of:
            members = set(nodes)
            if len(members) < min_members:
                continue
            made = {(r.doc, r.start, r.end, r.relation): r for pair, rs in binding.items()
                    if set(pair) <= members for r in rs}  # fmt: skip
            articulations = list(made.values())
            counts = Counter(m["term"] for r in articulations for m in r.members)
            ordered = sorted(members, key=lambda term: (-counts[term], term))
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
