"""check_tree: every finding in one run, sorted; never writes the tree; the cache is never stale."""

from __future__ import annotations

import json
import os

import pytest

from stelsel.check import check_tree
from stelsel.cli.main import cli
from stelsel.diagnostics import Severity
from stelsel.load.tree import scan
from stelsel.rules import REGISTRY, Rule

from .helpers import CONTENT, FIXTURES, Symlink, append, fixture_text, make_tree, replace, snapshot

MA = CONTENT + "afspraken/MA-001.yaml"

BROKEN = {
    MA: replace("[zorgaanbieder]", "[tandarts]"),
    CONTENT + "rollen/kapot.yaml": "kind: role\nid: [open\n",
    CONTENT + "rollen/latin.yaml": b"kind: role\ntitle: caf\xe9\n",
    CONTENT + "rollen/bomb.yaml": "a: &a [x]\nb: *a\n",
    CONTENT + "rollen/leeg.yaml": "",
    CONTENT + "rollen/link.yaml": Symlink("../../../buiten.yaml"),
    CONTENT + "paginas/geen.md": "Geen front matter.\n",
    "changes/WV-001.md": "---\nid: WV-001\n---\n",
}


def _json(runner, *args):
    result = runner.invoke(cli, ["check", *map(str, args), "--format", "json"])
    return result, json.loads(result.output)


def test_findings_sorted_and_unique(tmp_path):
    """Findings come sorted by path, line, column and code, without duplicates."""
    root = make_tree(tmp_path / "tree", BROKEN)
    found = check_tree(root, use_cache=False).diagnostics
    keys = [(d.path, d.line, d.col, d.code, d.message) for d in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert {d.code for d in found} >= {"R001", "F001", "F002", "F003", "F006", "F007", "F011", "S002"}


def test_result_counts(tmp_path):
    """CheckResult counts files, errors and warnings."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/zorg.yaml": "kind: role\nid: zorg2\ntitle: Z\nstatus: gereed\nsources: [S1]\n",
                                         CONTENT + "rollen/x.txt": "x"})
    result = check_tree(root, use_cache=False)
    assert result.files == len(scan(FIXTURES / "minimal")) + 2
    assert (result.errors, result.warnings) == (1, 1)


@pytest.mark.parametrize("edits", [{}, BROKEN], ids=["clean", "broken"])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_never_modifies_the_tree(tmp_path, runner, edits, fmt):
    """check (with or without cache, any format) leaves every byte, mtime and mode of the tree as it was."""
    root = make_tree(tmp_path / "tree", edits)
    (tmp_path / "buiten.yaml").write_text("kind: role\n")
    before = snapshot(tmp_path)
    for extra in ([], [], ["--no-cache"]):
        runner.invoke(cli, ["check", str(root), "--format", fmt, *extra])
    assert snapshot(tmp_path) == before


def test_second_run_is_cached_with_same_findings(tmp_path, runner):
    """A second check of an unchanged tree comes from the cache (summary.cached) with identical findings."""
    root = make_tree(tmp_path / "tree", BROKEN)
    first, data1 = _json(runner, root)
    second, data2 = _json(runner, root)
    assert first.exit_code == second.exit_code == 1
    assert data1["summary"]["cached"] is False
    assert data2["summary"]["cached"] is True
    assert data1["diagnostics"] == data2["diagnostics"]
    assert {k: v for k, v in data1["summary"].items() if k != "cached"} == \
        {k: v for k, v in data2["summary"].items() if k != "cached"}


def test_cache_is_never_stale(tmp_path, runner):
    """Editing, adding or deleting a file changes the result at once, even at the same size and mtime."""
    root = make_tree(tmp_path / "tree")
    _, clean = _json(runner, root)
    assert clean["diagnostics"] == []
    path = root / MA
    original = path.read_text()
    st = os.stat(path)
    path.write_text(original.replace("level: MOET", "level: MUST"))  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and same mtime
    result, data = _json(runner, root)
    assert result.exit_code == 1 and data["summary"]["cached"] is False
    assert [d["code"] for d in data["diagnostics"]] == ["R001"]
    (root / CONTENT / "rollen/extra.yaml").write_text("")
    _, data = _json(runner, root)
    assert "F003" in [d["code"] for d in data["diagnostics"]]
    (root / CONTENT / "rollen/extra.yaml").unlink()
    path.write_text(original)
    result, data = _json(runner, root)
    assert result.exit_code == 0 and data["diagnostics"] == []
    assert data["summary"]["cached"] is True  # the clean result of the first run


def test_cache_not_stale_for_unreadable_files(tmp_path, runner):
    """A file over the size limit that changes size (still too large) gets a fresh message, not the cached one."""
    root = make_tree(tmp_path / "tree", {CONTENT + "stelsel.yaml": append("limits:\n  max_file_bytes: 1024\n"),
                                         CONTENT + "rollen/groot.yaml": "x" * 2000})
    _, data = _json(runner, root)
    assert "2,000 bytes" in data["diagnostics"][0]["message"]
    (root / CONTENT / "rollen/groot.yaml").write_text("x" * 3000)
    _, data = _json(runner, root)
    assert "3,000 bytes" in data["diagnostics"][0]["message"]


def test_no_cache_neither_reads_nor_writes(tmp_path, runner, monkeypatch):
    """--no-cache reports cached false every time and leaves the cache folder empty."""
    root = make_tree(tmp_path / "tree", BROKEN)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(cache_dir))
    for _ in range(2):
        result = runner.invoke(cli, ["check", str(root), "--format", "json", "--no-cache"])
        assert json.loads(result.output)["summary"]["cached"] is False
    assert not cache_dir.exists() or not any(cache_dir.rglob("*"))
    runner.invoke(cli, ["check", str(root)])
    assert any(cache_dir.rglob("*.json"))


def test_a_crashing_rule_is_reported_and_not_cached(tmp_path, runner, monkeypatch):
    """A rule that raises does not hide the other findings; the run exits 2 and its result is not cached."""

    class Boom(Rule):
        """Always fails.

        Fix: none; a test rule.
        """

        def check(self, project):
            raise ValueError("kapot")

    Boom.code, Boom.name = "Z999", "boom"
    monkeypatch.setitem(REGISTRY, "Z999", Boom)
    root = make_tree(tmp_path / "tree", {MA: replace("[zorgaanbieder]", "[tandarts]")})
    result = check_tree(root)
    assert result.crashed == ["Z999: ValueError: kapot"]
    assert [d.code for d in result.diagnostics] == ["R001"]
    cli_result = runner.invoke(cli, ["check", str(root)])
    assert cli_result.exit_code == 2
    assert "internal error in rule Z999: ValueError: kapot" in cli_result.stderr
    assert "R001" in cli_result.stdout
    assert "Traceback" not in cli_result.output
    assert check_tree(root).cached is False


def test_warning_severity_counts(tmp_path):
    """Warnings are counted apart from errors."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/zorgaanbieder.yaml": None,
                                         CONTENT + "rollen/zorg.yaml": fixture_text(CONTENT + "rollen/zorgaanbieder.yaml")})
    result = check_tree(root, use_cache=False)
    assert [d.severity for d in result.diagnostics] == [Severity.WARNING]
    assert (result.errors, result.warnings) == (0, 1)


def test_positions_of_a_cached_result_are_exact(tmp_path):
    """A finding replayed from the cache has the exact line and column of the run that found it."""
    root = make_tree(tmp_path / "tree", {
        CONTENT + "afspraken/MA-001.yaml": replace("applies_to: [zorgaanbieder]", "applies_to: [tandarts]"),
    })
    first = check_tree(root)
    again = check_tree(root)
    assert not first.cached and again.cached
    assert [(d.path, d.line, d.col) for d in again.diagnostics if d.code == "R001"] == \
        [(CONTENT + "afspraken/MA-001.yaml", 8, 14)]
    assert again.diagnostics == first.diagnostics


def test_rules_run_beside_give_the_same_result_and_fill_the_cache(tmp_path):
    """start_check(beside=True) (the rules in a forked child, as 'stelsel build' runs them) finds what
    check_tree finds, hands back the loaded tree, and stores the result a later check takes from the cache."""
    from stelsel.check import start_check

    root = make_tree(tmp_path / "tree", BROKEN)
    alone = check_tree(root, use_cache=False)
    pending = start_check(root, beside=True)
    assert pending.project is not None and pending.project.file_count == alone.files
    beside = pending.result()
    assert [d.as_dict() for d in beside.diagnostics] == [d.as_dict() for d in alone.diagnostics]
    assert beside.files == alone.files and beside.project is pending.project and not beside.cached
    again = check_tree(root)
    assert again.cached is True
    assert [d.as_dict() for d in again.diagnostics] == [d.as_dict() for d in alone.diagnostics]
