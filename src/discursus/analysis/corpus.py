"""One entry point to the corpus engine: a project's indexed tokens, restricted by metadata
(``where``), to what one speaker is reported to have said (``speaker``) and to the passages
coded with a code (``code``).

>>> corpus = Corpus.of(project, where="year >= 2015")  # doctest: +SKIP
>>> corpus.kwic('[lemma="resist.*" & pos="NOUN"] []{0,3} "order"', sort="right")  # doctest: +SKIP
>>> corpus.collocates("sovereignty", left=5, right=5, measure="logdice")  # doctest: +SKIP
>>> corpus.keywords(reference="general")  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.analysis import collocation, concordance, dispersion, keyness, ngrams, trend
from discursus.analysis.subcorpus import (
    code_mask,
    document_groups,
    grouping_field,
    speaker_mask,
    where_mask,
)
from discursus.errors import DiscursusError
from discursus.store.token_index import TokenIndex


class Corpus:
    """The tokens of ``index`` in the documents ``where`` keeps (rows of
    ``Project.documents()``), and only the quoted words of ``speaker`` if one is given."""

    def __init__(
        self,
        index: TokenIndex,
        documents: pd.DataFrame,
        quote_rows: list[dict] | None = None,
        *,
        where: str | None = None,
        speaker: str | None = None,
        code: str | None = None,
        codings: pd.DataFrame | None = None,
    ) -> None:
        self.index = index
        self.documents = documents
        self.where = where
        self.speaker = speaker
        mask = None
        if where:
            mask = where_mask(index, documents, where)
        if speaker:
            spoken = speaker_mask(index, quote_rows or [], speaker)
            mask = spoken if mask is None else mask & spoken
        if code:
            if codings is None or code not in set(codings.code):
                known = ", ".join(sorted(set(codings.code))) if codings is not None else ""
                raise DiscursusError(f"no codings of {code!r}; codes: {known or 'none'}")
            coded = code_mask(index, codings, code)
            mask = coded if mask is None else mask & coded
        # None: the whole corpus, which the index's own counts answer without a mask
        self.mask: np.ndarray | None = mask

    @classmethod
    def of(
        cls,
        project,
        *,
        where: str | None = None,
        speaker: str | None = None,
        code: str | None = None,
        documents: pd.DataFrame | None = None,
    ) -> Corpus:
        """The corpus of a :class:`discursus.Project`; with ``code``, only the passages coded
        with it; ``documents``: the project's documents with fields of their own added (a
        ``camp``), to group them by."""
        quote_rows = project.quote_rows() if speaker else None
        codings = project.codings() if code else None
        return cls(
            project.index(),
            project.documents() if documents is None else documents,
            quote_rows,
            where=where,
            speaker=speaker,
            code=code,
            codings=codings,
        )

    @property
    def n_tokens(self) -> int:
        return self.index.n_tokens if self.mask is None else int(self.mask.sum())

    def subset(self, where: str) -> np.ndarray:
        """The positions of this corpus in the documents ``where`` keeps."""
        mask = where_mask(self.index, self.documents, where)
        return mask if self.mask is None else mask & self.mask

    def kwic(self, query: str, **options) -> pd.DataFrame:
        """Concordance lines (:func:`discursus.analysis.concordance.kwic`)."""
        return concordance.kwic(self.index, query, within=self.mask, **options)

    def collocates(self, node: str, **options) -> pd.DataFrame:
        """Collocates of a node (:func:`discursus.analysis.collocation.collocates`)."""
        return collocation.collocates(self.index, node, within=self.mask, **options)

    def keywords(
        self, target: str | None = None, reference: str | None = "rest", **options
    ) -> pd.DataFrame:
        """Keywords of the documents ``target`` keeps (the whole corpus when None) against
        ``reference``: a filter, ``"rest"`` (the rest of the corpus) or ``"general"``."""
        target_mask = self.mask if target is None else self.subset(target)
        if reference in (None, "rest"):
            reference_mask = None if target_mask is None else ~target_mask
            if reference_mask is not None and self.mask is not None:
                reference_mask &= self.mask
        elif reference == "general":
            reference_mask = "general"
        else:
            reference_mask = self.subset(reference)
        return keyness.keywords(self.index, target_mask, reference_mask, **options)

    def key_nouns(self, n: int = 5, **options) -> list[str]:
        """The ``n`` strongest keywords against general English that are nouns (the terms a
        discourse is about), for a first look at a corpus."""
        general = self.keywords(reference="general", **options)
        return keyness.key_nouns(self.index, general, n)

    def common_nouns(self, min_frequency: int = 2) -> frozenset[str]:
        """The words (lower case) the corpus tags NOUN at least ``min_frequency`` times."""
        return keyness.common_nouns(self.index, min_frequency)

    def grouping_field(self) -> str | None:
        """The metadata field that best splits the documents into a few groups."""
        return grouping_field(self.documents)

    def keywords_by(self, field: str, **options) -> pd.DataFrame:
        """Keywords of each group of documents (by ``field``) against all the others."""
        groups = document_groups(self.documents, field)
        return keyness.keywords_by_group(self.index, groups, within=self.mask, **options)

    def ngrams(self, n: int = 2, **options) -> pd.DataFrame:
        return ngrams.ngrams(self.index, n, within=self.mask, **options)

    def dispersion(self, terms: list[str], by: str = "doc") -> pd.DataFrame:
        groups = document_groups(self.documents, by)
        return dispersion.term_dispersion(self.index, terms, groups, within=self.mask)

    def trend(self, terms: list[str], by: str = "year") -> pd.DataFrame:
        groups = document_groups(self.documents, by)
        return trend.trend(self.index, terms, groups, within=self.mask)
