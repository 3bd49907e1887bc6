"""Findings about changes to the governance itself in a pull request (``check --since``).

Who may act is judged against the roster as it was (:mod:`stelsel.workflow.roster`); these
rules keep the roster from being rewritten on the way: a change to ``governance.yaml`` or
the framework config must be carried by a decided proposal, and acts in the same pull
request are judged against the roster at the merge base. Both are raised by
:mod:`stelsel.workflow.since`.
"""

from __future__ import annotations

from .. import codes
from .base import Rule


class RosterChangedInRange(Rule):
    """An act in a pull request relies on a roster change made in the same pull request.

    Reported only by ``stelsel check --since REF``. When the pull request changes
    ``governance.yaml``, every move, review, decision and answer to a reaction it adds (and
    every release act) is judged against the governance at the merge base: a roster change (a new member, a backdated ``start``, a
    wider ``by``) cannot authorise acts in the change that makes it, or anyone could add
    themselves and decide in one pull request. Fix: merge the roster change first, through
    its decided proposal; then act in a pull request of its own.
    """

    finding = codes.ROSTER_CHANGED_IN_RANGE
    stage = "since"


class GovernanceChangeUnproposed(Rule):
    """``governance.yaml`` or the framework config changed without a decided proposal listing it.

    Reported only by ``stelsel check --since REF``. Bodies, members, keys, the workflow and
    the signature rules (``governance.yaml``), and the framework config (``stelsel.yaml``),
    are content too, and decide who may do what: a change to them is carried by a proposal
    that lists the file's ID (``governance``, or the framework's ID) in ``changes`` and is
    *decided* (approved or released), by the body the workflow names. An open proposal does
    not carry it: a roster change in force before its decision would let its beneficiaries
    decide it. Moving ``working_release`` (``stelsel release open``) is no change. Fix:
    propose it (``stelsel propose --item change:governance``), take it
    through the workflow, and merge the change with the decided proposal.
    """

    finding = codes.GOVERNANCE_CHANGE_UNPROPOSED
    stage = "since"
