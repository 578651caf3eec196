"""The semantic-system part of :class:`discursus.project.Project`: the articulations of
equivalence a corpus makes, the chains of equivalence they bind and the nodal points they
organise around; the constructions of antagonism, and the Others of each discourse."""

from __future__ import annotations

import pandas as pd

ANTAGONISM_COLUMNS = ["doc", "start", "end", "construction", "other", "other_start", "other_end",
                      "self", "cue", "sentence_start", "sentence_end"]  # fmt: skip
EQUIVALENCE_COLUMNS = ["doc", "start", "end", "relation", "members", "cue", "sentence_start",
                       "sentence_end"]  # fmt: skip


CAMPS = ("coalitions",)


class SemanticWork:
    """Signifiers and their articulations."""

    def camps(self, where: str | None = None, seed: int = 0) -> pd.DataFrame:
        """Camps found as coalitions of actors (see
        :func:`discursus.analysis.signifiers.coalition_camps`): actor, camp, size."""
        return self._discourses_by(None, "coalitions", where, seed)[2]

    def _discourses_by(self, by: str | None, camps: str | None, where: str | None,
                       seed: int = 0):  # fmt: skip
        """The documents, the field that names their discourses (``by``, or with
        ``camps="coalitions"`` each document's camp) and the camps' members (or None)."""
        from discursus.analysis.signifiers import CAMP_FIELD, coalition_camps
        from discursus.errors import DiscursusError

        if camps is None:
            return self.documents(), by, None
        if camps not in CAMPS:
            raise DiscursusError(f"camps {camps!r} is not one of {', '.join(CAMPS)}")
        if by is not None:
            raise DiscursusError("give the discourses by a field or as coalitions, not both")
        members, documents = coalition_camps(self.statements(where=where), self.documents(), seed)
        return documents, CAMP_FIELD, members

    def semantic_system(self, by: str | None = None, where: str | None = None,
                        camps: str | None = None, boot: int = 200,
                        seed: int = 0) -> dict[str, pd.DataFrame | None]:  # fmt: skip
        """Every part at once, each table read once: camps (their members, or None),
        nodal_points, chains, frontier and floating (None with one discourse)."""
        from discursus.analysis.chains import chains
        from discursus.analysis.floating import floating_signifiers
        from discursus.analysis.frontier import frontier
        from discursus.analysis.nodal import nodal_points

        documents, field, members = self._discourses_by(by, camps, where, seed)
        found = self.equivalences(where)
        return {
            "camps": members,
            "nodal_points": nodal_points(found, documents, field, boot=boot, seed=seed),
            "chains": chains(found, documents, field, seed=seed),
            "frontier": frontier(self.antagonisms(where), documents, field),
            "floating": floating_signifiers(found, documents, field) if field else None,
        }

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
               **options) -> pd.DataFrame:  # fmt: skip
        """Chains of equivalence per discourse (the documents sharing a value of ``by``, or
        the camps found as ``camps="coalitions"``; the corpus without either): see
        :func:`discursus.analysis.chains.chains`."""
        from discursus.analysis.chains import chains

        documents, by, _ = self._discourses_by(by, camps, where)
        return chains(self.equivalences(where), documents, by, **options)

    def nodal_points(self, by: str | None = None, where: str | None = None,
                     camps: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The nodal point of each discourse and its runners-up, with their stability: see
        :func:`discursus.analysis.nodal.nodal_points`."""
        from discursus.analysis.nodal import nodal_points

        documents, by, _ = self._discourses_by(by, camps, where)
        return nodal_points(self.equivalences(where), documents, by, **options)

    def antagonisms(self, where: str | None = None) -> pd.DataFrame:
        """Constructions of antagonism: doc, start, end, construction (against, versus,
        struggle, enemy), other (the term opposed), other_start, other_end, self (who
        opposes, where the sentence says), cue, and the sentence's offsets."""
        from discursus.analysis.filters import rows_in_documents

        found = pd.DataFrame(self.rows("antagonisms"), columns=ANTAGONISM_COLUMNS)
        return rows_in_documents(found, self.documents(), where).reset_index(drop=True)

    def frontier(self, by: str | None = None, where: str | None = None,
                 camps: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The Others each discourse sets itself against: see
        :func:`discursus.analysis.frontier.frontier`."""
        from discursus.analysis.frontier import frontier

        documents, by, _ = self._discourses_by(by, camps, where)
        return frontier(self.antagonisms(where), documents, by, **options)

    def floating_signifiers(self, by: str | None = None, where: str | None = None,
                            camps: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The signifiers the discourses (by ``by``, or the ``camps``) articulate each into a
        chain of its own: see :func:`discursus.analysis.floating.floating_signifiers`."""
        from discursus.analysis.floating import floating_signifiers

        documents, by, _ = self._discourses_by(by, camps, where)
        return floating_signifiers(self.equivalences(where), documents, by, **options)
