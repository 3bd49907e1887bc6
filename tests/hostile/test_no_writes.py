"""check never writes into the tree, whatever the tree holds (issue 15; the rule of 'check never writes')."""

from __future__ import annotations

import os
import stat

from stelsel.cli.main import cli

from ..helpers import CONTENT, make_tree


def _snapshot(root) -> dict:
    """Every path below ``root``: its bytes (a pipe: only its mode, never opened), link target, mtime and mode."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as handle:
                    content = handle.read()
            else:
                content = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
            state[path] = (content, st.st_mtime_ns, st.st_mode)
    return state


def test_check_of_a_hostile_tree_writes_nothing_in_it(tmp_path, runner):
    """Bad names, a pipe, a tag, an unclosed quote, a missing config: cached and uncached checks leave every byte and mtime."""
    root = make_tree(tmp_path / "tree", {
        CONTENT + "stelsel.yaml": None,
        CONTENT + "rollen/tag.yaml": "kind: role\nid: tag\ntitle: !!binary aGk=\n",
        CONTENT + "rollen/zorgaanbieder.yaml": "kind: role\nid: zorgaanbieder\ntitle: \"open\n",
        CONTENT + "paginas/open.md": "---\nid: open\n",
    })
    (root / CONTENT / "rollen").joinpath(os.fsdecode(b"p\xffx.yaml")).write_text("kind: role\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / CONTENT / "rollen/pijp.yaml")
    before = _snapshot(root)
    for args in (["--no-cache"], [], [], ["--format", "json"], ["--format", "github"]):
        result = runner.invoke(cli, ["check", str(root), *args])
        assert result.exit_code == 1, result.output
    assert _snapshot(root) == before
