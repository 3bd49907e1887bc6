"""Atomic file writes: a temporary file in the same folder, flushed, then ``os.replace``.

A reader (or a crash) sees the old file or the new one, never half of one. Kept free of
heavy imports: the check cache uses it on the hot path.
"""

from __future__ import annotations

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
