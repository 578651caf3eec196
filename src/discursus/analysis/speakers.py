"""Who speaks across a corpus: actors merged over documents, and the intertextual network."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from discursus.annotate.voices import THE_SPEAKER

ACTOR_COLUMNS = ["name", "type", "aliases", "roles", "statements", "documents"]
SOURCE_COLUMNS = ["doc", "target", "target_type", "via", "count", "passages"]


def _surname(name: str) -> str:
    words = re.findall(r"[\w'’-]+", name.lower())
    return words[-1] if words else ""


_NAME_WORD = re.compile(r"[\w'’.-]+")
_HONORIFIC_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. the a an of h.e h.e. his her excellency".split()
)


def _folded(name: str) -> str:
    """A name without accents, case or extra spaces, to find its spellings."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_words(name: str) -> set[str]:
    return {w for w in _NAME_WORD.findall(name.lower()) if w not in _HONORIFIC_WORDS}


class Actors:
    """The actors of a corpus, merged over documents from ``Project.doc_actors()``.

    An actor introduced by a name is one actor across documents, by that name (and a
    one-word name, "Kessel", joins the full name, "Daria Kessel", when exactly one person in
    the corpus has that surname). An actor known only by a role or title ("the President of
    the Republic") is one actor inside its document alone, labelled with it; and across
    documents an actor keeps only the aliases that share a word of its name, as a role names
    a person only where it was introduced for them.
    """

    def __init__(self, per_doc: pd.DataFrame, documents: pd.DataFrame | None = None) -> None:
        self.merged: dict[tuple[str, str], dict] = {}
        self._unnamed: set[tuple[str, str]] = set()  # (doc, name)
        # who "I" is in each document, where its metadata says (the speaker, else the author)
        self.speakers: dict[str, str] = {}
        if documents is not None and not documents.empty:
            for doc, speaker, author in documents[["name", "speaker", "author"]].itertuples(
                index=False
            ):
                named = next(
                    (v for v in (speaker, author) if isinstance(v, str) and v.strip()), None
                )
                if named:
                    self.speakers[doc] = named.strip()
        # spellings of one name ("António", "Antonio") are one actor, under the commonest
        self._spelling: dict[str, str] = {}
        named_column = per_doc["named"] if "named" in per_doc else [None] * len(per_doc)
        documents_of: Counter = Counter()
        spellings: dict[str, Counter] = defaultdict(Counter)
        for row, named in zip(per_doc.itertuples(), named_column, strict=True):
            if named is not False:
                words = [w for w in row.name.split() if w.lower() not in _HONORIFIC_WORDS]
                spellings[_folded(" ".join(words) or row.name)][row.name] += row.statements + 1
        for variants in spellings.values():
            # the commonest spelling written on one line
            commonest = " ".join(variants.most_common(1)[0][0].split())
            self._spelling.update((variant, commonest) for variant in variants)
        for row, named in zip(per_doc.itertuples(), named_column, strict=True):
            label = self._spelling.get(row.name, row.name)
            if named is False:
                self._unnamed.add((row.doc, row.name))
                label = self.unnamed_label(row.name, row.doc)
            actor = self.merged.setdefault(
                (label, row.type),
                {"name": label, "type": row.type, "aliases": set(), "roles": set()},
            )
            words = _name_words(row.name)
            actor["aliases"].update(
                a for a in row.aliases if named is False or (_name_words(a) & words)
            )
            actor["roles"].update(row.roles)
            documents_of[(label, row.type)] += 1
        self._one_type_a_name(documents_of)
        people_by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in self.merged:
            if key[1] == "person" and " " in key[0] and not key[0].endswith(")"):
                people_by_surname[_surname(key[0])].append(key)
        self.redirect: dict[str, str] = {}
        for key in list(self.merged):
            name, kind = key
            if kind == "person" and " " not in name:
                full = people_by_surname.get(_surname(name), [])
                if len(full) == 1:
                    target = self.merged[full[0]]
                    source = self.merged.pop(key)
                    target["aliases"].update(source["aliases"] | {name})
                    target["roles"].update(source["roles"])
                    self.redirect[name] = full[0][0]

    def _one_type_a_name(self, documents_of: Counter) -> None:
        """A name the tagger typed one way here and another there ("Lesotho" a person in some
        speeches, an organisation in others) is one actor, of the type most documents gave."""
        types: dict[str, list[str]] = defaultdict(list)
        for name, kind in self.merged:
            types[name].append(kind)
        for name, kinds in types.items():
            if len(kinds) == 1:
                continue
            kept = max(kinds, key=lambda kind: (documents_of[(name, kind)], kind == "person"))
            target = self.merged[(name, kept)]
            for kind in kinds:
                if kind != kept:
                    other = self.merged.pop((name, kind))
                    target["aliases"].update(other["aliases"])
                    target["roles"].update(other["roles"])

    def unnamed_label(self, name: str, doc: str) -> str:
        if name == THE_SPEAKER and doc in self.speakers:
            return self.speakers[doc]
        return f"{name} ({doc})"

    def canonical(self, speaker: str, doc: str) -> str:
        """The corpus-wide name of the speaker a quote of ``doc`` names."""
        if (doc, speaker) in self._unnamed:
            return self.unnamed_label(speaker, doc)
        speaker = self._spelling.get(speaker, " ".join(speaker.split()))
        return self.redirect.get(speaker, speaker)


_COURTESY = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. his her h.e h.e. excellency eminence highness".split()
)


def _roles(roles: set[str], name: str) -> list[str]:
    """An actor's roles without mere courtesies ("his excellency mr") and without the ones
    that repeat its name ("secretary general mr. antónio guterres" when "secretary general"
    is there, or is what is left)."""
    words = _name_words(name) | {_folded(w) for w in _name_words(name)}
    kept = set()
    for role in roles:
        left = [w for w in role.split() if _folded(w) not in words and w not in _COURTESY]
        if left:
            kept.add(" ".join(left))
    return sorted(kept)


def speaker_documents(
    doc_actors: pd.DataFrame, quotes: list[dict], documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Statements per speaker (canonical, merged over the corpus) and document, from
    ``Project.doc_actors()``, ``Project.quote_rows()`` and ``Project.documents()``."""
    actors = Actors(doc_actors, documents)
    spoken = [q for q in quotes if q["speaker"]]
    frame = pd.DataFrame(
        {
            "speaker": [actors.canonical(q["speaker"], q["doc"]) for q in spoken],
            "doc": [q["doc"] for q in spoken],
        },
        columns=["speaker", "doc"],
    )
    counts = frame.groupby(["speaker", "doc"]).size().rename("statements").reset_index()
    return counts.sort_values(["statements", "speaker"], ascending=[False, True], ignore_index=True)


def corpus_actors(
    doc_actors: pd.DataFrame, quotes: list[dict], documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per actor over the corpus: canonical name, type, aliases, roles, number of
    statements (attributions whose speaker it is), and the documents it speaks in; from
    ``Project.doc_actors()`` and ``Project.quote_rows()``.

    Actors are merged as :class:`Actors` says: by name, never by a role alone.
    """
    actors = Actors(doc_actors, documents)
    merged = actors.merged
    statements: dict[str, int] = defaultdict(int)
    documents: dict[str, set] = defaultdict(set)
    for row in quotes:
        if row["speaker"]:
            name = actors.canonical(row["speaker"], row["doc"])
            statements[name] += 1
            documents[name].add(row["doc"])
    rows = []
    for actor in merged.values():
        name = actor["name"]
        if not statements.get(name) and actor["type"] != "person":
            continue
        rows.append(
            {
                "name": name,
                "type": actor["type"],
                "aliases": sorted(actor["aliases"] - {name}),
                "roles": _roles(actor["roles"], name),
                "statements": statements.get(name, 0),
                "documents": sorted(documents.get(name, set())),
            }
        )
    frame = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return frame.sort_values(["statements", "name"], ascending=[False, True], ignore_index=True)


def _scripture_label(scripture: dict) -> str:
    if scripture["book"] == "bible":
        return f"Bible, {scripture.get('bible_book', '')} {scripture['chapter']}".replace("  ", " ")
    return f"Quran {scripture['chapter']}"


def sources_table(
    quotes: list[dict],
    citations: list[dict],
    doc_actors: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which documents cite which authors, works, scripture and speakers, from
    ``Project.quote_rows()`` and ``Project.citation_rows()``; with ``Project.doc_actors()``,
    speakers are the canonical actors of :func:`corpus_actors` ("Kessel" is "Daria Kessel"
    when she is the only Kessel).

    ``target_type`` is author, scripture or speaker; ``via`` the citation kind or the quote's
    source type; ``passages`` the (start, end) offsets of every occurrence.
    """
    actors = Actors(doc_actors, documents) if doc_actors is not None else None
    counts: dict[tuple[str, str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for row in citations:
        span = (row["start"], row["end"])
        if row["kind"] == "scripture" and row["scripture"]:
            counts[
                (row["doc"], _scripture_label(row["scripture"]), "scripture", "scripture")
            ].append(span)
        for work in row["works"] or []:
            authors = work["authors"]
            label = authors[0] + (" et al." if len(authors) > 2 else "")
            if len(authors) == 2:
                label = f"{authors[0]} & {authors[1]}"
            counts[
                (row["doc"], f"{label} {work['year'] or ''}".strip(), "work", "academic")
            ].append(span)
    for row in quotes:
        if row["speaker"]:
            speaker = actors.canonical(row["speaker"], row["doc"]) if actors else row["speaker"]
            counts[(row["doc"], speaker, "speaker", row["source_type"])].append(
                (row["start"], row["end"])
            )
    rows = [
        {
            "doc": doc,
            "target": target,
            "target_type": kind,
            "via": via,
            "count": len(spans),
            "passages": spans,
        }
        for (doc, target, kind, via), spans in counts.items()
    ]
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    return frame.sort_values(["doc", "count"], ascending=[True, False], ignore_index=True)


def sources_graph(table: pd.DataFrame) -> nx.DiGraph:
    """Documents -> what they cite or quote, edges weighted by count."""
    graph = nx.DiGraph()
    for row in table.itertuples():
        graph.add_node(row.doc, kind="document")
        graph.add_node(row.target, kind=row.target_type)
        graph.add_edge(row.doc, row.target, weight=int(row.count), via=row.via)
    return graph


def top_sources(
    table: pd.DataFrame, max_targets: int = 60, max_documents: int = 60
) -> pd.DataFrame:
    """The part of :func:`sources_table` a picture can show: the ``max_targets`` targets cited
    or quoted most (by count, then by documents), and of the documents that cite them the
    ``max_documents`` that cite most of them. The whole table stays one command away."""
    if table.empty:
        return table
    weight = table.groupby("target")["count"].sum()
    spread = table.groupby("target")["doc"].nunique()
    ranked = pd.DataFrame({"weight": weight, "spread": spread}).sort_values(
        ["weight", "spread"], ascending=False
    )
    kept = table[table.target.isin(ranked.index[:max_targets])]
    documents = kept.groupby("doc")["count"].sum().sort_values(ascending=False)
    return kept[kept.doc.isin(documents.index[:max_documents])].reset_index(drop=True)
