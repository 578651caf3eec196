"""A coder that learns from a person: a linear model on word and character n-grams, trained on
the passages people coded (and did not), proposing the passages most like them.

Features are hashed (scikit-learn's ``HashingVectorizer``: word 1-2-grams and character
3-5-grams inside words), weighted by tf-idf and normalised; one logistic regression per code
(classes balanced). The model is plain numbers, kept in the ``codes`` component's settings (no
pickle: a project file is data, never code), so its digest is part of the coding's freshness
and a worker anywhere can apply it. Each code keeps its strongest ``MAX_WEIGHTS`` weights.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

N_FEATURES = 1 << 18  # per analyser: word n-grams, then character n-grams
MAX_WEIGHTS = 20_000  # on SemEval-2023 persuasion spans, F1 as the unpruned model (4,000: -25%)
KIND = "ngram-logistic/2"
CODER = "classifier"
RULE = "classifier:ngram"


def _vectorizers():
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": N_FEATURES, "alternate_sign": False, "norm": None}
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, **common)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, **common)
    return words, chars


def counts(texts: list[str]):
    """Hashed n-gram counts of ``texts``: a sparse matrix, one row per text."""
    import scipy.sparse as sp

    words, chars = _vectorizers()
    return sp.hstack([words.transform(texts), chars.transform(texts)], format="csr")


def _encode(array: np.ndarray) -> str:
    return base64.b64encode(zlib.compress(array.tobytes(), 6)).decode("ascii")


def _decode(text: str, dtype) -> np.ndarray:
    return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype=dtype)


@dataclass
class NgramModel:
    """Document frequencies of the features seen in training and, per code, its weights
    (float16: the model is kept in the project's settings)."""

    n_train: int
    seen: np.ndarray  # feature indices with a document frequency
    df: np.ndarray
    codes: dict[str, tuple[np.ndarray, np.ndarray, float]]  # code -> (index, weight, bias)

    @classmethod
    def fit(cls, texts: list[str], labels: dict[str, np.ndarray], c: float = 4.0) -> NgramModel:
        """One model for every code in ``labels`` (a 0/1 array over ``texts`` each)."""
        from sklearn.linear_model import LogisticRegression

        raw = counts(texts)
        df = np.bincount(raw.indices, minlength=raw.shape[1])
        seen = np.flatnonzero(df).astype(np.int32)
        model = cls(len(texts), seen, df[seen].astype(np.int32), {})
        features = model.weigh(raw)
        for code, y in labels.items():
            fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
            fitted.fit(features, y)
            weights = fitted.coef_[0]
            keep = np.argsort(-np.abs(weights))[:MAX_WEIGHTS]
            keep = np.sort(keep[weights[keep] != 0]).astype(np.int32)
            model.codes[code] = (keep, weights[keep].astype(np.float16),
                                 float(fitted.intercept_[0]))  # fmt: skip
        return model

    @property
    def idf(self) -> np.ndarray:
        """Smoothed idf over every feature (one never seen counts as in no document)."""
        return _idf(self.n_train, self.seen.tobytes(), self.df.tobytes())

    def weigh(self, raw):
        """Counts to tf-idf rows of unit length."""
        from sklearn.preprocessing import normalize

        weighted = raw.multiply(self.idf).tocsr()
        return normalize(weighted, norm="l2", copy=False)

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The probability of each code for each of ``texts``."""
        if not texts:
            return {code: np.zeros(0) for code in self.codes}
        features = self.weigh(counts(texts))
        found = {}
        for code, (index, weights, bias) in self.codes.items():
            logits = features[:, index] @ weights.astype(np.float64) + bias
            found[code] = 1.0 / (1.0 + np.exp(-np.asarray(logits).ravel()))
        return found

    def to_settings(self, report: dict[str, Any] | None = None) -> dict[str, Any]:
        """The model as JSON values (with its digest), for the ``codes`` settings."""
        data: dict[str, Any] = {
            "kind": KIND,
            "n_train": self.n_train,
            "seen": _encode(self.seen),
            "df": _encode(self.df),
            "codes": {
                # sorted indices kept as their gaps, which compress to a fraction
                code: {
                    "index": _encode(np.diff(i, prepend=0).astype(np.int32)),
                    "weights": _encode(w.astype(np.float16)),
                    "bias": b,
                }
                for code, (i, w, b) in sorted(self.codes.items())
            },  # fmt: skip
        }
        digest = hashlib.sha256(repr(sorted(data.items())).encode("utf-8")).hexdigest()[:12]
        return {**data, "digest": digest, "report": report or {}}

    @classmethod
    def from_settings(cls, data: dict[str, Any]) -> NgramModel:
        if data.get("kind") != KIND:
            raise ValueError(f"classifier model of kind {data.get('kind')!r}, not {KIND!r}")
        codes = {
            code: (np.cumsum(_decode(v["index"], np.int32), dtype=np.int64).astype(np.int32),
                   _decode(v["weights"], np.float16), v["bias"])
            for code, v in data["codes"].items()
        }  # fmt: skip
        return cls(data["n_train"], _decode(data["seen"], np.int32),
                   _decode(data["df"], np.int32), codes)  # fmt: skip


@lru_cache(maxsize=4)
def _idf(n_train: int, seen: bytes, df: bytes) -> np.ndarray:
    idf = np.full(2 * N_FEATURES, np.log((1 + n_train) / 1) + 1, dtype=np.float64)
    index = np.frombuffer(seen, dtype=np.int32)
    idf[index] = np.log((1 + n_train) / (1 + np.frombuffer(df, dtype=np.int32))) + 1
    return idf


_MODELS: dict[str, NgramModel] = {}


def model_of(settings: dict[str, Any]) -> NgramModel:
    """The model in the settings, read once per process (by its digest)."""
    digest = settings.get("digest", "")
    model = _MODELS.get(digest)
    if model is None:
        if len(_MODELS) >= 4:
            _MODELS.clear()
        model = _MODELS[digest] = NgramModel.from_settings(settings)
    return model


LABELLER = "discursus-labeller/1"  # a model ``discursus train`` writes


def label_probabilities(model: NgramModel | None, texts: list[str], labels: list[str]):
    """The probability of each of ``labels`` for each text (0 for a label not learned)."""
    found = np.zeros((len(texts), len(labels)))
    if model is None or not texts:
        return found
    scores = model.scores(texts)
    for j, label in enumerate(labels):
        if label in scores:
            found[:, j] = scores[label]
    return found


def predict_labels(model: dict[str, Any], texts: list[str]) -> list[list[tuple[str, float]]]:
    """Each text's labels by a trained labeller (``discursus train``) with their
    probabilities: the likeliest one for stance, else every label at or above the model's
    threshold."""
    p = label_probabilities(model_of(model["weights"]), texts, model["labels"])
    found = []
    for row in p:
        if model["threshold"] is None:
            best = int(row.argmax())
            found.append([(model["labels"][best], float(row[best]))])
        else:
            found.append([(label, float(v)) for label, v in zip(model["labels"], row, strict=True)
                          if v >= model["threshold"]])  # fmt: skip
    return found
