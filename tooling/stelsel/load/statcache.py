"""File digests remembered by stat signature, so an unchanged file is neither read nor hashed.

A warm ``check`` of a large tree spends most of its time reading and hashing files that did
not change (the working tree and every frozen release). Like git's index, this table maps a
file's stat signature (size, mtime, ctime, inode, device) to the digest of its content; a
file whose signature matches is not read again. Any write to a file changes its ctime, which
no tool can set back, so a stale digest needs a write within the clock's resolution of the
moment the entry was recorded. Entries younger than ``RACY_SECONDS`` are therefore never
recorded (git's "racily clean" rule), and every failure to read or write the table is a miss.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from ..atomic import atomic_write

RACY_SECONDS = 2.0
FORMAT = 2


def signature(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class StatDigests:
    """One table per project root (and stelsel version); ``algorithm`` keeps digests apart."""

    def __init__(self, path: Path | None):
        self.path = path
        self.table: dict = {}
        self.dirty = False
        self.seen: set = set()
        self.limit_ns = time.time_ns() - int(RACY_SECONDS * 1e9)
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    stored = pickle.load(handle)
                if isinstance(stored, dict) and stored.get("format") == FORMAT:
                    self.table = stored["table"]
            except Exception:  # a missing, partial or foreign file is a miss
                self.table = {}

    # Keys are "algorithm:path" and values one flat tuple (signature..., digest): a large
    # tree has hundreds of thousands of entries, and fewer objects pickle and load faster.
    def lookup(self, algorithm: str, path: str, st: os.stat_result) -> str | None:
        key = algorithm + ":" + path
        self.seen.add(key)
        hit = self.table.get(key)
        if hit is not None and hit[:5] == signature(st):
            return hit[5]
        return None

    def remember(self, algorithm: str, path: str, st: os.stat_result, digest: str) -> None:
        key = algorithm + ":" + path
        self.seen.add(key)
        if st.st_mtime_ns >= self.limit_ns or st.st_ctime_ns >= self.limit_ns:
            self.table.pop(key, None)  # too recent to trust its signature next time
            return
        self.table[key] = signature(st) + (digest,)
        self.dirty = True

    def merge(self, table: dict, seen: set) -> None:
        """Take over what another table (filled in a child process) learnt."""
        self.table.update(table)
        self.seen |= seen
        self.dirty = self.dirty or bool(table)

    def save(self) -> None:
        """Write the table back, keeping only the files seen in this run."""
        if self.path is None:
            return
        if not self.dirty and self.table.keys() <= self.seen:
            return
        table = {k: v for k, v in self.table.items() if k in self.seen}
        try:
            atomic_write(self.path, pickle.dumps({"format": FORMAT, "table": table}, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            pass
