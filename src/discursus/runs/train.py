"""Training a labeller offline on labelled units (see :mod:`discursus.ingest.labelled`): the
frames of articles, the persuasion techniques of paragraphs, or the stance of texts.

The model is :class:`discursus.annotate.classifier.NgramModel` (hashed word 1-2-grams and
character 3-5-grams, tf-idf, a logistic regression per label). It is measured before it is
trained on everything, by cross-validation over groups (an article never on both sides):

- **frames, techniques** (several labels a unit): a label is given where its probability
  reaches a threshold, chosen within each training fold (on a fifth of its groups held out)
  to maximise micro F1; scored by micro and macro F1;
- **stance** (one label a text): the likeliest of favor, against, none; scored by F_avg (the
  mean of the favor and against F1, SemEval-2016's metric) and macro F1.

The trained model is plain JSON (no pickle): the task, its labels, the threshold, the
weights, and the data and scores it was trained on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discursus.annotate.classifier import LABELLER as KIND
from discursus.annotate.classifier import predict_labels as predict  # noqa: F401 - the API
from discursus.errors import DiscursusError

THRESHOLDS = np.round(np.arange(0.2, 0.71, 0.05), 2)
MIN_POSITIVES = 3


class ModelError(DiscursusError):
    """A model file that cannot be used, with why."""


def _fit(texts: list[str], y: np.ndarray, labels: list[str]):
    from discursus.annotate.classifier import NgramModel

    learnable = {label: y[:, j] for j, label in enumerate(labels)
                 if MIN_POSITIVES <= y[:, j].sum() < len(y)}  # fmt: skip
    return NgramModel.fit(texts, learnable) if learnable else None


def _probabilities(model, texts: list[str], labels: list[str]) -> np.ndarray:
    from discursus.annotate.classifier import label_probabilities

    return label_probabilities(model, texts, labels)


def _micro(y: np.ndarray, predicted: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, predicted, average="micro", zero_division=0))


def _threshold(texts, y, groups, labels, seed) -> float:
    """The threshold that maximises micro F1 on a fifth of the groups, learned on the rest."""
    from sklearn.model_selection import GroupShuffleSplit

    split = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    inner, held = next(split.split(texts, groups=groups))
    model = _fit([texts[i] for i in inner], y[inner], labels)
    p = _probabilities(model, [texts[i] for i in held], labels)
    return float(max(THRESHOLDS, key=lambda t: (_micro(y[held], p >= t), -abs(t - 0.5))))


def train(
    task: str,
    units: pd.DataFrame,
    folds: int = 5,
    seed: int = 0,
    source: str = "",
    measure: bool = True,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Measure (cross-validated over groups) and train a labeller for ``task`` on ``units``
    (group, unit, text, labels). Returns the model and the report: a row per label
    (precision, recall, f1, support) and the overall scores in ``report.attrs``. Without
    ``measure``, only trained (a multi-label threshold of 0.5; an empty report)."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support
    from sklearn.model_selection import GroupKFold

    if units.empty:
        raise DiscursusError(f"no labelled units to train {task} on")
    single = task == "stance"
    labels = sorted({label for found in units.labels for label in found})
    texts = units.text.astype(str).tolist()
    groups = units.group.astype(str).to_numpy()
    y = np.array([[label in found for label in labels] for found in units.labels], dtype=int)
    if not measure:
        return _trained(task, units, texts, y, labels, groups, None if single else 0.5, {},
                        source), pd.DataFrame()  # fmt: skip
    n_folds = min(folds, len(set(groups)))
    if n_folds < 2:
        raise DiscursusError(f"{task}: too few groups ({len(set(groups))}) to measure")
    predicted = np.zeros_like(y)
    thresholds = []
    for k, (train_i, test_i) in enumerate(GroupKFold(n_splits=n_folds).split(texts, y, groups)):
        model = _fit([texts[i] for i in train_i], y[train_i], labels)
        p = _probabilities(model, [texts[i] for i in test_i], labels)
        if single:
            predicted[test_i, :] = 0
            predicted[test_i, p.argmax(axis=1)] = 1
        else:
            threshold = _threshold([texts[i] for i in train_i], y[train_i], groups[train_i],
                                   labels, seed + k)  # fmt: skip
            thresholds.append(threshold)
            predicted[test_i] = p >= threshold
    p, r, f, support = precision_recall_fscore_support(y, predicted, zero_division=0)
    report = pd.DataFrame({"label": labels, "precision": p.round(3), "recall": r.round(3),
                           "f1": f.round(3), "support": support})  # fmt: skip
    if single:
        by_label = dict(zip(labels, f, strict=True))
        scores = {"f_avg": round(float(np.mean([by_label.get("favor", 0.0),
                                                by_label.get("against", 0.0)])), 3),
                  "macro_f1": round(float(np.mean(f)), 3)}  # fmt: skip
    else:
        scores = {"micro_f1": round(_micro(y, predicted), 3),
                  "macro_f1": round(float(f1_score(y, predicted, average="macro",
                                                   zero_division=0)), 3)}  # fmt: skip
    report.attrs.update(scores)
    threshold = None if single else round(float(np.median(thresholds)), 2)
    model = _trained(task, units, texts, y, labels, groups, threshold,
                     {**scores, "folds": n_folds}, source)  # fmt: skip
    return model, report


def _trained(task, units, texts, y, labels, groups, threshold, scores, source) -> dict:
    final = _fit(texts, y, labels)
    if final is None:
        raise DiscursusError(f"{task}: no label has {MIN_POSITIVES} examples to learn from")
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:12]
    return {
        "kind": KIND, "task": task, "labels": labels, "threshold": threshold,
        "weights": final.to_settings(),
        "trained_on": {"source": source, "units": len(units), "groups": len(set(groups)),
                       "digest": digest},
        "scores": scores,
    }  # fmt: skip


def save_model(model: dict[str, Any], path: str | Path) -> Path:
    """Write a model as JSON (beside, then moved into place)."""
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(json.dumps(model), encoding="utf-8")
    temporary.replace(path)
    return path


def load_model(path: str | Path, task: str | None = None) -> dict[str, Any]:
    """A model written by :func:`save_model`, checked (its kind, and ``task`` if given)."""
    path = Path(path)
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: not a discursus model: {exc}") from None
    return check_model(model, str(path), task)


def check_model(model: Any, source: str, task: str | None = None) -> dict[str, Any]:
    if not isinstance(model, dict) or model.get("kind") != KIND:
        raise ModelError(f"{source}: not a discursus model (kind {KIND!r})")
    if task is not None and model.get("task") != task:
        raise ModelError(f"{source}: a {model.get('task')} model, not a {task} model")
    return model
