#!/usr/bin/env python3
"""One entry point that sets itself up: a virtualenv in .venv with stelsel installed.

    python3 run.py check      validate the shipped framework (any 'stelsel' command works)
    python3 run.py test       run the test suite (extra arguments go to pytest)

Needs only python3 (3.11+) and git. The virtualenv is (re)built when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".stelsel-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(message: str) -> None:
    print(f"[run.py] {message}", file=sys.stderr, flush=True)


def ensure_env() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"stelsel needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        _say(f"creating virtualenv in {VENV.relative_to(ROOT)}")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    _say("installing stelsel and its test dependencies (first run only)")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    ensure_env()
    if argv[0] == "test":
        command = [str(PYTHON), "-m", "pytest", *argv[1:]]
    else:
        command = [str(BIN / "stelsel"), *argv]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(f"[run.py] set-up failed: {' '.join(map(str, exc.cmd))} exited {exc.returncode}")
