"""Which folder holds the framework's content: stelsel.toml names it (C011), else the one holding stelsel.yaml (C010)."""

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


class ProjectFileInvalid(Rule):
    """The project's ``stelsel.toml`` is not valid TOML, or holds a key or value stelsel cannot use.

    ``stelsel.toml`` names the content folder (``content = "framework"``) and where new items
    of a kind go (``[folders]``, ``agreement = "agreements"``). A setting that cannot be used
    (broken TOML, a misspelled key such as ``contnet`` or kind such as ``agrement``, a number, a path such as
    ``"../../etc"`` where one plain folder name belongs) counts as absent: the content folder
    is then found without it, which is rarely what the file meant, so each is a finding at its
    line. A name that is plain but not there is F013 on the config it would hold.
    Fix: write the file as TOML with only ``content`` and ``[folders]``, each value one folder
    name in quotes.
    """

    finding = codes.PROJECT_FILE_INVALID

    def check(self, project) -> Iterable[Diagnostic]:
        for line, col, message, hint in tree.project_file_problems(project.root):
            yield self.at(tree.PROJECT_FILE, line, col, message, hint=hint)
