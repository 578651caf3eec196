"""The semantic-system part of :class:`discursus.project.Project`: the articulations of
equivalence a corpus makes, the chains of equivalence they bind and the nodal points they
organise around; the constructions of antagonism, and the Others of each discourse."""

from __future__ import annotations

import numpy as np
import pandas as pd

ANTAGONISM_COLUMNS = ["doc", "start", "end", "construction", "other", "other_start", "other_end",
                      "self", "cue", "sentence_start", "sentence_end"]  # fmt: skip
EQUIVALENCE_COLUMNS = ["doc", "start", "end", "relation", "members", "cue", "sentence_start",
                       "sentence_end"]  # fmt: skip


CAMPS = ("coalitions",)
PARTS = ("network", "nodal_points", "chains", "frontier", "sides", "square", "floating")
PRESENTATION_COLUMNS = ["doc", "start", "end", "group", "subject", "valence", "polarity",
                        "mitigation", "cue", "signifiers", "sentence_start",
                        "sentence_end"]  # fmt: skip


class SemanticWork:
    """Signifiers and their articulations."""

    def camps(self, where: str | None = None, seed: int = 0) -> pd.DataFrame:
        """Camps found as coalitions of actors (see
        :func:`discursus.analysis.signifiers.coalition_camps`): actor, camp, size."""
        return self._discourses_by(None, "coalitions", where, seed)[2]

    def _discourses_by(self, by: str | None, camps: str | None, where: str | None,
                       seed: int = 0):  # fmt: skip
        """The documents, the field that names their discourses (``by``, or with
        ``camps="coalitions"`` each document's camp) and the camps' members (or None); an
        exact copy of a document in its own discourse left out."""
        from discursus.analysis.signifiers import (
            CAMP_FIELD,
            coalition_camps,
            distinct_documents,
        )
        from discursus.errors import DiscursusError

        if camps is None:
            return distinct_documents(self.documents(), by), by, None
        if camps not in CAMPS:
            raise DiscursusError(f"camps {camps!r} is not one of {', '.join(CAMPS)}")
        if by is not None:
            raise DiscursusError("give the discourses by a field or as coalitions, not both")
        members, documents = coalition_camps(self.statements(where=where), self.documents(), seed)
        return distinct_documents(documents, CAMP_FIELD), CAMP_FIELD, members

    def semantic_system(self, by: str | None = None, where: str | None = None,
                        camps: str | None = None, concepts: str = "terms",
                        over: str | None = None, boot: int = 200, seed: int = 0,
                        encoder: str | None = None) -> dict[str, pd.DataFrame | None]:  # fmt: skip
        """Every part at once, each table read once: camps (their members, or None),
        network, nodal_points, chains, frontier and floating (None with one discourse).
        With ``over`` (a document field: year, session), every part but the camps per
        window of it, in a ``window`` column: the camps stay those of the whole corpus.
        With an ``encoder`` (minilm), the floating signifiers' contextual distance too."""
        from discursus.analysis.subcorpus import document_groups

        documents, field, members = self._discourses_by(by, camps, where, seed)
        found, opposed, spans = self._concepts(where, concepts)
        inputs = self._network_inputs(found, spans, documents, where, concepts)
        presented = self.presentations(where)
        meaning = (encoder, _texts(self, documents)) if encoder else None
        if over is None:
            return {"camps": members, **_parts(found, opposed, presented, inputs, documents,
                                               field, boot, seed, meaning)}  # fmt: skip
        windows = document_groups(documents, over)
        if windows.dropna().empty:
            from discursus.errors import DiscursusError

            raise DiscursusError(f"no document has a value of {over!r} to make windows of")
        per_window: dict[str, list] = {}
        for window in sorted(windows.dropna().unique(), key=str):
            names = set(documents.name[documents.id.map(windows).eq(window)])
            inside = [frame[frame.doc.isin(names)]
                      for frame in (found, opposed, presented, *inputs[:2])]  # fmt: skip
            parts = _parts(*inside[:3], (inside[3], inside[4], inputs[2]),
                           documents[documents.name.isin(names)], field, boot, seed,
                           meaning)  # fmt: skip
            for name, frame in parts.items():
                if frame is not None:
                    per_window.setdefault(name, []).append(frame.assign(window=str(window)))
        joined = {name: pd.concat(frames, ignore_index=True) for name, frames in per_window.items()}
        return {"camps": members, **{name: joined.get(name) for name in PARTS}}

    def _concepts(self, where: str | None, concepts: str):
        """The articulations of equivalence and the constructions of antagonism in the
        ``concepts`` (terms, or codes: see :mod:`discursus.analysis.concepts`), and the
        codes' passages (None with terms)."""
        from discursus.analysis import concepts as reading
        from discursus.analysis.frontier import opposition_rows

        reading.check_concepts(concepts)
        found, opposed = self.equivalences(where), self.antagonisms(where)
        stances = self.stances(where)
        if concepts == "terms":
            found, opposed = reading.merge_aliases(
                found, opposed, reading.alias_map(self.target_list())
            )
            return found, opposition_rows(opposed, stances), None
        spans = reading.code_spans(self.codings())
        opposed = reading.antagonisms_as_codes(opposed, spans)
        return (reading.equivalences_as_codes(found, spans),
                opposition_rows(opposed, stances, self.statements(where=where)), spans)  # fmt: skip

    def _network_inputs(self, found, spans, documents, where, concepts):
        """What the signifier network is counted on: the signifiers' occurrences (term,
        doc, sent, start, end), the sentences (doc, sent, start, end) and, with codes, the
        statements (for DNA's congruence)."""
        from discursus.analysis import concepts as reading
        from discursus.analysis.filters import rows_in_documents
        from discursus.analysis.signifier_network import sentence_bounds, term_occurrences

        if concepts == "codes":
            names = dict(zip(documents["id"], documents["name"], strict=True))
            sentences = self.sentences()
            sentences = pd.DataFrame({"doc": sentences.doc_id.map(names),
                                      "sent": sentences.sent_index, "start": sentences.start,
                                      "end": sentences.end})  # fmt: skip
            occurrences = reading.code_occurrences(spans, sentences)
            statements = self.statements(where=where)
        else:
            index = self.index()
            docs, starts, ends = sentence_bounds(index)
            sentences = pd.DataFrame({"doc": docs, "sent": range(len(docs)), "start": starts,
                                      "end": ends})  # fmt: skip
            aliases = reading.alias_map(self.target_list())
            terms = {m["term"] for members in found.members for m in members} | set(aliases)
            occurrences = term_occurrences(index, terms)
            occurrences["term"] = occurrences.term.map(lambda t: aliases.get(t, t))
            statements = None
        return (rows_in_documents(occurrences, documents, where),
                rows_in_documents(sentences, documents, where), statements)  # fmt: skip

    def signifier_network(self, by: str | None = None, where: str | None = None,
                          camps: str | None = None, concepts: str = "terms",
                          **options) -> pd.DataFrame:  # fmt: skip
        """The ties of each discourse's signifier network: see
        :func:`discursus.analysis.signifier_network.signifier_network`."""
        from discursus.analysis.signifier_network import signifier_network

        documents, field, _ = self._discourses_by(by, camps, where)
        found, _, spans = self._concepts(where, concepts)
        occurrences, sentences, statements = self._network_inputs(found, spans, documents,
                                                                  where, concepts)  # fmt: skip
        return signifier_network(occurrences, sentences, found, documents, field,
                                 statements=statements, **options)  # fmt: skip

    def equivalences(self, where: str | None = None, relation: str | None = None) -> pd.DataFrame:
        """Articulations of equivalence: doc, start, end, relation (coordination, apposition,
        predication), members (each signifier's term, start, end), cue (the equating verb),
        and the sentence's offsets."""
        from discursus.analysis.filters import rows_in_documents

        found = pd.DataFrame(self.rows("equivalences"), columns=EQUIVALENCE_COLUMNS)
        found = rows_in_documents(found, self.documents(), where)
        if relation:
            found = found[found.relation == relation]
        return found.reset_index(drop=True)

    def chains(self, by: str | None = None, where: str | None = None, camps: str | None = None,
               concepts: str = "terms", **options) -> pd.DataFrame:  # fmt: skip
        """Chains of equivalence per discourse (the documents sharing a value of ``by``, or
        the camps found as ``camps="coalitions"``; the corpus without either): see
        :func:`discursus.analysis.chains.chains`."""
        from discursus.analysis.chains import chains

        documents, by, _ = self._discourses_by(by, camps, where)
        return chains(self._concepts(where, concepts)[0], documents, by, **options)

    def nodal_points(self, by: str | None = None, where: str | None = None,
                     camps: str | None = None, concepts: str = "terms",
                     **options) -> pd.DataFrame:  # fmt: skip
        """The nodal point of each discourse and its runners-up, with their stability: see
        :func:`discursus.analysis.nodal.nodal_points`."""
        from discursus.analysis.frontier import others_by_discourse
        from discursus.analysis.nodal import nodal_points

        documents, by, _ = self._discourses_by(by, camps, where)
        found, opposed, _ = self._concepts(where, concepts)
        return nodal_points(
            found, documents, by, others=others_by_discourse(opposed, documents, by), **options
        )

    def antagonisms(self, where: str | None = None) -> pd.DataFrame:
        """Constructions of antagonism: doc, start, end, construction (against, versus,
        struggle, enemy), other (the term opposed), other_start, other_end, self (who
        opposes, where the sentence says), cue, and the sentence's offsets."""
        from discursus.analysis.filters import rows_in_documents

        found = pd.DataFrame(self.rows("antagonisms"), columns=ANTAGONISM_COLUMNS)
        return rows_in_documents(found, self.documents(), where).reset_index(drop=True)

    def frontier(self, by: str | None = None, where: str | None = None,
                 camps: str | None = None, concepts: str = "terms",
                 **options) -> pd.DataFrame:  # fmt: skip
        """The Others each discourse sets itself against (constructions of antagonism,
        stances against targets and, with codes, rejecting statements): see
        :func:`discursus.analysis.frontier.frontier`."""
        from discursus.analysis.frontier import frontier

        documents, by, _ = self._discourses_by(by, camps, where)
        return frontier(self._concepts(where, concepts)[1], documents, by, **options)

    def presentations(self, where: str | None = None) -> pd.DataFrame:
        """Clauses presenting the in-group or the out-group: doc, start, end, group (self,
        other), subject, valence, polarity (favourable, unfavourable), mitigation (hedge,
        concession, denial or None), cue, signifiers, and the sentence's offsets."""
        from discursus.analysis.filters import rows_in_documents

        found = pd.DataFrame(self.rows("presentations"), columns=PRESENTATION_COLUMNS)
        return rows_in_documents(found, self.documents(), where).reset_index(drop=True)

    def ideological_square(self, by: str | None = None, where: str | None = None,
                           camps: str | None = None, per: str = "discourse",
                           **options) -> pd.DataFrame:  # fmt: skip
        """How each discourse (``per="actor"``: each of its actors) presents its in-group and
        its out-group: see :func:`discursus.analysis.square.ideological_square`."""
        from discursus.analysis.square import ideological_square

        documents, by, _ = self._discourses_by(by, camps, where)
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
                           where: str | None = None) -> pd.DataFrame:  # fmt: skip
        """How alike each pair of speakers (``by``: iso, party) speaks per period: the cosine
        of their code profiles (see :mod:`discursus.analysis.similarity`)."""
        from discursus.analysis.filters import select_documents
        from discursus.analysis.similarity import binned, parse_bins, profiles, similarity
        from discursus.analysis.subcorpus import document_groups
        from discursus.errors import DiscursusError

        codebook = self.codebook()
        if codebook is None:
            raise DiscursusError("similarity needs a codebook: code the corpus first "
                                 "(discursus code --codebook FILE -p P)")  # fmt: skip
        documents = select_documents(self.documents(), where) if where else self.documents()
        ids = documents.set_index("name").id
        speaker_of = ids.map(document_groups(documents, by))
        period_of = binned(ids.map(document_groups(documents, over)),
                           parse_bins(bins) if bins else None)  # fmt: skip
        codes = [c.name for c in codebook.codes]
        shares, counts = profiles(self._counted_codings(), self._sentences_with_words(),
                                  speaker_of, period_of, codes)  # fmt: skip
        return similarity(shares, counts)

    def speaker_coalitions(self, by: str, over: str = "year", bins: str | None = None,
                           where: str | None = None, neighbours: int = 10,
                           seed: int = 0) -> pd.DataFrame:  # fmt: skip
        """The discourse coalitions of the speakers per period, and who moved: see
        :func:`discursus.analysis.similarity.coalitions_by_period`."""
        from discursus.analysis.similarity import coalitions_by_period

        return coalitions_by_period(self.speaker_similarity(by, over, bins, where),
                                    neighbours, seed)  # fmt: skip

    def floating_signifiers(self, by: str | None = None, where: str | None = None,
                            camps: str | None = None, concepts: str = "terms",
                            **options) -> pd.DataFrame:  # fmt: skip
        """The signifiers the discourses (by ``by``, or the ``camps``) articulate each into a
        chain of its own: see :func:`discursus.analysis.floating.floating_signifiers`."""
        from discursus.analysis.floating import floating_signifiers

        documents, by, _ = self._discourses_by(by, camps, where)
        return floating_signifiers(self._concepts(where, concepts)[0], documents, by, **options)


def _texts(project, documents: pd.DataFrame) -> dict[str, str]:
    texts = project.documents(text=True)
    return dict(zip(texts["name"], texts["text"], strict=True))


def _floating(found, inputs, documents, field, meaning, seed) -> pd.DataFrame:
    """The floating signifiers; with ``meaning`` (an encoder's name and the documents'
    texts), their contextual distances between the discourses beside them."""
    from discursus.analysis.floating import contextual_distances, floating_signifiers
    from discursus.analysis.subcorpus import document_groups

    floating = floating_signifiers(found, documents, field)
    if meaning is None:
        return floating
    encoder, texts = meaning
    occurrences, sentences = inputs[0], inputs[1]
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


def _parts(found, opposed, presented, inputs, documents, field, boot, seed,
           meaning=None) -> dict:  # fmt: skip
    """The parts of the semantic system of ``documents`` (see
    :meth:`SemanticWork.semantic_system`)."""
    from discursus.analysis.chains import chains, co_affirmed_chains
    from discursus.analysis.frontier import frontier, frontier_sides, others_by_discourse
    from discursus.analysis.nodal import nodal_points
    from discursus.analysis.signifier_network import signifier_network
    from discursus.analysis.square import ideological_square

    occurrences, sentences, statements = inputs
    return {
        "network": signifier_network(occurrences, sentences, found, documents, field,
                                     statements=statements),
        "nodal_points": nodal_points(found, documents, field, boot=boot, seed=seed,
                                     others=others_by_discourse(opposed, documents, field)),
        "chains": co_affirmed_chains(statements, documents, field,
                                     chains(found, documents, field, seed=seed))
        if statements is not None else chains(found, documents, field, seed=seed),
        "frontier": frontier(opposed, documents, field),
        "sides": frontier_sides(opposed, found, presented, documents, field),
        "square": ideological_square(presented, documents, field, per="actor"),
        "floating": _floating(found, inputs, documents, field, meaning, seed) if field else None,
    }  # fmt: skip
