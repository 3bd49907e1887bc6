"""Use the second core of a cold check: work done in a forked child, its result piped back.

Parsing is the largest cost of a cold check and each file parses on its own, so a large
tree is split: a child (a fork, so it already holds the bytes and the code) parses the
second half and sends the results back pickled while this process parses the first half.
Reading proposal history from git (provenance) runs in a child of its own in the same way.
Small jobs, one-core machines and systems without ``fork`` do the work in this process;
so does any child that fails, so a result never depends on whether the split worked.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import weakref
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_JOBS = 1500  # files in a tree below which a fork and a pickle round trip cost more than they save
# STELSEL_PARALLEL: "0" does everything in one process (for measuring and debugging);
# "always" forks whatever the size (for tests of the split itself).
ENV_SWITCH = "STELSEL_PARALLEL"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork only where it exists and is safe: not in a process running other threads (a
    thread holding a lock at the fork would leave the child waiting on it for ever), as
    under ``mkdocs serve``."""
    return (hasattr(os, "fork") and sys.platform != "win32" and os.environ.get(ENV_SWITCH, "") != "0"
            and threading.active_count() == 1)


def worth_forking(count: int) -> bool:
    """Whether work on ``count`` files is worth a child process on this machine."""
    if not can_fork():
        return False
    if os.environ.get(ENV_SWITCH, "") == "always":
        return True
    return count >= MIN_JOBS and _cores() > 1


def _reap(pid: int) -> None:
    """Stop a child whose result was never collected (it waits on a full pipe otherwise)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


class Background:
    """``function()`` computed in a forked child; :meth:`result` returns its value.

    When forking is not possible or the child fails, :meth:`result` computes the value in
    this process instead. ``function`` must return something picklable.
    """

    def __init__(self, function: Callable[[], Any], fork: bool = True):
        self.function = function
        self.pid: int | None = None
        self.read_end: int | None = None
        self._done = False
        self._value: Any = None
        self._finalizer = None
        if not fork or not can_fork():
            return
        try:
            read_end, write_end = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the child: never return into the caller's code
            status = 1
            try:
                os.close(read_end)
                payload = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                status = 0
            except BaseException:
                pass
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end
        self._finalizer = weakref.finalize(self, _reap, pid)

    def result(self) -> Any:
        if self._done:
            return self._value
        value, ok = None, False
        if self.pid is not None:
            try:
                with os.fdopen(self.read_end, "rb") as incoming:
                    payload = incoming.read()
                _, status = os.waitpid(self.pid, 0)
                self._finalizer.detach()
                if status == 0:
                    value, ok = pickle.loads(payload), True
            except Exception:  # a failed child is a child that never ran
                ok = False
        if not ok:
            value = self.function()
        self._done, self._value = True, value
        return value


# The share of the jobs this process keeps: the child also pickles its results (and this
# process unpickles them), so an even split leaves this process waiting.
OWN_SHARE = 0.55


def map_split(function: Callable[[T], R], jobs: Sequence[T], fork: bool | None = None) -> list[R]:
    """``[function(job) for job in jobs]``, the last part computed in a forked child."""
    if fork is None:
        fork = worth_forking(len(jobs))
    if not fork:
        return [function(job) for job in jobs]
    half = round(len(jobs) * OWN_SHARE)
    child = Background(lambda: [function(job) for job in jobs[half:]])
    first = [function(job) for job in jobs[:half]]
    second = child.result()
    if not isinstance(second, list) or len(second) != len(jobs) - half:
        second = [function(job) for job in jobs[half:]]
    return first + second
