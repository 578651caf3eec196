"""A stance learned from a person's statements: which passages support, reject or only mention
their concept, as the people who coded the project's statements read them.

The units are the passages of a person's statements (made by hand, corrected or imported,
e.g. DNA's hand-coded statements), each labelled with its agreement (1, -1, 0). A model
(:class:`discursus.annotate.classifier.NgramModel`, one logistic regression per label on
word and character n-grams) is learned for every concept with enough statements of two or
more stances, and one for all concepts together; each is measured first by stratified
cross-validation, so a person sees how far to trust it. The automatic statements then take
the stance of their concept's model (else the shared one): the label of highest probability,
with that probability in their rule. A claim reported in order to be rejected stays a
rejection, whatever the model says.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from discursus.errors import ProjectError

SHARED = "*"  # the model of every concept together
REPORT_COLUMNS = ["concept", "statements", "supports", "rejects", "mentions", "accuracy",
                  "macro_f1", "learned"]  # fmt: skip
COMPONENT = "statements"  # where the project keeps the model


def _label(concept: str, agreement: int) -> str:
    return f"{concept}\x1f{agreement:+d}"


def stance_units(project, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """A person's statements (coder among ``coders``, if given) with their passage texts:
    doc, concept, agreement, text."""
    mine = project.statements(automatic=False)
    if coders:
        unknown = sorted(set(coders) - set(mine.coder))
        if unknown:
            raise ProjectError(f"no statements of {', '.join(unknown)}; coders: "
                               f"{', '.join(sorted(set(mine.coder))) or 'none'}")  # fmt: skip
        mine = mine[mine.coder.isin(coders)]
    if mine.empty:
        raise ProjectError(
            "no one has made statements yet: add them (discursus add-statement), correct "
            "automatic ones (correct-statement) or import them (import-statements) first"
        )
    texts = project.texts_by_name(set(mine.doc))
    units = mine[["doc", "concept", "agreement"]].copy()
    units["text"] = [texts[r.doc][int(r.start) : int(r.end)] for r in mine.itertuples()]
    return units.reset_index(drop=True)


def learn_stance(
    project,
    coders: Sequence[str] | None = None,
    *,
    min_examples: int = 3,
    folds: int = 3,
) -> tuple[pd.DataFrame, dict | None]:
    """Measure and train the stance models (see the module) on a person's statements.
    Returns the report per concept (``*``: all together) and the model's settings (None
    when no concept has ``min_examples`` statements of each of two stances)."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from discursus.annotate.classifier import NgramModel

    units = stance_units(project, coders)
    groups = {SHARED: units, **{c: g for c, g in units.groupby("concept")}}
    report, labels = [], {}
    texts = units.text.tolist()
    for concept, group in groups.items():
        tally = group.agreement.value_counts()
        stances = [a for a in (1, -1, 0) if tally.get(a, 0) >= max(min_examples, folds)]
        row = {"concept": concept, "statements": len(group), "supports": int(tally.get(1, 0)),
               "rejects": int(tally.get(-1, 0)), "mentions": int(tally.get(0, 0)),
               "accuracy": np.nan, "macro_f1": np.nan, "learned": False}  # fmt: skip
        report.append(row)
        if len(stances) < 2:
            continue
        group = group[group.agreement.isin(stances)]
        y = group.agreement.to_numpy()
        own = group.text.tolist()
        predicted = np.zeros(len(y), dtype=int)
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(own, y):
            model = NgramModel.fit([own[i] for i in train],
                                   {a: (y[train] == a).astype(int) for a in stances})  # fmt: skip
            scores = model.scores([own[i] for i in test])
            best = np.argmax(np.vstack([scores[a] for a in stances]), axis=0)
            predicted[test] = np.array(stances)[best]
        row.update(accuracy=round(float(accuracy_score(y, predicted)), 3),
                   macro_f1=round(float(f1_score(y, predicted, average="macro")), 3),
                   learned=True)  # fmt: skip
        inside = units.index.isin(group.index)
        for a in stances:
            labels[_label(concept, a)] = ((units.agreement == a) & inside).to_numpy().astype(int)
    frame = pd.DataFrame(report, columns=REPORT_COLUMNS)
    if not labels:
        return frame, None
    # one model over every statement: each label's negatives are the other statements
    model = NgramModel.fit(texts, labels)
    measured = {r["concept"]: {k: r[k] for k in ("statements", "accuracy", "macro_f1")}
                for r in report if r["learned"]}  # fmt: skip
    return frame, model.to_settings({"concepts": measured, "coders": sorted(set(coders or []))})


class StanceModel:
    """A learned stance model, applied to passages of a concept."""

    def __init__(self, settings: dict) -> None:
        from discursus.annotate.classifier import NgramModel

        self.model = NgramModel.from_settings(settings)
        self.stances: dict[str, list[int]] = {}
        for label in self.model.codes:
            concept, agreement = label.rsplit("\x1f", 1)
            self.stances.setdefault(concept, []).append(int(agreement))

    def stance(self, passages: list[str], concepts: list[str]) -> list[tuple[int, float] | None]:
        """Each passage's (agreement, probability) for its concept: by the concept's own
        model, else the shared one; None where neither knows it."""
        if not passages:
            return []
        scores = self.model.scores(passages)
        found = []
        for k, concept in enumerate(concepts):
            key = concept if concept in self.stances else SHARED
            if key not in self.stances:
                found.append(None)
                continue
            options = [(scores[_label(key, a)][k], a) for a in self.stances[key]]
            probability, agreement = max(options)
            found.append((agreement, float(probability)))
        return found
