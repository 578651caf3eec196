"""Annotate: run exactly what is stale, per document and component.

A component's rows on a document are stale when it never ran there, or its version, settings,
model or the text changed since, or a component it requires re-runs. A component that must
re-run while the parse is fresh runs on a Doc rebuilt from the stored tokens, never parsing
again; the rows of its fresh requirements come from the store.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from discursus.annotate.config import AnnotateConfig
from discursus.annotate.freshness import Stamp, expected_stamps, stale_reasons
from discursus.annotate.records import TOKEN_SCHEMA, DocInput
from discursus.errors import InputError
from discursus.registry import PARSE, Component, pipeline
from discursus.registry import get as registry_get
from discursus.runs.progress import Progress
from discursus.store.schema import documents
from discursus.store.store import Store


@dataclass
class AnnotateSummary:
    run_id: int
    annotated: int = 0  # documents on which at least one component ran
    up_to_date: int = 0
    tokens: int = 0
    failed: list[InputError] = field(default_factory=list)
    # (doc_id, what failed): a component lost on one document
    problems: list[tuple[int, str]] = field(default_factory=list)
    ran: Counter = field(default_factory=Counter)  # component -> documents it ran on


INDEX_BATCH_DOCS = 500  # documents an index route codes per transaction


@dataclass(frozen=True)
class Plan:
    """What a pipeline would do on a project now."""

    components: list[Component]
    stamps: dict[str, Stamp]
    # one row per document: id, name, content_hash, n_chars, run (component names, in
    # pipeline order), why (component -> its reasons), failed (components that failed last)
    documents: pd.DataFrame

    @property
    def pending(self) -> pd.DataFrame:
        return self.documents[self.documents.run.map(bool)]


def _model(config: AnnotateConfig, components: Sequence[Component]) -> str:
    if not any(c.name == PARSE for c in components):
        return ""
    from discursus.annotate.pipeline import model_identity

    return model_identity(config.model)


def effective_config(store: Store, config: AnnotateConfig | None = None) -> AnnotateConfig:
    """``config`` with the settings the project keeps for each component under the ones it
    gives (a run that names none uses the last ones given)."""
    config = config or AnnotateConfig()
    settings = {**store.stored_settings(), **config.settings}
    return dataclasses.replace(config, settings=settings)


def plan(store: Store, config: AnnotateConfig | None = None) -> Plan:
    """What ``annotate`` with ``config`` would run on each document, and why."""
    return _plan(store, effective_config(store, config))


def _plan(store: Store, config: AnnotateConfig) -> Plan:
    """The plan of a config whose settings already include the project's."""
    components = pipeline(config.components, config.settings)
    for component in components:
        component.settings(config.settings.get(component.name))  # unknown settings refused
    stamps = expected_stamps(components, _model(config, components), config.settings)
    with store._connect() as conn:
        docs = conn.execute(
            select(
                documents.c.id, documents.c.name, documents.c.content_hash, documents.c.n_chars
            ).order_by(documents.c.id)
        ).all()
    states: dict[tuple[int, str], dict] = {}
    for state in store.component_states().to_dict("records"):
        states[(state["doc_id"], state["component"])] = state
    runs, whys, faileds = [], [], []
    for doc_id, _name, text_hash, _n in docs:
        run: list[str] = []
        why: dict[str, list[str]] = {}
        failed: list[str] = []
        for component in components:
            state = states.get((doc_id, component.name))
            reasons = stale_reasons(state, stamps[component.name], text_hash)
            again = [r for r in component.requires if r in run]
            if not reasons and again:
                reasons = [f"{', '.join(again)} re-runs"]
            if not reasons and state["status"] == "failed":
                if config.retry_failed:
                    reasons = ["failed last time"]
                else:
                    failed.append(component.name)
            if reasons:
                run.append(component.name)
                why[component.name] = reasons
        runs.append(tuple(run))
        whys.append(why)
        faileds.append(failed)
    frame = pd.DataFrame(docs, columns=["id", "name", "content_hash", "n_chars"])
    frame["run"] = runs
    frame["why"] = whys
    frame["failed"] = faileds
    return Plan(components, stamps, frame)


def status(store: Store, config: AnnotateConfig | None = None) -> pd.DataFrame:
    """Per component: version, documents fresh, stale (and why) and failed."""
    found = plan(store, config)
    rows = []
    docs = found.documents
    for component in found.components:
        stale = docs[docs.run.map(lambda run, name=component.name: name in run)]
        failed = docs.failed.map(lambda names, name=component.name: name in names).sum()
        reasons = Counter(r for why in stale.why for r in why.get(component.name, []))
        rows.append(
            {
                "component": component.name,
                "version": component.version,
                "documents": len(docs),
                "fresh": len(docs) - len(stale) - int(failed),
                "stale": len(stale),
                "failed": int(failed),
                "why": "; ".join(f"{n} {reason}" for reason, n in reasons.most_common()),
            }
        )
    return pd.DataFrame(
        rows, columns=["component", "version", "documents", "fresh", "stale", "failed", "why"]
    )


def annotate(
    store: Store,
    config: AnnotateConfig | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> AnnotateSummary:
    """Run what is stale; ``progress`` advances by characters."""
    given = config or AnnotateConfig()
    config = given
    run_config = {**config.to_dict(), "workers": workers}
    with (
        store.run("annotate", run_config, config.model) as run_id,
        open(store.log_path(run_id), "a") as log,
    ):
        if given.settings:
            # checked before they are kept: an unknown component or setting is refused
            for name, values in given.settings.items():
                registry_get("annotator", name).settings(values)
            store.save_settings(given.settings)
        config = effective_config(store, given)
        store.remove_orphan_shards()
        summary = AnnotateSummary(run_id)
        found = _plan(store, config)
        pending = found.pending
        summary.up_to_date = len(found.documents) - len(pending)
        too_long = pending[pending.n_chars > config.max_doc_chars]
        errors = [
            InputError(
                row.name,
                f"{row.n_chars:,} characters, over the annotate limit of "
                f"{config.max_doc_chars:,} (--max-doc-chars)",
            )
            for row in too_long.itertuples()
        ]
        summary.failed += errors
        store.record_failures(run_id, errors, log)
        pending = pending[pending.n_chars <= config.max_doc_chars]
        sizes = dict(zip(pending.id.tolist(), pending.n_chars.tolist(), strict=True))
        if progress:
            progress.start(sum(sizes.values()))
        pending = _run_on_index(store, found, pending, config, run_id, summary, log, progress)
        sizes = {doc_id: sizes[doc_id] for doc_id in pending.id.tolist()}
        batches = _batches(store, found, pending, _batch_size(config, workers, sizes))
        from discursus.annotate.runner import annotate_batches  # loads spaCy

        # closed at once if the run stops, so worker processes do not outlive it
        with closing(annotate_batches(batches, config, workers)) as results:
            for sequence, result in enumerate(results):
                store.save_batch(result, run_id, sequence, found.components, found.stamps)
                summary.annotated += len(result.docs)
                summary.tokens += result.tokens.num_rows
                for d in result.docs:
                    summary.ran.update(d.ran.keys())
                    ran = ", ".join(d.ran)
                    tokens = f"{d.n_tokens} tokens, " if d.n_tokens is not None else ""
                    log.write(f"ANNOTATED doc {d.doc_id}: {tokens}ran {ran}\n")
                    for problem in d.problems:
                        log.write(f"PROBLEM doc {d.doc_id}: {problem}\n")
                        summary.problems.append((d.doc_id, problem))
                if progress:
                    chars = sum(sizes[d.doc_id] for d in result.docs)
                    progress.advance(chars, f"{summary.annotated}/{len(pending)} documents")
        store.refresh_index()
        store.set_summary(
            run_id,
            {
                "annotated": summary.annotated,
                "up_to_date": summary.up_to_date,
                "tokens": summary.tokens,
                "failed": len(summary.failed),
                "problems": len(summary.problems),
                "ran": dict(summary.ran),
            },
        )
    return summary


def _run_on_index(
    store: Store,
    found: Plan,
    pending: pd.DataFrame,
    config: AnnotateConfig,
    run_id: int,
    summary: AnnotateSummary,
    log,
    progress: Progress | None,
) -> pd.DataFrame:
    """Where the only stale component has an index route (``traits["on_index"]``) and the
    parse is fresh, run it on all those documents at once from the token index, in
    batches; returns the documents left for the engine."""
    from discursus.annotate.components.parse import SENTENCES
    from discursus.annotate.records import BatchAnnotation, DocResult, IndexInput

    for component in found.components:
        route = component.traits.get("on_index")
        if route is None:
            continue
        alone = pending[pending.run.map(lambda run, name=component.name: tuple(run) == (name,))]
        if alone.empty:
            continue
        store.refresh_index()  # the parse is fresh on these documents: built once if at all
        index = store.index()
        settings = component.settings(config.settings.get(component.name))
        done: list[int] = []
        for start in range(0, len(alone), INDEX_BATCH_DOCS):
            chunk = alone.iloc[start : start + INDEX_BATCH_DOCS]
            ids = chunk.id.astype(int).tolist()
            sentences: dict[int, list[tuple[int, int]]] = {}
            for doc_id, _, row in store.component_rows(SENTENCES, ids):
                sentences.setdefault(doc_id, []).append((row["start"], row["end"]))
            rows = route(IndexInput(index, ids, store.texts(ids), sentences), settings)
            if rows is None:
                break  # these settings need the engine
            hashes = dict(zip(chunk.id, chunk.content_hash, strict=True))
            result = BatchAnnotation(
                [DocResult(d, hashes[d], rows[d], {component.name: None}) for d in ids],
                TOKEN_SCHEMA.empty_table(),
            )
            store.save_batch(result, run_id, 0, found.components, found.stamps)
            done += ids
            summary.annotated += len(ids)
            summary.ran.update({component.name: len(ids)})
            for doc_id in ids:
                log.write(f"ANNOTATED doc {doc_id}: ran {component.name} on the index\n")
            if progress:
                chars = int(chunk.n_chars.sum())
                progress.advance(chars, f"{component.name}: {len(done)}/{len(alone)} documents")
        pending = pending[~pending.id.isin(done)]
    return pending


def _batch_size(config: AnnotateConfig, workers: int, sizes: dict[int, int]) -> int:
    """Characters a batch holds: ``config.batch_chars``, or less with several workers, so
    each gets a few batches and none waits long for the last one."""
    if workers <= 1:
        return config.batch_chars
    share = sum(sizes.values()) // (4 * workers) + 1
    return min(config.batch_chars, max(20_000, share))


def _batches(
    store: Store, found: Plan, pending: pd.DataFrame, batch_chars: int
) -> Iterator[list[DocInput]]:
    """Batches of documents up to ``batch_chars``; texts, stored parses and the rows of
    fresh requirements are read only when a batch is due."""
    group: list[tuple[int, str, tuple[str, ...]]] = []
    size = 0
    for row in pending.itertuples():
        group.append((int(row.id), row.content_hash, row.run))
        size += row.n_chars
        if size >= batch_chars:
            yield _inputs(store, found, group)
            group, size = [], 0
    if group:
        yield _inputs(store, found, group)


def _inputs(
    store: Store, found: Plan, group: list[tuple[int, str, tuple[str, ...]]]
) -> list[DocInput]:
    by_name = {c.name: c for c in found.components}
    texts = store.texts([doc_id for doc_id, _, _ in group])
    rebuild = [
        doc_id
        for doc_id, _, run in group
        if PARSE not in run and any(PARSE in by_name[name].requires for name in run)
    ]
    tokens = store.stored_tokens(rebuild)
    # the tables of requirements that stay fresh, for the documents that need them
    wanted: dict[str, set[int]] = {}
    for doc_id, _, run in group:
        for name in run:
            for requirement in by_name[name].requires:
                if requirement in run or requirement == PARSE:
                    continue
                for spec in by_name[requirement].produces:
                    wanted.setdefault(spec.name, set()).add(doc_id)
    specs = {spec.name: spec for c in found.components for spec in c.produces}
    stored: dict[int, dict[str, list[dict]]] = {}
    for table, ids in wanted.items():
        for doc_id, _origin, row in store.component_rows(specs[table], sorted(ids)):
            stored.setdefault(doc_id, {}).setdefault(table, []).append(row)
    inputs = []
    for doc_id, content_hash, run in group:
        rows = stored.get(doc_id, {})
        for table, ids in wanted.items():
            if doc_id in ids:
                rows.setdefault(table, [])
        inputs.append(DocInput(doc_id, content_hash, texts[doc_id], run, tokens.get(doc_id), rows))
    return inputs
