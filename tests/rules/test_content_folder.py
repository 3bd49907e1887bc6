"""C010: two top-level folders hold stelsel.yaml and no stelsel.toml says which is the content."""

from __future__ import annotations

import shutil

from stelsel.check import check_tree
from stelsel.load.tree import content_dir

from ..helpers import FIXTURES


def test_two_folders_holding_stelsel_yaml_are_one_finding(tmp_path):
    """Two top-level folders with stelsel.yaml, no stelsel.toml: one C010 naming both, the first read; no traceback."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "b-copy")
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "a-main")
    assert content_dir(tmp_path) == "a-main"
    found = check_tree(tmp_path, use_cache=False).diagnostics
    assert [(d.code, d.path) for d in found] == [("C010", "stelsel.toml")]
    assert "a-main/, b-copy/" in found[0].message and 'content = "a-main"' in found[0].hint
    (tmp_path / "stelsel.toml").write_text('content = "b-copy"\n')
    assert content_dir(tmp_path) == "b-copy"
    assert check_tree(tmp_path, use_cache=False).diagnostics == []


def test_a_cached_check_sees_a_second_config_folder_appear(tmp_path):
    """A stelsel.yaml copied into a second top-level folder after a cached clean check gives C010 on the next check."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "content")
    assert check_tree(tmp_path).diagnostics == []
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "other")
    assert [d.code for d in check_tree(tmp_path).diagnostics] == ["C010"]
