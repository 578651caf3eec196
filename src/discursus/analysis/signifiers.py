"""The signifiers of a discourse and the ties its articulations of equivalence make between
them (the ``equivalences`` annotator's rows): what chains of equivalence and nodal points
are read from.

A discourse is the documents sharing a value of a field (speaker, outlet, country), or the
corpus as one; two signifiers are tied once for each articulation that sets them side by
side.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations

import pandas as pd

from discursus.analysis.filters import FilterError
from discursus.analysis.subcorpus import document_groups, grouping_field

CORPUS = "(corpus)"
# the fields that name discourses, in the order a field is chosen when none is given
DISCOURSE_FIELDS = ("discourse", "camp", "party", "speaker", "country", "outlet")


def discourse_field(documents: pd.DataFrame, most: int = 8) -> str | None:
    """The field to compare discourses by when none is given: the first of
    :data:`DISCOURSE_FIELDS` with 2 to ``most`` values over half the documents or more, else
    the field that best splits the corpus (or None)."""
    for field in DISCOURSE_FIELDS:
        try:
            values = document_groups(documents, field).dropna()
        except FilterError:  # a field no document has
            continue
        if 2 <= values.nunique() <= most and len(values) * 2 >= len(documents):
            return field
    return grouping_field(documents, most)


def discourses(
    equivalences: pd.DataFrame, documents: pd.DataFrame, by: str | None
) -> Iterator[tuple[str, pd.DataFrame]]:
    """Each discourse's name and articulations (documents without a value of ``by`` are in
    none)."""
    if equivalences.empty:
        return
    if by is None:
        yield CORPUS, equivalences[equivalences.doc.isin(set(documents["name"]))]
        return
    ids = dict(zip(documents["name"], documents["id"], strict=True))
    groups = document_groups(documents, by)
    names = equivalences.doc.map(lambda name: groups.get(ids.get(name)))
    for discourse, found in equivalences.groupby(names, sort=True):
        if discourse is not None:
            yield str(discourse), found


def distinct_documents(documents: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """The documents, each exact copy of another in the same discourse left out (the first
    by name kept): a text reprinted word for word is one articulation, not two."""
    if "content_hash" not in documents.columns or documents.empty:
        return documents
    discourse = document_groups(documents, by) if by else pd.Series(
        "", index=documents["id"].to_numpy())  # fmt: skip
    keyed = documents.assign(_discourse=documents["id"].map(discourse).fillna("\x00none"))
    keyed = keyed.sort_values("name", kind="stable")
    kept = keyed.drop_duplicates(["content_hash", "_discourse"]).index
    return documents.loc[documents.index.isin(kept)]


def ties(articulations: pd.DataFrame) -> tuple[Counter, dict[tuple[str, str], list]]:
    """How often each pair of signifiers (in order) is tied, and the articulations tying it."""
    counts: Counter = Counter()
    binding: dict[tuple[str, str], list] = defaultdict(list)
    for row in articulations.itertuples():
        for pair in combinations(sorted({m["term"] for m in row.members}), 2):
            counts[pair] += 1
            binding[pair].append(row)
    return counts, binding


def tie_graph(counts: Counter, min_ties: int = 1):
    """The igraph graph of the signifiers and the ties made between them at least
    ``min_ties`` times, weighted by how often: edges only, so a discourse of thousands of
    signifiers costs its ties, not a matrix of them."""
    from discursus.analysis.networks import weighted_graph

    kept = sorted(pair for pair, count in counts.items() if count >= min_ties)
    terms = sorted({term for pair in kept for term in pair})
    where = {term: k for k, term in enumerate(terms)}
    return weighted_graph(terms, [(where[a], where[b], counts[a, b]) for a, b in kept])


def actors_of(documents: pd.DataFrame) -> dict[str, str]:
    """Each document's actor: its speaker, else the document itself."""
    speakers = documents["speaker"] if "speaker" in documents.columns else [None] * len(documents)
    return {name: (speaker if isinstance(speaker, str) and speaker else name)
            for name, speaker in zip(documents["name"], speakers, strict=True)}  # fmt: skip


CAMP_FIELD = "camp"


def actors_by_field(statements: pd.DataFrame, documents: pd.DataFrame,
                    actor_field: str) -> pd.DataFrame:  # fmt: skip
    """``statements`` whose actor, in a document's own voice, is the value of its document's
    ``actor_field`` (a state's iso: one actor whoever heads its delegation); a reported
    speaker keeps their name."""
    field_of = dict(zip(documents["name"], _field_actors(documents, actor_field), strict=True))
    own = statements.voice.eq("own") & statements.doc.map(field_of).notna()
    return statements.assign(actor=statements.actor.where(~own, statements.doc.map(field_of)))


def _field_actors(documents: pd.DataFrame, actor_field: str) -> pd.Series:
    from discursus.analysis.filters import field_values

    values = field_values(documents, actor_field)
    return values.map(lambda v: None if pd.isna(v) or str(v) == "" else str(v))


def coalition_camps(statements: pd.DataFrame, documents: pd.DataFrame, seed: int = 0,
                    actor_field: str | None = None):  # fmt: skip
    """Camps found as coalitions of actors: the Leiden communities (seeded) of the actors'
    congruence network (actors tied by the concepts they take the same side on, DNA's
    one-mode network), and each document's camp: its speaker's, else the camp of the actor
    with most statements in it. With ``actor_field`` (a document field: a state's iso), the
    actors are its values: each document's own-voice statements are its value's, and its
    camp is its value's (a reported speaker keeps their name). Returns (the actors: actor,
    camp, size; the documents with a ``camp`` column, "camp N" or None)."""
    from discursus.analysis.networks import coalitions, onemode
    from discursus.errors import DiscursusError

    if statements.empty:
        raise DiscursusError("camps as coalitions need statements: code the corpus first "
                             "(discursus code --codebook FILE -p P)")  # fmt: skip
    if actor_field is None:
        speakers = documents["speaker"] if "speaker" in documents.columns else pd.Series(
            [None] * len(documents), index=documents.index)  # fmt: skip
    else:
        speakers = _field_actors(documents, actor_field)
        statements = actors_by_field(statements, documents, actor_field)
    matrix = onemode(statements, "actor", "concept", "agreement", aggregation="congruence")
    members, _ = coalitions(matrix, "leiden", seed=seed)
    camp_of = {row.node: f"camp {row.coalition}" for row in members.itertuples()}
    most = (statements.groupby(["doc", "actor"]).size().reset_index(name="n")
            .sort_values(["doc", "n", "actor"], ascending=[True, False, True])
            .drop_duplicates("doc").set_index("doc").actor)  # fmt: skip
    camps = [camp_of.get(speaker) or camp_of.get(most.get(name))
             for name, speaker in zip(documents["name"], speakers, strict=True)]  # fmt: skip
    actors = members.rename(columns={"node": "actor", "coalition": "camp"})
    actors["camp"] = actors["camp"].map(lambda number: f"camp {number}")
    return actors, documents.assign(**{CAMP_FIELD: camps})
