"""Stance on MAGPIE's stance sets (run by hand): discursus's stance rules against a majority
baseline and a TF-IDF logistic regression baseline, in the same run.

../shared/data/magpie:
  - 125_MultiTargetStance: tweets, each with one of its two targets written first ("Ted Cruz.
    ..."), labelled 0 against, 1 none, 2 favour;
  - 128_GWSD: news sentences on global warming (the target implicit), 0 neutral, 1 agrees,
    2 disagrees.

Five folds (stratified, seeded). Scored: F_avg (the mean of the FAVOR and AGAINST F1, the
SemEval-2016 Task 6 metric) and macro F1 over the three labels.

  - majority: the commonest label of the training folds;
  - tf-idf LR: scikit-learn word 1-2-grams and character 3-5-grams, logistic regression;
  - discursus trained: ``discursus train stance`` (hashed word and character n-grams, a
    balanced logistic regression per label) on the training folds, applied to the test fold;
  - discursus rules: ``annotate.stance.target_stance`` on each sentence toward its target
    (no training: the rules are what the stance annotator applies), a text's stance the
    strongest of its sentences'.

  With ``--encoder minilm`` (the ``discursus[embed]`` extra) the trained labeller adds its
  sentence-embedding head.

    python bench/quality_stance.py [--shared ../shared] [--encoder minilm]

Cite: Sobhani et al. (2017), A Dataset for Multi-Target Stance Detection; Luo et al.
(2020), DeSMOG; Horych et al. (2024), MAGPIE; Hutto & Gilbert (2014), VADER.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.stance import AGAINST, FAVOR, target_stance
from discursus.runs.train import predict
from discursus.runs.train import train as train_labeller

# each set's labels as favour / against / none
SETS = {
    "125_MultiTargetStance": {0: AGAINST, 1: "none", 2: FAVOR},
    "128_GWSD": {0: "none", 1: FAVOR, 2: AGAINST},
}
WARMING = re.compile(r"global warming|climate change|warming|climate", re.IGNORECASE)


def f_avg(gold: list[str], predicted: list[str]) -> float:
    scores = f1_score(gold, predicted, labels=[FAVOR, AGAINST], average=None, zero_division=0)
    return float(np.mean(scores))


def macro(gold: list[str], predicted: list[str]) -> float:
    return float(f1_score(gold, predicted, labels=[FAVOR, AGAINST, "none"], average="macro",
                          zero_division=0))  # fmt: skip


def split_target(name: str, text: str) -> tuple[str, str, list[tuple[int, int]]]:
    """The text to read and where its target stands in it."""
    if name == "125_MultiTargetStance":
        target, _, rest = text.partition(". ")
        body = rest or text
        words = [w for w in re.findall(r"\w+", target) if len(w) > 2]
        # the target as the tweet names it: its full name, its surname, its hashtag
        spans = [(m.start(), m.end()) for w in words
                 for m in re.finditer(rf"#?{re.escape(w)}\w*", body, re.IGNORECASE)]  # fmt: skip
        return body, target, spans
    return text, "global warming", [(m.start(), m.end()) for m in WARMING.finditer(text)]


def rules(nlp, name: str, texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        body, _, spans = split_target(name, text)
        doc = nlp(body)
        best = ("none", 0.0)
        for sentence in doc.sents:
            for start, end in spans:
                if sentence.start_char <= start < sentence.end_char:
                    stance = target_stance(sentence, start, end, body)
                    if abs(stance["score"]) > abs(best[1]):
                        best = (stance["stance"], stance["score"])
        found.append(best[0])
    return found


def tfidf(train: list[str], labels: list[str], test: list[str]) -> list[str]:
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    x_train = hstack([words.fit_transform(train), chars.fit_transform(train)]).tocsr()
    x_test = hstack([words.transform(test), chars.transform(test)]).tocsr()
    model = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
    return list(model.fit(x_train, labels).predict(x_test))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--encoder", default=None, help="e.g. minilm (discursus[embed])")
    args = parser.parse_args()
    nlp = load_pipeline()
    for name, mapping in SETS.items():
        frame = pd.read_csv(args.shared / "data" / "magpie" / name / "preprocessed.csv")
        texts = frame.text.astype(str).tolist()
        gold = frame.label.map(mapping).tolist()
        predicted = {name: [None] * len(texts) for name in ("majority", "tf-idf LR",
                                                           "discursus trained")}  # fmt: skip
        folds = StratifiedKFold(5, shuffle=True, random_state=0).split(texts, gold)
        for train, test in folds:
            common = pd.Series([gold[i] for i in train]).mode()[0]
            for i in test:
                predicted["majority"][i] = common
            guessed = tfidf([texts[i] for i in train], [gold[i] for i in train],
                            [texts[i] for i in test])  # fmt: skip
            for i, label in zip(test, guessed, strict=True):
                predicted["tf-idf LR"][i] = label
            units = pd.DataFrame({"group": [str(i) for i in train], "unit": [str(i) for i in train],
                                  "text": [texts[i] for i in train],
                                  "labels": [[gold[i]] for i in train]})  # fmt: skip
            model, _ = train_labeller("stance", units, measure=False, encoder=args.encoder)
            for i, found in zip(test, predict(model, [texts[i] for i in test]), strict=True):
                predicted["discursus trained"][i] = found[0][0]
        started = time.perf_counter()
        predicted["discursus rules"] = rules(nlp, name, texts)
        seconds = time.perf_counter() - started
        print(f"{name} ({len(texts)} texts)")
        for approach, labels in predicted.items():
            print(f"  {approach:16s} F_avg {f_avg(gold, labels):.3f}   macro F1 "
                  f"{macro(gold, labels):.3f}")  # fmt: skip
        print(f"  rules: {len(texts) / seconds:.0f} texts a second (parse included)")


if __name__ == "__main__":
    main()
