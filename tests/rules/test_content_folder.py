"""C010: two top-level folders hold stelsel.yaml and no stelsel.toml says which; C011: a stelsel.toml stelsel cannot use."""

from __future__ import annotations

import shutil

import pytest

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


def _with_toml(tmp_path, text: str):
    """The minimal fixture with ``text`` as its stelsel.toml: the findings of a check (fresh, then cached)."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "afsprakenstelsel")
    (tmp_path / "stelsel.toml").write_text(text, encoding="utf-8")
    fresh = check_tree(tmp_path, use_cache=False).diagnostics
    check_tree(tmp_path)
    assert [(d.code, d.line) for d in check_tree(tmp_path).diagnostics] == [(d.code, d.line) for d in fresh]
    return fresh


@pytest.mark.parametrize("text, line, words", [
    ('content = "afsprakenstelsel\n', 1, "not valid TOML"),
    ('content = "../../etc"\n', 1, "holds a folder part"),
    ("content = 5\n", 1, "not int"),
    ('# project\ncontnet = "x"\n', 2, "unknown key 'contnet'"),
    ('content = "afsprakenstelsel"\n[folders]\nterm = "begrippen"\nagreement = "../../x"\n', 4,
     "folders.agreement: the folder '../../x' holds a folder part"),
    ('content = "afsprakenstelsel"\nfolders = 3\n', 2, "folders: must be a table"),
    ('content = "afsprakenstelsel"\n[folders]\nterm = "begrippen"\nagrement = "afspraken"\n', 4,
     "folders.agrement: no kind of item is called that"),
], ids=["unclosed-quote", "path", "number", "unknown-key", "folder-path", "folders-not-a-table", "unknown-kind"])
def test_a_stelsel_toml_stelsel_cannot_use_is_one_c011_at_its_line(tmp_path, text, line, words):
    """Broken TOML, an unknown key or kind, or a value that is no plain folder name: one C011 on stelsel.toml at its
    line."""
    found = _with_toml(tmp_path, text)
    assert [(d.code, d.path, d.line) for d in found] == [("C011", "stelsel.toml", line)]
    assert words in found[0].message and found[0].hint


def test_a_valid_stelsel_toml_is_no_finding(tmp_path):
    """content and [folders] with plain folder names: no finding."""
    assert _with_toml(tmp_path, 'content = "afsprakenstelsel"\n[folders]\nterm = "begrippen"\n') == []
