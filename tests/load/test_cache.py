"""The content-keyed caches: results and parses, outside the tree, never stale, failures are misses."""

from __future__ import annotations

from stelsel.load import cache as cache_mod
from stelsel.load.cache import MAX_RESULTS, Cache, cache_home, code_fingerprint


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


def test_cache_lives_outside_the_project(tmp_path):
    """The cache folder is below the cache home, keyed by root and code fingerprint, never inside the root."""
    root = tmp_path / "project"
    root.mkdir()
    cache = Cache(root)
    assert cache.folder.parent.parent == cache_home()
    assert cache.folder.name == code_fingerprint()
    assert root not in cache.folder.parents
    assert Cache(tmp_path / "other").folder != cache.folder


def test_result_key_depends_on_paths_digests_and_options(tmp_path):
    """The result key changes with any path, digest or the options."""
    cache = Cache(tmp_path)
    base = cache.result_key([("a", "1"), ("b", "2")], "check")
    assert base == cache.result_key([("a", "1"), ("b", "2")], "check")
    assert base != cache.result_key([("a", "1"), ("b", "3")], "check")
    assert base != cache.result_key([("a", "1"), ("c", "2")], "check")
    assert base != cache.result_key([("a", "1")], "check")
    assert base != cache.result_key([("a", "1"), ("b", "2")], "other")


def test_results_round_trip_and_prune(tmp_path):
    """Stored results load back; at most MAX_RESULTS are kept."""
    cache = Cache(tmp_path)
    assert cache.load_result("missing") is None
    for n in range(MAX_RESULTS + 4):
        cache.store_result(f"k{n}", [{"n": n}])
    assert cache.load_result(f"k{MAX_RESULTS + 3}") == [{"n": MAX_RESULTS + 3}]
    assert len(list((cache.folder / "results").glob("*.json"))) == MAX_RESULTS


def test_corrupt_cache_files_are_misses(tmp_path):
    """A truncated or foreign results file or parse table is treated as a miss, never an error."""
    cache = Cache(tmp_path)
    (cache.folder / "results").mkdir(parents=True)
    (cache.folder / "results" / "k.json").write_bytes(b"{not json")
    for number in range(cache_mod.PARSE_SHARDS):
        (cache.folder / f"parse-{number:02d}.pickle").write_bytes(b"\x80\x05garbage")
    assert cache.load_result("k") is None
    assert cache.get("a", "1") is None


def test_parse_table_keeps_only_live_entries(tmp_path):
    """save() writes the parse table back with entries for existing files only."""
    cache = Cache(tmp_path)
    cache.put("a", "1", "A")
    cache.put("b", "2", "B")
    cache.save({("a", "1")})
    again = Cache(tmp_path)
    assert again.get("a", "1") == "A"
    assert again.get("b", "2") is None


def test_one_edit_rewrites_one_parse_shard(tmp_path):
    """The parse table is stored in shards; a changed entry rewrites only the shard that holds it."""
    cache = Cache(tmp_path)
    paths = [f"afsprakenstelsel/f{n}.yaml" for n in range(200)]
    for path in paths:
        cache.put(path, "1", path.upper())
    cache.save({(p, "1") for p in paths})
    shards = sorted(cache.folder.glob("parse-*.pickle"))
    assert len(shards) == cache_mod.PARSE_SHARDS
    before = {s.name: s.stat().st_mtime_ns for s in shards}
    again = Cache(tmp_path)
    assert all(again.get(p, "1") == p.upper() for p in paths)
    again.put(paths[0], "2", "NEW")
    live = {(p, "1") for p in paths[1:]} | {(paths[0], "2")}
    again.save(live)
    changed = [s.name for s in shards if s.stat().st_mtime_ns != before[s.name]]
    assert changed == [f"parse-{again._shard_of(paths[0]):02d}.pickle"]
    assert Cache(tmp_path).get(paths[0], "2") == "NEW"


def test_unwritable_cache_is_silent(tmp_path, monkeypatch):
    """When the cache home cannot be written, storing is silently skipped."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(blocker))
    cache = Cache(tmp_path)
    cache.store_result("k", [])
    cache.put("a", "1", "A")
    cache.save({("a", "1")})
    assert cache.load_result("k") is None


def test_code_fingerprint_tracks_the_package(monkeypatch, tmp_path):
    """The fingerprint is a stable digest of the package's files: editing any of them changes it."""
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
        module.write_text("x = 22\n")
        code_fingerprint.cache_clear()
        assert code_fingerprint() != first
    finally:
        code_fingerprint.cache_clear()
