"""What the workbench's costly pages compute (statements, networks, semantic systems,
charts), kept for the next request that asks the same."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class LastAsked:
    """The answers to the last few questions a page asked (a key: the question and the
    project's change stamp), the oldest dropped. Requests run in threads: an answer kept is
    read at once, while one question is computed at a time (a second asking the same waits
    for it rather than computing it again)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._computing = threading.Lock()
        self._answers: OrderedDict[Any, Any] = OrderedDict()

    def _kept(self, key: Any) -> tuple[bool, Any]:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return True, self._answers[key]
        return False, None

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        found, answer = self._kept(key)
        if found:
            return answer
        with self._computing:
            found, answer = self._kept(key)
            if found:
                return answer
            answer = compute()
            with self._lock:
                self._answers[key] = answer
                while len(self._answers) > self._size:
                    self._answers.popitem(last=False)
        return answer
