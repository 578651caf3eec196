"""Automatic coding with a 30-code lexical codebook on UN General Debate speeches (run by hand).

In one run, on the same annotated project:
  1. the reference: a plain Python ``re`` scan of the texts for the codebook's terms (one
     case-insensitive alternation with word boundaries);
  2. the same terms looked up in the token index (``discursus.analysis.query.find``, the
     engine behind ``kwic``): postings, no text scanned;
  3. the coder's own lookups of the codebook's keywords in the token index (what
     ``discursus code`` does when only the coding is stale);
  4. ``discursus code`` re-run on every document, end to end (lookups, texts and sentences
     read, codings written);
  5. the same codes as spaCy Matcher patterns, which need the parse: Docs rebuilt from the
     stored tokens (seconds per million words).
Prints seconds, hits, the ratios against the reference and peak memory.

    python bench/coding.py [--project P | --speeches 200] [--shared ../shared]

Goal (issue 12): the lexical codebook through the token index >= 20x the re scan.
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path

from annotate import pick_speeches  # bench/annotate.py, beside this one

import discursus
from discursus.analysis.query import find
from discursus.annotate import AnnotateConfig
from discursus.annotate.codebook import codebook_from_data
from discursus.annotate.components.codes import index_hits
from discursus.annotate.records import IndexInput
from discursus.registry import Component, components, registered

# thirty codes of world-order talk, a term or two each (written for this benchmark)
TERMS = {
    "sovereignty": ["sovereignty"],
    "hegemony": ["hegemony", "hegemonic"],
    "multilateralism": ["multilateralism"],
    "multipolarity": ["multipolar"],
    "unilateralism": ["unilateral"],
    "sanctions": ["sanctions"],
    "colonialism": ["colonialism", "colonial"],
    "imperialism": ["imperialism"],
    "security council reform": ["Security Council reform"],
    "veto": ["veto"],
    "development": ["sustainable development"],
    "poverty": ["poverty"],
    "debt": ["debt"],
    "climate": ["climate change"],
    "terrorism": ["terrorism"],
    "human rights": ["human rights"],
    "democracy": ["democracy"],
    "rule of law": ["rule of law"],
    "international law": ["international law"],
    "self-determination": ["self-determination"],
    "occupation": ["occupation"],
    "peacekeeping": ["peacekeeping"],
    "disarmament": ["disarmament"],
    "nuclear weapons": ["nuclear weapons"],
    "refugees": ["refugees"],
    "migration": ["migration"],
    "pandemic": ["pandemic"],
    "global south": ["Global South"],
    "solidarity": ["solidarity"],
    "justice": ["justice"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an annotated UNGDC project to use")
    parser.add_argument("--speeches", type=int, default=200)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.project:
            project = discursus.open_project(args.project)
            # brings an older project's schema up to date; parses nothing already parsed
            project.annotate(AnnotateConfig(components=("parse",)))
        else:
            project = discursus.open_project(Path(folder) / "p", create=True)
            project.ingest(pick_speeches(args.shared, args.speeches))
            project.annotate(AnnotateConfig(components=("parse",)))
        run(project)


def run(project) -> None:
    texts = project.documents(text=True).text.tolist()
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, about {words:,} words; {len(TERMS)} codes")

    terms = [term for group in TERMS.values() for term in group]
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    start = time.perf_counter()
    scanned = sum(1 for text in texts for _ in pattern.finditer(text))
    reference = time.perf_counter() - start
    print(f"re scan:                 {reference:7.2f} s  {scanned:,} hits")

    index = project.index()
    start = time.perf_counter()
    looked_up = sum(len(find(index, term)) for term in terms)
    indexed = time.perf_counter() - start
    print(
        f"token index lookups:     {indexed:7.2f} s  {looked_up:,} hits  "
        f"{reference / indexed:6.1f}x the re scan (goal >= 20x)"
    )

    book = {"name": "World order", "codes": [{"name": n, "keywords": t} for n, t in TERMS.items()]}
    ids = project.documents().id.astype(int).tolist()
    start = time.perf_counter()
    hits = index_hits(IndexInput(index, ids, {}, {}), codebook_from_data(book))
    matched = time.perf_counter() - start
    print(
        f"the coder's index lookups:{matched:6.2f} s  {sum(map(len, hits.values())):,} hits  "
        f"{reference / matched:6.1f}x the re scan (goal >= 20x)"
    )
    settings = {"codes": {"codebook": book, "unit": "sentence"}}
    annotated, summary = _rerun(project, settings, on_index=True)
    coded = int(project.codings(status="suggested").hits.map(len).sum())
    print(
        f"discursus code, re-run:  {annotated:7.2f} s  {coded:,} hits in "
        f"{summary.ran['codes']:,} documents  {reference / annotated:6.2f}x the re scan "
        "(through the index: lookups, reading texts and sentences, writing the codings)"
    )
    # the same codes as Matcher patterns: the parse is rebuilt from the stored tokens
    patterns = {
        "name": "World order, as patterns",
        "codes": [
            {"name": n, "patterns": [[{"LOWER": w.lower()} for w in term.split()] for term in t]}
            for n, t in TERMS.items()
        ],
    }
    annotated, summary = _rerun(project, {"codes": {"codebook": patterns, "unit": "sentence"}})
    print(
        f"Matcher patterns re-run: {annotated:7.2f} s  {annotated / words * 1e6:6.2f} s per "
        f"million words (on Docs rebuilt from the stored tokens)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


def _rerun(project, settings, on_index: bool = False):
    """Every document coded again: a version never seen makes the coder alone stale."""
    codes = components("annotator")["codes"]
    fresh = Component(
        codes.name, codes.kind, f"{codes.version}+bench{time.time_ns()}", codes.func,
        codes.requires, codes.produces, codes.config, codes.label,
        traits=codes.traits if on_index else {},
    )  # fmt: skip
    with registered(fresh):
        start = time.perf_counter()
        summary = project.annotate(AnnotateConfig(components=("codes",), settings=settings))
        return time.perf_counter() - start, summary


if __name__ == "__main__":
    main()
