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


# rows of a table's chunk read to tell the language of all of them
SAMPLE_ROWS = 10


def sample_language(texts: list[str]) -> tuple[str, float] | None:
    """The language of all the texts (rows of a table) when an even sample of them agrees on
    one with confidence; None (each text is read) for a few texts or a mixed sample."""
    if len(texts) <= 5 * SAMPLE_ROWS:
        return None
    step = len(texts) / SAMPLE_ROWS
    sample = [detect_language(texts[int(k * step)]) for k in range(SAMPLE_ROWS)]
    codes = {code for code, _ in sample}
    mean = round(sum(score for _, score in sample) / len(sample), 4)
    if len(codes) == 1 and mean >= 0.9:
        return codes.pop(), mean
    return None
