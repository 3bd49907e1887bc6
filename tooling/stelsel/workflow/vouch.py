"""Who vouches for an act's commit: the roster as committed before it, signatures, trusted committers.

The person an act names must have authored its commit (W018, :mod:`stelsel.workflow.provenance`).
Here: whether someone else may have *committed* it (W024: a valid signature by a key the roster
lists for the author, or a committer the workflow trusts), whether a decision's signature is
one of the decider's listed keys (W019), and which roster counts for that: the governance as
committed before the act's commit (:mod:`stelsel.workflow.roster`), so a key, e-mail or
trusted committer added in the commit that relies on it vouches for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .provenance import GitView


def roster_then(project, added, person, people: dict, trusted: frozenset[str]):
    """(person, people, trusted committers) as the governance committed before the act's commit had them.

    E-mails, signing keys and ``workflow.trusted_committers`` count as they were in the
    parent of the commit that recorded the act (:mod:`stelsel.workflow.roster`): whoever adds
    their own key, e-mail or committer identity in the commit that uses it gains nothing.
    Without that commit (not committed, no history) today's roster; a person not on the
    roster then keeps today's entry (membership is judged by the authority rules).
    """
    sha = getattr(added, "sha", None) or getattr(added, "commit", None)
    if sha is None:
        return person, people, trusted
    from .roster import roster

    flow = roster(project).at_commit(sha)
    if flow is None:
        return person, people, trusted
    then_people = {**people, **flow.people}
    then_person = flow.people.get(person.id, person) if person is not None else None
    return then_person, then_people, trusted_committers(flow.governance)


def signing_required_then(project, added) -> bool:
    """Whether the governance in force before the act's commit required signed decisions.

    Checked besides today's setting: dropping ``require_signed_decisions`` in the change
    that relies on it (or at any later point) does not excuse an unsigned decision made
    while it was required.
    """
    sha = getattr(added, "sha", None) or getattr(added, "commit", None)
    if sha is None:
        return False
    from .roster import roster

    flow = roster(project).at_commit(sha)
    return bool(flow is not None and flow.workflow.require_signed_decisions)


def trusted_committers(governance) -> frozenset[str]:
    """The e-mails (lower case) of the committers the workflow trusts to commit others' acts."""
    return frozenset(e.strip().lower() for e in getattr(governance.workflow, "trusted_committers", []) or [])


def _listed_key(fingerprint: str, keys) -> bool:
    """Whether a signature's fingerprint (key and primary key) is one of ``keys`` (full or long id)."""
    listed = [k.replace(" ", "").upper() for k in keys]
    used = [f.upper() for f in fingerprint.split()]
    return any(f.endswith(k) or k.endswith(f) for f in used for k in listed if k and f)


def signature_problem(view: GitView, sha: str, person, what: str) -> tuple[str, str] | None:
    """(message, hint) of W019 when commit ``sha`` is not validly signed with a key the roster lists for ``person``."""
    valid, fingerprint, said = view.signature(sha)
    if not valid:
        return (f"{what} was recorded in commit {sha[:10]}, which has no valid signature ({said})",
                "decisions must be recorded in a signed commit: git commit -S with a key listed under the "
                "person's signing_keys in the roster (the checker's gpg needs its public key)")
    if person is None:
        return None  # not on the roster: a reference finding, not one of provenance
    if not person.signing_keys:
        return (f"{what} was signed (key {fingerprint.split()[0] if fingerprint else '(unknown)'}), but the roster "
                f"lists no signing_keys for {person.id}: whose key it is cannot be verified",
                f"list {person.id}'s key fingerprint under signing_keys in the roster (a governance change)")
    if not _listed_key(fingerprint, person.signing_keys):
        return (f"{what} was signed with key {fingerprint.split()[0] if fingerprint else '(unknown)'}, which is "
                f"not one of {person.id}'s signing keys",
                f"sign with a key listed under signing_keys of {person.id} in the roster")
    return None


def committer_vouched(author_email: str, committer_email: str, trusted: frozenset[str]) -> bool:
    """Whether the committer vouches for the author's act without a signature: the same e-mail, or a trusted one."""
    author, committer = author_email.strip().lower(), committer_email.strip().lower()
    return not committer or author == committer or committer in trusted


def future_committer_problem(person, committer_name: str, committer_email: str, trusted: frozenset[str],
                             signing_key: str | None, what: str) -> tuple[str, str] | None:
    """(message, hint) when ``person``'s act, committed now by this committer, would be W024; None when it would pass.

    For the commands that commit an act (``release cut``, ``publish``, ``open``), before they
    write anything: the same test :func:`committer_problem` makes of the commit afterwards,
    with the key git will sign the commit with (``commit.gpgsign``) standing in for its
    signature.
    """
    if committer_vouched(person.email, committer_email, trusted):
        return None
    if signing_key and person.signing_keys and _listed_key(signing_key.removeprefix("0x").rstrip("!"),
                                                           person.signing_keys):
        return None
    return (f"{what} would be committed by {committer_name} <{committer_email}> (git's identity here), not by "
            f"{person.id} <{person.email}>: an act committed by someone other than the person who does it "
            f"proves nothing about who did it (W024)",
            f"run it as {person.id} with their own git identity: git config user.email {person.email} (and "
            f"user.name), or for this command alone GIT_COMMITTER_NAME='{person.name}' "
            f"GIT_COMMITTER_EMAIL={person.email}"
            + ("; or sign the commit with a key listed under their signing_keys (git config commit.gpgsign "
               "true, user.signingkey)" if person.signing_keys else "")
            + "; or use --no-git and let them commit it")


def committer_problem(view: GitView, sha: str, author_name: str, author_email: str, committer_name: str,
                      committer_email: str, people, trusted: frozenset[str], what: str) -> tuple[str, str] | None:
    """(message, hint) of W024 when an act's commit was committed by someone other than its author, unvouched.

    A committer other than the author is accepted when the workflow trusts that committer
    (``workflow.trusted_committers``), or when the commit carries a valid signature made with
    a key the roster lists for the author: ``git commit --author`` alone proves nothing.
    """
    if committer_vouched(author_email, committer_email, trusted):
        return None
    author = author_email.strip().lower()
    person = next((p for p in people.values() if p.email.strip().lower() == author), None)
    why = "and carries no signature by a key the roster lists for its author"
    if person is not None and person.signing_keys:
        valid, fingerprint, _said = view.signature(sha)
        if valid and _listed_key(fingerprint, person.signing_keys):
            return None
    elif person is not None:
        why = f"and the roster lists no signing_keys for {person.id} to vouch for it"
    return (f"{what} was committed by {committer_name} <{committer_email}> in commit {sha[:10]}, whose author is "
            f"{author_name} <{author_email}>, {why}",
            "the person commits the act themselves (their own git identity as committer), or signs the commit "
            "(git commit -S) with a key listed under their signing_keys; a forge's merge identity is listed in "
            "workflow.trusted_committers")
