"""Labellers trained offline (``discursus train``) put to work on a project: the model kept in
the project's settings, its labels found in every document."""

from __future__ import annotations

from typing import Any

import pandas as pd

from discursus.runs.train import check_model

# task -> the annotator applying its model
COMPONENTS = {"frames": "frames", "stance": "stance", "techniques": "techniques"}


class LabelWork:
    """The trained-labeller part of :class:`discursus.project.Project`."""

    def use_model(self, model: dict[str, Any], who: str, progress=None) -> Any:
        """Keep ``model`` for its task's annotator (journalled) and run it on every document."""
        from discursus.errors import ProjectError

        model = check_model(model, "the model")
        component = COMPONENTS.get(model["task"])
        if component is None:
            raise ProjectError(
                f"no annotator applies a {model['task']} model yet; tasks: {', '.join(COMPONENTS)}"
            )
        summary = f"{who} set the {model['task']} model ({model['trained_on']['units']} units)"
        return self.set_setting(component, "model", model, who, "model", summary, progress)

    def frames(self, unit: str | None = None, where: str | None = None) -> pd.DataFrame:
        """The frames of each article and paragraph: doc, start, end, unit, paragraph, frame,
        score (``unit``: article or paragraph only)."""
        columns = ["doc", "start", "end", "unit", "paragraph", "frame", "score"]
        return self._labelled("frames", columns, unit, where)

    def techniques(self, unit: str | None = None, where: str | None = None) -> pd.DataFrame:
        """Persuasion techniques of spans and paragraphs: doc, start, end, unit (span or
        paragraph), paragraph (its line), technique, score, rule."""
        columns = ["doc", "start", "end", "unit", "paragraph", "technique", "score", "rule"]
        return self._labelled("techniques", columns, unit, where)

    def _labelled(self, table, columns, unit, where) -> pd.DataFrame:
        from discursus.analysis.filters import rows_in_documents

        found = pd.DataFrame(self.rows(table), columns=columns)
        found = rows_in_documents(found, self.documents(), where)
        if unit:
            found = found[found.unit == unit]
        return found.reset_index(drop=True)
