"""Stance, frames and techniques on UN General Debate speeches (run by hand): paragraphs a
second on one core, each on Docs already parsed (the parse timed apart), and peak memory.

../shared/data/ungdc: the first ``--speeches`` speeches of the 2010s and 2020s in file
order. Targets: six countries (their official names and capitals) and three issues. The
frames model is trained first on SemEval-2023's English articles (not timed).

    python bench/persuasion_speed.py [--shared ../shared] [--speeches 60]

Cite: Jankin, Baturo & Dasandi, the UN General Debate Corpus; Piskorski et al. (2023).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from discursus.annotate.components.frames import labelled_units, paragraphs_by_line
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.stance import target_stance
from discursus.annotate.targets import Target, TargetList, country_names, find_mentions
from discursus.annotate.techniques import technique_spans
from discursus.ingest.labelled import read_labelled
from discursus.runs.train import train

COUNTRIES = ("United States", "Russia", "China", "Israel", "Iran", "Ukraine")
ISSUES = ("climate change", "sanctions", "terrorism")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--speeches", type=int, default=60)
    args = parser.parse_args()
    files = sorted((args.shared / "data" / "ungdc" / "speeches").glob("*_20[12]?.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files[: args.speeches]]
    paragraphs = sum(len(paragraphs_by_line(t)) for t in texts)
    targets = TargetList(tuple([country_names(c) for c in COUNTRIES]
                               + [Target(i) for i in ISSUES]))  # fmt: skip
    nlp = load_pipeline()
    started = time.perf_counter()
    docs = [nlp(t) for t in texts]
    parse = time.perf_counter() - started
    print(f"{len(texts)} speeches, {paragraphs:,} paragraphs; the parse: "
          f"{paragraphs / parse:.0f} paragraphs a second")  # fmt: skip

    started = time.perf_counter()
    stances = 0
    for doc, text in zip(docs, texts, strict=True):
        mentions = find_mentions(text, targets)
        for sentence in doc.sents:
            for m in mentions:
                if sentence.start_char <= m["start"] < sentence.end_char:
                    stances += 1
                    target_stance(sentence, m["start"], m["end"], text)
    seconds = time.perf_counter() - started
    print(f"  stance (rules): {paragraphs / seconds:,.0f} paragraphs a second "
          f"({stances:,} sentence-target pairs)")  # fmt: skip

    model, _ = train("frames", read_labelled("frames", args.shared / "data" / "semeval2023_t3"
                                             / "en"), measure=False)  # fmt: skip
    started = time.perf_counter()
    for text in texts:
        labelled_units(text, model, "frame")
    seconds = time.perf_counter() - started
    print(f"  frames (model): {paragraphs / seconds:,.0f} paragraphs a second")

    started = time.perf_counter()
    spans = sum(len(technique_spans(doc, text)) for doc, text in zip(docs, texts, strict=True))
    seconds = time.perf_counter() - started
    print(f"  techniques (rules): {paragraphs / seconds:,.0f} paragraphs a second "
          f"({spans:,} spans)")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
