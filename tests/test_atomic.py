"""atomic: SIGTERM inside sigterm_as_interrupt is raised as a KeyboardInterrupt once, the previous handler back after; folder_lock is exclusive."""

from __future__ import annotations

import os
import signal

import pytest

from stelsel.atomic import Terminated, sigterm_as_interrupt, sigterm_deferred


def test_sigterm_in_the_block_raises_terminated_and_the_handler_is_restored():
    """SIGTERM in the block raises Terminated (a KeyboardInterrupt); a second one during the roll-back is ignored."""
    before = signal.getsignal(signal.SIGTERM)
    rolled_back = False
    with pytest.raises(Terminated):
        with sigterm_as_interrupt():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(10**6):
                    pass
            except KeyboardInterrupt:
                os.kill(os.getpid(), signal.SIGTERM)  # the second must not break off the roll-back
                for _ in range(10**5):
                    pass
                rolled_back = True
                raise
    assert rolled_back
    assert signal.getsignal(signal.SIGTERM) == before


def test_sigterm_in_a_deferred_step_lets_it_finish():
    """A SIGTERM during the last step (the commit) does not break it off."""
    finished = False
    with sigterm_as_interrupt():
        with sigterm_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(10**5):
                pass
            finished = True
    assert finished


def test_a_folder_lock_held_elsewhere_is_waited_for_then_a_timeout(tmp_path):
    """folder_lock is exclusive between processes: while a child holds it, a second one waits and then times out;
    once the child is gone it is taken at once; no lock file is left in the folder."""
    import subprocess
    import sys

    from stelsel.atomic import folder_lock

    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
                               "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)", str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(TimeoutError, match="another stelsel command"):
            with folder_lock(tmp_path, wait=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(tmp_path, wait=0.3):
        pass
    assert list(tmp_path.iterdir()) == []
