"""Work in a forked child (stelsel.forked) returns what the function returns in the caller."""

from __future__ import annotations

import logging
import os

import pytest

from stelsel import forked
from stelsel.forked import Forked, ForkedError

needs_fork = pytest.mark.skipif(not forked.available(), reason="no second core or no os.fork here")


def _pid_and(value):
    return os.getpid(), value


def _fails():
    raise ValueError("the rule broke")


def _logs():
    logging.getLogger("stelsel.test.forked").warning("seen in the child")
    return 1


def _unpicklable():
    return lambda: None


def _dies():
    os._exit(3)


@needs_fork
def test_result_comes_from_a_child_and_equals_the_callers():
    """The value is computed in another process and is the same as a call in this one."""
    work = Forked(_pid_and, {"a": [1, 2, 3]})
    pid, value = work.result()
    assert work.in_child and pid != os.getpid()
    assert value == _pid_and({"a": [1, 2, 3]})[1]


def test_beside_false_runs_in_the_caller():
    """With beside=False the function runs at once in this process."""
    work = Forked(_pid_and, 5, beside=False)
    assert not work.in_child
    assert work.result() == (os.getpid(), 5)


def test_switched_off_by_the_environment(monkeypatch):
    """STELSEL_FORK=0 keeps all work in the caller."""
    monkeypatch.setenv(forked.SWITCH, "0")
    assert not forked.available()
    work = Forked(_pid_and, 1)
    assert not work.in_child and work.result()[0] == os.getpid()


@needs_fork
def test_exception_is_raised_again_with_the_childs_traceback():
    """The child's exception is raised in the caller as itself, with where it happened."""
    with pytest.raises(ValueError, match="the rule broke") as caught:
        Forked(_fails).result()
    assert any("_fails" in note for note in getattr(caught.value, "__notes__", []))


@needs_fork
def test_warnings_logged_in_the_child_are_logged_in_the_caller(caplog):
    """A warning the child logs reaches the caller's handlers (the build's strict count sees it)."""
    with caplog.at_level(logging.WARNING, logger="stelsel.test.forked"):
        assert Forked(_logs).result() == 1
    assert [r.getMessage() for r in caplog.records if r.name == "stelsel.test.forked"] == ["seen in the child"]


@needs_fork
def test_an_unpicklable_result_is_a_clear_error():
    """A result that cannot be sent back is an error naming why, not a hang or a crash."""
    with pytest.raises(ForkedError, match="failed"):
        Forked(_unpicklable).result()


@needs_fork
def test_a_child_that_dies_is_an_error():
    """A child that ends without a result is reported with its exit code."""
    with pytest.raises(ForkedError, match="exit code 3"):
        Forked(_dies).result()


@needs_fork
def test_cancel_ends_the_child():
    """cancel() ends a running child and reaps it; its result is not available afterwards."""
    import time

    work = Forked(time.sleep, 60)
    work.cancel()
    with pytest.raises(ForkedError, match="cancelled"):
        work.result()
    with pytest.raises(ChildProcessError):
        os.waitpid(work._pid, os.WNOHANG)
