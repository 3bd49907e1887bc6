"""Reading the bytes of a tree, cheaply: no model imports, so a cached check stays fast."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..rules.files import FileTooLarge, SymlinkOutside, UnknownKind, Unreadable
from . import tree
from .yamlread import parse_yaml

DEFAULT_MAX_BYTES = 1_048_576


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass
class RawFile:
    entry: tree.Entry
    raw: bytes | None  # None when the digest came from the stat table: read on demand
    digest: str | None
    problem: Diagnostic | None
    changed: bool = False  # the file changed between its stat and its read: do not cache results

    def content(self) -> bytes:
        """The file's bytes; read now if only its digest was known (and re-hashed then)."""
        if self.raw is not None:
            return self.raw
        with open(self.entry.abspath, "rb") as handle:
            raw = handle.read()
        now = digest(raw)
        if now != self.digest:
            self.changed = True
            self.digest = now
        return raw


def read_tree(root: Path, max_bytes: int | None = None, digests=None) -> list[RawFile]:
    """Read the bytes of every file; problems that stop reading become findings.

    With ``digests`` (a :class:`~stelsel.load.statcache.StatDigests`), a file whose stat
    signature is known is not read: its digest comes from the table and its bytes are read
    only if its parse is not cached either.
    """
    result: list[RawFile] = []
    limit = max_bytes or DEFAULT_MAX_BYTES
    for entry in tree.scan(root):
        suffix = os.path.splitext(entry.path)[1].lower()
        if entry.is_link and not tree.is_inside(root, entry.abspath):
            result.append(RawFile(entry, None, None, SymlinkOutside.at(
                entry.path, 0, 0, f"symbolic link to {os.readlink(entry.abspath)!r}, outside the project",
                hint="copy the file into the tree or remove the link")))
            continue
        if entry.is_link and os.path.isdir(entry.abspath):
            continue  # a folder linked from inside the tree: its files are scanned where they are
        if suffix in tree.ASSET_SUFFIXES:
            continue
        if suffix not in tree.YAML_SUFFIXES and suffix not in tree.MARKDOWN_SUFFIXES:
            result.append(RawFile(entry, None, None, UnknownKind.at(
                entry.path, 0, 0, f"file of no known kind ('{suffix or 'no extension'}')",
                hint="content is .yaml (items) or .md (pages, proposals); figures may be "
                     + ", ".join(sorted(tree.ASSET_SUFFIXES)) + "; move anything else out of the content folders")))
            continue
        st = None
        if digests is not None:
            try:
                st = os.stat(entry.abspath)
            except OSError:
                st = None
            if st is not None and st.st_size <= limit:
                known = digests.lookup("blake2b", entry.path, st)
                if known is not None:
                    result.append(RawFile(entry, None, known, None))
                    continue
        try:
            with open(entry.abspath, "rb") as handle:
                # The size first: read(limit + 1) would allocate a buffer of the limit (1 MB)
                # for every small file, which costs more than the fstat.
                size = st.st_size if st is not None else os.fstat(handle.fileno()).st_size
                raw = handle.read() if size <= limit else None
        except OSError as exc:
            result.append(RawFile(entry, None, None, Unreadable.at(entry.path, 0, 0, f"cannot read: {exc.strerror or exc}",
                                                                   hint="make it readable or remove it")))
            continue
        if raw is None or len(raw) > limit:
            size = max(size, len(raw or b""))
            result.append(RawFile(entry, None, None, FileTooLarge.at(
                entry.path, 0, 0, f"file is {size:,} bytes, over the limit of {limit:,}",
                hint="split it, or raise limits.max_file_bytes in the framework config")))
            continue
        value = digest(raw)
        if st is not None:
            digests.remember("blake2b", entry.path, st, value)
        result.append(RawFile(entry, raw, value, None))
    return result


def config_limit(root: Path) -> int:
    """The size limit from the config, read cheaply before everything else."""
    path = root / tree.CONFIG_FILE
    try:
        raw = path.read_bytes()
        if len(raw) > DEFAULT_MAX_BYTES * 4:
            return DEFAULT_MAX_BYTES
        data = parse_yaml(raw.decode("utf-8")).data
        value = data.get("limits", {}).get("max_file_bytes") if isinstance(data, dict) else None
        return value if isinstance(value, int) and value >= 1024 else DEFAULT_MAX_BYTES
    except Exception:  # any problem is reported when the config itself is loaded
        return DEFAULT_MAX_BYTES
