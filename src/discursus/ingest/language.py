"""Language identification with py3langid, whose model ships inside the package (offline)."""

from __future__ import annotations

from functools import lru_cache

# Enough text for a confident guess; more only costs time on long documents.
SAMPLE_CHARS = 20000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code of the text's language and the model's probability for it.

    >>> detect_language("The minister said that the agreement would be signed next week.")[0]
    'en'
    """
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), round(float(probability), 4)
