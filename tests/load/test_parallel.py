"""Work split over a forked child: same results as one process, failures fall back, children are reaped."""

from __future__ import annotations

import gc
import os
import time

import pytest

from stelsel.load import parallel
from stelsel.load.parallel import Background, map_split

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def test_map_split_keeps_order_and_really_forks():
    """The last part is computed in another process, and the results come back in order."""
    parent = os.getpid()
    result = map_split(lambda n: (n * n, os.getpid()), list(range(20)), fork=True)
    assert [value for value, _ in result] == [n * n for n in range(20)]
    mine = round(20 * parallel.OWN_SHARE)
    assert {pid for _, pid in result[:mine]} == {parent}
    assert parent not in {pid for _, pid in result[mine:]}


def test_failed_child_falls_back_to_this_process():
    """A child that fails (here: only in the child) does not change the result: the work is redone here."""
    parent = os.getpid()

    def job():
        if os.getpid() != parent:
            raise RuntimeError("only the child fails")
        return "computed here"

    assert Background(job).result() == "computed here"


def test_unpicklable_result_falls_back():
    """A result that cannot be pickled back is computed in this process instead."""
    assert Background(lambda: (lambda: 1)).result()() == 1


def test_uncollected_child_is_reaped():
    """A child whose result is never asked for is stopped and reaped, not left waiting on its pipe."""
    child = Background(lambda: b"x" * 1_000_000)  # more than a pipe holds: the child blocks writing
    pid = child.pid
    assert pid is not None
    del child
    gc.collect()
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        pytest.fail("the child process is still there")


def test_switch_turns_forking_off_and_on(monkeypatch):
    """STELSEL_PARALLEL=0 keeps everything in one process; 'always' forks even for small jobs."""
    monkeypatch.setenv("STELSEL_PARALLEL", "0")
    assert not parallel.worth_forking(10**6)
    assert Background(os.getpid).pid is None
    monkeypatch.setenv("STELSEL_PARALLEL", "always")
    assert parallel.worth_forking(2)
    monkeypatch.delenv("STELSEL_PARALLEL")
    assert not parallel.worth_forking(2)


def test_no_fork_while_other_threads_run(monkeypatch):
    """With another thread running (as under mkdocs serve) the work stays in this process."""
    import threading

    monkeypatch.setenv("STELSEL_PARALLEL", "always")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.worth_forking(10**6)
        assert Background(os.getpid).pid is None
        assert map_split(lambda n: os.getpid(), [1, 2, 3], fork=True) == [os.getpid()] * 3
    finally:
        stop.set()
        thread.join()
