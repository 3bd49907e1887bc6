"""Findings about the obligation timeline: effective dates and validity (codes W030, W031)."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..release.validity import policy_of, register_entries, timeline
from ..versions import version_key
from .base import Rule


def _releases(project):
    return sorted(project.items("release"), key=lambda item: version_key(item.model.id))


class EffectiveBeforeDecision(Rule):
    """A release takes effect before it was decided.

    Anti-pattern: a register entry whose ``ingangsdatum`` lies before its ``decision.date``:
    parties would be bound by text nobody had decided yet. Fix: set the effective date on or
    after the decision (typically some months later, so parties can implement it), or correct
    the decision's date if that is wrong.
    """

    finding = codes.EFFECTIVE_BEFORE_DECISION

    def check(self, project) -> Iterable[Diagnostic]:
        for item in _releases(project):
            model = item.model
            if model.ingangsdatum is None or model.decision is None:
                continue
            if model.ingangsdatum < model.decision.date:
                line, col = item.file.position(("ingangsdatum",))
                yield self.at(item.file.path, line, col,
                              f"release {model.id} takes effect on {model.ingangsdatum}, before it was decided "
                              f"({model.decision.date})",
                              hint=f"ingangsdatum: a day on or after {model.decision.date}")


class ValidityConflict(Rule):
    """The validity of releases conflicts with itself or with the framework's validity policy.

    Anti-pattern: a later version taking effect on or before an earlier one (releases take
    effect in version order, else more releases are valid at once than the policy allows); a
    ``vervaldatum`` before the release's own ``ingangsdatum``, or after the day the policy
    lets it lapse (``validity`` in ``stelsel.yaml``: with ``n-1`` a release lapses when its
    successor's successor takes effect), which keeps releases valid side by side where the
    policy forbids it; a ``period`` policy without ``months``. Fix: correct the dates so that
    versions take effect in order and lapse no later than the policy says, or change the
    policy itself (through a decided proposal).
    """

    finding = codes.VALIDITY_CONFLICT

    def check(self, project) -> Iterable[Diagnostic]:
        policy = policy_of(project.config)
        config = project.config_file
        if policy.name == "period" and not policy.months and config is not None:
            line, col = config.position(("validity", "policy"))
            yield self.at(config.path, line, col, "the validity policy 'period' says no period: 'months' is missing",
                          hint="validity: {policy: period, months: 12}")
        items = {item.model.id: item for item in _releases(project)}
        previous = None
        for item in items.values():
            model = item.model
            if model.ingangsdatum is None:
                continue
            if model.vervaldatum is not None and model.vervaldatum < model.ingangsdatum:
                line, col = item.file.position(("vervaldatum",))
                yield self.at(item.file.path, line, col,
                              f"release {model.id} lapses on {model.vervaldatum}, before it takes effect "
                              f"({model.ingangsdatum})", hint="vervaldatum: a day after the ingangsdatum")
            if previous is not None and model.ingangsdatum <= previous.ingangsdatum:
                line, col = item.file.position(("ingangsdatum",))
                yield self.at(item.file.path, line, col,
                              f"release {model.id} takes effect on {model.ingangsdatum}, not after release "
                              f"{previous.id} ({previous.ingangsdatum}): releases take effect in version order",
                              hint=f"ingangsdatum: a day after {previous.ingangsdatum}")
            previous = model
        for window in timeline(register_entries(project), policy):
            item = items[window.version]
            lapse = item.model.vervaldatum
            if lapse is not None and window.policy_until is not None and lapse > window.policy_until:
                line, col = item.file.position(("vervaldatum",))
                yield self.at(item.file.path, line, col,
                              f"release {window.version} would stay valid until {lapse}, but the validity policy "
                              f"({policy.label()}) lets it lapse after {window.policy_until}: more releases would "
                              "be valid side by side than the policy allows",
                              hint=f"vervaldatum: {window.policy_until} or earlier, or leave it out")
