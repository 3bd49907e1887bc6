"""Reading a tree's bytes: size limits, links, unknown extensions, the config's limit."""

from __future__ import annotations

from stelsel.load.raw import DEFAULT_MAX_BYTES, config_limit, digest, read_tree

from ..helpers import CONTENT, Symlink, append, make_tree


def test_reads_every_content_file(tmp_path):
    """Each YAML and Markdown file is read once, with its bytes and a content digest."""
    root = make_tree(tmp_path / "tree")
    raws = read_tree(root)
    assert {r.entry.path for r in raws} >= {CONTENT + "stelsel.yaml", CONTENT + "paginas/intro.md"}
    for raw in raws:
        assert raw.problem is None
        assert raw.raw == (root / raw.entry.path).read_bytes()
        assert raw.digest == digest(raw.raw)


def test_digest_depends_on_content_only():
    """The digest is a function of the bytes: equal bytes, equal digest; any change, another."""
    assert digest(b"a") == digest(b"a")
    assert digest(b"a") != digest(b"b")


def test_assets_are_skipped_and_other_files_reported(tmp_path):
    """Figures and PDFs are skipped silently; a file of an unknown extension is an F009 problem."""
    root = make_tree(tmp_path / "tree", {CONTENT + "x.png": b"\x89PNG", CONTENT + "x.PDF": b"%PDF", CONTENT + "x.docx": b"PK"})
    problems = {r.entry.path: r.problem.code for r in read_tree(root) if r.problem}
    assert problems == {CONTENT + "x.docx": "F009"}


def test_limit_is_applied_before_reading(tmp_path):
    """A file over the limit is an F004 problem and its bytes are not kept."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/groot.yaml": "x" * 5000})
    (big,) = [r for r in read_tree(root, 4096) if r.entry.path.endswith("groot.yaml")]
    assert big.problem.code == "F004" and big.raw is None and big.digest is None


def test_links_outside_and_dangling(tmp_path):
    """A link out of the tree is F006 (not read); a dangling link inside is F012."""
    (tmp_path / "buiten.yaml").write_text("kind: role\n")
    root = make_tree(tmp_path / "tree", {CONTENT + "a.yaml": Symlink("../../buiten.yaml"), CONTENT + "b.yaml": Symlink("weg.yaml"),
                                         CONTENT + "c.yaml": Symlink("stelsel.yaml")})
    problems = {r.entry.path: (r.problem.code if r.problem else None) for r in read_tree(root)}
    assert problems[CONTENT + "a.yaml"] == "F006"
    assert problems[CONTENT + "b.yaml"] == "F012"
    assert problems[CONTENT + "c.yaml"] is None


def test_config_limit(tmp_path):
    """config_limit reads limits.max_file_bytes from the config; absent, too small or unreadable means the default."""
    root = make_tree(tmp_path / "tree")
    config = root / CONTENT / "stelsel.yaml"
    assert config_limit(root) == DEFAULT_MAX_BYTES
    original = config.read_text()
    config.write_text(append("limits:\n  max_file_bytes: 2048\n")(original))
    assert config_limit(root) == 2048
    config.write_text(append("limits:\n  max_file_bytes: 10\n")(original))
    assert config_limit(root) == DEFAULT_MAX_BYTES
    config.write_text("kind: [broken\n")
    assert config_limit(root) == DEFAULT_MAX_BYTES
    config.unlink()
    assert config_limit(root) == DEFAULT_MAX_BYTES


def test_a_named_pipe_is_a_finding_not_a_hang(tmp_path):
    """A FIFO among the content is never opened for a blocking read: it is an F012 'cannot read' problem."""
    import os

    import pytest

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    root = make_tree(tmp_path / "tree")
    os.mkfifo(root / CONTENT / "rollen" / "pijp.yaml")
    problems = {r.entry.path: r.problem for r in read_tree(root) if r.problem}
    problem = problems[CONTENT + "rollen/pijp.yaml"]
    assert problem.code == "F012" and "not a regular file" in problem.message
