"""Persuasion techniques per paragraph, SemEval-2023 Task 3 subtask 3 (run by hand): trained on
the PTC-derived English articles (ids starting 111111 or 7), scored on the others, which
cross-validation over all of them would flatter; discursus's trained labeller against a
majority baseline and a TF-IDF logistic regression baseline on the same split.

Scored by micro and macro F1 over the techniques, per paragraph (a line).

    python bench/quality_techniques.py [--shared ../shared] [--threshold 0.3]

Cite: Piskorski et al., SemEval-2023 Task 3 (2023); Da San Martino et al. (2019), PTC.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from discursus.ingest.labelled import read_labelled
from discursus.runs.train import predict
from discursus.runs.train import train as train_labeller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--threshold", type=float, default=0.3)
    args = parser.parse_args()
    units = read_labelled("techniques", args.shared / "data" / "semeval2023_t3" / "en")
    ptc = units.group.str.startswith(("111111", "7"))
    train_units, test_units = units[ptc], units[~ptc]
    labels = sorted({label for found in units.labels for label in found})
    y_test = np.array([[label in f for label in labels] for f in test_units.labels], dtype=int)
    y_train = np.array([[label in f for label in labels] for f in train_units.labels], dtype=int)
    print(f"techniques: {len(train_units)} PTC paragraphs to train on, {len(test_units)} others "
          f"to score, {len(labels)} techniques")  # fmt: skip

    def scores(name, predicted):
        micro = f1_score(y_test, predicted, average="micro", zero_division=0)
        macro = f1_score(y_test, predicted, average="macro", zero_division=0)
        print(f"  {name:18s} micro F1 {micro:.3f}   macro F1 {macro:.3f}")

    majority = np.tile((y_train.mean(axis=0) > 0.5).astype(int), (len(y_test), 1))
    scores("majority", majority)
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    train_texts, test_texts = train_units.text.tolist(), test_units.text.tolist()
    x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)]).tocsr()
    x_test = hstack([words.transform(test_texts), chars.transform(test_texts)]).tocsr()
    tfidf = np.zeros_like(y_test)
    for j in range(len(labels)):
        if y_train[:, j].sum() >= 3:
            model = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
            tfidf[:, j] = model.fit(x_train, y_train[:, j]).predict(x_test)
    scores("tf-idf LR", tfidf)
    started = time.perf_counter()
    model, _ = train_labeller("techniques", train_units, measure=False)
    model["threshold"] = args.threshold
    found = predict(model, test_texts)
    ours = np.array([[label in {f[0] for f in row} for label in labels] for row in found],
                    dtype=int)  # fmt: skip
    scores(f"discursus ({args.threshold})", ours)
    print(f"  discursus: {time.perf_counter() - started:.0f} s to train and label")


if __name__ == "__main__":
    main()
