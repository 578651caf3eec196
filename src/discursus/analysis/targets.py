"""Targets proposed from a corpus: the actors who speak in it, the places and organisations it
names most, and the nouns it is about, each with the names it goes by merged.

- **Actors** with statements (reported speech), with the aliases speech resolution merged.
- **Countries**: the places (GPE) named in at least ``min_mentions`` mentions that are
  countries, with their official names and capital; a nationality (NORP: "Iranian") counts
  for the country whose name it starts with ("Iran"), so "the Iranian government" is Iran.
- **Organisations** (ORG) named as often, with the spellings mention grouping merged.
- **Named issues**: the other named things as often named, in two documents or more (a place
  that is no country, a facility, a law, an event, a product: "the Meridian Corridor"), each
  also by "the" and its last word where the corpus uses that word as a common noun ("the
  corridor").
- **Issues**: the key nouns of the corpus against general English.
"""

from __future__ import annotations

import pandas as pd

from discursus.analysis.overview import entity_key
from discursus.annotate.targets import Target, TargetList, country_names

MIN_MENTIONS = 2
ISSUES = 8
NAMED_ISSUES = ("GPE", "LOC", "FAC", "LAW", "EVENT", "PRODUCT")  # a GPE if it is no country


def demonym_country(nationality: str, countries: list[str]) -> str | None:
    """The country a nationality stands for: the longest country name it starts with, or
    (for names of five letters and more) with all but its last letter ("Ukrainian":
    Ukraine, "Chinese": China).

    >>> demonym_country("Iranian", ["Iran", "Iraq"])
    'Iran'
    >>> demonym_country("Iraqi", ["Iran", "Iraq"])
    'Iraq'
    """
    word = nationality.strip().lower()
    best = None
    for country in countries:
        name = country.lower()
        stem = name if len(name) < 5 else name[:-1]
        if word.startswith(name) or (len(name) >= 5 and word.startswith(stem)):
            if best is None or len(country) > len(best):
                best = country
    return best


def _names_taken(found: dict[str, Target]) -> set[str]:
    """Every name and alias of the targets found, in lower case (with and without "the")."""
    names = {n.lower() for t in found.values() for n, _ in t.names()}
    return names | {n[4:] for n in names if n.startswith("the ")}


def propose_targets(
    doc_actors: pd.DataFrame,
    quotes: list[dict],
    entities: pd.DataFrame,
    key_nouns: list[str],
    min_mentions: int = MIN_MENTIONS,
    common_nouns: frozenset[str] = frozenset(),
) -> TargetList:
    """Targets from a project's rows: ``Project.doc_actors()``, ``Project.quote_rows()``,
    ``Project.entities()`` (with their ``text``), the corpus's key nouns and the words it
    uses as common nouns (lower case)."""
    from discursus.analysis.speakers import corpus_actors

    found: dict[str, Target] = {}
    actors = corpus_actors(doc_actors, quotes) if not doc_actors.empty else pd.DataFrame()
    for row in actors.itertuples() if not actors.empty else ():
        # an unnamed speaker ("the spokesman (doc.txt)") is no target of stance
        if (
            row.statements < 1
            or row.type not in ("person", "organization")
            or (row.name.endswith(")"))
        ):
            continue
        kind = "actor" if row.type == "person" else "organization"
        aliases = tuple(sorted(a for a in (row.aliases or ()) if a != row.name))
        found[row.name] = Target(row.name, kind, aliases)
    if not entities.empty:
        named = entities.assign(key=entities.text.map(entity_key))
        counts = named.groupby(["key", "label"]).size().reset_index(name="mentions")
        spelled = named.groupby("key").text.agg(lambda t: t.value_counts().index[0])
        countries: dict[str, Target] = {}
        for row in counts[counts.label == "GPE"].itertuples():
            if row.mentions < min_mentions:
                continue
            country = country_names(spelled[row.key])
            if country is not None:
                countries[country.name] = country
        for row in counts[counts.label == "NORP"].itertuples():
            owner = demonym_country(spelled[row.key], list(countries))
            if owner is not None:
                target = countries[owner]
                nationality = spelled[row.key]
                extra = (f"the {nationality} government", f"{nationality} government")
                aliases = tuple(dict.fromkeys([*target.aliases, *extra]))
                countries[owner] = Target(target.name, "country", aliases)
        found.update({name: t for name, t in countries.items() if name not in found})
        taken = _names_taken(found)
        for row in counts[counts.label == "ORG"].itertuples():
            if row.mentions >= min_mentions and row.key.lower() not in taken:
                found[row.key] = Target(row.key, "organization")  # without its "the"
                taken.add(row.key.lower())
        things = named[named.label.isin(NAMED_ISSUES)].groupby("key")
        for key, mentions in things.size().items():
            # in two documents at least: a thing the corpus discusses, not a name one text
            # cites (and the small pipeline's stray labels: authors taken for places)
            if mentions < min_mentions or things.get_group(key).doc_id.nunique() < 2:
                continue
            if key.lower() in taken or key in countries:
                continue
            if country_names(spelled[key]) is not None:
                continue
            head = key.split()[-1].lower() if len(key.split()) > 1 else ""
            aliases = (f"the {head}",) if head in common_nouns and head not in taken else ()
            found[key] = Target(key, "issue", aliases)
            taken |= {key.lower(), *aliases}
    taken = _names_taken(found)
    for noun in key_nouns[:ISSUES]:
        if noun.lower() not in taken:
            found[noun] = Target(noun, "issue")
    return TargetList(tuple(found.values()))
