"""Reading the bytes of a tree: every file once, each read recorded in the run's read-set."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import inputs
from ..codes import FILE_TOO_LARGE, SYMLINK_OUTSIDE, UNKNOWN_KIND, UNREADABLE
from ..diagnostics import Diagnostic
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
    for entry in tree.scan(root):
        suffix = os.path.splitext(entry.path)[1].lower()
        if entry.is_link and not tree.is_inside(root, entry.abspath):
            result.append(RawFile(entry, None, None, SYMLINK_OUTSIDE.at(
                entry.path, 0, 0, f"symbolic link to {os.readlink(entry.abspath)!r}, outside the project",
                hint="copy the file into the tree or remove the link")))
            continue
        if entry.is_link and os.path.isdir(entry.abspath):
            continue  # a folder linked from inside the tree: its files are scanned where they are
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


def config_limit(root: Path) -> int:
    """The size limit from the config, read cheaply before everything else."""
    path = root / tree.CONFIG_FILE
    try:
        raw = inputs.read_bytes(path)
        if len(raw) > DEFAULT_MAX_BYTES * 4:
            return DEFAULT_MAX_BYTES
        data = parse_yaml(raw.decode("utf-8")).data
        value = data.get("limits", {}).get("max_file_bytes") if isinstance(data, dict) else None
        return value if isinstance(value, int) and value >= 1024 else DEFAULT_MAX_BYTES
    except Exception:  # any problem is reported when the config itself is loaded
        return DEFAULT_MAX_BYTES
