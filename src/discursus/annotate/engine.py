"""The engine: spaCy once per document, then the registered annotators in dependency order.

Each component's failure on a document is that component's problem on that document only:
its rows there are lost, the components that require it are not run there, and the rest go on.
Nothing here touches the project; results go back to the caller, who stores them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from discursus.annotate.components.parse import add_token_rows, doc_from_tokens, empty_token_columns
from discursus.annotate.records import (
    TOKEN_SCHEMA,
    AnnotatorInput,
    BatchAnnotation,
    DocInput,
    DocResult,
)
from discursus.budget import BudgetExceeded, time_budget
from discursus.registry import PARSE, Component, pipeline

__all__ = ["annotate_batch"]


def annotate_batch(
    nlp,
    batch: Sequence[DocInput],
    seconds: float | None = None,
    components: Sequence[Component] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> BatchAnnotation:
    """Run the pipeline (``components``, in dependency order; all registered annotators if
    None) over a batch. Each annotator runs on a document under a budget of ``seconds``.

    >>> from discursus.annotate.pipeline import load_pipeline
    >>> result = annotate_batch(load_pipeline(), [DocInput(7, "h", "She spoke. Paris listened.")])
    >>> result.docs[0].rows["sentences"]
    [{'sent_index': 0, 'start': 0, 'end': 10}, {'sent_index': 1, 'start': 11, 'end': 26}]
    >>> result.tokens.column("text").to_pylist()[:3]
    ['She', 'spoke', '.']
    """
    components = list(components) if components is not None else pipeline()
    by_name = {c.name: c for c in components}
    settings = {c.name: c.settings((settings or {}).get(c.name)) for c in components}
    labels = {c.name: c.title for c in components}
    plans = [item.run or tuple(by_name) for item in batch]
    to_parse = [item for item, plan in zip(batch, plans, strict=True) if PARSE in plan]
    parsed = dict(
        zip(
            (item.doc_id for item in to_parse),
            nlp.pipe((item.text for item in to_parse), batch_size=32),
            strict=True,
        )
    )
    columns = empty_token_columns()
    results = []
    for item, plan in zip(batch, plans, strict=True):
        result = DocResult(item.doc_id, item.content_hash, labels=labels)
        available: dict[str, list[dict]] = dict(item.rows)
        done: set[str] = {name for name in by_name if name not in plan}  # fresh, stored
        doc = parsed.get(item.doc_id)
        if doc is not None:
            add_token_rows(doc, item.doc_id, columns)
            result.n_tokens = len(doc)
        elif any(PARSE in by_name[n].requires for n in plan if n in by_name):
            try:
                if item.tokens is None:
                    raise ValueError("no stored parse")
                doc = doc_from_tokens(nlp.vocab, item.tokens, item.text)
            except ValueError:
                # a stored parse that is missing or does not fit: parse again, and store it
                doc = nlp(item.text)
                add_token_rows(doc, item.doc_id, columns)
                result.n_tokens = len(doc)
                plan = (PARSE, *plan)
                done.discard(PARSE)
        for component in components:
            if component.name not in plan:
                continue
            missing = [r for r in component.requires if r not in done]
            if missing:
                result.ran[component.name] = (
                    f"not run: it requires {', '.join(labels.get(m, m) for m in missing)}, "
                    "which failed on this document"
                )
                continue
            view = {
                table: available.get(table, [])
                for r in component.requires
                if r in by_name
                for table in by_name[r].table_names
            }
            needs_parse = component.name == PARSE or PARSE in component.requires
            try:
                with time_budget(seconds):
                    produced = component.func(
                        AnnotatorInput(item.doc_id, item.text, doc if needs_parse else None, view),
                        settings[component.name],
                    )
                produced = _checked(component, produced)
            except Exception as exc:  # noqa: BLE001 - reported per document and component
                result.ran[component.name] = _describe(exc)
                continue
            result.ran[component.name] = None
            result.rows.update(produced)
            available.update(produced)
            done.add(component.name)
        results.append(result)
    return BatchAnnotation(results, pa.Table.from_pydict(columns, schema=TOKEN_SCHEMA))


def _checked(component: Component, produced: Any) -> dict[str, list[dict]]:
    """What a component gave, checked to be rows of the tables it declared."""
    if not isinstance(produced, Mapping):
        raise TypeError(f"returned {type(produced).__name__}, not rows by table")
    unknown = sorted(set(produced) - set(component.table_names))
    if unknown:
        raise ValueError(f"returned rows for tables it does not produce: {unknown}")
    rows = {name: list(produced.get(name) or []) for name in component.table_names}
    for name, table_rows in rows.items():
        if any(not isinstance(row, Mapping) for row in table_rows):
            raise TypeError(f"a row of {name!r} is not a mapping")
        rows[name] = [dict(row) for row in table_rows]
    return rows


def _describe(error: Exception) -> str:
    if isinstance(error, BudgetExceeded):
        return f"{error} (--time-budget)"
    return f"{error.__class__.__name__}: {error}"
