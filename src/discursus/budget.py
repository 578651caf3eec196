"""Time budgets and clean stops: what keeps one hostile input from holding a run forever.

A budget is enforced with ``SIGALRM``, so pure-Python work (an annotator, a parser written in
Python) is stopped between two bytecodes wherever it is. Signals reach only a process's main
thread: elsewhere (a web server's worker thread) a budget is not enforced, and
:func:`time_budget` says so by returning ``False``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from discursus.errors import DiscursusError


class BudgetExceeded(DiscursusError):
    """Work ran past its time budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:g} s (over its time budget)")
        self.seconds = seconds


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[bool]:
    """Raise :class:`BudgetExceeded` inside the block once it has run ``seconds``.

    Yields whether the budget is enforced (main thread of a POSIX process). ``None`` or ``0``
    means no budget. Budgets do not nest: an inner one replaces the outer one for its block.

    >>> with time_budget(5) as enforced:
    ...     enforced
    True
    """
    if not seconds or not _can_alarm():
        yield False
        return

    def stop(signum, frame):
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Inside the block, SIGTERM stops the run as Ctrl-C does (``KeyboardInterrupt``), so
    what a run has finished is kept and it is marked interrupted."""
    if not _can_alarm():
        yield
        return

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Inside the block, Ctrl-C and SIGTERM wait: a transaction is written whole (an
    interrupt inside SQLite's write would leave its lock held), and the signal is acted on
    as the block ends. The signals are held by handlers of this block's own, not by a
    thread's signal mask: with worker processes, the signal may reach another thread, and
    Python would still run its handler in the main thread at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum, frame):
        held.append(signum)

    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, hold) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:  # acted on now, by the handler that was there before
            signal.raise_signal(held[0])
