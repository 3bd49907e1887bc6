"""CI for content repositories: the templates stelsel writes (GitHub Actions, GitLab CI) and, in
:mod:`.reports`, the report formats a forge reads (SARIF, GitLab Code Quality).

The templates are package data (``templates/<forge>.yml``) with ``@NAME@`` placeholders, so the
``${{ }}`` expressions and ``$VARIABLES`` of the forges pass through untouched. ``stelsel ci``
writes them; ``stelsel init`` calls :func:`write_ci` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DEFAULT_BRANCH = "main"
DEFAULT_PYTHON = "3.12"
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")
_PYTHON = re.compile(r"3\.\d+")


@dataclass(frozen=True)
class Forge:
    name: str
    template: str  # file name under templates/
    target: str  # where it goes in the content repository, POSIX


FORGES: dict[str, Forge] = {
    "github": Forge("github", "github.yml", ".github/workflows/stelsel.yml"),
    "gitlab": Forge("gitlab", "gitlab.yml", ".gitlab-ci.yml"),
}


class CiError(ValueError):
    """A value the templates cannot carry, or a file that would be overwritten."""


def default_install() -> str:
    """The pip requirement the CI installs: this very version of stelsel."""
    from .. import __version__

    return f"stelsel=={__version__}"


def render_ci(forge: str, *, install: str | None = None, branch: str = DEFAULT_BRANCH,
              python: str = DEFAULT_PYTHON) -> str:
    """The CI file for ``forge`` ('github' or 'gitlab'), filled in."""
    from .. import __version__

    if forge not in FORGES:
        raise CiError(f"unknown forge '{forge}': use one of {', '.join(FORGES)}")
    install = install or default_install()
    if not install.strip() or any(c in install for c in "\"'`$\\\n"):
        raise CiError(f"the install requirement {install!r} may not contain quotes, '$', '\\' or newlines")
    if not _BRANCH.fullmatch(branch):
        raise CiError(f"'{branch}' is not a branch name stelsel writes into CI: letters, digits, '.', '_', '-', '/'")
    if not _PYTHON.fullmatch(python):
        raise CiError(f"'{python}' is not a Python version such as 3.12")
    values = {"INSTALL": install, "BRANCH": branch, "PYTHON": python, "STELSEL_VERSION": __version__}
    text = resources.files(__package__).joinpath("templates", FORGES[forge].template).read_text(encoding="utf-8")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def write_ci(root: Path, forge: str, *, force: bool = False, **options) -> tuple[Path, bool]:
    """Write the CI file for ``forge`` into the repository at ``root``: (path, whether it changed).

    An existing file with other content is kept unless ``force``: it may hold the team's own steps.
    """
    from ..atomic import atomic_write

    text = render_ci(forge, **options)
    path = root / FORGES[forge].target
    if path.exists():
        current = path.read_text(encoding="utf-8", errors="replace")
        if current == text:
            return path, False
        if not force:
            raise CiError(f"{FORGES[forge].target} exists with other content; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return path, True
