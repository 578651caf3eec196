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


EMBEDDING_KIND = "embedding-logistic/1"


def embed_units(encoder_name: str, texts: list[str]) -> np.ndarray:
    """A unit-length vector per text: the mean of its lines' sentence embeddings, so an
    article longer than the encoder's window is read whole (a one-line text is its own)."""
    from discursus.annotate.encoders import encoder

    lines: dict[str, int] = {}  # each line encoded once (an article repeats its paragraphs)
    owner, line_of = [], []
    for k, text in enumerate(texts):
        for line in [line for line in text.split("\n") if line.strip()] or [text]:
            owner.append(k)
            line_of.append(lines.setdefault(line, len(lines)))
    encoded = encoder(encoder_name).encode(list(lines))
    vectors = np.zeros((len(texts), encoded.shape[1]), dtype=np.float64)
    rows = encoded[np.asarray(line_of, dtype=np.int64)]
    np.add.at(vectors, np.asarray(owner, dtype=np.int64), rows)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


@dataclass
class EmbeddingHead:
    """A logistic regression per label on sentence embeddings (``embed_units``); its weights
    are a few hundred numbers a label, kept as JSON beside the n-gram model's."""

    encoder: str  # the name in discursus.annotate.encoders
    identity: str  # the encoder's name and version when trained
    labels: dict[str, tuple[np.ndarray, float]]  # label -> (weights, bias)

    @classmethod
    def fit(cls, encoder_name: str, vectors: np.ndarray, labels: dict[str, np.ndarray],
            c: float = 2.0) -> EmbeddingHead:  # fmt: skip
        from sklearn.linear_model import LogisticRegression

        from discursus.annotate.encoders import encoder

        head = cls(encoder_name, encoder(encoder_name).identity, {})
        for label, y in labels.items():
            fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
            fitted.fit(vectors, y)
            head.labels[label] = (fitted.coef_[0].astype(np.float32),
                                  float(fitted.intercept_[0]))  # fmt: skip
        return head

    def embed(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors by the encoder the head was trained on, refused if the one
        installed is another version (its weights would read other dimensions)."""
        from discursus.annotate.encoders import encoder
        from discursus.errors import DiscursusError

        installed = encoder(self.encoder).identity
        if installed != self.identity:
            raise DiscursusError(f"the model was trained on {self.identity} embeddings; this "
                                 f"machine has {installed}: train it again here")  # fmt: skip
        return embed_units(self.encoder, texts)

    def scores(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        return {label: 1.0 / (1.0 + np.exp(-(vectors @ w.astype(np.float64) + b)))
                for label, (w, b) in self.labels.items()}  # fmt: skip

    def to_settings(self) -> dict[str, Any]:
        return {"kind": EMBEDDING_KIND, "encoder": self.encoder, "identity": self.identity,
                "labels": {label: {"weights": _encode(w), "bias": b}
                           for label, (w, b) in sorted(self.labels.items())}}  # fmt: skip

    @classmethod
    def from_settings(cls, data: dict[str, Any]) -> EmbeddingHead:
        if data.get("kind") != EMBEDDING_KIND:
            raise ValueError(f"embedding head of kind {data.get('kind')!r}, not {EMBEDDING_KIND!r}")
        labels = {label: (_decode(v["weights"], np.float32), v["bias"])
                  for label, v in data["labels"].items()}  # fmt: skip
        return cls(data["encoder"], data["identity"], labels)


LABELLER = "discursus-labeller/1"  # a model ``discursus train`` writes


def label_probabilities(model: NgramModel | None, texts: list[str], labels: list[str],
                        head: EmbeddingHead | None = None,
                        vectors: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """The probability of each of ``labels`` for each text (0 for a label not learned): the
    n-gram model's, or with an embedding ``head`` the mean of the two models' (``vectors``:
    the texts' embeddings, if already made)."""
    found = np.zeros((len(texts), len(labels)))
    if model is None or not texts:
        return found
    scores = model.scores(texts)
    embedded = {}
    if head is not None:
        embedded = head.scores(head.embed(texts) if vectors is None else vectors)
    for j, label in enumerate(labels):
        if label in scores:
            found[:, j] = scores[label]
        if label in embedded:
            found[:, j] = (found[:, j] + embedded[label]) / 2
    return found


def labeller_probabilities(model: dict[str, Any], texts: list[str]) -> np.ndarray:
    """The probability of each of a trained labeller's labels (columns) for each text."""
    head = model.get("embedding")
    head = EmbeddingHead.from_settings(head) if head else None
    return label_probabilities(model_of(model["weights"]), texts, model["labels"], head)


def predict_labels(model: dict[str, Any], texts: list[str]) -> list[list[tuple[str, float]]]:
    """Each text's labels by a trained labeller (``discursus train``) with their
    probabilities: the likeliest one for stance, else every label at or above the model's
    threshold."""
    p = labeller_probabilities(model, texts)
    found = []
    for row in p:
        if model["threshold"] is None:
            best = int(row.argmax())
            found.append([(model["labels"][best], float(row[best]))])
        else:
            found.append([(label, float(v)) for label, v in zip(model["labels"], row, strict=True)
                          if v >= model["threshold"]])  # fmt: skip
    return found
