"""Ingest: read files into a project's documents, a batch per transaction."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from discursus.errors import DiscursusError, InputError, InputWarning
from discursus.ingest import IngestConfig, iter_corpus
from discursus.ingest.document import RawDocument
from discursus.ingest.sandbox import shared_sandbox
from discursus.runs.progress import Progress
from discursus.store.store import Store

# an interrupted ingest keeps the batches it finished
INGEST_BATCH_DOCS = 500
INGEST_BATCH_CHARS = 20_000_000


@dataclass
class IngestSummary:
    run_id: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[InputError] = field(default_factory=list)
    # ingested with something lost (metadata), or skipped on purpose (a folder link)
    warnings: list[InputWarning] = field(default_factory=list)
    duplicate_pairs: int = 0
    # metadata from names and a table: the names a pattern did not fit, the documents no
    # row matched and the rows that matched no document (their keys)
    pattern_misses: list[str] = field(default_factory=list)
    unmatched_documents: list[str] = field(default_factory=list)
    unmatched_rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def ingested(self) -> int:
        return self.added + self.updated + self.unchanged


def ingest(
    store: Store,
    paths: list[str | os.PathLike[str]],
    config: IngestConfig | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Read documents into the project; a document read before is updated, not copied.

    Documents are stored a batch (500 documents or 20 M characters) per transaction. Files
    that cannot be read are recorded with the reason, and documents read with something lost
    with what was lost.
    """
    from discursus.ingest.joins import MetadataJoin, NamePattern, apply_metadata

    config = config or IngestConfig()
    pattern = NamePattern(config.name_pattern) if config.name_pattern else None
    join = None
    if config.metadata_table:
        if not config.join:
            raise DiscursusError("a metadata table needs --join FIELD=COLUMN to match its rows")
        join = MetadataJoin.read(config.metadata_table, config.join, config.metadata_columns)
    run_config = {"paths": [os.fspath(p) for p in paths], **config.to_dict()}
    with store.run("ingest", run_config) as run_id, open(store.log_path(run_id), "a") as log:
        summary = IngestSummary(run_id)
        if progress:
            progress.start(None)
        batch: list[RawDocument] = []
        batch_chars = 0
        shared_sandbox().start()  # its imports overlap the walk of the corpus
        for item in iter_corpus(paths, config, exclude=[store.path]):
            if isinstance(item, InputError | InputWarning):
                _note(store, summary, [item], log)
                if progress:
                    progress.advance(1, f"{item.path}: {item.reason}")
                continue
            if pattern is not None or join is not None:
                apply_metadata(item, pattern, join, summary.pattern_misses)
            batch.append(item)
            batch_chars += len(item.text)
            if len(batch) >= INGEST_BATCH_DOCS or batch_chars >= INGEST_BATCH_CHARS:
                _store_batch(store, batch, summary, log, progress)
                batch, batch_chars = [], 0
        _store_batch(store, batch, summary, log, progress)
        if join is not None:
            summary.unmatched_documents = list(join.unmatched_documents)
            summary.unmatched_rows = join.unmatched_rows()
        for name in summary.pattern_misses:
            log.write(f"NAME PATTERN does not fit {name}\n")
        for name in summary.unmatched_documents:
            log.write(f"NO METADATA ROW for {name}\n")
        for row in summary.unmatched_rows:
            log.write(f"METADATA ROW MATCHES NO DOCUMENT {row}\n")
        summary.duplicate_pairs = store.refresh_duplicates()
        store.set_summary(
            run_id,
            {
                "added": summary.added,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "failed": len(summary.failed),
                "warnings": len(summary.warnings),
                "duplicate_pairs": summary.duplicate_pairs,
                "pattern_misses": len(summary.pattern_misses),
                "unmatched_documents": len(summary.unmatched_documents),
                "unmatched_rows": len(summary.unmatched_rows),
            },
        )
    return summary


def _note(store: Store, summary: IngestSummary, problems: list, log) -> None:
    for problem in problems:
        if isinstance(problem, InputWarning):
            summary.warnings.append(problem)
        else:
            summary.failed.append(problem)
    store.record_failures(summary.run_id, problems, log)


def _store_batch(
    store: Store, batch: list[RawDocument], summary: IngestSummary, log, progress
) -> None:
    if not batch:
        return
    lost: list[InputError | InputWarning] = []
    for doc, outcome in store.store_documents(batch, summary.run_id):
        if isinstance(outcome, InputError):
            lost.append(outcome)
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        log.write(f"{outcome.upper()} {doc.source_path} as {doc.name}\n")
        lost += [InputWarning(doc.source_path, reason) for reason in doc.warnings]
    _note(store, summary, lost, log)
    if progress:
        progress.advance(len(batch), batch[-1].name)
