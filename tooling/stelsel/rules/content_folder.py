"""Which folder holds the framework's content, when no stelsel.toml names it (C010)."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..load import tree
from .base import Rule


class ContentFolderAmbiguous(Rule):
    """More than one top-level folder holds a ``stelsel.yaml``, and no ``stelsel.toml`` says which is the content.

    Without ``stelsel.toml`` the content folder is the one folder at the project root that holds
    the framework config; with two (a copy, an old layout next to a new one) stelsel would have to
    guess, so it reads the first by name and says so. Fix: name the content folder at the root in
    ``stelsel.toml`` (``content = "framework"``), or remove the other ``stelsel.yaml``.
    """

    finding = codes.CONTENT_FOLDER_AMBIGUOUS

    def check(self, project) -> Iterable[Diagnostic]:
        if tree.content_named(project.root):
            return
        candidates = tree.content_candidates(project.root)
        if len(candidates) > 1:
            chosen = tree.content_dir(project.root)
            yield self.at(tree.PROJECT_FILE, 0, 0, f"{len(candidates)} top-level folders hold {tree.CONFIG_NAME} "
                          f"({', '.join(c + '/' for c in candidates)}); read as the content folder: {chosen}/",
                          hint=f'name the content folder in {tree.PROJECT_FILE} (content = "{chosen}"), or remove '
                               f"the other {tree.CONFIG_NAME}")
