"""Re-running one component on stored parses against parsing (run by hand).

In one run, on the same sample of ../shared/data/ungdc speeches: the full annotate (the parse
and every component), then each component other than the parse re-run alone after its
version changed, on Docs rebuilt from the stored tokens (never parsing again). Prints each
re-run's time as a share of the full annotate and of raw ``nlp.pipe`` over the same texts.

    python bench/rerun.py [--speeches 120] [--shared ../shared]

Goal: a component on stored parses costs at most 10% of the parse (plus its own work).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from annotate import pick_speeches, raw_parse_seconds  # bench/annotate.py, beside this one

import discursus
from discursus.annotate import AnnotateConfig
from discursus.registry import PARSE, Component, components, registered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=120)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    files = pick_speeches(args.shared, args.speeches)
    texts = [f.read_text(encoding="utf-8") for f in files]
    print(f"{len(files)} speeches, {sum(map(len, texts)):,} characters")
    raw = raw_parse_seconds(texts)
    print(f"raw nlp.pipe:                                   {raw:7.1f} s")

    with tempfile.TemporaryDirectory() as folder:
        project = discursus.open_project(Path(folder) / "p", create=True)
        project.ingest(files)
        start = time.perf_counter()
        project.annotate(AnnotateConfig())
        full = time.perf_counter() - start
        print(f"full annotate (parse + all):                    {full:7.1f} s")
        for name, component in components("annotator").items():
            if name == PARSE:
                continue
            bumped = Component(
                name,
                component.kind,
                component.version + "+bench",
                component.func,
                component.requires,
                component.produces,
                component.config,
                component.label,
            )
            project.annotate(AnnotateConfig())  # all fresh at the installed versions
            with registered(bumped):
                start = time.perf_counter()
                summary = project.annotate(AnnotateConfig(components=(name,)))
                alone = time.perf_counter() - start
            assert summary.tokens == 0, "parsed again"
            # what requires it re-runs with it (its input changed)
            ran = " + ".join(summary.ran)
            print(
                f"new version of {name:<10} ran {ran:<18} {alone:7.1f} s  "
                f"{alone / full:6.1%} of the full annotate, {alone / raw:6.1%} of raw nlp.pipe"
            )
        # the cost of the house itself: rebuilding Docs and reading the rows it needs
        cheap = Component("noop-bench", "annotator", "1", lambda item, config: {}, (PARSE,))
        project.annotate(AnnotateConfig())
        with registered(cheap):
            start = time.perf_counter()
            project.annotate(AnnotateConfig(components=("noop-bench",)))
            house = time.perf_counter() - start
        print(
            f"a component that does nothing, on stored parses: {house:7.1f} s  "
            f"{house / raw:6.1%} of raw nlp.pipe (goal: <= 10%)"
        )


if __name__ == "__main__":
    main()
