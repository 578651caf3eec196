"""Learn the reporting-cue lexicon and model from PolNeAR's train split (never dev).

1. Count how often each verb lemma in cue position is a gold cue: cue_lexicon.tsv (lemma,
   seen, cue), lemma counts only.
2. Train a logistic model on every verb-cue candidate discursus finds in train, labelled by
   whether its content matches a gold content (Dice >= 0.5 on word tokens): cue_model.json,
   plain weights. The decision threshold is then set on dev with bench/quality_quotes.py.

Run by hand: python bench/learn_cues.py [--threshold 0.5]
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from polnear import gold, parsed

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.speech.attribution import is_cue_candidate  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src/discursus/annotate/speech/cue_lexicon.tsv"
MODEL = OUT.with_name("cue_model.json")
MIN_SEEN = 3
THRESHOLD = 0.35  # set on dev with bench/quality_quotes.py


def main() -> None:
    nlp = load_pipeline()
    docs = parsed("train", nlp)
    answers = gold("train")
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for name, doc in docs.items():
        cue_starts = set()
        for row in answers.get(name, []):
            for start, end in row["cue_spans"] or []:
                cue_starts.update(range(start, end))
        for token in doc:
            if not is_cue_candidate(token):
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if token.idx in cue_starts:
                cue[lemma] += 1
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["lemma", "seen", "cue"])
        for lemma, count in sorted(seen.items()):
            if count >= MIN_SEEN and cue[lemma] > 0:
                writer.writerow([lemma, count, cue[lemma]])
    print(f"{len(seen)} lemmas seen, wrote {OUT}")
    train_model(docs, answers)


def train_model(docs: dict, answers: dict) -> None:
    import re

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from discursus.annotate.speech import cue_model, cues
    from discursus.annotate.speech.attribution import verb_candidates

    cues.cue_lexicon.cache_clear()
    cue_model.cue_model.cache_clear()
    word = re.compile(r"\w+")

    def positions(text: str, spans) -> set[int]:
        return {m.start() for a, b in spans for m in word.finditer(text, a, b)}

    rows, labels = [], []
    for name, doc in docs.items():
        text = doc.text
        golds = [
            (positions(text, row["content_spans"]), positions(text, row["cue_spans"] or []))
            for row in answers.get(name, [])
            if row["content_spans"]
        ]
        for candidate in verb_candidates(doc):
            spans = candidate.fragments or [candidate.span]
            mine = positions(text, spans)
            cue = positions(text, [candidate.cue_span])
            # right only with the gold's content and its cue: a verb inside another
            # attribution's content ("said they hoped ...") is not a cue of its own
            hit = any(
                mine and g and 2 * len(mine & g) / (len(mine) + len(g)) >= 0.5 and cue & g_cue
                for g, g_cue in golds
            )
            rows.append(candidate.features)
            labels.append(int(hit))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=0.2, max_iter=2000)
    model.fit(matrix, labels)
    weights = {
        feature: round(float(weight), 5)
        for feature, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= 1e-4
    }
    payload = {
        "trained_on": "PolNeAR train split (Newell, Margolin & Ruths, LREC 2018)",
        "candidates": len(rows),
        "positives": sum(labels),
        "bias": round(float(model.intercept_[0]), 5),
        "threshold": THRESHOLD,
        "weights": dict(sorted(weights.items())),
    }
    MODEL.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(rows)} candidates, {sum(labels)} positive; wrote {MODEL}")


if __name__ == "__main__":
    main()
