"""Reading the bytes of a tree: every file once, each read recorded in the run's read-set."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import inputs
from ..codes import FILE_NAME_INVALID, FILE_TOO_LARGE, SYMLINK_OUTSIDE, UNKNOWN_KIND, UNREADABLE
from ..diagnostics import Diagnostic
from ..paths import printable
from . import tree
from .yamlread import parse_yaml

DEFAULT_MAX_BYTES = 1_048_576


digest = inputs.digest


@dataclass
class RawFile:
    entry: tree.Entry
    raw: bytes | None  # None when the file could not be read (see problem)
    digest: str | None
    problem: Diagnostic | None


def read_tree(root: Path, max_bytes: int | None = None) -> list[RawFile]:
    """Read the bytes of every file; problems that stop reading become findings."""
    result: list[RawFile] = []
    limit = max_bytes or DEFAULT_MAX_BYTES
    for entry in tree.scan(root, problems=True):
        if entry.issue is not None:
            result.append(RawFile(entry, None, None, _not_to_open(entry)))
            continue
        suffix = os.path.splitext(entry.path)[1].lower()
        if entry.is_link and not tree.is_inside(root, entry.abspath):
            result.append(RawFile(entry, None, None, SYMLINK_OUTSIDE.at(
                entry.path, 0, 0, f"symbolic link to '{printable(os.readlink(entry.abspath))}', outside the project",
                hint="copy the file into the tree or remove the link")))
            continue
        if entry.is_link and os.path.isdir(entry.abspath):
            if not _scanned_where_it_points(root, entry.abspath):
                result.append(RawFile(entry, None, None, UNREADABLE.at(
                    entry.path, 0, 0, f"a link to the folder '{printable(os.readlink(entry.abspath))}', which holds no "
                    "content: its files were not read", hint="move the files into the content folder, or remove the link")))
            continue  # a folder linked from inside the content: its files are scanned where they are
        special = _not_to_open(entry) if entry.is_link else None
        if special is not None:  # a link to a pipe or a device inside the tree
            result.append(RawFile(entry, None, None, special))
            continue
        if suffix in tree.ASSET_SUFFIXES:
            continue
        if suffix not in tree.YAML_SUFFIXES and suffix not in tree.MARKDOWN_SUFFIXES:
            result.append(RawFile(entry, None, None, UNKNOWN_KIND.at(
                entry.path, 0, 0, f"file of no known kind ('{suffix or 'no extension'}')",
                hint="content is .yaml (items) or .md (pages, proposals); figures may be "
                     + ", ".join(sorted(tree.ASSET_SUFFIXES)) + "; move anything else out of the content folders")))
            continue
        try:
            raw, value = inputs.read_with_digest(entry.abspath, limit)
            if len(raw) > limit:  # it grew after its size was read
                raise inputs.TooLarge(len(raw))
        except inputs.TooLarge as exc:
            result.append(RawFile(entry, None, None, FILE_TOO_LARGE.at(
                entry.path, 0, 0, f"file is {exc.size:,} bytes, over the limit of {limit:,}",
                hint="split it, or raise limits.max_file_bytes in the framework config")))
            continue
        except OSError as exc:
            result.append(RawFile(entry, None, None, UNREADABLE.at(entry.path, 0, 0, f"cannot read: {exc.strerror or exc}",
                                                                   hint="make it readable or remove it")))
            continue
        result.append(RawFile(entry, raw, value, None))
    return result


def _scanned_where_it_points(root: Path, link: str) -> bool:
    """Whether a linked folder lies in a folder that is scanned (its files are read there, once)."""
    return any(tree.is_inside(Path(root) / top, link) for top in tree.scanned_dirs(root))


def _not_to_open(entry: tree.Entry) -> Diagnostic | None:
    """The finding for a file that must not be opened: a bad name, a pipe, socket or device (a link's target too)."""
    issue = entry.issue
    if issue is None and entry.is_link:
        try:
            issue = tree.special_kind(os.stat(entry.abspath).st_mode)
        except OSError:
            return None  # a broken link or a loop: opening it fails, and says why
    if issue is None:
        return None
    shown = printable(entry.path)
    if issue.startswith("a folder"):
        return UNREADABLE.at(shown, 0, 0, f"{issue}: its files were not read",
                             hint="make the folder readable by the user running stelsel, or remove it")
    if issue.startswith("the "):
        return FILE_NAME_INVALID.at(shown, 0, 0, f"{issue}: skipped, not read",
                                    hint="rename it to UTF-8 text without control characters (e.g. with 'git mv')")
    return UNREADABLE.at(shown, 0, 0, f"{issue}, not a regular file: skipped, never opened",
                         hint="remove it from the content folders; only regular files are content")


def config_limit(root: Path) -> int:
    """The size limit from the config, read cheaply before everything else."""
    path = root / tree.config_file(root)
    try:
        if tree.special_kind(os.stat(path).st_mode) is not None:
            return DEFAULT_MAX_BYTES  # a pipe or a device is never opened (read_tree reports it)
        raw = inputs.read_bytes(path)
        if len(raw) > DEFAULT_MAX_BYTES * 4:
            return DEFAULT_MAX_BYTES
        data = parse_yaml(raw.decode("utf-8")).data
        value = data.get("limits", {}).get("max_file_bytes") if isinstance(data, dict) else None
        return value if isinstance(value, int) and value >= 1024 else DEFAULT_MAX_BYTES
    except Exception:  # any problem is reported when the config itself is loaded
        return DEFAULT_MAX_BYTES
