"""`stelsel check` through the command line: exit codes, formats, paths."""

from __future__ import annotations

import json
import os

import pytest

from stelsel.cli.main import cli
from stelsel.load.tree import scan

from ..helpers import CONTENT, FIXTURES, make_tree, replace

MA = CONTENT + "afspraken/MA-001.yaml"


def test_clean_tree_exits_0(runner):
    """A clean tree exits 0 and says 'no findings'."""
    result = runner.invoke(cli, ["check", str(FIXTURES / "minimal")])
    assert result.exit_code == 0
    assert result.output.endswith("files checked: no findings\n")


def test_findings_exit_1(runner, tmp_path):
    """A tree with an error exits 1 and prints the finding with its place."""
    root = make_tree(tmp_path / "tree", {MA: replace("[zorgaanbieder]", "[tandarts]")})
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert f"{MA}:8:14: R001 applies_to: unknown role 'tandarts'" in result.output
    assert "1 error(s), 0 warning(s)" in result.output


def test_nonexistent_path_exits_2(runner, tmp_path):
    """A path that does not exist is a usage error: exit 2, a message, no traceback."""
    result = runner.invoke(cli, ["check", str(tmp_path / "nergens")])
    assert result.exit_code == 2
    assert "path does not exist" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_folder_that_is_not_a_project_exits_2(runner, tmp_path):
    """A folder with no afsprakenstelsel/ at or above it is a usage error: exit 2 with a message."""
    (tmp_path / "leeg").mkdir()
    result = runner.invoke(cli, ["check", str(tmp_path / "leeg")])
    assert result.exit_code == 2
    assert "no stelsel project at or above" in result.output
    assert "Traceback" not in result.output


def test_subfolder_and_file_resolve_to_the_root(runner, tmp_path):
    """PATH may be any folder or file below the root: the whole project is checked, paths stay root-relative."""
    root = make_tree(tmp_path / "tree", {MA: replace("[zorgaanbieder]", "[tandarts]")})
    for path in (root / CONTENT / "rollen", root / MA):
        result = runner.invoke(cli, ["check", str(path), "--format", "json"])
        data = json.loads(result.output)
        assert data["summary"]["root"] == str(root.resolve())
        assert [(d["code"], d["path"]) for d in data["diagnostics"]] == [("R001", MA)]


def test_default_path_is_the_current_folder(runner, tmp_path, monkeypatch):
    """Without PATH, check runs on the current folder's project."""
    root = make_tree(tmp_path / "tree")
    monkeypatch.chdir(root / CONTENT)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output


def test_json_summary(runner):
    """JSON output carries root, files, errors, warnings and cached in its summary."""
    result = runner.invoke(cli, ["check", str(FIXTURES / "minimal"), "--format", "json", "--no-cache"])
    data = json.loads(result.output)
    assert set(data["summary"]) == {"root", "files", "errors", "warnings", "cached"}
    assert data["summary"]["files"] == len(scan(FIXTURES / "minimal"))
    assert data["diagnostics"] == []


def test_github_format(runner, tmp_path):
    """--format github prints one annotation per finding and exits like text."""
    root = make_tree(tmp_path / "tree", {MA: replace("[zorgaanbieder]", "[tandarts]")})
    result = runner.invoke(cli, ["check", str(root), "--format", "github"])
    assert result.exit_code == 1
    assert result.output.startswith(f"::error file={MA},line=8,col=14,title=R001::")


def test_unknown_format_is_a_usage_error(runner):
    """An unknown --format is rejected by click with exit 2."""
    result = runner.invoke(cli, ["check", str(FIXTURES / "minimal"), "--format", "xml"])
    assert result.exit_code == 2


def test_internal_error_is_a_message_not_a_traceback(runner, monkeypatch):
    """An unexpected exception becomes 'internal error' on stderr and exit 2, without a traceback."""
    import stelsel.cli.check_cmd as check_cmd

    def explode(*args, **kwargs):
        raise RuntimeError("boem")

    monkeypatch.setattr(check_cmd, "check_tree", explode)
    result = runner.invoke(cli, ["check", str(FIXTURES / "minimal")])
    assert result.exit_code == 2
    assert "stelsel: internal error: RuntimeError: boem" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name != "posix", reason="POSIX paths")
def test_console_script_is_installed():
    """The 'stelsel' console script runs check with the documented exit codes."""
    import shutil
    import subprocess

    import sys
    from pathlib import Path

    # run.py puts the virtualenv's bin first on PATH; a bare pytest from .venv finds it next to python.
    beside = Path(sys.executable).parent / "stelsel"
    exe = shutil.which("stelsel") or (str(beside) if beside.exists() else None)
    assert exe is not None, "the 'stelsel' console script is not installed (pip install -e .)"
    done = subprocess.run([exe, "check", str(FIXTURES / "minimal"), "--no-cache"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    missing = subprocess.run([exe, "check", "/nonexistent/path"], capture_output=True, text=True)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
