"""The result cache: JSON outside the tree, keyed on what the run read, signed, failures are misses."""

from __future__ import annotations

import json

from stelsel import inputs
from stelsel.diagnostics import Diagnostic, Severity
from stelsel.load import cache as cache_mod
from stelsel.load.cache import MAX_ENTRIES, Cache, cache_home, code_fingerprint, secret_path

FINDING = Diagnostic("a.yaml", 3, 1, "F001", "kapot", Severity.ERROR, "herstel het")


def _reads(root, files: dict[str, bytes]):
    """A read-set in which ``files`` (rel path -> bytes, written first) were read."""
    for rel, raw in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
    reads = inputs.start(root)
    try:
        for rel in files:
            inputs.read_bytes(root / rel)
    finally:
        inputs.stop()
    return reads


def test_cache_home(monkeypatch, tmp_path):
    """STELSEL_CACHE_DIR wins; otherwise XDG_CACHE_HOME/stelsel, otherwise ~/.cache/stelsel."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_home() == tmp_path / "explicit"
    monkeypatch.delenv("STELSEL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_home() == tmp_path / "xdg" / "stelsel"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_home() == tmp_path / "home" / ".cache" / "stelsel"


def test_cache_lives_outside_the_project_and_its_secret_outside_the_cache(tmp_path):
    """Results go below the cache home, per root, never inside the root; the secret is in the config folder."""
    root = tmp_path / "project"
    root.mkdir()
    cache = Cache(root)
    assert cache.folder.parent == cache_home()
    assert root not in cache.path.parents
    assert Cache(tmp_path / "other").path != cache.path
    assert cache_home() not in secret_path().parents
    assert secret_path().stat().st_mode & 0o077 == 0


def test_a_stored_result_comes_back_while_its_inputs_are_unchanged(tmp_path):
    """store() then lookup() gives the findings back; a changed, added-to or deleted input is a miss."""
    root = tmp_path / "p"
    reads = _reads(root, {"a.yaml": b"x: 1\n", "sub/b.yaml": b"y: 2\n"})
    cache = Cache(root)
    assert cache.lookup("git") is None
    cache.store(reads, None, [FINDING.as_dict()], 2)
    assert Cache(root).lookup("git") == ([FINDING], 2)
    (root / "a.yaml").write_bytes(b"x: 2\n")
    assert Cache(root).lookup("git") is None
    (root / "a.yaml").write_bytes(b"x: 1\n")
    assert Cache(root).lookup("git") == ([FINDING], 2)
    (root / "sub/b.yaml").unlink()
    assert Cache(root).lookup("git") is None


def test_a_listed_folder_that_gains_a_file_is_a_miss(tmp_path):
    """A folder the run listed is part of the key: a new file in it makes the stored result a miss."""
    root = tmp_path / "p"
    (root / "d").mkdir(parents=True)
    reads = inputs.start(root)
    try:
        list((root / "d").iterdir())
    finally:
        inputs.stop()
    assert "d" in reads.listings
    Cache(root).store(reads, None, [], 0)
    assert Cache(root).lookup("") == ([], 0)
    (root / "d" / "new.yaml").write_text("")
    assert Cache(root).lookup("") is None


def test_git_state_is_part_of_the_key_when_the_run_used_git(tmp_path):
    """A run that asked git is replayed only for the same repository state."""
    root = tmp_path / "p"
    reads = _reads(root, {"a.yaml": b"x: 1\n"})
    reads.git = True
    Cache(root).store(reads, "HEAD-1", [], 1)
    assert Cache(root).lookup("HEAD-1") == ([], 1)
    assert Cache(root).lookup("HEAD-2") is None


def test_a_file_opened_without_recording_is_still_keyed(tmp_path):
    """A plain open() below the root during the run is seen by the audit hook and digested."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "CHANGELOG.md").write_text("# Changelog\n")
    reads = inputs.start(root)
    try:
        (root / "CHANGELOG.md").read_text()
        try:
            open(root / "missing.md")
        except FileNotFoundError:
            pass
    finally:
        inputs.stop()
    assert reads.files["CHANGELOG.md"] == inputs.digest(b"# Changelog\n")
    assert reads.files["missing.md"] == inputs.ABSENT
    assert not reads.unverifiable


def test_a_subprocess_other_than_git_makes_the_run_uncacheable(tmp_path):
    """A program the run starts may read anything: the run says it cannot be cached; git only marks git state."""
    import subprocess

    reads = inputs.start(tmp_path)
    try:
        subprocess.run(["true"], check=True)
        subprocess.run(["git", "--version"], check=True, capture_output=True)
    finally:
        inputs.stop()
    assert reads.git
    assert reads.unverifiable == ["ran true, whose reads cannot be recorded"]


def test_a_planted_or_tampered_entry_is_a_miss(tmp_path):
    """Entries are signed with the user's secret: an edited or foreign results file is never replayed."""
    root = tmp_path / "p"
    reads = _reads(root, {"a.yaml": b"x: 1\n"})
    cache = Cache(root)
    cache.store(reads, None, [FINDING.as_dict()], 1)
    data = json.loads(cache.path.read_text())
    data["entries"][0]["diagnostics"] = []  # "clean"
    cache.path.write_text(json.dumps(data))
    assert Cache(root).lookup("") is None
    data["entries"][0].pop("mac")
    cache.path.write_text(json.dumps(data))
    assert Cache(root).lookup("") is None


def test_corrupt_cache_files_are_misses(tmp_path):
    """A truncated, foreign or wrongly shaped results file is a miss, never an error."""
    root = tmp_path / "p"
    root.mkdir()
    cache = Cache(root)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    for junk in (b"{not json", b"[]", b'{"format": 1, "entries": [1, {"inputs": 3}]}', b"\x80\x05garbage"):
        cache.path.write_bytes(junk)
        assert Cache(root).lookup("") is None


def test_entries_are_kept_per_key_up_to_a_limit(tmp_path):
    """Results of different trees at one root are kept side by side, at most MAX_ENTRIES."""
    root = tmp_path / "p"
    for n in range(MAX_ENTRIES + 2):
        Cache(root).store(_reads(root, {"a.yaml": f"x: {n}\n".encode()}), None, [], n)
    assert Cache(root).lookup("") == ([], MAX_ENTRIES + 1)
    assert len(json.loads(Cache(root).path.read_text())["entries"]) == MAX_ENTRIES
    (root / "a.yaml").write_bytes(f"x: {MAX_ENTRIES}\n".encode())
    assert Cache(root).lookup("") == ([], MAX_ENTRIES)


def test_unwritable_cache_is_silent(tmp_path, monkeypatch):
    """When the cache home cannot be written, storing is silently skipped."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(blocker))
    root = tmp_path / "p"
    cache = Cache(root)
    cache.store(_reads(root, {"a.yaml": b""}), None, [], 1)
    assert cache.lookup("") is None


def test_code_fingerprint_tracks_the_package(monkeypatch, tmp_path):
    """The fingerprint is a digest of the package's file contents: editing any of them changes it."""
    assert code_fingerprint() == code_fingerprint()
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    module = package / "sub" / "mod.py"
    module.write_text("x = 1\n")
    monkeypatch.setattr(cache_mod.stelsel, "__file__", str(package / "__init__.py"))
    code_fingerprint.cache_clear()
    try:
        first = code_fingerprint()
        assert len(first) == 32
        module.write_text("x = 2\n")  # same size: the content counts, not the size or mtime
        code_fingerprint.cache_clear()
        assert code_fingerprint() != first
    finally:
        code_fingerprint.cache_clear()


def test_recorded_runs_are_one_at_a_time(tmp_path):
    """A second recorded run (another thread) waits until the first stops, so their read-sets never mix."""
    import threading

    inputs.start(tmp_path)
    second_started = threading.Event()

    def other() -> None:
        inputs.start(tmp_path / "b")
        second_started.set()
        inputs.stop()

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert not second_started.wait(0.2)  # cannot happen while the first run records
    finally:
        inputs.stop()
    thread.join(10)
    assert second_started.is_set()


def test_a_project_inside_an_ignored_folder_is_still_recorded(tmp_path):
    """Python's own folders are not inputs, but a project that lies inside one is recorded all the same."""
    root = tmp_path / "prefix" / "project"
    root.mkdir(parents=True)
    (root / "a.yaml").write_text("x: 1\n")
    reads = inputs.start(root, ignored=[tmp_path / "prefix", root / "cache"])
    try:
        inputs.read_bytes(root / "a.yaml")
        inputs.read_bytes(root / "a.yaml")
        (root / "cache").mkdir()
        (root / "cache" / "c.json").write_text("{}")
        (root / "cache" / "c.json").read_text()
    finally:
        inputs.stop()
    assert list(reads.files) == ["a.yaml"]


def test_a_retargeted_link_changes_its_folders_listing(tmp_path):
    """Where a symbolic link points is part of a listing: a link moved to another target is a miss."""
    import os

    (tmp_path / "link").symlink_to("../a.yaml")
    before = inputs.listing_digest(str(tmp_path))
    (tmp_path / "link").unlink()
    (tmp_path / "link").symlink_to("../b.yaml")
    assert inputs.listing_digest(str(tmp_path)) != before
    assert os.path.islink(tmp_path / "link")
