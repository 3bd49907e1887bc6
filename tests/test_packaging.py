"""A built wheel holds every data file of the package (templates, catalogues, theme overrides), not only the
editable install of the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_every_non_python_file_of_the_package(tmp_path):
    """Every tracked file under tooling/stelsel that is not Python is in the wheel (package-data is complete)."""
    listed = subprocess.run(["git", "ls-files", "tooling/stelsel"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    data = [name[len("tooling/"):] for name in listed.stdout.split() if not name.endswith(".py")]
    assert data, "the package has data files (templates, catalogues)"
    # built from a copy of the tracked files: an egg-info left in the checkout would list the data files itself
    source = tmp_path / "source"
    tracked = subprocess.run(["git", "ls-files", "pyproject.toml", "README.md", "LICENSE*", "tooling"], cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    for name in tracked:
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                            "-w", str(tmp_path / "wheel"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in data if name not in names] == []
