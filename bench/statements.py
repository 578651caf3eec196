"""Automatic statements against the coders' statements of DNA's sample (run by hand).

../shared/data/dna_sample: 7 hearing testimonies, 40 statements coded by hand with the
sample's six concepts. Leave one document out: for each testimony, the classifier coder
learns the six concepts from the coders' statements in the other six (their spans as
codings), codes the held-out one, and ``Project.statements()`` makes its statements (the
witness's own voice: the document's speaker). Scored per document on (concept, agreement)
and on concept alone, as sets; a testimony has one witness, so (organization, concept,
agreement) per document is the same tuple. In the same run, a keyword baseline: each
concept's five most distinctive words in the other documents' statements (log-odds against
the rest of their text), any hit a supporting statement. "+ learned stance": the same
statements, their stance learned from the coders' statements of the other documents
(``discursus learn-stance``). And "learned": the classifier trained on a code per concept
and agreement, concept and stance learned together.

    python bench/statements.py [--shared ../shared]

Cite: Leifeld (2017), Discourse Network Analyzer; the sample's coders.
"""

from __future__ import annotations

import argparse
import math
import re
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

import discursus
from discursus.annotate import AnnotateConfig
from discursus.annotate.components.codes import CODINGS

WORD = re.compile(r"[a-z]{3,}")
STOP = set("the and for that this with are was were have has not but from they their which "
           "will would been can all our its also more than such these those there what when "
           "who how into about other any may should could only very".split())  # fmt: skip


def scores(predicted: set, gold: set) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold) if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def distinctive_words(texts: dict[str, list[str]], rest: str, n: int = 5) -> dict[str, list]:
    """Each concept's ``n`` words with the highest log-odds against the rest."""
    background = Counter(WORD.findall(rest.lower()))
    total_b = sum(background.values()) or 1
    found = {}
    for concept, passages in texts.items():
        counts = Counter(w for p in passages for w in WORD.findall(p.lower()) if w not in STOP)
        total = sum(counts.values()) or 1
        ranked = sorted(
            counts,
            key=lambda w: -(math.log((counts[w] + 0.5) / total)
                            - math.log((background[w] + 0.5) / total_b)) * min(counts[w], 5),
        )  # fmt: skip
        found[concept] = ranked[:n]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    args = parser.parse_args()
    data = args.shared / "data" / "dna_sample"
    docs = pd.read_csv(data / "documents.csv")
    gold = pd.read_csv(data / "statements.csv")
    gold = gold[gold.statement_type == 1]
    gold["name"] = gold.document_id.map(lambda i: f"doc{i}.txt")
    gold["agreement"] = gold.agreement.map({1: 1, 0: -1})
    results = {"discursus": [], "+ learned stance": [], "learned": [], "keywords": []}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rows = []
        for doc in docs.itertuples():
            rows.append({"file": f"doc{doc.document_id}.txt", "speaker": doc.author,
                         "date": doc.date_utc[:10], "title": doc.title})  # fmt: skip
            (root / f"doc{doc.document_id}.txt").write_bytes((data / doc.file).read_bytes())
        pd.DataFrame(rows).to_csv(root / "metadata.csv", index=False)
        base = discursus.open_project(root / "base", create=True)
        base.ingest([root / r["file"] for r in rows])
        base.annotate(AnnotateConfig(components=("parse", "citations", "speech")))
        ids = {name: doc_id for doc_id, name in base.document_names().items()}
        texts = {name: base.document(name)["text"] for name in ids}
        for held in sorted(ids):
            fold = discursus.open_project(root / held.replace(".txt", ""), create=True)
            fold.ingest([root / r["file"] for r in rows])
            fold.annotate(AnnotateConfig(components=("parse", "citations", "speech")))
            train = gold[gold.name != held]
            for name, group in train.groupby("name"):
                fold.add_rows(CODINGS, ids[name], [
                    {"start": int(r.start), "end": int(r.stop), "code": r.concept,
                     "unit": "passage", "status": "coded", "coder": "dna"}
                    for r in group.itertuples()
                ], "manual")  # fmt: skip
            _, settings = fold.classifier_settings(["dna"], min_examples=3)
            fold.annotate(AnnotateConfig(components=("codes",), settings=settings))
            found = fold.statements()
            found = found[(found.doc == held) & (found.coder == "classifier")]
            truth = gold[gold.name == held]
            results["discursus"].append((held, found, truth))
            # the stance learned from the coders' statements of the other documents
            table = root / f"train-{held}.csv"
            train.rename(columns={"name": "doc", "stop": "end", "person": "actor"})[
                ["doc", "start", "end", "actor", "organization", "concept", "agreement"]
            ].to_csv(table, index=False)
            fold.import_statements([table], "dna")
            fold.learn_stance(["dna"])
            stanced = fold.statements(stance="learned")
            stanced = stanced[(stanced.doc == held) & (stanced.coder == "classifier")]
            results["+ learned stance"].append((held, stanced, truth))
            # the stance learned too: a code per concept and agreement, from the coders
            for name, group in train.groupby("name"):
                fold.add_rows(CODINGS, ids[name], [
                    {"start": int(r.start), "end": int(r.stop),
                     "code": f"{r.concept} [{r.agreement:+d}]", "unit": "passage",
                     "status": "coded", "coder": "dna-stance"}
                    for r in group.itertuples()
                ], "manual")  # fmt: skip
            _, settings = fold.classifier_settings(["dna-stance"], min_examples=3)
            if settings is not None:
                fold.annotate(AnnotateConfig(components=("codes",), settings=settings))
            learned = fold.codings(coder="classifier")
            learned = learned[learned.doc == held]
            pairs = [code.rsplit(" [", 1) for code in learned.code]
            results["learned"].append((held, pd.DataFrame(
                [{"concept": c, "agreement": int(a.rstrip("]"))} for c, a in pairs],
                columns=["concept", "agreement"],
            ), truth))  # fmt: skip
            # the baseline: distinctive words of each concept in the other documents
            passages = {c: [texts[r.name][r.start : r.stop] for r in g.itertuples()]
                        for c, g in train.groupby("concept")}  # fmt: skip
            rest = " ".join(texts[n] for n in ids if n != held)
            words = distinctive_words(passages, rest)
            lower = texts[held].lower()
            guessed = pd.DataFrame(
                [{"concept": c, "agreement": 1} for c, ws in words.items()
                 if any(re.search(rf"\b{re.escape(w)}\b", lower) for w in ws)],
                columns=["concept", "agreement"],
            )  # fmt: skip
            results["keywords"].append((held, guessed, truth))
    from discursus.analysis.statements import self_introduced_organization

    said = {held: self_introduced_organization(texts[held]) for held in texts}
    truth_org = gold.groupby("name").organization.agg(lambda v: v.dropna().mode().iloc[0])
    right = sum(said[d] == truth_org.get(d) for d in said)
    print(
        f"organizations from self-introductions: {right} of {len(said)} exact "
        f"({sum(v is not None for v in said.values())} found)"
    )
    gold_t = {(r.organization, r.concept, r.agreement) for r in gold.itertuples()}
    for name, folds in results.items():
        with_agreement, concepts = set(), set()
        gold_a, gold_c = set(), set()
        for held, found, truth in folds:
            with_agreement |= {(held, r.concept, r.agreement) for r in found.itertuples()}
            concepts |= {(held, r.concept) for r in found.itertuples()}
            gold_a |= {(held, r.concept, r.agreement) for r in truth.itertuples()}
            gold_c |= {(held, r.concept) for r in truth.itertuples()}
        # (organization, concept, agreement) over the corpus: a statement's own organization,
        # else (the approaches that give none) the testimony's self-introduced one
        triples = {(getattr(r, "organization", None) or said[held], r.concept, r.agreement)
                   for held, found, _ in folds for r in found.itertuples()}  # fmt: skip
        p, r, f = scores(with_agreement, gold_a)
        pc, rc, fc = scores(concepts, gold_c)
        pt, rt, ft = scores(triples, gold_t)
        print(f"{name:17s} (concept, agreement): P {p:.3f} R {r:.3f} F1 {f:.3f}   "
              f"concept: P {pc:.3f} R {rc:.3f} F1 {fc:.3f}   "
              f"(organization, concept, agreement): P {pt:.3f} R {rt:.3f} F1 {ft:.3f}   "
              f"({len(with_agreement)} found, {len(gold_a)} gold)")  # fmt: skip


if __name__ == "__main__":
    main()
