#!/usr/bin/env python3
"""One entry point that sets itself up: a virtualenv in .venv with stelsel installed.

    python3 run.py build      build the whole multi-version site of the shipped framework (site/)
    python3 run.py test       run the test suite on every core (extra arguments go to pytest;
                              -m "not slow" is the fast loop, -n 0 runs it in one process)
    python3 run.py check      or any other 'stelsel' command, run inside the virtualenv

Needs only python3 (3.11+) and git. The virtualenv is (re)built when pyproject.toml changes.
The browser tests and the release PDF need Debian packages (chromium, Pango); run as root,
'test' and 'build' install the missing ones with apt-get, otherwise they say what is missing.
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


# Debian packages: Chromium for the browser tests and the release PDF (the faster engine, used
# where it is installed; its headless shell prints the same PDF in less time, bench/results-pdf.md),
# Pango/HarfBuzz and a font for weasyprint's PDF (the fallback).
PDF_PACKAGES = ["chromium-headless-shell", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0",
                "fonts-dejavu-core"]
BROWSER_PACKAGES = ["chromium", "chromium-driver"]


def _missing(packages: list[str]) -> list[str]:
    missing = []
    for package in packages:
        try:
            done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        except FileNotFoundError:  # not a Debian system: nothing we can install
            return []
        if "ok installed" not in done.stdout:
            missing.append(package)
    return missing


def ensure_system_packages(packages: list[str]) -> None:
    missing = _missing(packages)
    if not missing:
        return
    if os.name != "posix" or os.geteuid() != 0:
        _say(f"missing Debian packages: {' '.join(missing)} (install them as root: "
             f"apt-get install {' '.join(missing)}); the parts that need them are skipped")
        return
    _say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], check=True, env=env)


def command_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the commands and tests run.py starts: the virtualenv's bin folder first
    on PATH, so its console scripts (stelsel, actionlint, pre-commit, check-jsonschema) are found."""
    env = dict(os.environ if base is None else base)
    rest = [part for part in env.get("PATH", "").split(os.pathsep) if part and Path(part) != BIN]
    env["PATH"] = os.pathsep.join([str(BIN), *rest])
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    ensure_env()
    env = command_env()
    if argv[0] == "test":
        ensure_system_packages(BROWSER_PACKAGES + PDF_PACKAGES)
        if env.get("CI"):
            env["STELSEL_REQUIRE_BROWSER"] = "1"  # in CI a missing browser fails instead of skipping
        extra = argv[1:]
        # On every core (pytest-xdist) unless the caller chose: the whole suite in about half the time.
        if not any(a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in extra):
            extra = ["-n", "auto", *extra]
        command = [str(PYTHON), "-m", "pytest", *extra]
    else:
        if argv[0] == "build":
            ensure_system_packages(PDF_PACKAGES)
        command = [str(BIN / "stelsel"), *argv]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(f"[run.py] set-up failed: {' '.join(map(str, exc.cmd))} exited {exc.returncode}")
