"""The one ordering of release versions, for the register, the frozen releases and the site.

A leaf module (``packaging`` only). Versions that PEP 440 understands sort by it, so
``0.95 < 1.0-rc1 < 1.0 < 1.10 < 2026.1``; any other label sorts after all of those, by its
parts (numbers as numbers), so that no two versions ever fail to compare.
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version


def version_key(version: str) -> tuple:
    """Sort key for a version string; equal versions spelled apart (1.0, 1.0.0) order by spelling."""
    text = str(version)
    try:
        return (0, Version(text), text)
    except InvalidVersion:
        parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_+]", text))
        return (1, parts, text)


# A version names a file (afsprakenstelsel/releases/<v>.yaml), a folder (releases/<v>/) and a
# tag (release-<v>): letters, digits, '.', '-', '_' and '+', starting with a letter or digit,
# never '..'. Anything else could write outside the tree or break a ref.
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_+-]*(\.[0-9A-Za-z_+-]+)*$"  # dots only between parts


def is_valid_version(version: str) -> bool:
    return isinstance(version, str) and len(version) <= 64 and re.match(VERSION_PATTERN, version) is not None
