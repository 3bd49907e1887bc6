"""Findings about frozen releases against history: the cut commit, its tag, the register."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..model.status import RELEASED_STATUSES
from ..versions import version_key
from .base import Rule

DECIDED_STATES = RELEASED_STATUSES


def _manifests(project) -> dict[str, bytes]:
    from ..release.anchor import frozen_manifests

    return project.memoized("release.manifests", lambda: frozen_manifests(project.root))


def anchor_report(project):
    """The anchor problems of every frozen release, computed once per run (other rules use them
    to report one finding per fault: no L003, L004, L008 or W022 on top of an L005 or L006)."""
    from ..release.anchor import anchor_problems

    governance = project.governance
    signed = bool(governance is not None and governance.workflow.require_signed_decisions)
    return project.memoized("release.anchors", lambda: anchor_problems(project.root, signed, _manifests(project)))


def _report(rule: type[Rule], project) -> Iterable[Diagnostic]:
    for problem in anchor_report(project).problems:
        if problem.code == rule.code:
            yield rule.at(problem.path, problem.line, 0 if problem.line == 0 else 1, problem.message,
                          hint=problem.hint)


class ReleaseAnchorMismatch(Rule):
    """A frozen release differs from what its cut commit or its tag recorded.

    A manifest alone proves nothing: whoever rewrites a frozen file can recompute its hash
    and the manifest's ``content_hash`` as well. The anchor lies outside the folder: the
    *cut commit*, the first commit that added ``releases/<version>/manifest.json``. The
    manifest must equal the one that commit added (so, with L001, the whole folder equals
    its content at the cut), no later commit may add it with other content, a
    ``Stelsel-Content-Hash`` trailer in the cut commit's message must be the manifest's
    ``content_hash``, and a tag ``release-<version>``, where there is one, must point at the
    cut commit and carry the same hash (signed, when the workflow requires signed
    decisions). A missing tag is fine: tags do not always travel with a clone. The finding
    is on the manifest (the first line that differs, or its ``content_hash`` line for a
    trailer or a tag) and on every file whose recorded hash changed. Fix: restore the
    release from its cut commit (``git checkout <cut commit> -- releases/<version>``); a
    wrong tag is deleted and made again on the cut commit. To change the framework, change
    ``afsprakenstelsel/`` through a proposal for the next release.
    """

    finding = codes.RELEASE_ANCHOR_MISMATCH

    def check(self, project) -> Iterable[Diagnostic]:
        yield from _report(type(self), project)


class FrozenReleaseDeleted(Rule):
    """History has a frozen release that the tree no longer has.

    A release that was cut stays part of the record: readers, suppliers and the site's
    version selector rely on it, and deleting it (then regenerating the changelog) would
    erase what was decided. The finding is on the missing ``manifest.json``. Fix: restore
    the folder from its cut commit (``git checkout <cut commit> -- releases/<version>``).
    """

    finding = codes.FROZEN_RELEASE_DELETED

    def check(self, project) -> Iterable[Diagnostic]:
        yield from _report(type(self), project)


class ReleaseHistoryUnverified(Rule):
    """The frozen releases' history is not available here, so their anchors were not verified.

    In a source tarball, a shallow clone whose history starts at or after a release's cut
    commit, or a tree outside git, the cut commits and tags cannot be read: the manifests
    are still checked (L001, L002), but not against history. One warning says so for the
    run; a frozen folder that is not committed yet gets a warning of its own. Fix: check a
    clone with its full history (``git fetch --unshallow``; in CI ``actions/checkout`` with
    ``fetch-depth: 0``), and commit a cut release (``release cut`` does so itself).
    """

    finding = codes.RELEASE_HISTORY_UNVERIFIED

    def check(self, project) -> Iterable[Diagnostic]:
        yield from _report(type(self), project)


class RegisterWithoutFrozen(Rule):
    """The release register marks a release decided or published that has no frozen text.

    Decided and published promise that the release's text is fixed in
    ``releases/<version>/``; a register entry that says so without the folder claims a
    release nobody can read or verify. A release decided before the framework was kept in
    stelsel has no frozen text: mark it ``frozen: false``, which is only accepted for a
    version older than the oldest frozen release. The finding is on the entry's ``status``
    (or its ``frozen``) line. Fix: cut the release (``stelsel release cut VERSION``), restore
    its folder from git, or correct the status.
    """

    finding = codes.REGISTER_WITHOUT_FROZEN

    def check(self, project) -> Iterable[Diagnostic]:
        frozen = set(_manifests(project))
        deleted = {problem.version for problem in anchor_report(project).problems if problem.code == "L006"}
        oldest = min(frozen, key=version_key) if frozen else None
        for item in sorted(project.items("release"), key=lambda i: version_key(i.id)):
            model, sf = item.model, item.file
            if not model.frozen:
                if oldest is not None and version_key(item.id) >= version_key(oldest):
                    line, col = sf.position(("frozen",))
                    yield self.at(sf.path, line, col,
                                  f"release {item.id} is marked 'frozen: false', but it is not older than the "
                                  f"oldest frozen release {oldest}",
                                  hint="remove 'frozen: false': only a release decided before the framework was "
                                       "kept in stelsel has no frozen text")
                continue
            status = getattr(model.status, "value", model.status)
            if status in DECIDED_STATES and item.id not in frozen and item.id not in deleted:  # L006 says it
                line, col = sf.position(("status",))
                yield self.at(sf.path, line, col,
                              f"release {item.id} is marked {project.statuses.release_word(status)}, but it has no "
                              f"frozen text "
                              f"(releases/{item.id}/manifest.json does not exist)",
                              hint=f"cut it ('stelsel release cut {item.id}') or restore releases/{item.id} from git; "
                                   "a release decided before the framework was kept in stelsel gets 'frozen: false'")
