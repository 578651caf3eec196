"""Training a labeller offline on labelled units (see :mod:`discursus.ingest.labelled`): the
frames of articles, the persuasion techniques of paragraphs, or the stance of texts.

The model is :class:`discursus.annotate.classifier.NgramModel` (hashed word 1-2-grams and
character 3-5-grams, tf-idf, a logistic regression per label) and, with an ``encoder`` (the
``discursus[embed]`` extra's ``minilm``), an :class:`~discursus.annotate.classifier.EmbeddingHead`
beside it: a logistic regression per label on the units' sentence embeddings, whose
probabilities are averaged with the n-grams'. It is measured before it is
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
from discursus.annotate.classifier import predict_labels as predict
from discursus.errors import DiscursusError

THRESHOLDS = np.round(np.arange(0.2, 0.71, 0.05), 2)
MIN_POSITIVES = 3


class ModelError(DiscursusError):
    """A model file that cannot be used, with why."""


class _Features:
    """The units' texts and, with an encoder, their embeddings (computed once for every fold)."""

    def __init__(self, texts: list[str], encoder: str | None) -> None:
        from discursus.annotate.classifier import embed_units

        self.texts = texts
        self.encoder = encoder
        self.vectors = embed_units(encoder, texts) if encoder else None


def _fit(features: _Features, index: np.ndarray, y: np.ndarray, labels: list[str]):
    """The n-gram model and the embedding head (or None) trained on the units at ``index``."""
    from discursus.annotate.classifier import EmbeddingHead, NgramModel

    learnable = {label: y[:, j] for j, label in enumerate(labels)
                 if MIN_POSITIVES <= y[:, j].sum() < len(y)}  # fmt: skip
    if not learnable:
        return None
    ngrams = NgramModel.fit([features.texts[i] for i in index], learnable)
    if features.vectors is None:
        return ngrams, None
    return ngrams, EmbeddingHead.fit(features.encoder, features.vectors[index], learnable)


def _probabilities(fitted, features: _Features, index: np.ndarray, labels: list[str]):
    from discursus.annotate.classifier import label_probabilities

    if fitted is None:
        return np.zeros((len(index), len(labels)))
    ngrams, head = fitted
    vectors = None if head is None else features.vectors[index]
    return label_probabilities(ngrams, [features.texts[i] for i in index], labels, head, vectors)


def _micro(y: np.ndarray, predicted: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, predicted, average="micro", zero_division=0))


def _threshold(features: _Features, index, y, groups, labels, seed) -> float:
    """The threshold that maximises micro F1 on a fifth of the groups at ``index`` (``y`` and
    ``groups`` theirs), learned on the rest."""
    from sklearn.model_selection import GroupShuffleSplit

    split = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    inner, held = next(split.split(index, groups=groups))
    fitted = _fit(features, index[inner], y[inner], labels)
    p = _probabilities(fitted, features, index[held], labels)
    return float(max(THRESHOLDS, key=lambda t: (_micro(y[held], p >= t), -abs(t - 0.5))))


def train(
    task: str,
    units: pd.DataFrame,
    folds: int = 5,
    seed: int = 0,
    source: str = "",
    measure: bool = True,
    encoder: str | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Measure (cross-validated over groups) and train a labeller for ``task`` on ``units``
    (group, unit, text, labels). Returns the model and the report: a row per label
    (precision, recall, f1, support) and the overall scores in ``report.attrs``. Without
    ``measure``, only trained (a multi-label threshold of 0.5; an empty report). With
    ``encoder`` (``minilm``: the ``discursus[embed]`` extra), sentence embeddings too."""
    from sklearn.model_selection import GroupKFold

    if units.empty:
        raise DiscursusError(f"no labelled units to train {task} on")
    single = task == "stance"
    labels = sorted({label for found in units.labels for label in found})
    texts = units.text.astype(str).tolist()
    groups = units.group.astype(str).to_numpy()
    y = np.array([[label in found for label in labels] for found in units.labels], dtype=int)
    features = _Features(texts, encoder)
    if not measure:
        return _trained(task, units, features, y, labels, groups, None if single else 0.5, {},
                        source), pd.DataFrame()  # fmt: skip
    n_folds = min(folds, len(set(groups)))
    if n_folds < 2:
        raise DiscursusError(f"{task}: too few groups ({len(set(groups))}) to measure")
    predicted = np.zeros_like(y)
    thresholds = []
    for k, (train_i, test_i) in enumerate(GroupKFold(n_splits=n_folds).split(texts, y, groups)):
        fitted = _fit(features, train_i, y[train_i], labels)
        p = _probabilities(fitted, features, test_i, labels)
        if single:
            predicted[test_i, :] = 0
            predicted[test_i, p.argmax(axis=1)] = 1
        else:
            threshold = _threshold(features, train_i, y[train_i], groups[train_i], labels,
                                   seed + k)  # fmt: skip
            thresholds.append(threshold)
            predicted[test_i] = p >= threshold
    report = _scored(single, labels, y, predicted)
    scores = dict(report.attrs)
    threshold = None if single else round(float(np.median(thresholds)), 2)
    model = _trained(task, units, features, y, labels, groups, threshold,
                     {**scores, "folds": n_folds}, source)  # fmt: skip
    return model, report


def _scored(single: bool, labels: list[str], y: np.ndarray, predicted: np.ndarray):
    """A row per label (precision, recall, f1, support); the overall scores in ``attrs``:
    F_avg and macro F1 for stance, micro and macro F1 for the multi-label tasks."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    p, r, f, support = precision_recall_fscore_support(y, predicted, zero_division=0)
    report = pd.DataFrame({"label": labels, "precision": p.round(3), "recall": r.round(3),
                           "f1": f.round(3), "support": support})  # fmt: skip
    if single:
        by_label = dict(zip(labels, f, strict=True))
        report.attrs = {"f_avg": round(float(np.mean([by_label.get("favor", 0.0),
                                                      by_label.get("against", 0.0)])), 3),
                        "macro_f1": round(float(np.mean(f)), 3)}  # fmt: skip
    else:
        report.attrs = {"micro_f1": round(_micro(y, predicted), 3),
                        "macro_f1": round(float(f1_score(y, predicted, average="macro",
                                                         zero_division=0)), 3)}  # fmt: skip
    return report


def evaluate(model: dict[str, Any], units: pd.DataFrame) -> pd.DataFrame:
    """Score a trained ``model`` on labelled ``units`` it was not trained on (a task's test
    file): the report :func:`train` gives, over the labels of the model and of the units."""
    if units.empty:
        raise DiscursusError(f"no labelled units to test the {model['task']} model on")
    labels = sorted(set(model["labels"]) | {label for found in units.labels for label in found})
    y = np.array([[label in found for label in labels] for found in units.labels], dtype=int)
    found = predict(model, units.text.astype(str).tolist())
    predicted = np.array([[label in {f[0] for f in row} for label in labels] for row in found],
                         dtype=int)  # fmt: skip
    return _scored(model["task"] == "stance", labels, y, predicted)


def _trained(task, units, features, y, labels, groups, threshold, scores, source) -> dict:
    final = _fit(features, np.arange(len(units)), y, labels)
    if final is None:
        raise DiscursusError(f"{task}: no label has {MIN_POSITIVES} examples to learn from")
    ngrams, head = final
    digest = hashlib.sha256("\n".join(features.texts).encode("utf-8")).hexdigest()[:12]
    model = {
        "kind": KIND, "task": task, "labels": labels, "threshold": threshold,
        "weights": ngrams.to_settings(),
        "trained_on": {"source": source, "units": len(units), "groups": len(set(groups)),
                       "digest": digest},
        "scores": scores,
    }  # fmt: skip
    if head is not None:
        model["embedding"] = head.to_settings()
    return model


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
