"""Count, on PolNeAR's train split, how often each verb lemma in cue position is a gold cue.

Writes src/discursus/annotate/speech/cue_lexicon.tsv (lemma, seen, cue): lemma counts only.
Run by hand: python bench/learn_cues.py
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from polnear import gold, parsed

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.speech.attribution import is_cue_candidate

OUT = Path(__file__).resolve().parents[1] / "src/discursus/annotate/speech/cue_lexicon.tsv"
MIN_SEEN = 3


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


if __name__ == "__main__":
    main()
