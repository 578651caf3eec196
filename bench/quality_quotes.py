"""Reported-speech quality on PolNeAR (Newell, Margolin & Ruths, LREC 2018), dev split.

Scores discursus, textacy's ``direct_quotations`` and a naive extractor (text between quotation
marks, nearest PERSON) in the same run. Content spans match one-to-one when their ``\\w+`` token
sets (by position) have Dice >= 0.5; so do cue spans and source spans, each on their own and
each as a set of spans (a mention several attributions share counts once, on either side).
"Direct" is the subset of gold contents holding a quotation mark, against predicted direct or
mixed quotes (a predicted one that matches a gold attribution outside the subset is left out).
Speaker accuracy: of matched contents whose gold has a source, the share whose predicted source
mention matches it.

    python bench/quality_quotes.py [--split dev] [--show-errors N]
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass

from polnear import gold, parsed, texts

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.speech import extract_quotes
from discursus.annotate.speech.marks import find_quotes

QUOTE_MARKS = set('"“”«»„')
WORD = re.compile(r"\w+")


@dataclass
class Item:
    spans: list[tuple[int, int]]
    source: list[tuple[int, int]] | None = None
    cue: list[tuple[int, int]] | None = None
    direct: bool = False


def tokens(text: str, spans) -> frozenset[int]:
    found = set()
    for start, end in spans or []:
        found.update(m.start() for m in WORD.finditer(text, start, end))
    return frozenset(found)


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def match(gold_sets: list[frozenset], pred_sets: list[frozenset]) -> list[tuple[int, int]]:
    """One-to-one, best pairs first."""
    pairs = []
    for gi, g in enumerate(gold_sets):
        for pi, p in enumerate(pred_sets):
            if g & p:
                score = dice(g, p)
                if score >= 0.5:
                    pairs.append((score, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


class Score:
    def __init__(self) -> None:
        self.tp = self.n_gold = self.n_pred = 0

    def add(self, tp: int, n_gold: int, n_pred: int) -> None:
        self.tp += tp
        self.n_gold += n_gold
        self.n_pred += n_pred

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_items(text: str, rows: list[dict]) -> list[Item]:
    items = []
    for row in rows:
        if not row["content_spans"]:
            continue
        content = "".join(text[a:b] for a, b in row["content_spans"])
        items.append(
            Item(
                row["content_spans"],
                row["source_spans"],
                row["cue_spans"],
                direct=any(ch in QUOTE_MARKS for ch in content),
            )
        )
    return items


def discursus_items(doc) -> list[Item]:
    items = []
    for row in extract_quotes(doc, "x"):
        spans = [(f["start"], f["end"]) for f in row.get("fragments") or []] or [
            (row["start"], row["end"])
        ]
        mention = row.get("speaker_mention")
        cue = row.get("cue_mention")
        items.append(
            Item(
                spans,
                [(mention["start"], mention["end"])] if mention else None,
                [(cue["start"], cue["end"])] if cue else None,
                direct=row["kind"] in {"direct", "mixed"},
            )
        )
    return items


def textacy_items(doc) -> list[Item]:
    from textacy.extract.triples import direct_quotations

    items = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises on some quote layouts; score what it gives
        return items
    for speaker, cue, content in triples:
        items.append(
            Item(
                [(content.start_char, content.end_char)],
                [(t.idx, t.idx + len(t.text)) for t in speaker] or None,
                [(t.idx, t.idx + len(t.text)) for t in cue] or None,
                direct=True,
            )
        )
    return items


def naive_items(doc) -> list[Item]:
    """Text between quotation marks; the nearest PERSON entity is the speaker."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    items = []
    for quote in find_quotes(doc.text):
        nearest = min(
            people,
            key=lambda e: min(abs(e.start_char - quote.close_at), abs(e.end_char - quote.open_at)),
            default=None,
        )
        source = [(nearest.start_char, nearest.end_char)] if nearest is not None else None
        items.append(Item([(quote.start, quote.end)], source, None, direct=True))
    return items


def _snippet(text: str, item: Item) -> str:
    return text[item.spans[0][0] : item.spans[-1][1]][:150]


def evaluate(name, extractor, docs, corpus, answers, show_errors=0):
    scores = {k: Score() for k in ("content", "direct", "cue", "source", "cue_rows", "source_rows")}
    speaker_ok = speaker_n = 0
    started = time.perf_counter()
    errors = []
    for doc_name, doc in docs.items():
        text = corpus[doc_name]
        g = gold_items(text, answers.get(doc_name, []))
        p = extractor(doc)
        g_sets = [tokens(text, item.spans) for item in g]
        p_sets = [tokens(text, item.spans) for item in p]
        pairs = match(g_sets, p_sets)
        scores["content"].add(len(pairs), len(g), len(p))
        for gi, pi in pairs:
            if g[gi].source:
                speaker_n += 1
                if (
                    p[pi].source
                    and dice(tokens(text, g[gi].source), tokens(text, p[pi].source)) >= 0.5
                ):
                    speaker_ok += 1
        gd = [i for i, item in enumerate(g) if item.direct]
        # a predicted quote that matches a gold attribution outside the direct subset is
        # neither right nor wrong there: left out of the direct figures (for every system)
        outside = {pi for gi, pi in pairs if not g[gi].direct}
        pd = [i for i, item in enumerate(p) if item.direct and i not in outside]
        dpairs = match([g_sets[i] for i in gd], [p_sets[i] for i in pd])
        scores["direct"].add(len(dpairs), len(gd), len(pd))
        for key in ("cue", "source"):
            # spans, not rows: a mention that several attributions share counts once, on
            # either side ("He said A and added B" has one source span)
            gs = list({tokens(text, getattr(item, key)) for item in g if getattr(item, key)})
            ps = list({tokens(text, getattr(item, key)) for item in p if getattr(item, key)})
            scores[key].add(len(match(gs, ps)), len(gs), len(ps))
            # and per attribution row, for comparison
            gs = [tokens(text, getattr(item, key)) for item in g if getattr(item, key)]
            ps = [tokens(text, getattr(item, key)) for item in p if getattr(item, key)]
            scores[f"{key}_rows"].add(len(match(gs, ps)), len(gs), len(ps))
        if show_errors:
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi for _, pi in pairs}
            for gi, item in enumerate(g):
                if gi not in matched_g:
                    errors.append(
                        ("MISS", doc_name, text[item.spans[0][0] : item.spans[-1][1]][:150])
                    )
            for pi, item in enumerate(p):
                if pi not in matched_p:
                    errors.append(
                        ("FP  ", doc_name, text[item.spans[0][0] : item.spans[-1][1]][:150])
                    )
    elapsed = time.perf_counter() - started
    result = {key: score.prf() for key, score in scores.items()}
    result["speaker"] = speaker_ok / speaker_n if speaker_n else 0.0
    result["seconds"] = elapsed
    if show_errors:
        import random

        random.Random(0).shuffle(errors)
        for kind, doc_name, snippet in errors[:show_errors]:
            print(kind, doc_name[:30], "|", snippet.replace("\n", " "))
    return name, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--only", choices=["discursus", "textacy", "naive"])
    args = parser.parse_args()
    nlp = load_pipeline()
    docs = parsed(args.split, nlp)
    corpus = texts(args.split)
    answers = gold(args.split)
    n_gold = sum(len(v) for v in answers.values())
    print(f"PolNeAR {args.split}: {len(docs)} texts, {n_gold} gold attributions")
    systems = {"discursus": discursus_items, "textacy": textacy_items, "naive": naive_items}
    if args.only:
        systems = {args.only: systems[args.only]}
    results = [
        evaluate(name, fn, docs, corpus, answers, args.show_errors if name == "discursus" else 0)
        for name, fn in systems.items()
    ]
    header = f"{'system':<10} " + " ".join(
        f"{k + ' P/R/F1':>20}" for k in ("content", "direct", "cue", "source")
    )
    print(header + f" {'speaker acc':>11} {'seconds':>8}")
    for name, result in results:
        cells = " ".join(
            "{:>6.4f}/{:.4f}/{:.4f}".format(*result[k])
            for k in ("content", "direct", "cue", "source")
        )
        print(f"{name:<10} {cells} {result['speaker']:>11.3f} {result['seconds']:>8.1f}")
    print("cue and source F1 counted per attribution row instead of per distinct span:")
    for name, result in results:
        print(
            f"  {name:<10} cue {result['cue_rows'][2]:.4f}  source {result['source_rows'][2]:.4f}"
        )


if __name__ == "__main__":
    main()
