"""Findings about decided text: what a decision pinned must stay as it was decided (L004)."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from .base import Rule


class DecidedTextChanged(Rule):
    """An item changed after a decision pinned it, and no later live proposal carries the change.

    A decision fixes the text of every item its proposal lists: ``stelsel decide`` records
    a digest of each (``decision.pinned``), and a decision without them is pinned by the
    items' content at the commit that recorded it. While the proposal is approved and not
    yet released, the item must keep that content; otherwise the release would freeze text
    nobody decided (``7 dagen`` quietly becoming ``5 dagen`` after the stuurgroep accepted
    it). A later proposal that lists the item (an open one, or one decided after it) carries
    the change instead. The governance (``governance``) and the framework config (its ID) are
    pinned like any item, ``working_release`` aside (the release process moves it): adding a
    member to the stuurgroep or dropping ``require_sources`` after the decision changes
    decided text. (An older stelsel recorded ``absent`` for those two whatever they held; such
    a pin is read from history instead.) The finding is on the item's file; for an item that
    is gone, on the proposal's ``changes`` entry. ``status: gereed`` and ``vastgesteld`` count as the same
    text (``release cut`` promotes one to the other); comments and formatting do not count.
    The same holds for what a release froze: an item that differs from the newest frozen
    release (changed, added or deleted) must be listed by a live proposal (an open one, or
    one approved and not yet released), or ``check`` reports it, not only ``check --since``
    in a pull request.
    Fix: revert the item to the decided text, or carry the change in a new proposal
    (``stelsel propose --item change:ID``) for the stuurgroep to decide.
    """

    finding = codes.DECIDED_TEXT_CHANGED

    def check(self, project) -> Iterable[Diagnostic]:
        from ..release.pin import pin_problems
        from ..release.released_text import newest_frozen, released_changes
        from .anchor import anchor_report

        version = newest_frozen(project)
        # A frozen release that differs from its cut commit is L005's fault; the working tree
        # is not also held to the rewritten text (one finding per fault).
        report = anchor_report(project).reports.get(version) if version is not None else None
        rewritten = report is not None and report.rewritten
        unread = {u.path for u in project.unread}  # there, but unreadable: its own finding, not "deleted"
        for change in [] if rewritten else released_changes(project):
            if change.what == "deleted" and change.path in unread:
                continue
            where = f"releases/{change.version}/{change.released_path}" if change.released_path else "it is new"
            hint = (f"{'remove it' if change.what == 'added' else 'revert it to the text of release ' + change.version} "
                    f"({where}), or list it in a proposal: stelsel propose --title ... --item "
                    f"{'withdraw' if change.what == 'deleted' else 'change' if change.what == 'changed' else 'add'}:{change.item}")
            message = (f"{change.item} was {change.what} after release {change.version} was frozen, and no open or "
                       f"approved proposal lists it")
            if change.file is not None:
                line, col = change.file.position(("id",))
                yield self.at(change.path, line, col, message, hint=hint)
            else:
                yield self.at(change.path, 0, 0, message, hint=hint)

        for problem in pin_problems(project):
            hint = (f"revert {problem.item} to the text decided in {problem.proposal.id}, or carry the change in a "
                    f"new proposal: stelsel propose --title ... --item change:{problem.item}")
            if problem.item_file is not None:
                sf = problem.item_file
                line, col = sf.position(("id",))
                yield self.at(sf.path, line, col, problem.describe(), hint=hint)
            else:
                sf = problem.proposal.file
                line, col = sf.position(("changes", problem.index, "item"))
                yield self.at(sf.path, line, col, problem.describe(), hint=hint)


def unverified_pins(project, rule) -> list[Diagnostic]:
    """One W020 for the run when decided text cannot be verified (no history to derive pins from).

    Decisions that record no pins are one warning; decisions whose pins an older stelsel
    recorded as 'absent' for the governance or the framework config (:mod:`stelsel.release.pin`)
    are another, naming those items: the rest of their pins still count.
    """
    from ..release.pin import unverified

    found = unverified(project)
    whole = [p for p in found if p.source == "unverified"]
    partly = [p for p in found if p.source != "unverified"]
    result = []
    if whole:
        sf, line, col, who = _first(whole)
        result.append(rule.at(sf.path, line, col,
                              f"{who}: the decided text cannot be verified (the decision records no pins, and history "
                              f"cannot supply them: {whole[0].problem})",
                              hint="check a clone with its full git history; decisions recorded with 'stelsel decide' "
                                   "carry their pins (decision.pinned)"))
    if partly:
        sf, line, col, who = _first(partly)
        items = " and ".join(partly[0].unknown)
        them = "them" if len(partly[0].unknown) > 1 else "it"
        result.append(rule.at(sf.path, line, col,
                              f"{who}: the decided text of {items} cannot be verified (the decision records 'absent' "
                              f"for {them}, as stelsel did before it pinned the governance and the framework config, "
                              f"and history cannot supply {them}: {partly[0].problem})",
                              hint="check a clone with its full git history; a decision recorded with 'stelsel decide' "
                                   "now pins their content"))
    return result


def _first(found: list) -> tuple:
    """(file, line, column, who) of a summary warning at the first of ``found``'s decisions."""
    first = found[0]
    others = len(found) - 1
    who = f"{first.proposal.id} and {others} other proposal{'s' if others != 1 else ''}" if others else first.proposal.id
    sf = first.proposal.file
    line, col = sf.key_position(("decision",))
    return sf, line, col, who
