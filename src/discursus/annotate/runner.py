"""Running the annotator over batches, in this process or in N worker processes."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from discursus.annotate.config import AnnotateConfig
from discursus.annotate.engine import annotate_batch
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.records import BatchAnnotation, DocInput
from discursus.registry import pipeline

_worker_nlp = None
_worker_config: AnnotateConfig | None = None


def _init_worker(config: AnnotateConfig) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One BLAS thread per worker: with N processes on N cores, more threads only contend.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    global _worker_nlp, _worker_config
    _worker_nlp = load_pipeline(config.model, config.max_doc_chars)
    _worker_config = config


def _annotate_in_worker(batch: list[DocInput]) -> BatchAnnotation:
    return _run(_worker_nlp, batch, _worker_config)


def _run(nlp, batch: list[DocInput], config: AnnotateConfig) -> BatchAnnotation:
    components = pipeline(config.components, config.settings)
    return annotate_batch(nlp, batch, config.time_budget, components, config.settings)


def annotate_batches(
    batches: Iterable[list[DocInput]], config: AnnotateConfig, workers: int = 1
) -> Iterator[BatchAnnotation]:
    """Annotate batches in order. With ``workers > 1``, at most two batches per worker are in
    flight, so the texts held in memory stay bounded however large the corpus."""
    if workers <= 1:
        nlp = load_pipeline(config.model, config.max_doc_chars)
        for batch in batches:
            yield _run(nlp, batch, config)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(config,)
    )
    try:
        pending: deque[Future[BatchAnnotation]] = deque()
        for batch in batches:
            pending.append(pool.submit(_annotate_in_worker, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Interrupted, or the caller stopped reading: the batches in flight are not waited
        # for, and nor is the pool (a worker stopped while it held the queue's lock would
        # keep a waiting shutdown waiting for ever)
        _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    # the executor has no public way to stop a task under way; its processes are at hand
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
