"""Atomic file writes: a temporary file in the same folder, flushed, then ``os.replace``.

A reader (or a crash) sees the old file or the new one, never half of one. Kept free of
heavy imports: the check cache uses it on the hot path.

A write of many files (``release cut``, ``publish``, ``open``) rolls back when interrupted;
:func:`sigterm_as_interrupt` makes SIGTERM (``timeout``, a cancelled CI job, ``docker
stop``) interrupt it as Ctrl-C does, instead of killing the process half-way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path | str, data: str | bytes, keep_mode: bool = True, sync: bool = True) -> None:
    """Write text (UTF-8, newlines as given) or bytes to ``path`` atomically; keeps its mode.

    ``sync=False`` leaves out the flush to disk before the rename, for a caller that writes
    many files and flushes them all at once afterwards (:func:`flush_all`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    if keep_mode:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            pass
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def flush_all() -> None:
    """Flush every file written to disk (after many :func:`atomic_write` calls with ``sync=False``)."""
    if hasattr(os, "sync"):
        os.sync()


class Terminated(KeyboardInterrupt):
    """SIGTERM, received inside :func:`sigterm_as_interrupt`: raised where Ctrl-C would be, so the write rolls back."""


_guard = {"depth": 0, "previous": None, "raised": False, "deferred": 0}


def _on_sigterm(signum, frame) -> None:
    if _guard["raised"]:
        return  # one is enough: a second SIGTERM must not break off the roll-back the first started
    if _guard["deferred"]:
        return
    _guard["raised"] = True
    raise Terminated("terminated (SIGTERM)")


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Inside the block, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt) once; later ones are ignored.

    Nested blocks share the outermost's handler; on leaving it the previous handler is back.
    Outside the main thread (where Python delivers no signals) the block changes nothing.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _guard["depth"] == 0:
        _guard.update(previous=signal.getsignal(signal.SIGTERM), raised=False)
        signal.signal(signal.SIGTERM, _on_sigterm)
    _guard["depth"] += 1
    try:
        yield
    finally:
        _guard["depth"] -= 1
        if _guard["depth"] == 0:
            previous = _guard["previous"]
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


@contextlib.contextmanager
def sigterm_deferred():
    """Inside a :func:`sigterm_as_interrupt` block: no SIGTERM breaks off this last step (a git commit and its tag).

    A SIGTERM that comes meanwhile is dropped: the step it would have broken off completes
    the write, and the command ends right after it, done. (Broken off, a commit could land
    while its files were being rolled back.)
    """
    _guard["deferred"] += 1
    try:
        yield
    finally:
        _guard["deferred"] -= 1


@contextlib.contextmanager
def folder_lock(folder: Path | str, wait: float = 10.0):
    """Hold an exclusive lock on ``folder`` (flock on the folder itself: no lock file is left behind) while the
    block runs, between stelsel processes. TimeoutError after ``wait`` seconds of another holding it; a no-op where
    the platform has no flock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    import time

    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another stelsel command has been writing in {folder} for {wait:.0f} s; "
                                       "try again when it is done") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
