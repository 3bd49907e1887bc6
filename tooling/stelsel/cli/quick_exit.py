"""Leaving a command that built a large heap without freeing it object by object.

``stelsel build`` holds the loaded framework, its releases and every generated page: at
N = 5,000 about 600 MB of small objects. A normal interpreter exit frees each of them, which
took 1.2-1.5 s after the build had finished (bench/results-site.md, session 10). A command
that asks for it (:func:`wanted`) ends, once its exit code is known, as the interpreter would,
but without that teardown: the atexit handlers run (they close a spare browser, remove
temporary folders, shut down logging), the output is flushed, then the process ends.

Only the console entry point (``stelsel``, :func:`stelsel.cli.main.main`) does this; a command
invoked in-process (tests, ``CliRunner``) returns as always. ``STELSEL_QUICK_EXIT=0`` turns it
off.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

SWITCH = "STELSEL_QUICK_EXIT"

_wanted = False


def wanted() -> None:
    """The running command holds a large heap: the entry point may end without freeing it."""
    global _wanted
    _wanted = True


def applies() -> bool:
    """Whether the command asked for it, it is not switched off, and no other thread could still need the heap."""
    if not _wanted or os.environ.get(SWITCH, "").strip().lower() in ("0", "no", "false", "off"):
        return False
    return not any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread())


def leave(code) -> None:
    """End the process with ``code`` as ``SystemExit(code)`` would, without the interpreter's teardown."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit's convention: a message goes to stderr, the status is 1
        print(code, file=sys.stderr)
        status = 1
    try:
        atexit._run_exitfuncs()  # what a normal exit runs before the teardown
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        os._exit(status & 0xFF if status >= 0 else 1)
