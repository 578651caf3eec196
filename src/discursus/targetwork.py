"""The targets of a project: the list a person gives (or the one proposed from the corpus),
kept in the project and journalled, and where each target is named."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select

from discursus.annotate.targets import TargetList, targets_from_data
from discursus.store.journaling import now
from discursus.store.schema import component_settings

TARGETS = "targets"  # the component whose settings hold the project's target list


class TargetWork:
    """The targets part of :class:`discursus.project.Project`."""

    def target_list(self) -> TargetList | None:
        """The project's targets (the last given or proposed)."""
        stored = self.stored_settings().get(TARGETS, {}).get("targets")
        return targets_from_data(stored, "the project's targets") if stored else None

    def set_targets(self, targets: TargetList, who: str, progress=None) -> Any:
        """Make ``targets`` the project's (journalled: undo brings the last list back) and
        find their mentions in every document."""
        from discursus.annotate.config import AnnotateConfig

        settings = {**self.stored_settings().get(TARGETS, {}), "targets": targets.to_dict()}
        summary = f"{who} set {len(targets.targets)} targets"
        with self.journalled(who, "targets", summary) as changes:
            key = {"component": TARGETS}
            values = {"settings": settings, "updated_at": now()}
            found = changes.conn.execute(
                select(component_settings.c.component).where(
                    component_settings.c.component == TARGETS
                )
            ).first()
            if found:
                changes.update(component_settings, key, values)
            else:
                changes.insert(component_settings, {**key, **values})
        return self.annotate(AnnotateConfig(components=(TARGETS,), settings={TARGETS: settings}),
                             progress=progress)  # fmt: skip

    def propose_targets(self, min_mentions: int = 2) -> TargetList:
        """Targets proposed from the corpus (see :mod:`discursus.analysis.targets`)."""
        from discursus.analysis.corpus import Corpus
        from discursus.analysis.targets import propose_targets

        nouns: list[str] = []
        index = self.index()
        if index.n_tokens:
            nouns = Corpus(index, self.documents()).key_nouns(n=8, min_frequency=3)
        return propose_targets(self.doc_actors(), self.quote_rows(), self.entities(), nouns,
                               min_mentions)  # fmt: skip

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
