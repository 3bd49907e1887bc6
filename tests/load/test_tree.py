"""Finding a project's root and its files."""

from __future__ import annotations

import os

from stelsel.load.tree import find_root, is_inside, scan

from ..helpers import CONTENT, Symlink, make_tree


def test_find_root_from_below(tmp_path):
    """The root is the nearest folder at or above the start that holds afsprakenstelsel/."""
    root = make_tree(tmp_path / "tree")
    assert find_root(root) == root.resolve()
    assert find_root(root / CONTENT / "afspraken") == root.resolve()


def test_find_root_outside_a_project(tmp_path):
    """A folder with no afsprakenstelsel/ at or above it has no root."""
    assert find_root(tmp_path) is None


def test_scan_lists_content_and_changes_sorted(tmp_path):
    """scan lists every file of afsprakenstelsel/ and changes/, sorted, with POSIX paths relative to the root."""
    root = make_tree(tmp_path / "tree", {"changes/WV-001.md": "x", "elders/genegeerd.yaml": "x"})
    paths = [e.path for e in scan(root)]
    assert paths == sorted(paths)
    assert "changes/WV-001.md" in paths
    assert CONTENT + "afspraken/MA-001.yaml" in paths
    assert not any(p.startswith("elders/") for p in paths)


def test_scan_skips_hidden_and_ignored(tmp_path):
    """Hidden files and folders and README.md, .gitkeep and .DS_Store are not scanned."""
    root = make_tree(tmp_path / "tree", {CONTENT + ".git/x.yaml": "x", CONTENT + "rollen/.x.yaml": "x",
                                         CONTENT + "README.md": "x", "changes/.gitkeep": "", CONTENT + "rollen/.DS_Store": ""})
    paths = [e.path for e in scan(root)]
    assert not [p for p in paths if "/." in p or p.endswith("README.md")]


def test_scan_marks_links(tmp_path):
    """Symbolic links are listed with is_link, and linked folders are not descended into."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/link.yaml": Symlink("zorgaanbieder.yaml"),
                                         CONTENT + "kopie": Symlink("rollen")})
    entries = {e.path: e for e in scan(root)}
    assert entries[CONTENT + "rollen/link.yaml"].is_link
    assert not entries[CONTENT + "rollen/zorgaanbieder.yaml"].is_link
    assert entries[CONTENT + "kopie"].is_link
    assert not any(p.startswith(CONTENT + "kopie/") for p in entries)


def test_is_inside(tmp_path):
    """is_inside resolves links: a path is inside when its real location is below the root."""
    root = make_tree(tmp_path / "tree")
    (tmp_path / "treeX").mkdir()
    os.symlink(tmp_path / "treeX", root / "out")
    assert is_inside(root, str(root / CONTENT / "stelsel.yaml"))
    assert is_inside(root, str(root))
    assert not is_inside(root, str(root / "out"))  # a sibling whose name starts with the root's name
    assert not is_inside(root, str(tmp_path))
