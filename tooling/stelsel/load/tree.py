"""Finding the files of a project: which folders, which files, what each file is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = "afsprakenstelsel"
CHANGES_DIR = "changes"
CONFIG_FILE = f"{CONTENT_DIR}/stelsel.yaml"
SCANNED_DIRS = (CONTENT_DIR, CHANGES_DIR)

YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md",)
# Files that may sit among the content without being content (figures, attachments).
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".drawio"})
IGNORED_NAMES = frozenset({"README.md", ".gitkeep", ".DS_Store", ".meta.yml"})


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the root, POSIX separators
    abspath: str
    is_link: bool


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``afsprakenstelsel/``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONTENT_DIR).is_dir():
            return candidate
    return None


def scan(root: Path, tops: tuple[str, ...] = SCANNED_DIRS) -> list[Entry]:
    """Every file below the scanned folders, sorted; hidden files and folders are skipped."""
    entries: list[Entry] = []
    root_str = str(root)
    cut = len(root_str) + 1
    posix = os.sep == "/"
    for top in tops:
        base = os.path.join(root_str, top)
        if not os.path.isdir(base):
            continue
        stack = [base]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    for entry in it:
                        name = entry.name
                        if name.startswith("."):
                            continue
                        is_link = entry.is_symlink()
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                            continue
                        if name in IGNORED_NAMES:
                            continue
                        rel = entry.path[cut:] if posix else entry.path[cut:].replace(os.sep, "/")
                        entries.append(Entry(rel, entry.path, is_link))
            except OSError:
                continue
    entries.sort(key=lambda e: e.path)
    return entries


def is_inside(root: Path, target: str) -> bool:
    try:
        real = os.path.realpath(target)
    except OSError:
        return False
    root_real = os.path.realpath(root)
    return real == root_real or real.startswith(root_real + os.sep)
