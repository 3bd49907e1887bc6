"""Findings read from git history about change proposals (codes W011, W018-W021, W023-W025, L009).

Who recorded each review and decision, whether a decided proposal was edited or deleted
afterwards (:mod:`stelsel.workflow.provenance`), and the pull-request checks of ``check
--since`` (:mod:`stelsel.workflow.since`). The rules on the workflow itself are in
:mod:`stelsel.rules.workflow`.
"""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from .base import Rule


class DecisionEdited(Rule):
    """A decided proposal was edited afterwards (anything but the tool's release markers).

    Read from git: once a commit records the decision, the proposal is the record of what
    was decided. Later commits (and uncommitted edits) may change only what the tool itself
    writes on it: ``status`` and ``released_in``, and history entries appended after the
    decision. Any other change, to the decision, the changes, the motivation, the reviews,
    any other key or the text below the front matter, is reported at the key that changed
    (the body at its first line), naming the commit that made it: a typo fix in a proposal
    released years ago rewrites what a body decided. Fix: revert the edit; carry further
    changes in a new proposal.
    """

    finding = codes.DECISION_EDITED

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow.provenance import to_diagnostics

        return to_diagnostics(project, self, self.code)


class DecidedProposalDeleted(Rule):
    """A proposal that recorded a decision was deleted.

    Read from git: a file under ``changes/`` whose history holds a decision (renames are
    followed, so a proposal moved to another name or folder is not deleted) must stay in
    the tree; without it nothing shows what was decided, by whom, and which items it
    covered, and the pins of its decided text are lost. With ``check --since REF`` a
    proposal that had a decision at the merge base and is gone is reported too. The
    finding names the last commit that held the file. Fix: restore it
    (``git checkout COMMIT -- changes/FILE``).
    """

    finding = codes.DECIDED_PROPOSAL_DELETED

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow.provenance import to_diagnostics

        return to_diagnostics(project, self, self.code)


class ProvenanceAuthor(Rule):
    """The commit that recorded an act was not authored by the person it names.

    Authority is checked, not trusted: the commit that introduced a review, a decision or a
    history move (each history entry, by its ``by``) or an answer to a consultation reaction
    (its disposition, by its ``responded_by``), found by walking the proposal's git
    history, must have that person's roster e-mail as its author e-mail. The introducing
    commit is the one whose version holds the act while none of its parents does: an act
    that first appears in a merge commit (in neither parent) is the merge's, one merged in
    from a branch is that branch's commit. A review, decision or move someone else edits
    afterwards is attributed to the editor. Decisions marked ``example: true`` and acts by
    people marked ``example: true`` are attributed like any other: the flag says the
    authority is a demonstration, not that anyone may record it. Release records likewise:
    a register entry's ``decision`` (by ``decision.by``) and ``published`` (by
    ``published.by``), and a frozen release's cut commit, the commit that first added its
    manifest (by the manifest's ``cut_by``; ``stelsel release cut`` commits as the cutter).
    Who *committed* the commit is W024. Fix: the person records it in a commit of their own.
    """

    finding = codes.PROVENANCE_AUTHOR

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow import release_provenance, response_provenance
        from ..workflow.provenance import to_diagnostics

        return (to_diagnostics(project, self, self.code) + release_provenance.to_diagnostics(project, self, self.code)
                + response_provenance.to_diagnostics(project, self, self.code))


class ProvenanceSignature(Rule):
    """A decision's commit is not signed by the decider's key while the workflow requires signed decisions.

    With ``require_signed_decisions: true``, the commit that recorded a proposal's decision,
    or a release decision in a register entry, must pass ``git verify-commit`` with a key
    the roster lists under the deciding person's ``signing_keys`` (the roster as committed
    before that commit: a key listed later, or in the same commit, does not count; a key
    removed later still does for what it signed): a valid signature by a
    key the roster does not list for them (or a person with no keys listed) proves nothing
    about who signed. It applies to decisions only; reviews, history moves, cuts and
    publications need no signature (whoever commits them is checked by W018 and W024, and
    the cut's tag is signed, L005). Fix: record the decision in a commit signed with a
    listed key (``git commit -S``), or list the person's key fingerprint under
    ``signing_keys``; the checker's gpg needs the signer's public key.
    """

    finding = codes.PROVENANCE_SIGNATURE

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow import release_provenance, response_provenance
        from ..workflow.provenance import to_diagnostics

        return (to_diagnostics(project, self, self.code) + release_provenance.to_diagnostics(project, self, self.code)
                + response_provenance.to_diagnostics(project, self, self.code))


class ProvenanceUnverified(Rule):
    """Who recorded a review or decision could not be verified.

    Provenance comes from git history; without it (no repository, git missing, the review,
    decision or history move not committed yet, or a shallow clone whose history starts
    after it) the check says so instead of passing silently. Without a repository (or git)
    at all it is said once, at the first proposal with a review or decision, with the number
    of others. Fix: commit the
    entry, or check a clone with full history (``git fetch --unshallow``; in CI
    ``fetch-depth: 0``). Likewise, once for the run, when an approved proposal's decided text
    cannot be verified: its decision records no pins (``decision.pinned``) and no history
    supplies the content at the decision's commit (or, once more for the run, its pins were
    recorded by an older stelsel that wrote 'absent' for the governance and the framework config,
    and no history supplies their content). The release records (a register entry's
    decision and publication, a frozen release's cut commit) likewise, once for all of them
    when there is no history.
    """

    finding = codes.PROVENANCE_UNVERIFIED

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow import release_provenance, response_provenance
        from ..workflow.provenance import to_diagnostics
        from .pin import unverified_pins

        return (to_diagnostics(project, self, self.code) + unverified_pins(project, self)
                + release_provenance.to_diagnostics(project, self, self.code)
                + response_provenance.to_diagnostics(project, self, self.code))


class CommitterNotAuthor(Rule):
    """An act was committed by someone other than its author, and nothing vouches for it.

    Read from git, for every authority act: a review, a decision, a history move (each
    history entry), a release decision, a publication and the cut of a frozen release. Its
    commit's author must be the person the act names (W018), and its *committer* must be
    that author too: ``git commit --author=<the chair>`` sets the author to anything. A
    commit committed by someone else passes only when it carries a valid signature made with
    a key the roster lists for its author (``signing_keys``), or when the committer is one
    the workflow trusts to commit others' acts (``workflow.trusted_committers``: e-mails,
    such as the forge's merge identity). Keys and trusted committers count as the governance
    committed before the act's commit lists them: a key or committer added in the commit that
    relies on it vouches for nothing. Fix: the person commits the act themselves, or signs
    the commit (``git commit -S``) with a key listed for them; list a forge's merge
    identity in ``workflow.trusted_committers``.
    """

    finding = codes.COMMITTER_NOT_AUTHOR

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow import release_provenance, response_provenance
        from ..workflow.provenance import to_diagnostics

        return (to_diagnostics(project, self, self.code) + release_provenance.to_diagnostics(project, self, self.code)
                + response_provenance.to_diagnostics(project, self, self.code))


class ActAfterCommit(Rule):
    """An act is dated after the commit that recorded it (or, not committed, after today).

    A history move's ``at``, a review's or decision's ``date``, and a release decision's or
    publication's ``date`` say when the act happened; the commit that introduced the act (as
    for W018) says when it was recorded, and an act cannot happen after it was written down.
    A date is compared with the commit's day in the commit's own time zone, a timestamp with
    the commit's time. An act not committed yet, or without git history to read, may not be
    dated after today. Fix: correct the date to the day the act happened.
    """

    finding = codes.ACT_AFTER_COMMIT

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow import release_provenance, response_provenance
        from ..workflow.provenance import to_diagnostics

        return (to_diagnostics(project, self, self.code) + release_provenance.to_diagnostics(project, self, self.code)
                + response_provenance.to_diagnostics(project, self, self.code))


class UnproposedChange(Rule):
    """Content changed since a ref (``check --since REF``) without a live proposal listing it.

    In a pull request every changed item must be carried by a live proposal: an open one,
    or one approved and not yet released, and only for the items it lists. A released,
    withdrawn or rejected proposal carries nothing, whether or not the pull request
    touches it: a typo fix in a proposal released years ago must not cover every change
    to its items. A file whose content did not change (a comment, the ``gereed`` ->
    ``vastgesteld`` promotion of a cut, the framework's ``working_release``) is no change.
    Reported only by ``stelsel check --since REF`` (the merge base with REF is the
    starting point). Fix: add the item to a proposal's ``changes`` (``stelsel propose
    --item change:ID``), or revert the edit.
    """

    finding = codes.UNPROPOSED_CHANGE
    stage = "since"


class ReleaseEditOutsideCut(Rule):
    """A file under ``releases/`` changed in a pull request, outside the commit that cut the release.

    A frozen release changes once: when ``stelsel release cut`` freezes it, in the commit
    it makes (the first commit adding ``releases/<v>/manifest.json``, whose message ends
    with the trailers ``Stelsel-Release: <v>`` and ``Stelsel-Content-Hash: <hash>`` of its
    manifest). Reported only by ``stelsel check --since REF``: every file under
    ``releases/`` that differs from the merge base is an error, except the files of
    ``releases/<v>/`` that such a cut commit within the range added, unchanged since, and
    equal to the same file of the tree in that commit (the cut copies the tree it commits:
    ``releases/<v>/afsprakenstelsel/X`` is ``afsprakenstelsel/X`` there). A released text
    rewritten together with its manifest would otherwise pass the hashes.
    Fix: restore the file (``git checkout REF -- releases/...``); change the framework in
    ``afsprakenstelsel/`` through a proposal, and let ``release cut`` freeze the next release.
    """

    finding = codes.RELEASE_EDIT_OUTSIDE_CUT
    stage = "since"
