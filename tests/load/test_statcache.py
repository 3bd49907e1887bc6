"""Digests by stat signature: unchanged files are not read again, any edit is seen, recent files are not trusted."""

from __future__ import annotations

import shutil

from stelsel.check import check_tree
from stelsel.load import statcache
from stelsel.load.raw import digest, read_tree
from stelsel.load.statcache import StatDigests

from ..conftest import FIXTURES


def test_known_files_are_not_read(tmp_path, minimal, monkeypatch):
    """A file whose signature is in the table gets its digest from it; its bytes are read only on demand."""
    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)
    table = tmp_path / "stat.pickle"
    first = StatDigests(table)
    read_tree(minimal, None, first)
    first.save()
    again = read_tree(minimal, None, StatDigests(table))
    assert again and all(r.raw is None for r in again)
    for raw in again:
        assert raw.digest == digest(open(raw.entry.abspath, "rb").read())
        assert raw.content() == open(raw.entry.abspath, "rb").read()
        assert not raw.changed


def test_same_size_edit_is_seen(minimal, monkeypatch):
    """An edit that keeps the file's size changes its signature (ctime): check reports the new content."""
    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)
    assert check_tree(minimal).errors == 0
    assert check_tree(minimal).cached
    config = minimal / "afsprakenstelsel" / "stelsel.yaml"
    text = config.read_text()
    edited = text.replace("id:", "iX:", 1)
    assert len(edited) == len(text)
    config.write_text(edited)
    result = check_tree(minimal)
    assert not result.cached
    assert result.errors > 0


def test_recent_files_are_not_remembered(minimal, tmp_path):
    """A file changed within the racy window is not recorded: a second write in the same tick cannot hide."""
    table = StatDigests(tmp_path / "stat.pickle")
    read_tree(minimal, None, table)
    assert table.table == {}


def test_file_changed_between_stat_and_read(tmp_path, minimal, monkeypatch):
    """A file that changes after its digest was taken from the table is re-hashed and marked changed."""
    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)
    table = StatDigests(tmp_path / "stat.pickle")
    read_tree(minimal, None, table)
    raws = read_tree(minimal, None, table)
    target = raws[0]
    path = target.entry.abspath
    with open(path, "ab") as handle:
        handle.write(b"\n# later\n")
    content = target.content()
    assert content.endswith(b"# later\n")
    assert target.changed and target.digest == digest(content)


def test_corrupt_table_is_a_miss(tmp_path, minimal):
    """A damaged table is ignored: every file is read as if there were none."""
    path = tmp_path / "stat.pickle"
    path.write_bytes(b"not a pickle")
    raws = read_tree(minimal, None, StatDigests(path))
    assert raws and all(r.raw is not None for r in raws)


def test_frozen_files_use_the_table(tmp_path, monkeypatch):
    """Frozen release files are hashed once; an edit to one still changes its hash (L001 stays exact)."""
    from stelsel.release.store import read_frozen

    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", root)
    frozen = root / "releases" / "0.1" / "afsprakenstelsel"
    frozen.mkdir(parents=True)
    (frozen / "a.yaml").write_text("id: A\n")
    table = StatDigests(tmp_path / "stat.pickle")
    before = read_frozen(root, table)
    assert "sha256:releases/0.1/afsprakenstelsel/a.yaml" in table.table
    assert read_frozen(root, table) == before
    (frozen / "a.yaml").write_text("id: B\n")
    after = read_frozen(root, table)
    assert after["releases/0.1/afsprakenstelsel/a.yaml"].sha256 != before["releases/0.1/afsprakenstelsel/a.yaml"].sha256
