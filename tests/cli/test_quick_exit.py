"""A command with a large heap ends without the interpreter's teardown, as a normal exit otherwise would."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=60)


def test_leave_runs_atexit_handlers_flushes_output_and_keeps_the_status():
    """atexit handlers run, buffered output is written and the exit status is the command's."""
    done = _run("""
        import atexit, sys
        from stelsel.cli import quick_exit
        atexit.register(lambda: print("handler ran"))
        sys.stdout.write("buffered, no newline")
        quick_exit.wanted()
        assert quick_exit.applies()
        quick_exit.leave(3)
        print("never reached")
    """)
    assert done.returncode == 3
    assert "buffered, no newline" in done.stdout and "handler ran" in done.stdout
    assert "never reached" not in done.stdout


def test_a_message_as_exit_code_goes_to_stderr_with_status_1():
    """SystemExit's convention: a text code is printed to stderr and the status is 1."""
    done = _run("""
        from stelsel.cli import quick_exit
        quick_exit.leave("stelsel: failed")
    """)
    assert done.returncode == 1
    assert "stelsel: failed" in done.stderr


def test_not_applied_when_unwanted_switched_off_or_a_thread_runs():
    """Only a command that asked, never with STELSEL_QUICK_EXIT=0 or while a non-daemon thread runs."""
    done = _run("""
        import threading, time
        from stelsel.cli import quick_exit
        print("unwanted", quick_exit.applies())
        quick_exit.wanted()
        print("wanted", quick_exit.applies())
        stop = threading.Event()
        worker = threading.Thread(target=stop.wait)
        worker.start()
        print("thread", quick_exit.applies())
        stop.set(); worker.join()
        print("after", quick_exit.applies())
    """)
    assert done.stdout.split("\n")[:4] == ["unwanted False", "wanted True", "thread False", "after True"]
    off = _run("""
        from stelsel.cli import quick_exit
        quick_exit.wanted()
        print(quick_exit.applies())
    """, {"STELSEL_QUICK_EXIT": "0"})
    assert off.stdout.strip() == "False"


def test_the_console_entry_point_exits_with_the_commands_status(tmp_path):
    """`stelsel build` through the entry point: a usage error still exits 2 with its message."""
    from pathlib import Path

    exe = Path(sys.executable).parent / "stelsel"
    done = subprocess.run([str(exe), "build", str(tmp_path / "nowhere")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "does not exist" in done.stderr

