"""Frames on SemEval-2023 Task 3 (subtask 2), English and German training articles (run by
hand): discursus's trained labeller against a majority baseline and a TF-IDF logistic
regression baseline, in the same run, on the same folds.

Five folds by article (GroupKFold, as ``discursus train`` measures). Scored by micro and
macro F1 over the 14 frames.

  - majority: the frames more than half the training articles have;
  - tf-idf LR: scikit-learn word 1-2-grams and character 3-5-grams, a balanced logistic
    regression per frame, threshold 0.5;
  - discursus: ``discursus train frames`` (hashed n-grams, a threshold chosen inside each
    training fold), its own cross-validated scores; with ``--encoder minilm`` (the
    ``discursus[embed]`` extra) also its sentence-embedding head.

    python bench/quality_persuasion.py [--shared ../shared] [--lang en ge] [--encoder minilm]

Cite: Piskorski et al., SemEval-2023 Task 3 (2023); Card et al. (2015), the Media Frames
Corpus.
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
from sklearn.model_selection import GroupKFold

from discursus.ingest.labelled import read_labelled
from discursus.runs.train import train


def baselines(units) -> dict[str, tuple[float, float]]:
    labels = sorted({label for found in units.labels for label in found})
    y = np.array([[label in found for label in labels] for found in units.labels], dtype=int)
    texts = units.text.tolist()
    majority = np.zeros_like(y)
    tfidf = np.zeros_like(y)
    for train_i, test_i in GroupKFold(5).split(texts, y, units.group):
        majority[test_i] = (y[train_i].mean(axis=0) > 0.5).astype(int)
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                sublinear_tf=True)  # fmt: skip
        train_texts = [texts[i] for i in train_i]
        test_texts = [texts[i] for i in test_i]
        x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)])
        x_test = hstack([words.transform(test_texts), chars.transform(test_texts)])
        for j in range(len(labels)):
            if y[train_i, j].min() == y[train_i, j].max():
                tfidf[test_i, j] = y[train_i[0], j]
                continue
            model = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
            tfidf[test_i, j] = model.fit(x_train.tocsr(), y[train_i, j]).predict(x_test.tocsr())

    def scores(predicted):
        return (f1_score(y, predicted, average="micro", zero_division=0),
                f1_score(y, predicted, average="macro", zero_division=0))  # fmt: skip

    return {"majority": scores(majority), "tf-idf LR": scores(tfidf)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--lang", nargs="+", default=["en", "ge"])
    parser.add_argument("--encoder", default=None, help="e.g. minilm (discursus[embed])")
    args = parser.parse_args()
    for lang in args.lang:
        units = read_labelled("frames", args.shared / "data" / "semeval2023_t3" / lang)
        print(f"frames, {lang}: {len(units)} articles")
        for name, (micro, macro) in baselines(units).items():
            print(f"  {name:10s} micro F1 {micro:.3f}   macro F1 {macro:.3f}")
        started = time.perf_counter()
        model, report = train("frames", units, folds=5, encoder=args.encoder)
        seconds = time.perf_counter() - started
        print(f"  {'discursus':10s} micro F1 {report.attrs['micro_f1']:.3f}   macro F1 "
              f"{report.attrs['macro_f1']:.3f}   (threshold {model['threshold']}; "
              f"{seconds:.0f} s to measure and train)")  # fmt: skip


if __name__ == "__main__":
    main()
