"""The targets of a project: the list a person gives (or the one proposed from the corpus),
kept in the project and journalled, and where each target is named."""

from __future__ import annotations

from typing import Any

import pandas as pd

from discursus.analysis.filters import select_documents
from discursus.annotate.targets import TargetList, targets_from_data

TARGETS = "targets"  # the component whose settings hold the project's target list
_NONE = TargetList()


class TargetWork:
    """The targets part of :class:`discursus.project.Project`."""

    def target_list(self) -> TargetList | None:
        """The project's targets (the last given or proposed)."""
        stored = self.stored_settings().get(TARGETS, {}).get("targets")
        return targets_from_data(stored, "the project's targets") if stored else None

    def set_targets(self, targets: TargetList, who: str, progress=None) -> Any:
        """Make ``targets`` the project's (journalled: undo brings the last list back) and
        find their mentions in every document."""
        summary = f"{who} set {len(targets.targets)} targets"
        # the targets' mentions, and what reads them (the stance), found again
        return self.set_setting(TARGETS, "targets", targets.to_dict(), who, "targets", summary,
                                progress)  # fmt: skip

    def propose_targets(self, min_mentions: int = 2) -> TargetList:
        """Targets proposed from the corpus (see :mod:`discursus.analysis.targets`)."""
        from discursus.analysis.corpus import Corpus
        from discursus.analysis.targets import propose_targets

        nouns: list[str] = []
        common: frozenset[str] = frozenset()
        index = self.index()
        if index.n_tokens:
            corpus = Corpus(index, self.documents())
            nouns = corpus.key_nouns(n=8, min_frequency=3)
            common = corpus.common_nouns(min_frequency=min_mentions)
        return propose_targets(self.doc_actors(), self.quote_rows(), self.entities(), nouns,
                               min_mentions, common)  # fmt: skip

    def target_mentions(self, doc: int | str | None = None) -> pd.DataFrame:
        """Where the targets are named: doc, start, end, target, alias, epithet."""
        columns = ["doc", "start", "end", "target", "alias", "epithet"]
        return pd.DataFrame(self.rows("target_mentions", doc), columns=columns)

    def targets(self) -> pd.DataFrame:
        """The project's targets: name, kind, aliases, epithets, mentions, documents."""
        found = self.target_list()
        columns = ["name", "kind", "aliases", "epithets", "mentions", "documents"]
        if found is None:
            return pd.DataFrame(columns=columns)
        mentions = self.target_mentions()
        counts = mentions.groupby("target").size() if not mentions.empty else {}
        documents = mentions.groupby("target").doc.nunique() if not mentions.empty else {}
        return pd.DataFrame(
            [{"name": t.name, "kind": t.kind, "aliases": list(t.aliases),
              "epithets": list(t.epithets), "mentions": int(counts.get(t.name, 0)),
              "documents": int(documents.get(t.name, 0))} for t in found.targets],
            columns=columns,
        )  # fmt: skip

    def stances(self, where: str | None = None, mentions: bool = False) -> pd.DataFrame:
        """Each sentence's stance toward each target it names (see
        :mod:`discursus.annotate.stance`): doc, start, end, target, stance (favor, against;
        with ``mentions`` also none), score, holder (a quoted speaker, else the document's
        speaker or author, else the document), voice, cue, cue_start, cue_end, rule.
        ``where``: only the documents this metadata filter keeps."""
        columns = ["doc", "start", "end", "target", "stance", "score", "holder", "voice", "cue",
                   "cue_start", "cue_end", "mention_start", "mention_end", "rule"]  # fmt: skip
        found = pd.DataFrame(self.rows("stances"), columns=columns)
        documents = self.documents()
        if where:
            documents = select_documents(documents, where)
            found = found[found.doc.isin(set(documents.name))]
        if not mentions:
            found = found[found.stance != "none"]
        info = documents.set_index("name")
        own = {name: _first(info.loc[name, "speaker"], info.loc[name, "author"], name)
               for name in set(found.doc)}  # fmt: skip
        found["holder"] = [h if isinstance(h, str) and h else own[d]
                           for h, d in zip(found.holder, found.doc, strict=True)]  # fmt: skip
        # a speaker naming themselves ("Kessel: I...") takes no stance toward themselves
        names = {t.name: {n for n, _ in t.names()} for t in (self.target_list() or _NONE).targets}
        itself = [h in names.get(t, ()) for h, t in zip(found.holder, found.target, strict=True)]
        return found[~pd.Series(itself, index=found.index, dtype=bool)].reset_index(drop=True)

    def stance_matrix(self, by: str = "holder", where: str | None = None) -> pd.DataFrame:
        """Stance toward each target by ``holder`` (actor x target), ``doc``, or a document
        field (outlet, year...): favor, against and none counts, and net, (favor - against)
        / (favor + against)."""
        found = self.stances(where, mentions=True)
        if by not in ("holder", "doc"):
            documents = self.documents().set_index("name")
            if by == "year":
                values = documents.date.astype(str).str[:4]
            elif by in documents:
                values = documents[by]
            else:
                values = documents.meta.map(lambda m: (m or {}).get(by))
            found[by] = found.doc.map(values)
        counts = found.pivot_table(index=[by, "target"], columns="stance", values="start",
                                   aggfunc="count", fill_value=0)  # fmt: skip
        counts = counts.reindex(columns=["favor", "against", "none"], fill_value=0)
        taken = counts.favor + counts.against
        counts["net"] = ((counts.favor - counts.against) / taken.where(taken > 0)).round(3)
        return counts.reset_index().rename_axis(columns=None)

    def shifts(self, where: str | None = None) -> list[dict]:
        """Stance shifts toward the targets (see :mod:`discursus.analysis.shifts`): rows of
        shared/schemas/shift, strongest first."""
        from discursus.analysis.shifts import shifts

        found = self.stances(where)
        texts = self.texts_by_name(set(found.doc)) if not found.empty else {}
        return shifts(found, self.documents(), texts)


def _first(*values) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return str(values[-1])
