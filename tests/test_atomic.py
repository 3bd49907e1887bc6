"""atomic: SIGTERM inside sigterm_as_interrupt is raised as a KeyboardInterrupt once; the previous handler is back after."""

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
