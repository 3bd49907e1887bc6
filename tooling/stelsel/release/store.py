"""Frozen releases on disk: ``releases/<version>/`` plus a manifest of content hashes.

A frozen release is itself a project root (``releases/0.8/afsprakenstelsel/…`` and the
proposals it included in ``releases/0.8/changes/``), so everything that reads the working
tree reads a release the same way, in a shallow clone or an unpacked tarball alike: no
tags or history are needed. ``manifest.json`` records the SHA-256 of every frozen file;
any later change to released text is a check error.

This module stays free of model imports; its reads are recorded in the run's read-set
(``stelsel.inputs``), which keys the cached result of ``check``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import inputs
from ..versions import version_key  # noqa: F401  (the one version order; release modules import it from here)

RELEASES_DIR = "releases"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
WORKING = "working"  # the label of the working tree in diffs and on the site
# What a symbolic link below releases/ records instead of a content hash. A frozen release is
# files: a link to a folder would never be descended into (its files would be invisible to the
# manifest check), and a link to a file could later show other text than was released.
LINK = "link"


@dataclass(frozen=True)
class FrozenFile:
    path: str  # relative to the project root
    sha256: str
    raw: bytes | None  # kept for manifests only


def read_frozen(root: Path) -> dict[str, FrozenFile]:
    """Hash every file below ``releases/`` (manifests are kept in full)."""
    base = root / RELEASES_DIR
    out: dict[str, FrozenFile] = {}
    if not base.is_dir():
        return out
    cut = len(str(root)) + 1
    for folder, dirs, files in os.walk(base):
        if folder == str(base):  # what an interrupted cut leaves is no release (ReleaseManifestInvalid says so)
            dirs[:] = [name for name in dirs if not is_leftover(name)]
        dirs.sort()
        prefix = folder[cut:].replace(os.sep, "/") + "/"
        for name in _links(folder, dirs, files):
            out[prefix + name] = FrozenFile(prefix + name, LINK, None)
        for name in sorted(files):
            full = folder + os.sep + name
            rel = prefix + name
            if os.path.islink(full):
                continue
            keep_raw = name == MANIFEST and rel.count("/") == 2
            try:
                raw, value = inputs.read_with_digest(full)  # SHA-256: the manifest's hash and the read-set's
            except OSError:
                out[rel] = FrozenFile(rel, "unreadable", None)
                continue
            out[rel] = FrozenFile(rel, value, raw if keep_raw else None)
    return out


def is_leftover(name: str) -> bool:
    """The staging folder of a release cut or freeze ('.1.1.staging', '.1.1.partial')."""
    return name.startswith(".") and name.endswith((".staging", ".partial"))


def leftovers(root: Path) -> list[str]:
    """The folders below releases/ an interrupted cut or freeze left behind, by name."""
    base = root / RELEASES_DIR
    try:
        return sorted(entry.name for entry in os.scandir(base) if entry.is_dir() and is_leftover(entry.name))
    except OSError:
        return []


def _nests_too_deep(raw: bytes, limit: int = 64) -> bool:
    """Whether JSON ``raw`` opens more than ``limit`` arrays or objects inside each other (strings skipped)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def release_root(root: Path, version: str) -> Path:
    return root / RELEASES_DIR / version


def frozen_versions(root: Path) -> list[str]:
    """Versions that have a frozen folder with a manifest, oldest first."""
    base = root / RELEASES_DIR
    if not base.is_dir():
        return []
    found = [p.name for p in base.iterdir() if p.is_dir() and not is_leftover(p.name) and (p / MANIFEST).is_file()]
    return sorted(found, key=version_key)


def hash_tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` except the manifest, keyed by POSIX path."""
    out = {}
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in _links(current, dirs, files):
            out[(Path(current) / name).relative_to(folder).as_posix()] = LINK
        for name in sorted(files):
            full = Path(current) / name
            rel = full.relative_to(folder).as_posix()
            if rel == MANIFEST or full.is_symlink():
                continue
            out[rel] = inputs.read_with_digest(full)[1]
    return out


def _links(folder: str | Path, dirs: list[str], files: list[str]) -> list[str]:
    """The names in one os.walk step that are symbolic links (to a folder, a file, or nothing), sorted."""
    return sorted(name for name in (*dirs, *files) if os.path.islink(os.path.join(folder, name)))


def content_hash(files: dict[str, str]) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(f"{files[path]}  {path}\n".encode())
    return h.hexdigest()


def make_manifest(version: str, files: dict[str, str], created: str, tool_version: str, extra: dict | None = None) -> dict:
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": version,
        "created": created,
        "stelsel": tool_version,
        "content_hash": content_hash(files),
        "files": dict(sorted(files.items())),
    }
    if extra:
        manifest.update(extra)
    return manifest


def write_manifest(folder: Path, manifest: dict) -> None:
    from ..atomic import atomic_write

    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def read_manifest(folder: Path) -> dict:
    raw = inputs.read_bytes(folder / MANIFEST)
    if _nests_too_deep(raw):  # json.loads would raise RecursionError, which no caller expects
        raise ValueError(f"{folder / MANIFEST} nests too deeply to be a manifest")
    return json.loads(raw.decode("utf-8"))
