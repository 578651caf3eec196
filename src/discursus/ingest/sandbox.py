"""Readers of structured formats (HTML, PDF, DOCX, tables) run in a child process under a time
and a memory budget: a file whose parsing never ends or swells is stopped there, named with the
reason, and the corpus goes on. The child is started on first use and kept for the next file;
after a stop, a new one is started.

The child is ``python -m discursus.ingest.sandbox`` in a session of its own (Ctrl-C at the
terminal reaches only the parent, which stops it), talking over its standard input and output
in length-prefixed pickles that only this parent writes and reads. It is not a multiprocessing
child, so it never re-runs the caller's script.
"""

from __future__ import annotations

import atexit
import inspect
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from importlib import import_module
from typing import Any

from discursus.errors import InputError

_POLL_SECONDS = 0.02
_START_SECONDS = 120
_HEADER = struct.Struct("!Q")


def _write(fd: int, message: Any) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(fd: int) -> Any:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))  # noqa: S301 - written by our own child


def _resolve(readers, name: str):
    """A reader function by its name in :mod:`discursus.ingest.readers`, or by
    ``module:qualname`` (a registered reader, perhaps of another package)."""
    if ":" not in name:
        return getattr(readers, name)
    module, _, qualname = name.partition(":")
    found = import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def _serve() -> None:
    """The child's loop: read a call, run the reader, send back what it gave or raised."""
    # the parsers' own imports are not charged to a file's budget: they load in the background
    # from the start, the ones a table needs first (a reader that needs one still loading
    # waits for it at the import)
    threading.Thread(target=_warm_up, daemon=True).start()
    from discursus.ingest import readers

    given, answer = sys.stdin.fileno(), sys.stdout.fileno()
    sys.stdout = sys.stderr  # a library that prints must not write into the answers
    _write(answer, ("ready", None))
    while True:
        try:
            name, args = _read(given)
        except EOFError:
            return  # the parent is gone
        try:
            result = _resolve(readers, name)(*args)
            if inspect.isgenerator(result):
                for item in result:  # blocks while the parent is busy with the one before
                    _write(answer, ("chunk", item))
                result = None
            reply = ("ok", result)
        except InputError as error:
            reply = ("input", (error.path, error.reason))
        except RecursionError:
            reply = ("failed", "nested too deeply")
        except MemoryError:
            reply = ("failed", "ran out of memory")
        except Exception as exc:  # noqa: BLE001 - named for the file, the child goes on
            reply = ("failed", f"{exc.__class__.__name__}: {exc}"[:500])
        _write(answer, reply)


def _warm_up() -> None:
    import pandas  # noqa: F401

    from discursus.ingest.language import detect_language

    detect_language("The model is loaded before the first table.")
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import pypdf  # noqa: F401


def over_time(display: str, seconds: float) -> InputError:
    """The error of a file whose reading ran past its time budget."""
    return InputError(display, f"reading stopped after {seconds:g} s (over the time budget)")


def _resident_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None  # no /proc here: the time budget still holds


class ReaderSandbox:
    """One child process that runs readers; see the module's docstring."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._waiting = False  # started, its "ready" not read yet

    def start(self) -> None:
        """Start the child now, without waiting for it (it imports its parsers meanwhile)."""
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._process = self._spawn()
            self._waiting = True

    def _start(self) -> None:
        self.start()
        self._wait_ready()

    def _wait_ready(self) -> None:
        if not self._waiting:
            return
        self._waiting = False
        if not self._ready(_START_SECONDS) or _read(self._out)[0] != "ready":
            self.close()
            raise RuntimeError("the reader process did not start")

    @staticmethod
    def _spawn() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "discursus.ingest.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    @property
    def _out(self) -> int:
        return self._process.stdout.fileno()

    def _ready(self, seconds: float) -> bool:
        poller = select.poll()
        poller.register(self._out, select.POLLIN | select.POLLHUP)
        return bool(poller.poll(seconds * 1000))

    def close(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(5)
            for stream in (self._process.stdin, self._process.stdout):
                stream.close()
        self._process = None
        self._waiting = False

    def run(
        self, reader: str, args: tuple[Any, ...], display: str, seconds: float, memory_mb: int
    ) -> Any:
        """``readers.<reader>(*args)`` in the child; an :class:`InputError` for ``display`` if
        it raises, runs past ``seconds`` or holds more than ``memory_mb``."""
        replies = self._call(reader, args, display, seconds, memory_mb)
        try:
            status, payload = next(replies)
        finally:
            replies.close()
        return payload

    def stream(
        self, reader: str, args: tuple[Any, ...], display: str, seconds: float, memory_mb: int
    ) -> Iterator[Any]:
        """What the generator ``readers.<reader>(*args)`` yields, item by item, under the same
        budgets (each wait for the next item may take ``seconds``)."""
        replies = self._call(reader, args, display, seconds, memory_mb)
        try:
            for status, payload in replies:
                if status != "chunk":
                    return
                yield payload
        finally:
            replies.close()

    def _call(self, reader, args, display, seconds, memory_mb) -> Iterator[tuple[str, Any]]:
        """Send one call, then yield its replies: chunks, then ("ok", result). A stop, a crash
        or a caller that leaves before the end ends the child (its pipe holds the rest)."""
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._start()
        self._wait_ready()
        finished = False
        try:
            _write(self._process.stdin.fileno(), (reader, args))
            del args
            while True:
                status, payload = self._reply(display, seconds, memory_mb)
                if status == "input":
                    finished = True
                    raise InputError(*payload)
                if status == "failed":
                    finished = True
                    raise InputError(display, f"could not be read: {payload}")
                finished = status == "ok"
                yield status, payload
                if finished:
                    return
        except (EOFError, OSError):
            code = self._process.poll() if self._process is not None else None
            self.close()
            raise InputError(display, f"the reader crashed (exit code {code})") from None
        finally:
            if not finished:
                self.close()  # interrupted or abandoned mid-file: not waited for

    def _reply(self, display: str, seconds: float, memory_mb: int) -> tuple[str, Any]:
        pid = self._process.pid
        started = time.monotonic()
        while not self._ready(_POLL_SECONDS):
            if seconds and time.monotonic() - started > seconds:
                self.close()
                raise over_time(display, seconds)
            resident = _resident_bytes(pid)
            if memory_mb and resident is not None and resident > memory_mb * 1024 * 1024:
                self.close()
                raise InputError(
                    display,
                    f"reading stopped: it took more than {memory_mb:,} MB of memory "
                    "(over the memory budget)",
                )
        return _read(self._out)


_shared: ReaderSandbox | None = None


def shared_sandbox() -> ReaderSandbox:
    """The process's sandbox, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        _shared = ReaderSandbox()
        atexit.register(_shared.close)
    return _shared


if __name__ == "__main__":
    _serve()
