"""In-text citation quality on the eLife articles in ../shared/data/elife_citations (CC BY 4.0).

A gold in-text citation is one work ("Simon and Kingston, 2013") with the reference it points
to. Ours are the works of each citation group. Both sides are keyed by (first author's surname,
year as written); per article the two multisets are matched, giving precision and recall, and
linking accuracy is the share of matched works whose reference is the gold one (the n-th line of
the article's reference list is the n-th row of reference_lists.tsv).

    python bench/quality_citations.py [--show-errors N]
"""

from __future__ import annotations

import argparse
import csv
import re
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from discursus.annotate.citations import extract_citations

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "elife_citations"


def fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z]", "", "".join(c for c in name if not unicodedata.combining(c)).lower())


def gold_key(intext: str) -> tuple[str, str]:
    year = re.findall(r"(?:1[0-9]{3}|20[0-9]{2})[a-z]?", intext)[-1]
    first = re.split(r"\s+et al|\s+and\s+|\s*&\s*|,|\s*\(", intext)[0]
    return fold(first), year


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    with (ROOT / "intext_citations_gold.tsv").open(encoding="utf-8") as handle:
        gold_rows = list(csv.DictReader(handle, delimiter="\t"))
    with (ROOT / "reference_lists.tsv").open(encoding="utf-8") as handle:
        ref_ids: dict[str, list[str]] = defaultdict(list)
        for row in csv.DictReader(handle, delimiter="\t"):
            ref_ids[row["article"]].append(row["ref_id"])
    gold: dict[str, Counter] = defaultdict(Counter)
    previous_author = ""
    for row in gold_rows:
        author, year = gold_key(row["intext_text"])
        if len(author) < 2:
            # "Godchaux et al., 1983, 1984": the gold gives the later years alone
            author = previous_author
        previous_author = author
        gold[row["article"]][(author, year, row["rid"])] += 1
    tp = n_gold = n_pred = linked_ok = 0
    elapsed = 0.0
    misses, extras = [], []
    for article in sorted(gold):
        text = (ROOT / "text" / f"{article}.txt").open(encoding="utf-8", newline="").read()
        started = time.perf_counter()
        rows, references = extract_citations(text, article)
        elapsed += time.perf_counter() - started
        pred: Counter = Counter()
        for row in rows:
            for work in row["works"]:
                ref = work["reference"]
                rid = (
                    ref_ids[article][ref]
                    if ref is not None and ref < len(ref_ids[article])
                    else None
                )
                pred[(fold(work["authors"][0]), work["year"], rid)] += 1
        g_keys = Counter({(a, y): 0 for a, y, _ in gold[article]})
        for (a, y, _), n in gold[article].items():
            g_keys[(a, y)] += n
        p_keys = Counter()
        for (a, y, _), n in pred.items():
            p_keys[(a, y)] += n
        matched = g_keys & p_keys
        tp += sum(matched.values())
        n_gold += sum(g_keys.values())
        n_pred += sum(p_keys.values())
        linked_ok += sum((gold[article] & pred).values())
        misses += [(article, k, n) for k, n in (g_keys - p_keys).items()]
        extras += [(article, k, n) for k, n in (p_keys - g_keys).items()]
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    print(f"eLife: {len(gold)} articles, {n_gold} gold in-text citations")
    print(
        f"precision {precision:.3f}  recall {recall:.3f}  linking accuracy "
        f"{linked_ok / tp if tp else 0:.3f}  ({elapsed:.2f} s)"
    )
    for item in misses[: args.show_errors]:
        print("MISS ", item)
    for item in extras[: args.show_errors]:
        print("EXTRA", item)


if __name__ == "__main__":
    main()
