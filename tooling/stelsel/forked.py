"""Work on a second core: a function run in a forked child while the caller goes on.

``stelsel build`` spends a third of its time on work that needs nothing of what follows it:
the check's rules, the checklist downloads, material's search index of the rendered pages.
On a machine with two cores or more each of these runs in a child process forked from the
build (so it sees the loaded project without loading or pickling it), and its result comes
back pickled; the caller asks for it when it needs it. The result is the one the function
would have returned in the caller: what the child logged at WARNING and above is logged again
in the caller (the build's strict mode and its report count it), an exception is raised again
in the caller with the child's traceback in its message.

Without ``os.fork`` (Windows), on one core, or with ``STELSEL_FORK=0`` in the environment the
function runs at once in the caller: the same result, one core. A test builds the sites both ways
and compares every file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import traceback
from typing import Any, Callable

SWITCH = "STELSEL_FORK"


def available() -> bool:
    """Whether work may go to a forked child: fork exists, a second core is ours, not switched off."""
    if os.environ.get(SWITCH, "").strip().lower() in ("0", "no", "false", "off"):
        return False
    if not hasattr(os, "fork") or sys.platform == "darwin":  # macOS' system libraries are not fork-safe
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


class ForkedError(RuntimeError):
    """The function failed in the child in a way that cannot be raised again as itself."""


class _Records(logging.Handler):
    """The child's log records at WARNING and above, to be handled again in the parent."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # the arguments need not pickle
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _run_child(write_fd: int, fn: Callable, args: tuple) -> None:
    """In the child: run ``fn``, send (status, value, records) down the pipe, never return."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child with the parent
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and so does SIGTERM: a parent's roll-back is its own
        records = _Records()
        root = logging.getLogger()
        for logger in [root, *(lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger))]:
            for handler in list(logger.handlers):  # the parent's handlers stay the parent's
                logger.removeHandler(handler)
            if logger is root or not logger.propagate:  # where a record stops bubbling up: caught once
                logger.addHandler(records)
        try:
            outcome: tuple = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            outcome = ("error", exc, traceback.format_exc())
        try:
            data = pickle.dumps((outcome, records.records), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            failure = outcome[2] if outcome[0] == "error" else f"{type(exc).__name__}: {exc}"
            data = pickle.dumps((("unpicklable", failure), records.records))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)  # never the parent's atexit handlers, finally clauses or buffered output


@contextlib.contextmanager
def records_taken():
    """In a child: the log records of the block, taken out of those that go back with the result (the
    caller hands them over itself, to have them handled at their place: :func:`handle_again`). Outside
    a child: an empty list, and the records are handled as always."""
    handler = next((h for h in logging.getLogger().handlers if isinstance(h, _Records)), None)
    taken: list[logging.LogRecord] = []
    start = len(handler.records) if handler is not None else 0
    try:
        yield taken
    finally:
        if handler is not None:
            taken.extend(handler.records[start:])
            del handler.records[start:]


def handle_again(records: list[logging.LogRecord]) -> None:
    """Log records of a child handled in this process, as if they had been logged here."""
    for record in records:
        logging.getLogger(record.name).handle(record)


class Forked:
    """``fn(*args)`` started in a forked child (or, without one or with ``beside`` false, run at once);
    ``result()`` waits for it. ``cancel()`` ends a child whose result is not wanted (the build failed).
    Only a process without other threads may fork (``stelsel serve`` has its server's): it passes
    ``beside=False``."""

    def __init__(self, fn: Callable, *args: Any, beside: bool = True):
        self._pid: int | None = None
        self._read: int | None = None
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None
        if not beside or not available():
            try:
                self._value = fn(*args)
            except Exception as exc:  # noqa: BLE001 - raised when the result is asked for, as in a child
                self._error = exc
            self._done = True
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()  # or the child would write the parent's buffered output again
            except (OSError, ValueError, AttributeError):
                pass
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _run_child(write, fn, args)
        os.close(write)
        self._pid, self._read = pid, read

    @property
    def in_child(self) -> bool:
        """Whether the work runs (or ran) in a child process."""
        return self._pid is not None

    def result(self) -> Any:
        """The function's return value; its exception raised again here."""
        if not self._done:
            self._collect()
        if self._error is not None:
            raise self._error
        return self._value

    def _collect(self) -> None:
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            self._read = None
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        self._done = True
        data = b"".join(chunks)
        if not data:
            how = f"signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else \
                f"exit code {os.waitstatus_to_exitcode(status)}"
            self._error = ForkedError(f"the child process working beside the build ended without a result ({how})")
            return
        outcome, records = pickle.loads(data)
        handle_again(records)
        if outcome[0] == "ok":
            self._value = outcome[1]
        elif outcome[0] == "error":
            self._error = outcome[1]
            self._error.add_note(f"in the child process working beside the build:\n{outcome[2]}")
        else:
            self._error = ForkedError(f"the child process working beside the build failed:\n{outcome[1]}")

    def cancel(self) -> None:
        """End the child without waiting for its result (nothing it would have sent is needed)."""
        if self._done or self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        if self._read is not None:
            os.close(self._read)
            self._read = None
        self._done = True
        self._error = ForkedError("cancelled")
