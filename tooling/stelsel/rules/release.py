"""Findings about frozen releases: released text must never change."""

from __future__ import annotations

import json
from typing import Iterable

from .. import codes
from .. import inputs
from ..diagnostics import Diagnostic
from ..load.tree import content_dir
from ..release.store import LINK, MANIFEST, RELEASES_DIR, content_hash, leftovers
from .base import Rule


def _by_release(frozen: dict) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    for path, entry in frozen.items():
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[0] != RELEASES_DIR:
            continue
        groups.setdefault(parts[1], {})[parts[2]] = entry
    return groups


class ReleasedTextModified(Rule):
    """A file of a frozen release was changed, deleted or added after the release was cut.

    A release is frozen text: what was decided must read the same years later.
    ``releases/<version>/manifest.json`` records the SHA-256 of every released file, and
    any difference is an error naming the file; so is a symbolic link below the release (to a
    folder, whose files would not be checked, or to a file). Fix: undo the change to the released copy
    (``git checkout -- releases/<version>``); to change the framework, edit
    the content folder through a change proposal for the next release.
    """

    finding = codes.RELEASED_TEXT_MODIFIED

    def check(self, project) -> Iterable[Diagnostic]:
        for version, files in sorted(_by_release(project.frozen).items()):
            manifest = _manifest(files)
            if manifest is None:
                continue  # ReleaseManifestInvalid reports it
            expected: dict = manifest.get("files", {})
            prefix = f"{RELEASES_DIR}/{version}/"
            for rel, entry in sorted(files.items()):
                if rel == MANIFEST:
                    continue
                want = expected.get(rel)
                if entry.sha256 == LINK:
                    yield self.at(prefix + rel, 0, 0, f"a symbolic link in frozen release {version}: released text is "
                                  "files, and a link shows whatever it points to",
                                  hint=f"remove the link and restore the released files (git checkout -- {prefix})")
                elif want is None:
                    yield self.at(prefix + rel, 0, 0, f"file added to frozen release {version}",
                                  hint=f"remove it; released content cannot change (git checkout -- {prefix})")
                elif want != entry.sha256:
                    yield self.at(prefix + rel, 0, 0, f"released text of {version} was modified (hash differs from the manifest)",
                                  hint=f"undo the edit (git checkout -- {prefix + rel}); change {content_dir(project.root)}/ through a "
                                       "proposal instead")
            for rel in sorted(set(expected) - set(files)):
                yield self.at(prefix + rel, 0, 0, f"file of frozen release {version} was deleted",
                              hint=f"restore it (git checkout -- {prefix + rel})")


def _manifest(files: dict) -> dict | None:
    entry = files.get(MANIFEST)
    if entry is None or entry.raw is None:
        return None
    try:
        data = json.loads(entry.raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


class ReleaseManifestInvalid(Rule):
    """A frozen release has no readable manifest, or the manifest itself was edited.

    Without an intact ``manifest.json`` nothing proves the release is the text that was
    decided. The manifest's ``content_hash`` covers its list of file hashes, so editing
    the manifest to match changed text is caught too. Fix: restore the manifest from git;
    a folder under ``releases/`` that is not a release does not belong there.
    """

    finding = codes.RELEASE_MANIFEST_INVALID

    def check(self, project) -> Iterable[Diagnostic]:
        for name in leftovers(project.root):
            yield self.at(f"{RELEASES_DIR}/{name}", 0, 0, "left behind by a release cut that was interrupted: it is "
                          "no release", hint=f"remove it (rm -rf {RELEASES_DIR}/{name}), then run the cut again")
        for version, files in sorted(_by_release(project.frozen).items()):
            path = f"{RELEASES_DIR}/{version}/{MANIFEST}"
            if MANIFEST not in files:
                yield self.at(path, 0, 0, f"frozen release {version} has no manifest",
                              hint="restore it from git, or remove the folder if it is not a release")
                continue
            manifest = _manifest(files)
            if manifest is None:
                yield self.at(path, 1, 1, "manifest is not valid JSON with a 'files' mapping", hint="restore it from git")
                continue
            if manifest.get("content_hash") != content_hash(manifest["files"]):
                yield self.at(path, 1, 1, "manifest was edited: its content_hash does not match its file list",
                              hint="restore it from git; released content cannot change")
            if manifest.get("version") != version:
                yield self.at(path, 1, 1, f"manifest says version {manifest.get('version')!r} but lies in releases/{version}",
                              hint="restore the folder name or the manifest from git")


class ChangelogNotGenerated(Rule):
    """CHANGELOG.md was edited by hand, is missing, or is out of date.

    The changelog is computed from the frozen releases and the proposals they included,
    and checked against the real differences; a hand-written line could claim what did not
    happen. Fix: run ``stelsel release changelog`` and commit the result.
    """

    finding = codes.CHANGELOG_NOT_GENERATED

    def check(self, project) -> Iterable[Diagnostic]:
        if not _by_release(project.frozen):
            return
        from ..release.changelog import CHANGELOG, changelog_state
        from .anchor import anchor_report

        anchors = anchor_report(project)
        if any(report.rewritten for report in anchors.reports.values()) or \
                any(problem.code == "L006" for problem in anchors.problems):
            return  # a rewritten (L005) or deleted (L006) release is the fault; the changelog computed from it is not a second one

        path = project.root / CHANGELOG
        try:
            text = inputs.read_bytes(path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        try:
            problem = changelog_state(project.root, text)
        except (OSError, ValueError) as exc:  # an unreadable manifest is L002's finding
            problem = None if isinstance(exc, ValueError) else str(exc)
        if problem:
            yield self.at(CHANGELOG, 0, 0, f"CHANGELOG.md is {problem}",
                          hint="run 'stelsel release changelog' and commit the result; never edit it by hand")
