"""Annotate throughput and memory on UN General Debate speeches (run by hand: make bench).

In one run, on the same sample of ../shared/data/ungdc speeches:
  1. raw ``nlp.pipe`` over the texts, one process (the reference);
  2. ``discursus annotate`` + store with 1 worker, then with 2 workers (fresh projects);
and peak resident memory (this process and its workers) when 10%, 50% and 100% of the
characters are done. Prints words/s and the ratios against the reference.

    python bench/annotate.py [--speeches 120] [--shared ../shared]

Data: Jankin, Baturo & Dasandi, UN General Debate Corpus (CC0).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import threading
import time
from pathlib import Path

import psutil

import discursus
from discursus.annotate import AnnotateConfig, load_pipeline

WORD = re.compile(r"\w+")


class PeakMemory:
    """Samples the RSS of this process and its children every 50 ms; keeps the peak."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class MemoryAtMarks:
    """A ``Progress`` that notes the peak memory when 10%, 50% and 100% of the work is done."""

    def __init__(self, memory: PeakMemory) -> None:
        self.memory = memory
        self.total = 0
        self.done = 0
        self.marks: dict[int, float] = {}

    def start(self, total: int | None) -> None:
        self.total = total or 0

    def advance(self, amount: int, _note: str) -> None:
        self.done += amount
        for mark in (10, 50, 100):
            if mark not in self.marks and self.done >= self.total * mark / 100:
                self.marks[mark] = self.memory.peak / 2**20


def pick_speeches(shared: Path, count: int) -> list[Path]:
    files = sorted((shared / "data" / "ungdc" / "speeches").glob("*.txt"))
    if not files:
        raise SystemExit(f"no speeches under {shared}/data/ungdc/speeches")
    step = max(len(files) // count, 1)
    return files[::step][:count]


def raw_parse_seconds(texts: list[str]) -> float:
    """Seconds raw ``nlp.pipe`` takes over ``texts`` in this process (the reference)."""
    nlp = load_pipeline()
    nlp("warm up")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def run_discursus(files: list[Path], workers: int) -> tuple[float, dict[int, float]]:
    with tempfile.TemporaryDirectory() as folder:
        project = discursus.open_project(Path(folder) / "p", create=True)
        project.ingest(files)
        with PeakMemory() as memory:
            progress = MemoryAtMarks(memory)
            start = time.perf_counter()
            project.annotate(AnnotateConfig(), workers=workers, progress=progress)
            elapsed = time.perf_counter() - start
        return elapsed, progress.marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=120)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    files = pick_speeches(args.shared, args.speeches)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(WORD.findall(t)) for t in texts)
    print(f"{len(files)} speeches, {words:,} words, {sum(map(len, texts)):,} characters")

    raw = raw_parse_seconds(texts)
    print(f"raw nlp.pipe, 1 process:       {words / raw:9,.0f} words/s")

    results = {}
    for workers in (1, 2):
        elapsed, marks = run_discursus(files, workers)
        results[workers] = elapsed
        memory = ", ".join(f"{m}%: {v:,.0f} MB" for m, v in sorted(marks.items()))
        print(
            f"discursus annotate, {workers} worker{'s' if workers > 1 else ' '}: "
            f"{words / elapsed:9,.0f} words/s  ratio to raw {raw / elapsed:.2f}  "
            f"peak RSS {memory}"
        )
    print(f"2 workers vs 1 worker: {results[1] / results[2]:.2f}x")
    print("goals: ratio to raw >= 0.9 with 1 worker; >= 1.6x with 2 workers; flat memory")


if __name__ == "__main__":
    main()
