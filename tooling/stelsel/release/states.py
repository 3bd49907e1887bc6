"""Open a state of the framework by label: a frozen release or the working tree."""

from __future__ import annotations

from pathlib import Path

from .store import WORKING, frozen_versions, release_root, version_key

WORKING_ALIASES = frozenset({WORKING, "werkversie", "concept", "HEAD"})


class ReleaseError(Exception):
    """A release operation cannot go ahead; the message says why and what to do."""


def empty_project(root: Path):
    from ..load.project import Project

    return Project(root=root)


def open_state(root: Path, label: str):
    """Load the working tree (``working``) or a frozen release (``0.8``)."""
    from ..load.project import load_project

    if label in WORKING_ALIASES:
        return load_project(root)
    frozen = frozen_versions(root)
    if label not in frozen:  # a name listed there, never a path ('../x', '1.0/../0.9')
        listed = ", ".join(frozen) if frozen else "none yet"
        raise ReleaseError(f"release '{label}' is not frozen in releases/ (frozen releases: {listed}; "
                           f"use '{WORKING}' for the working tree)")
    _refuse_if_altered(root, label)
    return load_project(release_root(root, label))


def _refuse_if_altered(root: Path, version: str) -> None:
    """ReleaseError when releases/<version> no longer matches its own manifest: shown as release 'version', its
    text would claim to be what was released. (Against history, 'stelsel release verify' checks it.)"""
    from .anchor import manifest_checks
    from .store import MANIFEST

    try:
        raw = (release_root(root, version) / MANIFEST).read_bytes()
    except OSError as exc:
        raise ReleaseError(f"releases/{version}/{MANIFEST} cannot be read: {exc.strerror or exc}") from None
    for problem in manifest_checks(root, version, raw):
        if problem.result != "ok":
            raise ReleaseError(f"releases/{version} does not match its manifest ({problem.detail}): it is not the "
                               f"text of release {version}; run 'stelsel release verify {version}', and restore "
                               f"it from git (git checkout -- releases/{version})")


def previous_frozen(root: Path, version: str) -> str | None:
    older = [v for v in frozen_versions(root) if version_key(v) < version_key(version)]
    return older[-1] if older else None
