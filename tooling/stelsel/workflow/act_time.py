"""When an act may be dated: not after the commit that records it, and never after today.

An act (a history move, a review, a decision, a release decision or publication) says when
it happened; the commit that introduced it says when it was written down, and nothing happens
after it is written down (W025). Without a commit to hold it against (not committed yet, or no
history) the act may not be dated after *today*: a calendar day, not the clock, so that the
result of ``check`` depends only on the date, on which the result cache is keyed
(:mod:`stelsel.load.cache`), and a cached result is the one a fresh run gives.
"""

from __future__ import annotations

import datetime as dt

from .engine import as_date, today

# Clocks differ, and acts of the same second are stamped a second apart to keep them in order
# (release cut): a timestamp may lie this much after its commit.
CLOCK_SKEW = dt.timedelta(minutes=5)

FIX = "an act is dated on or before the day it is recorded: correct the date to when it happened"


def commit_moment(iso: str | None) -> dt.datetime | None:
    """A commit's date (ISO 8601 with offset) as an aware datetime; None when unreadable."""
    try:
        return dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def later_than(day, moment: dt.datetime | None) -> bool:
    """Whether an act's date (a date, or a datetime with or without offset) lies after ``moment``.

    A date is compared with the day of ``moment`` in its own offset (an act may be dated the
    day its commit is made); a datetime (without offset: in ``moment``'s local time) may lie
    up to CLOCK_SKEW after it.
    """
    if day is None or moment is None:
        return False
    if isinstance(day, dt.datetime):
        if day.tzinfo is None:
            return day > moment.replace(tzinfo=None) + CLOCK_SKEW
        return day > moment + CLOCK_SKEW
    return day > moment.date()


def after_today(day) -> bool:
    """Whether an act's date lies on a day after today (a timestamp: its own calendar day)."""
    own = as_date(day)
    return own is not None and own > today()


def after_commit(day, committed: str | None) -> tuple[str, str] | None:
    """(message tail, hint) of W025 when ``day`` lies after the commit date ``committed``; else None."""
    if not later_than(day, commit_moment(committed)):
        return None
    return f"is dated {day}, after the commit that recorded it (committed {committed})", FIX


def in_future(day) -> tuple[str, str] | None:
    """(message tail, hint) of W025 for an act with no commit to hold it against, dated after today."""
    if not after_today(day):
        return None
    return f"is dated {day}, after today ({today()})", FIX
