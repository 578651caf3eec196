"""Ingest speed and memory, and annotators on pathological text (run by hand: make bench).

In one run, on text from ../shared/data/ungdc (one paragraph a row or member):
  1. a CSV of --rows rows: discursus ingest against pandas.read_csv + one SQLite executemany
     of the same rows (the least any ingest does);
  2. a zip of --members small text files: discursus ingest against reading every member with
     zipfile and decoding it;
  3. one text file of --big-mb megabytes (limits raised): the peak memory its ingest takes
     above the ingest of one paragraph (same imports, models and project), as a multiple of
     the file's size;
  4. reported speech and citations on 100 KB of each hostile-text family, as seconds per
     100 KB against 100 KB of ordinary speeches.

    python bench/ingest.py [--rows 50000] [--members 20000] [--big-mb 150]

Data: Jankin, Baturo & Dasandi, UN General Debate Corpus (CC0).
"""

from __future__ import annotations

import argparse
import io
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import discursus
from discursus.ingest import IngestConfig

SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def paragraphs(shared: Path, count: int) -> list[str]:
    """Passages of 100 to 600 characters: sentences joined up to that length."""
    found: list[str] = []
    for path in sorted((shared / "data" / "ungdc" / "speeches").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        passage = ""
        for sentence in SENTENCES.split(text):
            passage = f"{passage} {sentence.strip()}".strip()
            if len(passage) >= 100:
                found.append(passage[:600])
                passage = ""
        if len(found) >= count:
            return found[:count]
    if not found:
        raise SystemExit(f"no speeches under {shared}/data/ungdc/speeches")
    return (found * (count // len(found) + 1))[:count]


def timed_ingest(project_path: Path, corpus: Path, expected: int) -> float:
    """Seconds ``discursus ingest`` takes on ``corpus``, checked to add ``expected``."""
    project = discursus.open_project(project_path, create=True)
    start = time.perf_counter()
    summary = project.ingest([corpus])
    elapsed = time.perf_counter() - start
    assert summary.added == expected, summary
    return elapsed


def table_bench(rows: list[str], folder: Path) -> None:
    import pandas as pd

    path = folder / "rows.csv"
    pd.DataFrame({"id": [f"p{i}" for i in range(len(rows))], "text": rows}).to_csv(
        path, index=False
    )
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    database = sqlite3.connect(folder / "reference.sqlite")
    database.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, text TEXT)")
    database.executemany("INSERT INTO documents VALUES (?, ?)", frame.itertuples(index=False))
    database.commit()
    reference = time.perf_counter() - start
    elapsed = timed_ingest(folder / "table", path, len(rows))
    print(
        f"table of {len(rows):,} rows: discursus {len(rows) / elapsed:8,.0f} rows/s "
        f"({elapsed:.1f} s); read_csv + executemany {len(rows) / reference:9,.0f} rows/s; "
        f"ratio {reference / elapsed:.2f}   goal >= 10,000 rows/s"
    )


def archive_bench(rows: list[str], folder: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, text in enumerate(rows):
            archive.writestr(f"speeches/p{i:06d}.txt", text)
    path = folder / "members.zip"
    path.write_bytes(buffer.getvalue())
    start = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            archive.read(info).decode("utf-8")
    reference = time.perf_counter() - start
    elapsed = timed_ingest(folder / "archive", path, len(rows))
    print(
        f"zip of {len(rows):,} members: discursus {len(rows) / elapsed:8,.0f} members/s "
        f"({elapsed:.1f} s); zipfile read + decode {len(rows) / reference:9,.0f} members/s"
    )


_PEAK = """
import resource, sys, discursus
from discursus.ingest import IngestConfig
project = discursus.open_project(sys.argv[1], create=True)
if len(sys.argv) > 2:
    limit = 1 << 40
    project.ingest([sys.argv[2]], IngestConfig(max_file_bytes=limit, max_archive_bytes=limit))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def big_file_bench(rows: list[str], folder: Path, megabytes: int) -> None:
    path = folder / "big.txt"
    chunk = "\n\n".join(rows).encode("utf-8")
    with open(path, "wb") as handle:
        written = 0
        while written < megabytes * 2**20:
            handle.write(chunk)
            written += len(chunk)
    size = path.stat().st_size

    def peak(*args: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=True
        )
        return int(out.stdout.split()[-1])

    small = folder / "small.txt"
    small.write_text(rows[0], encoding="utf-8")
    baseline = peak(str(folder / "small"), str(small))  # the same work on one paragraph
    start = time.perf_counter()
    used = peak(str(folder / "big"), str(path))
    elapsed = time.perf_counter() - start
    print(
        f"one text of {size / 2**20:,.0f} MB: ingest {elapsed:.1f} s, peak memory "
        f"{(used - baseline) / 2**20:,.0f} MB above ingesting one paragraph = "
        f"{(used - baseline) / size:.2f}x the file   goal <= 3x"
    )


def hostile_bench(rows: list[str]) -> None:
    from discursus.annotate.citations import extract_citations
    from discursus.annotate.pipeline import load_pipeline
    from discursus.annotate.speech import analyze_speech
    from discursus.testing.hostile_text import FAMILIES

    nlp = load_pipeline()
    size = 100_000

    def timed(text: str) -> tuple[float, float, float]:
        start = time.perf_counter()
        doc = nlp(text)
        parsed = time.perf_counter()
        analyze_speech(doc, "x")
        spoken = time.perf_counter()
        extract_citations(text, "x")
        return parsed - start, spoken - parsed, time.perf_counter() - spoken

    ordinary = "\n\n".join(rows)[:size]
    parse, speech, cites = timed(ordinary)
    print(
        f"100 KB of ordinary speeches: parse {parse:.2f} s, speech {speech:.2f} s, "
        f"citations {cites:.3f} s"
    )
    for name, family in FAMILIES.items():
        p, s, c = timed(family(size, 0))
        print(
            f"  {name:20} parse {p:5.2f} s  speech {s:5.2f} s ({s / speech:4.1f}x ordinary)"
            f"  citations {c:.3f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--big-mb", type=int, default=150)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    rows = paragraphs(args.shared, max(args.rows, args.members))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        IngestConfig()  # imports before timing
        table_bench(rows[: args.rows], folder)
        archive_bench(rows[: args.members], folder)
        big_file_bench(rows, folder, args.big_mb)
    hostile_bench(rows)


if __name__ == "__main__":
    main()
