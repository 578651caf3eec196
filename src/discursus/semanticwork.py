"""The semantic-system part of :class:`discursus.project.Project`: the articulations of
equivalence a corpus makes, the chains of equivalence they bind and the nodal points they
organise around; the constructions of antagonism, and the Others of each discourse."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

CAMPS = ("coalitions",)
PARTS = ("network", "nodal_points", "chains", "frontier", "sides", "square", "floating")


class _Reading(NamedTuple):
    """The articulations and oppositions a semantic system is read from, in its concepts."""

    found: pd.DataFrame  # the articulations of equivalence
    opposed: pd.DataFrame | None  # the constructions of antagonism, stances, statements
    spans: pd.DataFrame | None  # with codes: the codes' passages
    aliases: dict[str, str]  # with terms: each target's aliases to its name
    statements: pd.DataFrame | None  # with codes: for DNA's congruence and the chains


class SemanticWork:
    """Signifiers and their articulations."""

    def camps(self, where: str | None = None, seed: int = 0,
              actors: str | None = None) -> pd.DataFrame:  # fmt: skip
        """Camps found as coalitions of actors (see
        :func:`discursus.analysis.signifiers.coalition_camps`): actor, camp, size. ``actors``:
        a document field (a state's iso) whose values are the actors, each the actor of its
        documents' own-voice statements, rather than the speakers."""
        return self._discourses_by(None, "coalitions", where, seed, actors)[2]

    def document_camps(self, where: str | None = None, seed: int = 0,
                       actors: str | None = None) -> pd.DataFrame:  # fmt: skip
        """Each document's camp (see :meth:`camps`): the project's documents with a ``camp``
        column ("camp N", or None for a document whose actors are in no camp); only the
        documents ``where`` keeps, whose statements the camps are found from."""
        from discursus.analysis.filters import select_documents
        from discursus.analysis.signifiers import coalition_camps

        documents = select_documents(self.documents(), where) if where else self.documents()
        return coalition_camps(self.statements(where=where), documents, seed, actors)[1]

    def _discourses_by(self, by: str | None, camps: str | None, where: str | None,
                       seed: int = 0, actors: str | None = None):  # fmt: skip
        """The documents, the field that names their discourses (``by``, or with
        ``camps="coalitions"`` each document's camp, the coalitions of ``actors``, a document
        field, or of the speakers) and the camps' members (or None); an exact copy of a
        document in its own discourse left out."""
        from discursus.analysis.signifiers import (
            CAMP_FIELD,
            coalition_camps,
            distinct_documents,
        )
        from discursus.errors import DiscursusError

        if camps is None:
            if actors is not None:
                raise DiscursusError("actors name the members of camps: give camps too "
                                     "(--camps coalitions)")  # fmt: skip
            return distinct_documents(self.documents(), by), by, None
        if camps not in CAMPS:
            raise DiscursusError(f"camps {camps!r} is not one of {', '.join(CAMPS)}")
        if by is not None:
            raise DiscursusError("give the discourses by a field or as coalitions, not both")
        members, documents = coalition_camps(self.statements(where=where), self.documents(), seed,
                                             actors)  # fmt: skip
        return distinct_documents(documents, CAMP_FIELD), CAMP_FIELD, members

    def semantic_system(self, by: str | None = None, where: str | None = None,
                        camps: str | None = None, concepts: str = "terms",
                        over: str | None = None, boot: int = 200, seed: int = 0,
                        encoder: str | None = None, parts: tuple[str, ...] = PARTS,
                        actors: str | None = None, passages: str | None = None,
                        ) -> dict[str, pd.DataFrame | None]:  # fmt: skip
        """Every part at once, each table read once: camps (their members, or None),
        network, nodal_points, chains, frontier, sides, square and floating (None with one
        discourse); ``parts`` names the ones to compute (the others are None). With
        ``over`` (a document field: year, session), every part but the camps per window of
        it, in a ``window`` column: the camps stay those of the whole corpus. With an
        ``encoder`` (minilm), the floating signifiers' contextual distance too. With
        ``passages`` (``discourse``: the codebook's top-level codes, or ``code``: every
        code), each discourse is the passages its codes cover, in whichever documents: its
        system is read from what is said there alone (no floating signifiers: a document
        belongs to several)."""
        from discursus.errors import DiscursusError

        unknown = sorted(set(parts) - set(PARTS))
        if unknown:
            raise DiscursusError(f"no part {unknown[0]!r}; parts: {', '.join(PARTS)}")
        if passages is not None and (by is not None or camps is not None):
            raise DiscursusError("give the discourses by a field, as coalitions or as the "
                                 "codes' passages, one of them")  # fmt: skip
        documents, field, members = self._discourses_by(by, camps, where, seed, actors)
        reading = self._concepts(where, concepts)
        counted = "network" in parts or (encoder is not None and "floating" in parts)
        occurrences, sentences = (self._network_inputs(reading, documents, where, concepts)
                                  if counted else (None, None))  # fmt: skip
        presented = self.presentations(where) if {"sides", "square"} & set(parts) else None
        meaning = (encoder, self._texts()) if encoder else None
        frames = (reading.found, reading.opposed, presented, occurrences, sentences)

        def computed(inside, documents_in) -> dict:
            return _parts(*inside, reading.statements, documents_in, field, boot, seed,
                          meaning, parts)  # fmt: skip

        if passages is None:
            return {"camps": members, **_over(computed, frames, documents, over)}
        from discursus.analysis.filters import rows_within
        from discursus.analysis.penetration import discourse_of_codes

        discourse_of = discourse_of_codes(self.codebook(), passages)
        coded = self._counted_codings()
        coded = coded.assign(discourse=coded.code.map(discourse_of)).dropna(subset=["discourse"])
        per_discourse: dict[str, list] = {}
        for discourse, spans in coded.groupby("discourse", sort=True):
            inside = [None if frame is None else rows_within(frame, spans) for frame in frames]
            for name, frame in _over(computed, inside, documents, over).items():
                if frame is not None and "discourse" in frame:
                    per_discourse.setdefault(name, []).append(frame.assign(discourse=discourse))
        return {"camps": None, **{name: pd.concat(found, ignore_index=True)
                                  if (found := per_discourse.get(name)) else None
                                  for name in PARTS}}  # fmt: skip

    def _concepts(self, where: str | None, concepts: str, opposition: bool = True) -> _Reading:
        """The articulations of equivalence and (with ``opposition``) the constructions of
        antagonism in the ``concepts`` (terms, or codes: see
        :mod:`discursus.analysis.concepts`), with what reading them took: the codes'
        passages and the statements (with codes), the targets' aliases (with terms)."""
        from discursus.analysis import concepts as reading
        from discursus.analysis.frontier import opposition_rows

        reading.check_concepts(concepts)
        found = self.equivalences(where)
        opposed = self.antagonisms(where) if opposition else None
        stances = self.stances(where) if opposition else None
        if concepts == "terms":
            aliases = reading.alias_map(self.target_list())
            found = reading.merge_aliases(found, aliases)
            if opposed is not None:
                opposed = opposition_rows(reading.aliased_others(opposed, aliases), stances)
            return _Reading(found, opposed, None, aliases, None)
        spans = reading.code_spans(self.codings())
        statements = self.statements(where=where)
        if opposed is not None:
            opposed = opposition_rows(reading.antagonisms_as_codes(opposed, spans), stances,
                                      statements)  # fmt: skip
        return _Reading(reading.equivalences_as_codes(found, spans), opposed, spans, {},
                        statements)  # fmt: skip

    def _network_inputs(self, reading: _Reading, documents, where, concepts):
        """What the signifier network is counted on: the signifiers' occurrences (term,
        doc, sent, start, end) and the sentences (doc, sent, start, end)."""
        from discursus.analysis import concepts as codes
        from discursus.analysis.filters import rows_in_documents
        from discursus.analysis.signifier_network import sentence_bounds, term_occurrences

        if concepts == "codes":
            names = dict(zip(documents["id"], documents["name"], strict=True))
            sentences = self.sentences()
            sentences = pd.DataFrame({"doc": sentences.doc_id.map(names),
                                      "sent": sentences.sent_index, "start": sentences.start,
                                      "end": sentences.end})  # fmt: skip
            occurrences = codes.code_occurrences(reading.spans, sentences)
        else:
            index = self.index()
            docs, starts, ends = sentence_bounds(index)
            sentences = pd.DataFrame({"doc": docs, "sent": range(len(docs)), "start": starts,
                                      "end": ends})  # fmt: skip
            aliases = reading.aliases
            terms = {m["term"] for members in reading.found.members for m in members}
            occurrences = term_occurrences(index, terms | set(aliases))
            occurrences["term"] = occurrences.term.map(lambda t: aliases.get(t, t))
        return (rows_in_documents(occurrences, documents, where),
                rows_in_documents(sentences, documents, where))  # fmt: skip

    def signifier_network(self, by: str | None = None, where: str | None = None,
                          camps: str | None = None, concepts: str = "terms",
                          actors: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The ties of each discourse's signifier network: see
        :func:`discursus.analysis.signifier_network.signifier_network`."""
        from discursus.analysis.signifier_network import signifier_network

        documents, field, _ = self._discourses_by(by, camps, where, actors=actors)
        reading = self._concepts(where, concepts, opposition=False)
        occurrences, sentences = self._network_inputs(reading, documents, where, concepts)
        return signifier_network(occurrences, sentences, reading.found, documents, field,
                                 statements=reading.statements, **options)  # fmt: skip

    def _annotations(self, table: str, where: str | None) -> pd.DataFrame:
        """A component table's rows (doc and its spec's columns) in the documents ``where``
        keeps."""
        from discursus.analysis.filters import rows_in_documents
        from discursus.registry import table_specs

        columns = ["doc", *table_specs()[table].output]
        found = pd.DataFrame(self.rows(table), columns=columns)
        return rows_in_documents(found, self.documents(), where).reset_index(drop=True)

    def equivalences(self, where: str | None = None, relation: str | None = None) -> pd.DataFrame:
        """Articulations of equivalence: doc, start, end, relation (coordination, apposition,
        predication), members (each signifier's term, start, end), cue (the equating verb),
        and the sentence's offsets."""
        found = self._annotations("equivalences", where)
        if relation:
            found = found[found.relation == relation]
        return found.reset_index(drop=True)

    def chains(self, by: str | None = None, where: str | None = None, camps: str | None = None,
               concepts: str = "terms", actors: str | None = None,
               **options) -> pd.DataFrame:  # fmt: skip
        """Chains of equivalence per discourse (the documents sharing a value of ``by``, or
        the camps found as ``camps="coalitions"``; the corpus without either): see
        :func:`discursus.analysis.chains.chains`."""
        from discursus.analysis.chains import chains

        documents, by, _ = self._discourses_by(by, camps, where, actors=actors)
        found = self._concepts(where, concepts, opposition=False).found
        return chains(found, documents, by, **options)

    def nodal_points(self, by: str | None = None, where: str | None = None,
                     camps: str | None = None, concepts: str = "terms",
                     actors: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The nodal point of each discourse and its runners-up, with their stability: see
        :func:`discursus.analysis.nodal.nodal_points`."""
        from discursus.analysis.frontier import others_by_discourse
        from discursus.analysis.nodal import nodal_points

        documents, by, _ = self._discourses_by(by, camps, where, actors=actors)
        reading = self._concepts(where, concepts)
        others = others_by_discourse(reading.opposed, documents, by)
        return nodal_points(reading.found, documents, by, others=others, **options)

    def antagonisms(self, where: str | None = None) -> pd.DataFrame:
        """Constructions of antagonism: doc, start, end, construction (against, versus,
        struggle, enemy), other (the term opposed), other_start, other_end, self (who
        opposes, where the sentence says), cue, and the sentence's offsets."""
        return self._annotations("antagonisms", where)

    def frontier(self, by: str | None = None, where: str | None = None,
                 camps: str | None = None, concepts: str = "terms",
                 actors: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The Others each discourse sets itself against (constructions of antagonism,
        stances against targets and, with codes, rejecting statements): see
        :func:`discursus.analysis.frontier.frontier`."""
        from discursus.analysis.frontier import frontier

        documents, by, _ = self._discourses_by(by, camps, where, actors=actors)
        return frontier(self._concepts(where, concepts).opposed, documents, by, **options)

    def presentations(self, where: str | None = None) -> pd.DataFrame:
        """Clauses presenting the in-group or the out-group: doc, start, end, group (self,
        other), subject, valence, polarity (favourable, unfavourable), mitigation (hedge,
        concession, denial or None), cue, signifiers, and the sentence's offsets."""
        return self._annotations("presentations", where)

    def ideological_square(self, by: str | None = None, where: str | None = None,
                           camps: str | None = None, per: str = "discourse",
                           actors: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """How each discourse (``per="actor"``: each of its actors) presents its in-group and
        its out-group: see :func:`discursus.analysis.square.ideological_square`."""
        from discursus.analysis.square import ideological_square

        documents, by, _ = self._discourses_by(by, camps, where, actors=actors)
        return ideological_square(self.presentations(where), documents, by, per, **options)

    def penetration(self, over: str = "year", speaker_field: str | None = None,
                    level: str = "discourse", where: str | None = None, boot: int = 200,
                    seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
        """How far each discourse (top-level code) has penetrated the corpus per window of
        ``over``: the share of speakers (``speaker_field``, else the speaker), documents
        and words articulating it, with bootstrap intervals, and the trends: see
        :mod:`discursus.analysis.penetration`."""
        from discursus.analysis.filters import select_documents
        from discursus.analysis.penetration import discourse_of_codes, penetration
        from discursus.analysis.subcorpus import document_groups

        discourse_of = discourse_of_codes(self.codebook(), level)
        documents = select_documents(self.documents(), where) if where else self.documents()
        documents = documents.reset_index(drop=True)
        windows = document_groups(documents, over)
        speakers = document_groups(documents, speaker_field or "speaker")
        by_name = {name: doc_id for name, doc_id in zip(documents["name"], documents["id"],
                                                        strict=True)}  # fmt: skip
        return penetration(
            self._counted_codings(), self._sentences_with_words(), documents, discourse_of,
            pd.Series({n: windows.get(i) for n, i in by_name.items()}, dtype=object),
            pd.Series({n: speakers.get(i) for n, i in by_name.items()}, dtype=object),
            boot=boot, seed=seed,
        )  # fmt: skip

    def _texts(self) -> dict[str, str]:
        texts = self.documents(text=True)
        return dict(zip(texts["name"], texts["text"], strict=True))

    def _sentences_with_words(self) -> pd.DataFrame:
        """Every sentence of the token index: doc, start, end, words (its tokens that are
        not punctuation)."""
        from discursus.analysis.signifier_network import sentence_bounds

        index = self.index()
        docs, starts, ends = sentence_bounds(index)
        words = np.bincount(index.sent[~np.asarray(index.is_punct)], minlength=len(docs))
        return pd.DataFrame({"doc": docs, "start": starts, "end": ends, "words": words})

    def _counted_codings(self) -> pd.DataFrame:
        """The codings that say yes: a person's, and the automatic coders' suggestions."""
        from discursus.analysis.themes import counted_codings

        codings = self.codings()
        return counted_codings(codings, suggestions=True) if not codings.empty else codings

    def speaker_similarity(self, by: str, over: str = "year", bins: str | None = None,
                           where: str | None = None,
                           measure: str = "profile") -> pd.DataFrame:  # fmt: skip
        """How alike each pair of speakers (``by``: iso, party) speaks per period: the cosine
        of their code profiles, or (``measure="congruence"``) the congruence of their
        statements (see :mod:`discursus.analysis.similarity`)."""
        from discursus.analysis.filters import select_documents
        from discursus.analysis.similarity import (
            MEASURES,
            binned,
            congruence,
            parse_bins,
            profiles,
            similarity,
        )
        from discursus.analysis.subcorpus import document_groups
        from discursus.errors import DiscursusError

        if measure not in MEASURES:
            raise DiscursusError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
        codebook = self.codebook()
        if codebook is None:
            raise DiscursusError("similarity needs a codebook: code the corpus first "
                                 "(discursus code --codebook FILE -p P)")  # fmt: skip
        documents = select_documents(self.documents(), where) if where else self.documents()
        ids = documents.set_index("name").id
        speaker_of = ids.map(document_groups(documents, by))
        period_of = binned(ids.map(document_groups(documents, over)),
                           parse_bins(bins) if bins else None)  # fmt: skip
        if measure == "congruence":
            return congruence(self.statements(where=where), speaker_of, period_of)
        codes = [c.name for c in codebook.codes]
        shares, counts = profiles(self._counted_codings(), self._sentences_with_words(),
                                  speaker_of, period_of, codes)  # fmt: skip
        return similarity(shares, counts)

    def speaker_coalitions(self, by: str, over: str = "year", bins: str | None = None,
                           where: str | None = None, neighbours: int = 10,
                           seed: int = 0, measure: str = "profile") -> pd.DataFrame:  # fmt: skip
        """The discourse coalitions of the speakers per period, and who moved: see
        :func:`discursus.analysis.similarity.coalitions_by_period`."""
        from discursus.analysis.similarity import coalitions_by_period

        return coalitions_by_period(self.speaker_similarity(by, over, bins, where, measure),
                                    neighbours, seed)  # fmt: skip

    def floating_signifiers(self, by: str | None = None, where: str | None = None,
                            camps: str | None = None, concepts: str = "terms",
                            actors: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The signifiers the discourses (by ``by``, or the ``camps``) articulate each into a
        chain of its own: see :func:`discursus.analysis.floating.floating_signifiers`."""
        from discursus.analysis.floating import floating_signifiers

        documents, by, _ = self._discourses_by(by, camps, where, actors=actors)
        found = self._concepts(where, concepts, opposition=False).found
        return floating_signifiers(found, documents, by, **options)


def _floating(found, occurrences, sentences, documents, field, meaning,
              seed) -> pd.DataFrame:  # fmt: skip
    """The floating signifiers; with ``meaning`` (an encoder's name and the documents'
    texts), their contextual distances between the discourses beside them."""
    from discursus.analysis.floating import contextual_distances, floating_signifiers
    from discursus.analysis.subcorpus import document_groups

    floating = floating_signifiers(found, documents, field)
    if meaning is None:
        return floating
    encoder, texts = meaning
    picked = occurrences[occurrences.term.isin(set(floating.signifier))]
    merged = picked[["term", "doc", "sent"]].merge(sentences, on=["doc", "sent"])
    groups = document_groups(documents, field)
    discourse_of = dict(zip(documents["name"], documents["id"].map(groups), strict=True))
    contexts = pd.DataFrame({
        "signifier": merged.term, "discourse": merged.doc.map(discourse_of),
        "text": [texts[d][s:e] for d, s, e in zip(merged.doc, merged.start, merged.end,
                                                  strict=True)],
    }).dropna(subset=["discourse"])  # fmt: skip
    distances = contextual_distances(contexts, encoder, seed=seed)
    return floating.merge(distances, on="signifier", how="left")


def _over(computed, frames, documents, over: str | None) -> dict:
    """``computed(frames, documents)``: the parts; with ``over`` (a document field), per
    window of it, each in a ``window`` column."""
    from discursus.analysis.subcorpus import document_groups
    from discursus.errors import DiscursusError

    if over is None:
        return computed(frames, documents)
    windows = document_groups(documents, over)
    if windows.dropna().empty:
        raise DiscursusError(f"no document has a value of {over!r} to make windows of")
    per_window: dict[str, list] = {}
    for window in sorted(windows.dropna().unique(), key=str):
        names = set(documents.name[documents.id.map(windows).eq(window)])
        inside = [None if frame is None else frame[frame.doc.isin(names)] for frame in frames]
        for name, frame in computed(inside, documents[documents.name.isin(names)]).items():
            if frame is not None:
                per_window.setdefault(name, []).append(frame.assign(window=str(window)))
    joined = {name: pd.concat(frames, ignore_index=True) for name, frames in per_window.items()}
    return {name: joined.get(name) for name in PARTS}


def _parts(found, opposed, presented, occurrences, sentences, statements, documents, field,
           boot, seed, meaning, parts) -> dict:  # fmt: skip
    """The ``parts`` of the semantic system of ``documents`` (see
    :meth:`SemanticWork.semantic_system`); None for the others."""
    from discursus.analysis.chains import chains, co_affirmed_chains
    from discursus.analysis.frontier import frontier, frontier_sides, others_by_discourse
    from discursus.analysis.nodal import nodal_points
    from discursus.analysis.signifier_network import signifier_network
    from discursus.analysis.square import ideological_square

    def network():
        return signifier_network(occurrences, sentences, found, documents, field,
                                 statements=statements)  # fmt: skip

    def nodal():
        return nodal_points(found, documents, field, boot=boot, seed=seed,
                            others=others_by_discourse(opposed, documents, field))  # fmt: skip

    def chained():
        found_chains = chains(found, documents, field, seed=seed)
        if statements is None:
            return found_chains
        return co_affirmed_chains(statements, documents, field, found_chains)

    def floating():
        if not field:  # with one discourse there is nothing to fight over
            return None
        return _floating(found, occurrences, sentences, documents, field, meaning, seed)

    made = {
        "network": network, "nodal_points": nodal, "chains": chained,
        "frontier": lambda: frontier(opposed, documents, field),
        "sides": lambda: frontier_sides(opposed, found, presented, documents, field),
        "square": lambda: ideological_square(presented, documents, field, per="actor"),
        "floating": floating,
    }  # fmt: skip
    return {name: make() if name in parts else None for name, make in made.items()}
