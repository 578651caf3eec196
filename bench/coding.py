"""Automatic coding with a 30-code lexical codebook on UN General Debate speeches (run by hand).

In one run, on the same annotated project:
  1. the reference: a plain Python ``re`` scan of the texts for the codebook's terms (one
     case-insensitive alternation with word boundaries);
  2. the same terms looked up in the token index (``discursus.analysis.query.find``, the
     engine behind ``kwic``): postings, no text scanned;
  3. the ``codes`` annotator re-run on every document (Docs rebuilt from the stored tokens,
     spaCy's PhraseMatcher and Matcher), which is what ``discursus code`` does today.
Prints seconds, hits and the ratios against the reference.

    python bench/coding.py [--project P | --speeches 200] [--shared ../shared]

Goal (issue 12): the lexical codebook through the token index >= 20x the re scan.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from annotate import pick_speeches  # bench/annotate.py, beside this one

import discursus
from discursus.analysis.query import find
from discursus.annotate import AnnotateConfig
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
    codes = components("annotator")["codes"]
    # a version never seen makes every document stale for the coder alone
    fresh = Component(
        codes.name,
        codes.kind,
        f"{codes.version}+bench{time.time_ns()}",
        codes.func,
        codes.requires,
        codes.produces,
        codes.config,
        codes.label,
    )
    settings = {"codes": {"codebook": book, "unit": "sentence"}}
    with registered(fresh):
        start = time.perf_counter()
        summary = project.annotate(AnnotateConfig(components=("codes",), settings=settings))
        annotated = time.perf_counter() - start
    coded = int(project.codings(status="suggested").hits.map(len).sum())
    print(
        f"codes annotator re-run:  {annotated:7.2f} s  {coded:,} hits in "
        f"{summary.ran['codes']:,} documents  {reference / annotated:6.2f}x the re scan"
    )


if __name__ == "__main__":
    main()
