"""Readers of structured formats (HTML, PDF, DOCX, tables) run in a child process under a time
and a memory budget: a file whose parsing never ends or swells is stopped there, named with the
reason, and the corpus goes on. The child is started on first use and kept for the next file;
after a stop, a new one is started.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import time
from typing import Any

from discursus.errors import InputError

_POLL_SECONDS = 0.02
_START_SECONDS = 120


def _serve(connection) -> None:
    """The child's loop: read a call, run the reader, send back what it gave or raised."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    # the parsers' own imports are not charged to the first file's budget
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import pandas  # noqa: F401
    import pypdf  # noqa: F401

    from discursus.ingest import readers

    connection.send(("ready", None))
    while True:
        try:
            name, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", getattr(readers, name)(*args)))
        except InputError as error:
            connection.send(("input", (error.path, error.reason)))
        except RecursionError:
            connection.send(("failed", "nested too deeply"))
        except MemoryError:
            connection.send(("failed", "ran out of memory"))
        except Exception as exc:  # noqa: BLE001 - named for the file, the child goes on
            connection.send(("failed", f"{exc.__class__.__name__}: {exc}"[:500]))


def _resident_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None  # no /proc here: the time budget still holds


class ReaderSandbox:
    """One child process that runs readers; see the module's docstring."""

    def __init__(self) -> None:
        self._process = None
        self._connection = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True)
        process.start()
        child.close()
        self._process, self._connection = process, parent
        if not parent.poll(_START_SECONDS) or parent.recv()[0] != "ready":
            self.close()
            raise RuntimeError("the reader process did not start")

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._connection.close()
        self._process = self._connection = None

    def run(
        self, reader: str, args: tuple[Any, ...], display: str, seconds: float, memory_mb: int
    ) -> Any:
        """``readers.<reader>(*args)`` in the child; an :class:`InputError` for ``display`` if
        it raises, runs past ``seconds`` or holds more than ``memory_mb``."""
        if self._process is None or not self._process.is_alive():
            self.close()
            self._start()
        pid = self._process.pid
        try:
            self._connection.send((reader, args))
            started = time.monotonic()
            while not self._connection.poll(_POLL_SECONDS):
                if seconds and time.monotonic() - started > seconds:
                    self.close()
                    raise InputError(
                        display, f"reading stopped after {seconds:g} s (over the time budget)"
                    )
                resident = _resident_bytes(pid)
                if memory_mb and resident is not None and resident > memory_mb * 1024 * 1024:
                    self.close()
                    raise InputError(
                        display,
                        f"reading stopped: it took more than {memory_mb:,} MB of memory "
                        "(over the memory budget)",
                    )
                if not self._process.is_alive():
                    code = self._process.exitcode
                    self.close()
                    raise InputError(display, f"the reader crashed (exit code {code})")
            status, payload = self._connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = self._process.exitcode if self._process is not None else None
            self.close()
            raise InputError(display, f"the reader crashed (exit code {code})") from None
        except BaseException:
            self.close()  # interrupted mid-file: the child's work is not waited for
            raise
        if status == "ok":
            return payload
        if status == "input":
            raise InputError(*payload)
        raise InputError(display, f"could not be read: {payload}")


_shared: ReaderSandbox | None = None


def shared_sandbox() -> ReaderSandbox:
    """The process's sandbox, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        _shared = ReaderSandbox()
        atexit.register(_shared.close)
    return _shared
