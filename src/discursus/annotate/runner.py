"""Running the annotator over batches, in this process or in N worker processes."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from discursus.annotate.config import AnnotateConfig
from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.spacy_annotator import BatchAnnotation, DocInput, annotate_batch

_worker_nlp = None


def _init_worker(config: AnnotateConfig) -> None:
    # One BLAS thread per worker: with N processes on N cores, more threads only contend.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    global _worker_nlp
    _worker_nlp = load_pipeline(config.model, config.max_doc_chars)


def _annotate_in_worker(batch: list[DocInput]) -> BatchAnnotation:
    return annotate_batch(_worker_nlp, batch)


def annotate_batches(
    batches: Iterable[list[DocInput]], config: AnnotateConfig, workers: int = 1
) -> Iterator[BatchAnnotation]:
    """Annotate batches in order. With ``workers > 1``, at most two batches per worker are in
    flight, so the texts held in memory stay bounded however large the corpus."""
    if workers <= 1:
        nlp = load_pipeline(config.model, config.max_doc_chars)
        for batch in batches:
            yield annotate_batch(nlp, batch)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(config,)
    ) as pool:
        pending: deque[Future[BatchAnnotation]] = deque()
        for batch in batches:
            pending.append(pool.submit(_annotate_in_worker, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
