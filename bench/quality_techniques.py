"""Persuasion techniques, SemEval-2023 Task 3 subtask 3 (run by hand): trained on the
PTC-derived English articles (ids starting 111111 or 7), scored on the others, which
cross-validation over all of them would flatter; discursus against a majority baseline and a
TF-IDF logistic regression baseline on the same split.

Per paragraph (a line), micro and macro F1 over the techniques:
  - majority: the techniques more than half the training paragraphs have (none);
  - tf-idf LR: scikit-learn word 1-2-grams and character 3-5-grams, a balanced logistic
    regression per technique, threshold 0.5;
  - discursus model: ``discursus train techniques`` (its threshold chosen by its own
    cross-validation on the training articles, or ``--threshold``);
  - discursus rules: the paragraphs of the rules' spans;
  - discursus annotator: what the ``techniques`` annotator gives a paragraph: the model's
    labels, and a rule's where the model comes near its threshold.

Per span, the task's span-level F1 (SemEval-2020 Task 11, Da San Martino et al. 2019): a
predicted span earns the share of it a gold span of the same technique covers (precision),
a gold span the share of it predicted spans cover (recall). The baseline's span for a
technique is the paragraph it labels; the rules' are theirs; the annotator's, for each
technique it gives a paragraph, the rules' spans of it there, else the paragraph.

    python bench/quality_techniques.py [--shared ../shared] [--threshold T] [--encoder minilm]

Cite: Piskorski et al., SemEval-2023 Task 3 (2023); Da San Martino et al. (2019), PTC.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from discursus.annotate.components.frames import paragraphs_by_line
from discursus.annotate.components.speech import speech
from discursus.annotate.components.techniques import techniques as techniques_annotator
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.records import AnnotatorInput
from discursus.ingest.labelled import read_labelled
from discursus.runs.train import predict
from discursus.runs.train import train as train_labeller

PTC = ("111111", "7")


def span_prf(predicted: list[tuple], gold: list[tuple]) -> tuple[float, float, float]:
    """Span-level precision, recall and F1 of (article, technique, start, end) spans: each
    span credited with the share of it the other side's spans of its technique cover (their
    union, so overlapping spans are not counted twice)."""

    def covered(spans: list[tuple], by: list[tuple]) -> float:
        index = defaultdict(list)
        for article, technique, start, end in sorted(by):
            merged = index[article, technique]
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        total = 0.0
        for article, technique, start, end in spans:
            if end > start:
                total += sum(max(0, min(end, e) - max(start, s))
                             for s, e in index[article, technique]) / (end - start)  # fmt: skip
        return total

    precision = covered(predicted, gold) / len(predicted) if predicted else 0.0
    recall = covered(gold, predicted) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def gold_spans(folder: Path, articles: set[str]) -> list[tuple]:
    spans = []
    for line in (folder / "train-labels-subtask-3-spans.txt").read_text().splitlines():
        fields = line.split("\t")
        if len(fields) == 4 and fields[0] in articles:
            spans.append((fields[0], fields[1], int(fields[2]), int(fields[3])))
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--encoder", default=None, help="e.g. minilm (discursus[embed])")
    args = parser.parse_args()
    folder = args.shared / "data" / "semeval2023_t3" / "en"
    units = read_labelled("techniques", folder)
    ptc = units.group.str.startswith(PTC)
    train_units, test_units = units[ptc], units[~ptc]
    labels = sorted({label for found in units.labels for label in found})
    y_test = np.array([[label in f for label in labels] for f in test_units.labels], dtype=int)
    y_train = np.array([[label in f for label in labels] for f in train_units.labels], dtype=int)
    print(f"techniques: {len(train_units)} PTC paragraphs to train on, {len(test_units)} others "
          f"to score, {len(labels)} techniques")  # fmt: skip

    def scores(name, predicted):
        micro = f1_score(y_test, predicted, average="micro", zero_division=0)
        macro = f1_score(y_test, predicted, average="macro", zero_division=0)
        print(f"  {name:24s} micro F1 {micro:.3f}   macro F1 {macro:.3f}")

    def as_matrix(found: list[set[str]]) -> np.ndarray:
        return np.array([[label in f for label in labels] for f in found], dtype=int)

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
    measured = args.threshold is None
    model, _ = train_labeller("techniques", train_units, measure=measured, encoder=args.encoder)
    if not measured:
        model["threshold"] = args.threshold
    found = predict(model, test_texts)
    ours = as_matrix([{label for label, _ in row} for row in found])
    encoder = f", encoder {args.encoder}" if args.encoder else ""
    print(f"  (discursus: {time.perf_counter() - started:.0f} s to train and label; threshold "
          f"{model['threshold']}{encoder})")  # fmt: skip
    scores("discursus model", ours)

    # the annotator on the whole articles: rules' spans and the model's paragraph labels
    started = time.perf_counter()
    nlp = load_pipeline()
    articles = sorted(set(test_units.group))
    texts = {a: (folder / "train-articles-subtask-3" / f"article{a}.txt").read_text()
             for a in articles}  # fmt: skip
    by_paragraph: dict[str, set[str]] = defaultdict(set)
    rule_paragraphs: dict[str, set[str]] = defaultdict(set)
    rule_spans, annotator_spans = [], []
    for article, doc in zip(articles, nlp.pipe(texts[a] for a in articles), strict=True):
        # the speech annotator's quotes and actors, for the appeals to authority
        said = speech(AnnotatorInput(0, texts[article], doc, {"reference_entries": []}), {})
        item = AnnotatorInput(0, texts[article], doc, said)
        rows = techniques_annotator(item, {"model": model})["techniques"]
        spans_in = defaultdict(list)
        for row in rows:
            key = f"{article}:{row['paragraph']}"
            if row["unit"] == "span":
                rule_spans.append((article, row["technique"], row["start"], row["end"]))
                rule_paragraphs[key].add(row["technique"])
                spans_in[key, row["technique"]].append(rule_spans[-1])
        for row in rows:
            key = f"{article}:{row['paragraph']}"
            if row["unit"] == "paragraph":
                by_paragraph[key].add(row["technique"])
                # a paragraph's technique: its rules' spans, else the paragraph
                whole = [(article, row["technique"], row["start"], row["end"])]
                annotator_spans += spans_in.get((key, row["technique"])) or whole
    scores("discursus rules", as_matrix([rule_paragraphs[u] for u in test_units.unit]))
    scores("discursus annotator", as_matrix([by_paragraph[u] for u in test_units.unit]))
    print(
        f"  (annotator: {len(articles)} articles in {time.perf_counter() - started:.0f} s, "
        "parse included)"
    )

    gold = gold_spans(folder, set(articles))
    lines = {a: {n: (s, e) for n, s, e in paragraphs_by_line(texts[a])} for a in articles}
    baseline_spans = [
        (unit.split(":")[0], labels[j], *lines[unit.split(":")[0]][int(unit.split(":")[1])])
        for unit, row in zip(test_units.unit, tfidf, strict=True)
        for j in np.flatnonzero(row)
    ]
    print(f"  span level, {len(gold)} gold spans in {len(articles)} articles:")
    for name, spans in (("tf-idf LR paragraphs", baseline_spans), ("discursus rules", rule_spans),
                        ("discursus annotator", annotator_spans)):  # fmt: skip
        p, r, f = span_prf(spans, gold)
        print(f"  {name:24s} span P {p:.3f}   R {r:.3f}   F1 {f:.3f}   ({len(spans)} spans)")


if __name__ == "__main__":
    main()
