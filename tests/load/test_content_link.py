"""A content folder that is a symbolic link out of the project is one F006 and is never read."""

from __future__ import annotations

import shutil

from ..helpers import CONTENT, diagnostics, make_tree, show


def test_a_content_folder_linked_out_of_the_project_is_one_finding(tmp_path):
    """afsprakenstelsel -> ../elsewhere: one F006 at the folder (no F013 on top of it); none of its files is read."""
    tree = make_tree(tmp_path / "source")
    outside = tmp_path / "elsewhere"
    shutil.move(str(tree / CONTENT.rstrip("/")), outside)
    root = tmp_path / "project"
    shutil.copytree(tree, root)
    (root / CONTENT.rstrip("/")).symlink_to(outside, target_is_directory=True)
    found = diagnostics(root)
    assert [(d.code, d.path) for d in found if d.severity == "error"] == [("F006", CONTENT.rstrip("/"))], show(found)
    assert not [d for d in found if d.path.startswith(CONTENT)], show(found)


def test_a_content_folder_linked_inside_the_project_is_read(tmp_path):
    """A link to a folder inside the project is followed as before: the tree checks as its target does."""
    tree = make_tree(tmp_path / "project")
    (tree / CONTENT.rstrip("/")).rename(tree / "real")
    (tree / CONTENT.rstrip("/")).symlink_to("real", target_is_directory=True)
    (tree / "stelsel.toml").write_text(f'content = "{CONTENT.rstrip("/")}"\n', encoding="utf-8")
    assert not [d for d in diagnostics(tree) if d.code in ("F006", "F013")]
