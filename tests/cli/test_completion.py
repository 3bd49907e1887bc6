"""Shell completion as the README documents it (click's _STELSEL_COMPLETE)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "stelsel")


def test_bash_completion_script_and_words():
    """bash_source prints the completion function; bash_complete completes command names and options."""
    script = subprocess.run([EXE], env=dict(os.environ, _STELSEL_COMPLETE="bash_source"), capture_output=True,
                            text=True)
    assert script.returncode == 0 and "_stelsel_completion()" in script.stdout
    words = subprocess.run([EXE], env=dict(os.environ, _STELSEL_COMPLETE="bash_complete", COMP_WORDS="stelsel pro",
                                           COMP_CWORD="1"), capture_output=True, text=True)
    assert words.stdout.split() == ["plain,proposals", "plain,propose"]
    options = subprocess.run([EXE], env=dict(os.environ, _STELSEL_COMPLETE="bash_complete",
                                             COMP_WORDS="stelsel ci --fo", COMP_CWORD="2"), capture_output=True, text=True)
    assert "plain,--forge" in options.stdout.split()
