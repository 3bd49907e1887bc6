"""run.py: the commands and tests it starts find the virtualenv's console scripts first."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_py():
    spec = importlib.util.spec_from_file_location("run_py_under_test", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_venv_bin_is_first_on_path():
    """command_env puts .venv/bin first on PATH once, keeping the rest of PATH in order."""
    run = _run_py()
    env = run.command_env({"PATH": os.pathsep.join(["/usr/local/bin", str(run.BIN), "/usr/bin"])})
    parts = env["PATH"].split(os.pathsep)
    assert parts == [str(run.BIN), "/usr/local/bin", "/usr/bin"]
    assert env["VIRTUAL_ENV"] == str(run.VENV)


def test_console_scripts_resolve_to_the_venv():
    """With run.py's PATH, 'stelsel' and 'actionlint' resolve to the virtualenv's scripts, even from a bare PATH."""
    run = _run_py()
    env = run.command_env({"PATH": "/usr/bin:/bin"})
    for script in ("stelsel", "actionlint"):
        found = shutil.which(script, path=env["PATH"])
        assert found is not None and Path(found).parent == run.BIN, script
