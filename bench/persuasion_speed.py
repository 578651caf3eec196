"""Stance, frames and techniques on UN General Debate speeches (run by hand): paragraphs a
second on one core, each on Docs already parsed (the parse timed apart), and peak memory.

../shared/data/ungdc: the first ``--speeches`` speeches of the 2010s and 2020s in file
order. Targets: six countries (their official names and capitals) and three issues. The
models are trained first (not timed): stance on MAGPIE's 125_MultiTargetStance, frames and
techniques on SemEval-2023's English articles; with ``--encoder minilm`` (the
``discursus[embed]`` extra) each with its sentence-embedding head, the encoder held to one
thread so the figures stay per core.

    python bench/persuasion_speed.py [--shared ../shared] [--speeches 60] [--encoder minilm]

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
from discursus.runs.train import predict, train

COUNTRIES = ("United States", "Russia", "China", "Israel", "Iran", "Ukraine")
ISSUES = ("climate change", "sanctions", "terrorism")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("--speeches", type=int, default=60)
    parser.add_argument("--encoder", default=None, help="e.g. minilm (discursus[embed])")
    args = parser.parse_args()
    if args.encoder:
        import torch

        torch.set_num_threads(1)
    semeval = args.shared / "data" / "semeval2023_t3" / "en"
    with_encoder = f", {args.encoder}" if args.encoder else ""
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
    pairs = []
    for doc, text in zip(docs, texts, strict=True):
        mentions = find_mentions(text, targets)
        for sentence in doc.sents:
            for m in mentions:
                if sentence.start_char <= m["start"] < sentence.end_char:
                    target_stance(sentence, m["start"], m["end"], text)
                    pairs.append(f"{m['target']}. {sentence.text}")
    seconds = time.perf_counter() - started
    print(f"  stance (rules): {paragraphs / seconds:,.0f} paragraphs a second "
          f"({len(pairs):,} sentence-target pairs)")  # fmt: skip
    units = read_labelled("stance", args.shared / "data" / "magpie" / "125_MultiTargetStance")
    model, _ = train("stance", units, measure=False, encoder=args.encoder)
    started = time.perf_counter()
    predict(model, pairs)
    seconds = time.perf_counter() - started
    print(f"  stance (model{with_encoder}): {paragraphs / seconds:,.0f} paragraphs a second")

    for task in ("frames", "techniques"):
        model, _ = train(task, read_labelled(task, semeval), measure=False, encoder=args.encoder)
        started = time.perf_counter()
        for text in texts:
            labelled_units(text, model, "label")
        seconds = time.perf_counter() - started
        print(f"  {task} (model{with_encoder}): {paragraphs / seconds:,.0f} paragraphs a second")

    started = time.perf_counter()
    spans = sum(len(technique_spans(doc, text)) for doc, text in zip(docs, texts, strict=True))
    seconds = time.perf_counter() - started
    print(f"  techniques (rules): {paragraphs / seconds:,.0f} paragraphs a second "
          f"({spans:,} spans)")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
