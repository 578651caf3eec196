"""What the workbench's costly pages compute (statements, networks, semantic systems,
charts), kept for the next request that asks the same.

A team codes while others explore, and every saved coding changes the project: on a large
corpus the discourse network then takes the best part of a minute to compute again. So an
answer that took long is shown once more, marked as computed before the latest changes,
while a fresh one is computed in the background; a quick one is computed again at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from discursus.errors import DiscursusError

log = logging.getLogger(__name__)

PATIENCE = 2.0  # seconds: an answer computed faster than this is never shown stale


@dataclass
class _Kept:
    stamp: Any
    answer: Any
    took: float


class LastAsked:
    """The answers to the last few questions a page asked, each with the project's change
    stamp it was computed at, the oldest dropped. Requests run in threads: an answer kept is
    read at once, while one question is computed at a time (a second asking the same waits
    for it rather than computing it again)."""

    def __init__(self, size: int = 4, patience: float | None = None) -> None:
        self._size = size
        self._patience = PATIENCE if patience is None else patience
        self._lock = threading.Lock()
        self._computing = threading.Lock()
        self._answers: OrderedDict[Any, _Kept] = OrderedDict()
        self._refreshing: set[Any] = set()

    def get(self, question: Any, stamp: Any,
            compute: Callable[[Any], Any]) -> tuple[Any, bool]:  # fmt: skip
        """The answer to ``question`` at ``stamp``, and whether it is of that stamp (fresh).
        ``compute(previous)`` makes it (``previous``: the answer kept of an older stamp, or
        None, so that it can redo what was added to it)."""
        kept = self._kept(question)
        if kept is not None and kept.stamp == stamp:
            return kept.answer, True
        if kept is not None and kept.took >= self._patience:
            self._refresh(question, stamp, compute, kept.answer)
            return kept.answer, False
        with self._computing:
            kept = self._kept(question)
            if kept is not None and kept.stamp == stamp:
                return kept.answer, True
            answer = self._store(question, stamp, compute, kept.answer if kept else None)
        return answer, True

    def _kept(self, question: Any) -> _Kept | None:
        with self._lock:
            kept = self._answers.get(question)
            if kept is not None:
                self._answers.move_to_end(question)
            return kept

    def _store(self, question: Any, stamp: Any, compute: Callable[[Any], Any],
               previous: Any) -> Any:  # fmt: skip
        began = time.perf_counter()
        answer = compute(previous)
        with self._lock:
            self._answers[question] = _Kept(stamp, answer, time.perf_counter() - began)
            self._answers.move_to_end(question)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return answer

    def _refresh(self, question: Any, stamp: Any, compute: Callable[[Any], Any],
                 previous: Any) -> None:  # fmt: skip
        with self._lock:
            if question in self._refreshing:
                return
            self._refreshing.add(question)

        def refresh() -> None:
            try:
                with self._computing:
                    kept = self._kept(question)
                    if kept is None or kept.stamp != stamp:
                        self._store(question, stamp, compute, previous)
            except DiscursusError as error:  # the page says it when asked again
                log.warning("could not refresh %r: %s", question, error)
            finally:
                with self._lock:
                    self._refreshing.discard(question)

        threading.Thread(target=refresh, name="discursus-refresh", daemon=True).start()
