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
        from discursus.analysis.signifiers import coalition_camps

        return coalition_camps(self.statements(where=where), self.documents(), seed)[0]

    def _discourses_by(self, by: str | None, camps: str | None, where: str | None):
        """The documents and the field that names their discourses: ``by``, or with
        ``camps="coalitions"`` each document's camp."""
        from discursus.analysis.signifiers import CAMP_FIELD, coalition_camps
        from discursus.errors import DiscursusError

        if camps is None:
            return self.documents(), by
        if camps not in CAMPS:
            raise DiscursusError(f"camps {camps!r} is not one of {', '.join(CAMPS)}")
        if by is not None:
            raise DiscursusError("give the discourses by a field or as coalitions, not both")
        return coalition_camps(self.statements(where=where), self.documents())[1], CAMP_FIELD

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

        documents, by = self._discourses_by(by, camps, where)
        return chains(self.equivalences(where), documents, by, **options)

    def nodal_points(self, by: str | None = None, where: str | None = None,
                     camps: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The nodal point of each discourse and its runners-up, with their stability: see
        :func:`discursus.analysis.nodal.nodal_points`."""
        from discursus.analysis.nodal import nodal_points

        documents, by = self._discourses_by(by, camps, where)
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

        documents, by = self._discourses_by(by, camps, where)
        return frontier(self.antagonisms(where), documents, by, **options)

    def floating_signifiers(self, by: str | None = None, where: str | None = None,
                            camps: str | None = None, **options) -> pd.DataFrame:  # fmt: skip
        """The signifiers the discourses (by ``by``, or the ``camps``) articulate each into a
        chain of its own: see :func:`discursus.analysis.floating.floating_signifiers`."""
        from discursus.analysis.floating import floating_signifiers

        documents, by = self._discourses_by(by, camps, where)
        return floating_signifiers(self.equivalences(where), documents, by, **options)
