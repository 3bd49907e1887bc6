"""Content-keyed caches that make a repeated check near-instant and are never stale.

Two levels, both keyed by what they depend on:
- the result of a whole check, keyed by every file's path and content digest, the options
  and the exact stelsel code that produced it;
- each file's parse result, keyed by its path and content digest.
The code fingerprint (names, sizes and mtimes of the package's own files) means an edited
or upgraded stelsel never reads a cache written by another version. The cache lives
outside the project (``$STELSEL_CACHE_DIR`` or the user cache folder), because ``check``
never writes to the tree.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import zlib
from pathlib import Path

import stelsel

from ..atomic import atomic_write

MAX_RESULTS = 16
PARSE_SHARDS = 16


@functools.cache
def code_fingerprint() -> str:
    package = Path(stelsel.__file__).parent
    h = hashlib.blake2b(stelsel.__version__.encode(), digest_size=16)
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cache_home() -> Path:
    explicit = os.environ.get("STELSEL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stelsel"


class Cache:
    """The caches of one project root; every failure to read or write is silently a miss."""

    def __init__(self, root: Path):
        key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
        self.folder = cache_home() / key / code_fingerprint()
        self._parse: list[dict] | None = None
        self._parse_dirty: list[bool] = []
        self._blobs: dict | None = None
        self._blobs_size = 0

    def stat_digests(self):
        """The table of file digests by stat signature (see statcache.py)."""
        from .statcache import StatDigests

        return StatDigests(self.folder / "stat.pickle")

    def blob_table(self) -> dict:
        """Front matter of committed proposal versions by git blob id (see provenance.py).

        Blobs never change, so this table is never stale; it is written back by save().
        """
        if self._blobs is None:
            try:
                with open(self.folder / "blobs.pickle", "rb") as handle:
                    self._blobs = pickle.load(handle)
                if not isinstance(self._blobs, dict):
                    self._blobs = {}
            except Exception:  # a missing, partial or foreign cache file is a miss
                self._blobs = {}
            self._blobs_size = len(self._blobs)
        return self._blobs

    # whole results
    def result_key(self, files: list[tuple[str, str]], options: str) -> str:
        h = hashlib.blake2b(options.encode(), digest_size=20)
        for path, digest in files:
            h.update(f"{path}\0{digest}\n".encode())
        return h.hexdigest()

    def load_result(self, key: str) -> list[dict] | None:
        try:
            return json.loads((self.folder / "results" / f"{key}.json").read_bytes())
        except (OSError, ValueError):
            return None

    def store_result(self, key: str, diagnostics: list[dict]) -> None:
        try:
            folder = self.folder / "results"
            atomic_write(folder / f"{key}.json", json.dumps(diagnostics).encode())
            entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[MAX_RESULTS:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass

    # per-file parse results, in shards: a write after one edit rewrites one shard, and
    # pickling a large table shard by shard keeps the pickler's memo (and the peak
    # memory of a cold check) a fraction of the whole
    def _shard_of(self, path: str) -> int:
        return zlib.crc32(path.encode()) % PARSE_SHARDS

    def _parse_table(self) -> list[dict]:
        if self._parse is None:
            shards = []
            for number in range(PARSE_SHARDS):
                try:
                    with open(self.folder / f"parse-{number:02d}.pickle", "rb") as handle:
                        shard = pickle.load(handle)
                    if not isinstance(shard, dict):
                        shard = {}
                except Exception:  # a missing, partial or foreign cache file is a miss
                    shard = {}
                shards.append(shard)
            self._parse = shards
            self._parse_dirty = [False] * PARSE_SHARDS
        return self._parse

    def get(self, path: str, digest: str):
        return self._parse_table()[self._shard_of(path)].get((path, digest))

    def put(self, path: str, digest: str, value) -> None:
        number = self._shard_of(path)
        self._parse_table()[number][(path, digest)] = value
        self._parse_dirty[number] = True

    def save(self, live: set[tuple[str, str]]) -> None:
        """Write the parse table back, keeping only entries for files that exist now."""
        if self._blobs is not None and len(self._blobs) != self._blobs_size:
            try:
                atomic_write(self.folder / "blobs.pickle", pickle.dumps(self._blobs, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError):
                pass
        if self._parse is None:
            return
        for number, shard in enumerate(self._parse):
            table = {k: v for k, v in shard.items() if k in live}
            if not self._parse_dirty[number] and len(table) == len(shard):
                continue
            try:
                atomic_write(self.folder / f"parse-{number:02d}.pickle", pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError):
                pass
