"""The validity policies and the obligation of one agreement over a timeline of releases (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from stelsel.model.items import Agreement
from stelsel.release.applies import _obligation
from stelsel.release.validity import Policy, Window, add_months, policy_ends

D = dt.date
STARTS = [D(2026, 1, 1), D(2026, 7, 1), D(2027, 1, 1), D(2027, 7, 1)]


@pytest.mark.parametrize("policy, ends", [
    (Policy("n"), [D(2026, 6, 30), D(2026, 12, 31), D(2027, 6, 30), None]),
    (Policy("n-1"), [D(2026, 12, 31), D(2027, 6, 30), None, None]),
    (Policy("n-2"), [D(2027, 6, 30), None, None, None]),
    (Policy("n-1", 3), [D(2026, 9, 30), D(2027, 3, 31), D(2027, 9, 30), None]),
    (Policy("period", 18), [D(2027, 6, 30), D(2027, 12, 31), D(2028, 6, 30), D(2028, 12, 31)]),
    (Policy("period"), [None, None, None, None]),
])
def test_policy_ends(policy, ends):
    """n, n-1, n-2 lapse when the next, second or third release takes effect; months cap n-1; period counts from the start."""
    assert policy_ends(policy, STARTS) == ends


def test_add_months_keeps_the_day_or_the_months_last():
    """31 January plus one month is 28 February; plus twelve is the same day a year on."""
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 31), 12) == D(2027, 1, 31)


def _agreement(level: str = "MOET", statement: str = "De zorgaanbieder MOET iets.", months: int | None = None):
    data = {"kind": "agreement", "id": "MA-009", "title": "Iets", "status": "ready", "statement": statement,
            "level": level, "layers": ["organisatie"], "applies_to": ["zorgaanbieder"]}
    if months:
        data["transition_months"] = months
    return Agreement.model_validate(data)


def _windows():
    ends = policy_ends(Policy("n-1"), STARTS)
    return [Window(v, v, s, e, e, f"{v}.yaml") for v, s, e in zip(("1", "2", "3", "4"), STARTS, ends)]


def test_a_new_agreement_with_a_transition_period_binds_after_it():
    """Added in release 2 with 3 months' transition: binds from 1 October, required once release 1 lapses."""
    windows = _windows()
    texts = {"1": {}, "2": {"MA-009": _agreement(months=3)}, "3": {"MA-009": _agreement(months=3)}, "4": {}}
    valid = [w for w in windows if w.valid_on(D(2026, 8, 1))]
    ob = _obligation("MA-009", windows, windows[:2], valid, texts, {})
    assert (ob.since, ob.transition_until, ob.required_from, ob.until) == (
        D(2026, 10, 1), D(2026, 9, 30), D(2027, 1, 1), None)  # in 3, which lapses only once a fifth takes effect


def test_a_changed_level_is_shown_per_release_and_binds_since_the_run_began():
    """MAG in release 1, MOET in release 2: level MOET, both levels named, since release 1's start."""
    windows = _windows()
    texts = {"1": {"MA-009": _agreement("MAG")}, "2": {"MA-009": _agreement("MOET")}, "3": {}, "4": {}}
    valid = [w for w in windows if w.valid_on(D(2026, 8, 1))]
    ob = _obligation("MA-009", windows, windows[:2], valid, texts, {})
    assert (ob.level, ob.levels, ob.since) == ("MOET", {"1": "MAG", "2": "MOET"}, D(2026, 1, 1))
    assert ob.until == D(2027, 6, 30)  # withdrawn in release 3: binds until release 2 lapses
