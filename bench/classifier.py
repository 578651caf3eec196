"""The classifier coder on SemEval-2023 Task 3 persuasion techniques (run by hand).

English training articles (../shared/data/semeval2023_t3/en), split by article id into a
training three quarters and a held-out quarter. The gold spans of the six commonest
techniques on the training articles are a coder's codings ("semeval"); ``discursus learn``
trains on them and codes every article. Measured on the held-out articles, per sentence (a
sentence is a yes for a technique when a gold span of it overlaps it):

  1. discursus's classifier (hashed word and character n-grams, tf-idf, logistic regression,
     pruned to its strongest weights, applied by the ``codes`` annotator);
  2. the reference, in the same run: scikit-learn's own TfidfVectorizer (word 1-2-grams and
     character 3-5-grams, full vocabulary) and LogisticRegression, trained and applied
     directly on the same sentences.

Prints precision, recall and F1 per technique, the ratio of discursus's F1 to the
reference's, seconds to train and to apply (per million words) and peak memory.

    python bench/classifier.py [--shared ../shared] [--threshold 0.5]

Cite: Piskorski et al., SemEval-2023 Task 3 (2023).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

import discursus
from discursus.annotate import AnnotateConfig
from discursus.annotate.components.codes import CODINGS

TECHNIQUES = (
    "Loaded_Language",
    "Name_Calling-Labeling",
    "Repetition",
    "Doubt",
    "Exaggeration-Minimisation",
    "Flag_Waving",
)


def held_out(article: str) -> bool:
    return zlib.crc32(article.encode()) % 4 == 0


def sentence_labels(sentences: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Each sentence with a 0/1 column per technique (a gold span overlaps it)."""
    frame = sentences.copy()
    for technique in TECHNIQUES:
        mine = spans[spans.technique == technique]
        by_doc = {doc: list(zip(g.start, g.end, strict=True)) for doc, g in mine.groupby("doc")}
        frame[technique] = [
            int(any(s < end and start < e for s, e in by_doc.get(doc, ())))
            for doc, start, end in zip(frame.doc, frame.start, frame.end, strict=True)
        ]
    return frame


def scores(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(gold, predicted, average="binary", zero_division=0)
    return float(p), float(r), float(f)


def reference(train: pd.DataFrame, test: pd.DataFrame, threshold: float) -> dict[str, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    found = {}
    for technique in TECHNIQUES:
        model = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=False),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)),
            ),
            LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000),
        )
        model.fit(train.text.tolist(), train[technique].to_numpy())
        probability = model.predict_proba(test.text.tolist())[:, 1]
        found[technique] = scores(test[technique].to_numpy(), probability >= threshold)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    data = args.shared / "data" / "semeval2023_t3" / "en"
    articles = sorted((data / "train-articles-subtask-3").glob("article*.txt"))
    spans = pd.read_csv(
        data / "train-labels-subtask-3-spans.txt", sep="\t", header=None,
        names=["article", "technique", "start", "end"], dtype={"article": str},
    )  # fmt: skip
    spans["doc"] = "article" + spans.article + ".txt"
    with tempfile.TemporaryDirectory() as folder:
        project = discursus.open_project(Path(folder) / "p", create=True)
        project.ingest(articles)
        project.annotate(AnnotateConfig(components=("parse",)), workers=2)
        documents = project.documents()
        ids = dict(zip(documents.name, documents.id, strict=True))
        names = project.document_names()
        training = [name for name in ids if not held_out(name)]
        for name in training:
            gold = spans[(spans.doc == name) & spans.technique.isin(TECHNIQUES)]
            rows = [
                {"start": int(r.start), "end": int(r.end), "code": r.technique,
                 "unit": "passage", "status": "coded", "coder": "semeval"}
                for r in gold.itertuples()
            ]  # fmt: skip
            # a coder who found nothing in an article still worked on it: a no for each
            rows = rows or [{"start": 0, "end": 1, "code": "none", "unit": "passage",
                             "status": "coded", "coder": "semeval"}]  # fmt: skip
            project.add_rows(CODINGS, ids[name], rows, "manual")
        started = time.perf_counter()
        report, settings = project.classifier_settings(
            ["semeval"], codes=list(TECHNIQUES), threshold=args.threshold
        )
        trained = time.perf_counter() - started
        started = time.perf_counter()
        project.annotate(AnnotateConfig(components=("codes",), settings=settings))
        applied = time.perf_counter() - started
        sentences = project.sentences()
        sentences["doc"] = sentences.doc_id.map(names)
        labelled = sentence_labels(sentences, spans)
        test = labelled[labelled.doc.map(held_out)]
        train = labelled[~labelled.doc.map(held_out)]
        suggested = project.codings(coder="classifier")
        words = int(documents.n_words.sum())
        print(
            f"SemEval-2023 T3 EN: {len(training)} training / {len(ids) - len(training)} "
            f"held-out articles, {len(train)} / {len(test)} sentences, {words:,} words"
        )
        print(report.to_string(index=False))
        ref_started = time.perf_counter()
        ref = reference(train, test, args.threshold)
        ref_seconds = time.perf_counter() - ref_started
        rows = []
        for technique in TECHNIQUES:
            mine = suggested[suggested.code == technique]
            places = set(zip(mine.doc, mine.start, strict=True))
            predicted = np.array(
                [(d, s) in places for d, s in zip(test.doc, test.start, strict=True)]
            )
            p, r, f = scores(test[technique].to_numpy(), predicted)
            rp, rr, rf = ref[technique]
            rows.append({"technique": technique, "gold": int(test[technique].sum()),
                         "P": p, "R": r, "F1": f, "ref P": rp, "ref R": rr, "ref F1": rf,
                         "F1 ratio": f / rf if rf else float("nan")})  # fmt: skip
        table = pd.DataFrame(rows)
        print(table.round(3).to_string(index=False))
        print(
            f"macro F1: discursus {table.F1.mean():.3f}, reference {table['ref F1'].mean():.3f} "
            f"(ratio {table.F1.mean() / table['ref F1'].mean():.2f})"
        )
        print(
            f"train (cross-validation and fit): {trained:.1f} s; apply (codes annotator, every "
            f"article): {applied:.1f} s = {applied / words * 1e6:.1f} s per million words; "
            f"reference train+apply: {ref_seconds:.1f} s"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
