"""Corpus engine speed against NLTK on the UN General Debate speeches (run by hand).

    python bench/corpus.py [--shared ../shared] [--workers 2] [--repeat 5]

The first run ingests and annotates all speeches into bench/.cache/ungdc/project (about
7 million words; ~20 minutes with 2 workers) and reuses it afterwards. Then, in one run and on
the same tokens (the index's, in corpus order):

1. index build (discursus, from the Parquet shards) vs ``nltk.text.ConcordanceIndex``;
2. time to the first 100 KWIC lines of a rare and of a frequent word vs NLTK's
   ``find_concordance`` (both case-insensitive, the index and NLTK's already built);
3. log-likelihood collocates (one token to the right) of 20 nodes vs
   ``BigramCollocationFinder.from_documents`` + ``score_ngram``, and whether the scores agree
   to 6 digits: on the same counts (NLTK's measure on discursus's table), and with NLTK's own;
4. keywords of session 79 (2024) against session 65 (2010) vs the same in plain Python
   (``collections.Counter`` and the G2 formula), which NLTK does not offer;
5. peak memory of this process.

Data: Jankin, Baturo & Dasandi, UN General Debate Corpus (CC0).
"""

from __future__ import annotations

import argparse
import csv
import math
import resource
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

import discursus
from discursus.analysis.concordance import kwic
from discursus.analysis.corpus import Corpus
from discursus.annotate import AnnotateConfig
from discursus.store.token_index import build_index

CACHE = Path(__file__).resolve().parent / ".cache" / "ungdc"


def prepare(shared: Path, workers: int) -> discursus.Project:
    """The annotated UNGDC project, built on first use. Country, session and year come from
    the file names (ISO_SESSION_YEAR.txt) through a metadata.csv next to the copies."""
    project_path = CACHE / "project"
    if (project_path / "ready").exists():
        return discursus.open_project(project_path)
    speeches = sorted((shared / "data" / "ungdc" / "speeches").glob("*.txt"))
    if not speeches:
        raise SystemExit(f"no speeches under {shared}/data/ungdc/speeches")
    corpus = CACHE / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    with open(corpus / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "country", "session", "date"])
        for path in speeches:
            country, session, year = path.stem.split("_")
            writer.writerow([path.name, country, session, year])
            if not (corpus / path.name).exists():
                shutil.copyfile(path, corpus / path.name)
    project = discursus.open_project(project_path, create=True)
    project.ingest([corpus])
    project.annotate(AnnotateConfig(), workers=workers)
    (project_path / "ready").touch()
    return project


NODES = (
    "peace",
    "security",
    "development",
    "climate",
    "terrorism",
    "sovereignty",
    "nuclear",
    "refugees",
    "poverty",
    "democracy",
    "human",
    "sustainable",
    "international",
    "conflict",
    "cooperation",
    "women",
    "economic",
    "justice",
    "dialogue",
    "reform",
)


def timed(function, repeat: int = 1) -> tuple[float, object]:
    """Median seconds over ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def row(label: str, ours: float, theirs: float, unit: str = "s") -> None:
    scale = 1000 if unit == "ms" else 1
    print(
        f"  {label:<44} discursus {ours * scale:>9.2f} {unit}   reference {theirs * scale:>9.2f} "
        f"{unit}   ratio {theirs / ours:>8.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    project = prepare(args.shared, args.workers)
    if args.prepare_only:
        return
    import nltk
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    shards, stamp = project._index_sources()
    with tempfile.TemporaryDirectory() as scratch:
        build_seconds, _ = timed(lambda: build_index(Path(scratch) / "index", shards, stamp))
    index = project.index()
    whole = Corpus(index, project.documents())
    n = index.n_tokens
    ours_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"UNGDC: {len(index.doc_ids):,} speeches, {n:,} tokens (without whitespace)")

    def read_tokens() -> list[str]:
        # what NLTK needs first: the tokens as a list, here from the same Parquet shards
        import duckdb

        paths = sorted({str(p) for _, p in shards})
        frame = duckdb.sql(
            "SELECT text FROM read_parquet($paths) WHERE pos <> 'SPACE' ORDER BY doc_id, i",
            params={"paths": paths},
        ).to_arrow_table()
        return frame.column("text").to_pylist()

    read_seconds, tokens = timed(read_tokens)
    assert len(tokens) == n
    nltk_build, concordance = timed(lambda: nltk.text.ConcordanceIndex(tokens))
    print("1. index")
    row("build: NLTK from a ready list of tokens", build_seconds, nltk_build)
    row(
        "build: NLTK reading its tokens from the shards too",
        build_seconds,
        nltk_build + read_seconds,
    )

    print(f"2. first 100 KWIC lines (median of {args.repeat}); NLTK has no query language")
    frequencies = index.lexicon("lower").frequencies
    strings = index.lexicon("lower").strings
    alphabetic = np.array([s.isalpha() for s in strings])
    rare_id = int(np.argmin(np.where(alphabetic & (frequencies >= 100), frequencies, n)))
    for label, word in (("rare", strings[rare_id]), ("frequent", "the")):
        count = int(frequencies[index.lexicon("lower").ids[word]])
        ours, lines = timed(lambda w=word: kwic(index, w, limit=100), args.repeat)
        theirs, reference = timed(
            lambda w=word: concordance.find_concordance(w, width=80)[:100], args.repeat
        )
        assert len(lines) == len(reference) == min(100, count)
        row(f"{label}: {word!r} ({count:,} hits)", ours, theirs, "ms")
    for query, where in (
        ('[lemma="sovereign.*" & pos="NOUN"] []{0,3} [lemma="state"]', None),
        ('[pos="ADJ"]+ "terrorism"', None),
        ('"climate" "change"', "year >= 2020"),
    ):
        corpus = Corpus(index, project.documents(), where=where) if where else whole
        ours, lines = timed(lambda c=corpus, q=query: c.kwic(q, limit=100), args.repeat)
        label = f"{query}" + (f" where {where}" if where else "")
        print(f"  {label:<60} discursus {ours * 1000:>7.2f} ms ({len(lines)} lines)")

    print("3. log-likelihood collocates of 20 nodes, one token to the right")
    documents = [
        tokens[index.doc_bounds[d] : index.doc_bounds[d + 1]] for d in range(len(index.doc_ids))
    ]
    lowered = [[t.lower() for t in doc] for doc in documents]

    def nltk_collocates():
        finder = BigramCollocationFinder.from_documents(lowered)
        following = defaultdict(list)
        for w1, w2 in finder.ngram_fd:
            following[w1].append(w2)
        return finder, {
            node: {
                w2: finder.score_ngram(BigramAssocMeasures.likelihood_ratio, node, w2)
                for w2 in following[node]
            }
            for node in NODES
        }

    def our_collocates():
        return {
            node: whole.collocates(
                node,
                left=0,
                right=1,
                min_frequency=1,
                min_collocate_frequency=1,
                punctuation=True,
                limit=None,
            )
            for node in NODES
        }

    theirs, (finder, nltk_scores) = timed(nltk_collocates)
    ours, tables = timed(our_collocates)
    row("20 nodes (NLTK: finder + scores)", ours, theirs)
    same_counts = same_nltk = total = 0
    for node, table in tables.items():
        r1 = table.attrs["window_tokens"]
        for item in table.itertuples():
            total += 1
            on_our_counts = BigramAssocMeasures.likelihood_ratio(
                int(item.frequency), (r1, int(item.collocate_frequency)), n
            )
            same_counts += math.isclose(item.ll, on_our_counts, rel_tol=1e-6, abs_tol=1e-6)
            same_nltk += math.isclose(
                item.ll, nltk_scores[node].get(item.collocate, math.nan), rel_tol=1e-6
            )
    print(
        f"  scores equal to 6 digits: {same_counts:,}/{total:,} on the same counts; "
        f"{same_nltk:,}/{total:,} with NLTK's own finder"
    )

    print("4. keywords, session 79 against session 65")
    ours, table = timed(
        lambda: whole.keywords("session = 79", "session = 65", limit=None), args.repeat
    )
    docs = project.documents()
    sessions = docs.set_index("id")["meta"].map(lambda m: str(m.get("session")))

    def plain_keywords():
        counts = {"79": Counter(), "65": Counter()}
        for d, doc_id in enumerate(index.doc_ids):
            session = sessions.get(int(doc_id))
            if session in counts:
                counts[session].update(
                    t
                    for t, p in zip(
                        lowered[d],
                        index.is_punct[index.doc_bounds[d] : index.doc_bounds[d + 1]],
                        strict=True,
                    )
                    if not p
                )
        a_all, b_all = counts["79"], counts["65"]
        c, d = sum(a_all.values()), sum(b_all.values())
        scores = {}
        for word, a in a_all.items():
            if a < 3:
                continue
            b = b_all.get(word, 0)
            e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
            scores[word] = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0))
        return scores

    theirs, plain = timed(plain_keywords)
    row("two sessions (reference: Counter + G2 in Python)", ours, theirs, "ms")
    agree = sum(
        math.isclose(r.ll, plain[r.word], rel_tol=1e-9)
        for r in table.itertuples()
        if r.word in plain
    )
    print(f"  G2 equal for {agree:,}/{len(table):,} words; top: {', '.join(table.word[:8])}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in (project.path / "index").iterdir()) / 2**20
    print(
        f"5. peak RSS: {ours_peak:,.0f} MB after building and opening the index (discursus "
        f"alone), {peak:,.0f} MB at the end with NLTK's structures; index on disk {size:,.0f} MB"
    )


if __name__ == "__main__":
    main()
