"""Every command with a --check mode says in one line that all is well; long work shows progress on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import click

from stelsel.cli.main import COMMANDS, cli

from ..helpers import REPO, make_tree
from .test_common import _commands

CHECK_MODES = {"ci", "schemas", "release changelog"}


def test_the_commands_with_a_check_mode_are_these():
    """The --check commands are exactly those this file covers (a new one must be added here)."""
    found = {name for name, command in _commands()
             if any("--check" in p.opts for p in command.params if isinstance(p, click.Option))}
    assert found == CHECK_MODES and set(COMMANDS) >= {name.split()[0] for name in found}


def test_each_check_mode_prints_one_line_when_current(runner, tmp_path):
    """ci, schemas (folder and editor settings) and release changelog --check print one line on success, exit 0."""
    root = make_tree(tmp_path / "t")
    assert runner.invoke(cli, ["ci", "--forge", "github", "-C", str(root)]).exit_code == 0
    assert runner.invoke(cli, ["schemas", "--editor", "vscode", "-C", str(root)]).exit_code == 0
    runs = [["ci", "--forge", "github", "-C", str(root), "--check"],
            ["schemas", "--out", str(REPO / "schemas"), "--check"],
            ["schemas", "--editor", "vscode", "-C", str(root), "--check"],
            ["release", "changelog", "--check", "-C", str(REPO)]]
    for args in runs:
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert len(result.stdout.splitlines()) == 1 and result.stdout.strip(), (args, result.stdout)


def test_build_progress_only_on_a_terminal(tmp_path):
    """With stdout a terminal, build reports each version as it starts (stderr); in a pipe it does not."""
    root = make_tree(tmp_path / "t")
    env = dict(os.environ, STELSEL_CACHE_DIR=str(tmp_path / "cache"))
    exe = str(Path(sys.executable).parent / "stelsel")
    leader, follower = pty.openpty()
    try:
        on_tty = subprocess.run([exe, "build", str(root), "--working-only"], stdout=follower, stderr=subprocess.PIPE,
                                env=env, text=True)
    finally:
        os.close(follower)
        os.close(leader)
    assert on_tty.returncode == 0, on_tty.stderr
    assert "concept: building …" in on_tty.stderr
    piped = subprocess.run([exe, "build", str(root), "--working-only"], capture_output=True, env=env, text=True)
    assert piped.returncode == 0 and "building …" not in piped.stderr
