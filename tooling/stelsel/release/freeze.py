"""Freeze the working content into ``releases/<version>/`` with its manifest, atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .. import __version__
from ..load.tree import PROJECT_FILE, content_dir
from .states import ReleaseError
from .store import make_manifest, release_root, hash_tree, write_manifest


def _ignore_hidden(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n.startswith(".")}


def freeze(root: Path, version: str, proposal_files: list[str], created: str, extra: dict | None = None) -> Path:
    """Copy the content and the included proposals into releases/<version>/ and hash them.

    Everything is written to a temporary folder first and renamed into place at the end,
    so an interrupted freeze never leaves a half-frozen release.
    """
    target = release_root(root, version)
    if target.exists():
        raise ReleaseError(f"releases/{version} already exists; a release is frozen once")
    staging = target.with_name(f".{version}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        content = content_dir(root)
        shutil.copytree(root / content, staging / content, ignore=_ignore_hidden, symlinks=False)
        if (root / PROJECT_FILE).is_file():  # it names the content folder: the release is a project root too
            shutil.copy2(root / PROJECT_FILE, staging / PROJECT_FILE)
        for rel in proposal_files:
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, dest)
        files = hash_tree(staging)
        write_manifest(staging, make_manifest(version, files, created, __version__, extra))
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
