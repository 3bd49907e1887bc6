"""The guard reactions_answered in the shipped Twiin workflow: from the day it was adopted, on every reaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stelsel.load.project import load_project
from stelsel.workflow.engine import Flow
from stelsel.workflow.reactions import unanswered

ROOT = Path(__file__).resolve().parents[2]
KETENREGIE = "CP-20210614-inrichting-landelijke-ketenregie"


@pytest.fixture(scope="module")
def shipped():
    project = load_project(ROOT)
    return Flow(project.governance), project.by_kind["proposal"][KETENREGIE].model


def _guard(flow):
    (transition,) = flow.transitions("consultatie", "ter_besluitvorming")
    (guard,) = [g for g in transition.guards if g.type == "reactions_answered"]
    return guard


def test_the_twiin_move_to_decision_needs_every_reaction_answered(shipped):
    """consultatie -> ter_besluitvorming carries reactions_answered, adopted on 2026-12-01."""
    flow, _ = shipped
    assert _guard(flow).since == dt.date(2026, 12, 1)


def test_a_move_before_the_guard_was_adopted_is_not_held_to_it(shipped):
    """The 2021 move of the ketenregie proposal (a reaction without disposition) passes; the same move today would not."""
    flow, model = shipped
    guard = _guard(flow)
    assert flow.guard_problem(guard, model, dt.date(2021, 10, 4)) is None
    problem = flow.guard_problem(guard, model, dt.date(2026, 12, 1))
    assert problem is not None and "reaction 1 by Karin Peters" in problem


def test_reactions_after_the_move_do_not_count_for_it(shipped):
    """Only reactions received by the day of the move need an answer by then."""
    flow, model = shipped
    assert unanswered(flow, model, dt.date(2021, 9, 1)) == []
    assert len(unanswered(flow, model, dt.date(2021, 9, 2))) == 1
