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

from discursus.analysis.signifiers import discourses, tie_graph, ties

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
    from discursus.analysis.networks import graph_coalitions

    columns = ["discourse", "chain", "kind", "members", "strength", "documents", "evidence"]
    rows = []
    for discourse, found in discourses(equivalences, documents, by):
        counts, binding = ties(found)
        graph = tie_graph(counts, min_ties)
        if graph.vcount() < min_members:
            continue
        communities = graph_coalitions(graph, "leiden", seed=seed)[0]
        communities = communities[communities["size"] >= min_members]
        chain_of = dict(zip(communities.node, communities.coalition, strict=True))
        # each chain's articulations: those binding two of its members or more
        made: dict[int, dict] = {}
        for (a, b), rs in binding.items():
            chain = chain_of.get(a)
            if chain is not None and chain == chain_of.get(b):
                made.setdefault(chain, {}).update(
                    {(r.doc, r.start, r.end, r.relation): r for r in rs}
                )
        found_chains = []
        for chain, nodes in communities.groupby("coalition").node:
            members = set(nodes)
            articulations = list(made.get(chain, {}).values())
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
            rows.append({"discourse": discourse, "chain": number, "kind": "equivalence",
                         **chain})  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def co_affirmed_chains(statements: pd.DataFrame, documents: pd.DataFrame, by: str | None,
                       chains_found: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """``chains_found`` with, for each discourse, the chain of the concepts its actors affirm
    (agreement 1) and another discourse's actors reject (agreement -1), at least two of them
    (kind ``co-affirmed``, numbered after its chains of equivalence): members (the most
    affirmed first), strength (the affirming statements), documents, evidence."""
    if statements.empty or by is None:
        return chains_found
    sides = {name: rows for name, rows in discourses(statements, documents, by)}
    rejected = {name: set(rows.concept[rows.agreement == -1]) for name, rows in sides.items()}
    rows = []
    for discourse, found in sides.items():
        against = set().union(*(r for other, r in rejected.items() if other != discourse))
        affirmed = found[(found.agreement == 1) & found.concept.isin(against)]
        counts = affirmed.concept.value_counts()
        if len(counts) < 2:
            continue
        members = sorted(counts.index, key=lambda concept: (-counts[concept], concept))
        ordered = affirmed.sort_values(["doc", "start"])
        numbered = chains_found[chains_found.discourse == discourse]
        rows.append({
            "discourse": discourse, "chain": len(numbered) + 1, "kind": "co-affirmed",
            "members": members, "strength": len(affirmed), "documents": affirmed.doc.nunique(),
            "evidence": [{"doc": r.doc, "start": int(r.start), "end": int(r.end)}
                         for r in ordered.head(EXAMPLES).itertuples()],
        })  # fmt: skip
    if not rows:
        return chains_found
    added = pd.concat([chains_found, pd.DataFrame(rows, columns=chains_found.columns)],
                      ignore_index=True)  # fmt: skip
    return added.sort_values(["discourse", "chain"], ignore_index=True)
