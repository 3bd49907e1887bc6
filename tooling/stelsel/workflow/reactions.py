"""Reactions in a consultation and their answers, judged against the workflow (pure).

A reaction is known by its ``id`` (R1, R2 …) or, without one, by its position (1, 2 …). Its
answer (a disposition with a motivation) is an act of a roster person whom
``workflow.consultation.respond_by`` entitles on the day of the answer (default: a member of
the proposal's working group). The guard ``reactions_answered`` holds on a day when every
reaction received by then has an answer recorded by then, by someone entitled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DEFAULT_RESPOND_BY = ("working_group",)


def reaction_key(index: int, reaction) -> str:
    """How a reaction is named: its ``id``, else its position (1-based)."""
    return reaction.id or str(index + 1)


def reaction_label(index: int, reaction) -> str:
    key = reaction_key(index, reaction)
    name = key if reaction.id else f"reaction {key}"
    who = f"{reaction.by}" + (f" ({reaction.organisation})" if reaction.organisation else "")
    return f"{name} by {who} of {reaction.date}"


def respond_specs(flow) -> list[str]:
    policy = flow.workflow.consultation
    return list(policy.respond_by) if policy is not None and policy.respond_by else list(DEFAULT_RESPOND_BY)


def late_policy(flow) -> str:
    policy = flow.workflow.consultation
    value = policy.late_reactions if policy is not None else "accept"
    return getattr(value, "value", value)


def may_respond(flow, person: str, proposal, when: dt.date) -> str | None:
    """None when ``person`` may answer reactions to ``proposal`` on ``when``; otherwise why not."""
    if person not in flow.people:
        return f"'{person}' is not on the roster"
    specs = respond_specs(flow)
    if any(flow.entitled(spec, person, proposal, when) for spec in specs):
        return None
    labels = " or ".join(flow.spec_label(spec, proposal) for spec in specs)
    return f"{person} may not answer reactions on {when}: it takes {labels}"


def response_problems(flow, proposal, reaction) -> list[tuple[str, str]]:
    """What is wrong with a reaction's answer: (field, message) pairs (empty: nothing, or no answer yet)."""
    from .engine import as_date

    problems: list[tuple[str, str]] = []
    answered = [f for f in ("disposition", "motivation", "responded_by", "responded_at")
                if getattr(reaction, f) is not None]
    if not answered:
        return problems
    missing = [f for f in ("disposition", "motivation", "responded_by", "responded_at") if f not in answered]
    if missing:
        problems.append((answered[0], f"the answer is incomplete: it lacks {', '.join(missing)} "
                                      "(an answer has a disposition, a motivation, who and when)"))
    day = as_date(reaction.responded_at)
    if day is not None and day < reaction.date:
        problems.append(("responded_at", f"the answer is dated {day}, before the reaction was received ({reaction.date})"))
    if reaction.responded_by is not None and day is not None:
        problem = may_respond(flow, reaction.responded_by, proposal, day)
        if problem:
            problems.append(("responded_by", problem))
    return problems


def answered_by(flow, proposal, reaction, when: Any) -> bool:
    """Whether the reaction has a complete answer, recorded by ``when`` by someone entitled."""
    from .engine import as_date

    day = as_date(reaction.responded_at)
    if reaction.disposition is None or not reaction.motivation or reaction.responded_by is None or day is None:
        return False
    if as_date(when) is not None and day > as_date(when):
        return False
    return not response_problems(flow, proposal, reaction)


def unanswered(flow, proposal, when: Any) -> list[str]:
    """The reactions received by ``when`` that have no valid answer recorded by then (labels)."""
    from .engine import as_date

    consultation = proposal.consultation
    if consultation is None:
        return []
    day = as_date(when)
    return [reaction_label(i, r) for i, r in enumerate(consultation.reactions or [])
            if (day is None or r.date <= day) and not answered_by(flow, proposal, r, when)]
