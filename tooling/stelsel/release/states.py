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
    folder = release_root(root, label)
    if not (folder / "manifest.json").is_file():
        frozen = frozen_versions(root)
        listed = ", ".join(frozen) if frozen else "none yet"
        raise ReleaseError(f"release '{label}' is not frozen in releases/ (frozen releases: {listed}; "
                           f"use '{WORKING}' for the working tree)")
    return load_project(folder)


def previous_frozen(root: Path, version: str) -> str | None:
    older = [v for v in frozen_versions(root) if version_key(v) < version_key(version)]
    return older[-1] if older else None
