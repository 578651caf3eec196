"""Labelled data in the field's public formats, read as units to learn from: a text, its
labels, and the group it belongs to (an article: folds never split one).

- **frames**: a SemEval-2023 Task 3 language folder (``train-articles-subtask-2/`` and
  ``train-labels-subtask-2.txt``: ``id<TAB>frame,frame,...``): one unit an article.
- **techniques**: the same folder's ``train-articles-subtask-3/`` and
  ``train-labels-subtask-3.txt`` (``id<TAB>paragraph<TAB>technique,...``, paragraphs numbered
  by line from 1): one unit a paragraph.
- **stance**: SemEval-2016 Task 6 TSV (``ID<TAB>Target<TAB>Tweet<TAB>Stance``), or a MAGPIE
  subset's ``preprocessed.csv`` (``125_MultiTargetStance``: 0 against, 1 none, 2 favour;
  ``128_GWSD``: 0 none, 1 agrees, 2 disagrees): one unit a text, labelled favor, against or
  none.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from discursus.errors import DiscursusError

TASKS = ("stance", "frames", "techniques")
STANCE_LABELS = ("favor", "against", "none")
MAGPIE = {
    "125_MultiTargetStance": {0: "against", 1: "none", 2: "favor"},
    "128_GWSD": {0: "none", 1: "favor", 2: "against"},
}
MAX_LABEL_BYTES = 256 << 20


class LabelledDataError(DiscursusError):
    """Labelled data that cannot be read, with the file and the reason."""


def read_labelled(task: str, path: str | Path) -> pd.DataFrame:
    """The units of ``path`` for ``task``: group, unit, text, labels (a list)."""
    if task not in TASKS:
        raise LabelledDataError(f"task {task!r} is not one of {', '.join(TASKS)}")
    path = Path(path)
    if not path.exists():
        raise LabelledDataError(f"{path}: no such file or folder")
    if task == "frames":
        return _semeval(path, "2")
    if task == "techniques":
        return _semeval(path, "3")
    return _stance(path)


def _text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_LABEL_BYTES:
            raise LabelledDataError(f"{path}: over the {MAX_LABEL_BYTES:,}-byte limit")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelledDataError(f"{path}: cannot read: {exc}") from None


def _semeval(folder: Path, subtask: str) -> pd.DataFrame:
    articles = folder / f"train-articles-subtask-{subtask}"
    labels = folder / f"train-labels-subtask-{subtask}.txt"
    for needed in (articles, labels):
        if not needed.exists():
            raise LabelledDataError(
                f"{folder}: no {needed.name} (a SemEval-2023 Task 3 language folder has "
                f"train-articles-subtask-{subtask}/ and train-labels-subtask-{subtask}.txt)"
            )
    texts: dict[str, list[str] | str] = {}
    rows = []
    for number, line in enumerate(_text(labels).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        article = fields[0].strip()
        if article not in texts:
            file = articles / f"article{article}.txt"
            if not file.exists():
                raise LabelledDataError(f"{labels} line {number}: no {file.name} in {articles}")
            texts[article] = _text(file)
        if subtask == "2":
            found = fields[1] if len(fields) > 1 else ""
            rows.append((article, article, texts[article], _labels(found)))
            continue
        if len(fields) < 2 or not fields[1].strip().isdigit():
            raise LabelledDataError(f"{labels} line {number}: no paragraph number")
        paragraph = int(fields[1])
        lines = str(texts[article]).split("\n")
        if not 1 <= paragraph <= len(lines):
            raise LabelledDataError(f"{labels} line {number}: article {article} has no line "
                                    f"{paragraph}")  # fmt: skip
        found = fields[2] if len(fields) > 2 else ""
        rows.append((article, f"{article}:{paragraph}", lines[paragraph - 1], _labels(found)))
    return pd.DataFrame(rows, columns=["group", "unit", "text", "labels"])


def _labels(field: str) -> list[str]:
    return sorted({label.strip() for label in field.split(",") if label.strip()})


def _stance(path: Path) -> pd.DataFrame:
    if path.is_dir():
        for name in MAGPIE:
            if path.name == name and (path / "preprocessed.csv").exists():
                path = path / "preprocessed.csv"
                break
        else:
            raise LabelledDataError(
                f"{path}: a stance set is a SemEval-2016 TSV or a MAGPIE folder "
                f"({', '.join(MAGPIE)}) with preprocessed.csv"
            )
    if path.name == "preprocessed.csv" and path.parent.name in MAGPIE:
        mapping = MAGPIE[path.parent.name]
        frame = pd.read_csv(path)
        bad = frame[~frame.label.isin(list(mapping))]
        if not bad.empty:
            raise LabelledDataError(f"{path} row {bad.index[0] + 2}: label {bad.label.iloc[0]!r} "
                                    f"is not one of {sorted(mapping)}")  # fmt: skip
        return pd.DataFrame({"group": [f"{path.parent.name}:{i}" for i in frame.index],
                             "unit": [str(i) for i in frame.index],
                             "text": frame.text.astype(str),
                             "labels": [[mapping[v]] for v in frame.label]})  # fmt: skip
    # SemEval-2016 Task 6: ID, Target, Tweet, Stance (tab-separated, a header line)
    rows = []
    reader = csv.reader(_text(path).splitlines(), delimiter="\t")
    header = next(reader, None)
    if not header or [h.strip().lower() for h in header[:4]] != ["id", "target", "tweet",
                                                                 "stance"]:  # fmt: skip
        raise LabelledDataError(f"{path}: a SemEval-2016 stance file starts with the header "
                                "ID, Target, Tweet, Stance (tab-separated)")  # fmt: skip
    for number, fields in enumerate(reader, 2):
        if len(fields) < 4:
            raise LabelledDataError(f"{path} line {number}: {len(fields)} fields, not 4")
        stance = fields[3].strip().lower()
        if stance not in STANCE_LABELS:
            raise LabelledDataError(f"{path} line {number}: stance {fields[3]!r} is not FAVOR, "
                                    "AGAINST or NONE")  # fmt: skip
        rows.append((fields[0], fields[0], f"{fields[1].strip()}. {fields[2]}", [stance]))
    return pd.DataFrame(rows, columns=["group", "unit", "text", "labels"])
