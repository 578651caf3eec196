"""Training the classifier coder on people's codings (see :mod:`discursus.annotate.classifier`).

The units are the sentences of the documents people coded. A sentence is a yes for code C
when a person's coding of C (coded or accepted) overlaps it, a no when nobody's does (a
rejected suggestion is a no). Each code with enough of both is learned; its precision, recall
and F1 are measured by stratified cross-validation before the model is trained on all of
them, so a person sees how far to trust it. The model goes into the project's ``codes``
settings: the next coding run (``learn`` starts one) suggests, under the coder name
``classifier``, the sentences it scores at or above the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from discursus.errors import ProjectError

REPORT_COLUMNS = ["code", "yes", "no", "precision", "recall", "f1", "learned"]


def training_units(project, coders: Sequence[str] | None = None) -> tuple[pd.DataFrame, list]:
    """The sentences people worked on (doc, start, end, text) and, per code, a 0/1 column;
    and the coders whose codings they are."""
    from discursus.analysis.agreement import coder_values

    codings = project.codings()
    people = sorted(set(codings[codings.origin == "manual"].coder))
    if coders:
        unknown = sorted(set(coders) - set(people))
        if unknown:
            raise ProjectError(
                f"no codings of {', '.join(unknown)}; coders: {', '.join(people) or 'none'}"
            )
        people = list(coders)
    if not people:
        raise ProjectError(
            "no one has coded yet: code passages (discursus code-passage) or accept "
            "suggestions (discursus accept) first"
        )
    codings = codings[codings.coder.isin(people) & (codings.origin == "manual")]
    sentences = project.named_sentences()
    if sentences.empty:
        raise ProjectError("the documents are not parsed: run discursus annotate first")
    table, _ = coder_values(codings, sentences, people)
    texts = sentences.set_index(["doc", "start"]).text
    units = table[["doc", "start", "end"]].copy()
    units["text"] = [texts.get((d, s), "") for d, s in zip(units.doc, units.start, strict=True)]
    for code in sorted(set(codings.code)):
        columns = [c for c in table.columns if c.endswith(f"\x1f{code}")]
        units[code] = (table[columns].fillna(0).max(axis=1) > 0).astype(int)
    return units, people


def learn(
    project,
    coders: Sequence[str] | None = None,
    *,
    codes: Sequence[str] | None = None,
    min_examples: int = 5,
    threshold: float = 0.5,
    folds: int = 3,
) -> tuple[pd.DataFrame, dict | None]:
    """Measure and train the classifier on people's codings (of ``codes`` only, if given).
    Returns the per-code report (code, yes, no, precision, recall, f1, learned) and the
    model's settings (None when no code has ``min_examples`` of yes and of no)."""
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold

    from discursus.annotate.classifier import NgramModel

    if not 0 < threshold < 1:
        raise ProjectError(f"threshold {threshold} is not between 0 and 1")
    units, people = training_units(project, coders)
    known = [c for c in units.columns if c not in ("doc", "start", "end", "text")]
    missing = sorted(set(codes or ()) - set(known))
    if missing:
        raise ProjectError(
            f"no one coded {', '.join(map(repr, missing))}; codes: {', '.join(known)}"
        )
    codes = list(codes) if codes else known
    report, learnable = [], {}
    for code in codes:
        yes = int(units[code].sum())
        no = len(units) - yes
        row = {"code": code, "yes": yes, "no": no, "precision": np.nan, "recall": np.nan,
               "f1": np.nan, "learned": False}  # fmt: skip
        if min(yes, no) >= max(min_examples, folds):
            learnable[code] = units[code].to_numpy()
        report.append(row)
    texts = units.text.tolist()
    for row in report:
        y = learnable.get(row["code"])
        if y is None:
            continue
        predicted = np.zeros(len(y), dtype=int)
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(texts, y)
        for train, test in splits:
            model = NgramModel.fit([texts[i] for i in train], {row["code"]: y[train]})
            scores = model.scores([texts[i] for i in test])[row["code"]]
            predicted[test] = scores >= threshold
        p, r, f, _ = precision_recall_fscore_support(
            y, predicted, average="binary", zero_division=0
        )
        row.update(precision=round(float(p), 3), recall=round(float(r), 3), f1=round(float(f), 3))
        row["learned"] = True
    frame = pd.DataFrame(report, columns=REPORT_COLUMNS)
    if not learnable:
        return frame, None
    model = NgramModel.fit(texts, learnable)
    measured = {r["code"]: {k: r[k] for k in ("yes", "no", "precision", "recall", "f1")}
                for r in report if r["learned"]}  # fmt: skip
    settings = model.to_settings({"coders": people, "folds": folds, "codes": measured})
    return frame, settings
