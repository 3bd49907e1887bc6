"""Assessing against a newer release says, per changed or new agreement of the role, by when it must be met."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stelsel.qualify.assess import assess, summary_lines

from .conftest import run
from .test_assess import COMPLETE, write


def _dated(releases: Path, tmp_path: Path, policy: str | None, dates=(("0.1", "2026-02-01"), ("0.2", "2026-06-01"))) -> Path:
    """A copy of the releases repository with ingangsdata in the working register and a validity policy."""
    root = Path(shutil.copytree(releases, tmp_path / "repo", symlinks=True))
    if policy:
        config = root / "afsprakenstelsel/stelsel.yaml"
        config.write_text(config.read_text() + policy)
    for version, day in dates:
        register = root / f"afsprakenstelsel/releases/{version}.yaml"
        register.write_text(register.read_text() + f"ingangsdatum: {day}\n")
    return root


def _due(result) -> dict:
    return {ident: (d["change"], d["date"]) for ident, d in result.summary["deadlines"].items()}


def test_n_minus_1_lets_the_old_text_stand_until_0_1_lapses(releases, tmp_path):
    """n-1 with 3 months: 0.1 lapses on 31 August 2026, so MA-001 (changed) and MA-002 (new) bind from 1 September."""
    root = _dated(releases, tmp_path, "validity:\n  policy: n-1\n  months: 3\n")
    result = assess(root, write(tmp_path, COMPLETE), "0.2")
    assert _due(result) == {"MA-001": ("changed", "2026-09-01"), "MA-002": ("added", "2026-09-01"),
                            "MA-009": ("renamed", "2026-09-01")}
    revisit = next(d for d in result.diagnostics if d.code == "Q010" and d.message.startswith("MA-001"))
    assert revisit.message.endswith("; it must be met from 2026-09-01 (the day after 0.1 lapses (2026-08-31))")
    missing = next(d for d in result.diagnostics if d.code == "Q003" and d.message.startswith("MA-002"))
    assert "it must be met from 2026-09-01" in missing.message
    lines = summary_lines(result.summary)
    assert "  by when (changed or new since 0.1):" in lines
    assert "    MA-002     (added)    from 2026-09-01: the day after 0.1 lapses (2026-08-31)" in lines


def test_policy_n_binds_from_the_day_the_newer_release_takes_effect(releases, tmp_path):
    """Without a policy (n), 0.1 lapses when 0.2 takes effect: the changes bind from 1 June 2026."""
    root = _dated(releases, tmp_path, None)
    result = assess(root, write(tmp_path, COMPLETE), "0.2")
    assert {ident: date for ident, (_change, date) in _due(result).items()} == {
        "MA-001": "2026-06-01", "MA-002": "2026-06-01", "MA-009": "2026-06-01"}
    assert result.summary["deadlines"]["MA-001"]["why"] == "the day 0.2 takes effect"


@pytest.mark.parametrize("policy, dates, why", [
    ("validity:\n  policy: n-1\n", (("0.1", "2026-02-01"), ("0.2", "2026-06-01")),
     "release 0.1 stays valid until further notice, so there is no date yet (0.2 takes effect on 2026-06-01)"),
    (None, (("0.1", "2026-02-01"),), "release 0.2 has no ingangsdatum in the register yet"),
])
def test_no_date_yet_is_said_with_the_reason(releases, tmp_path, policy, dates, why):
    """n-1 without a successor's successor, or 0.2 without an ingangsdatum: not fixed yet, and why."""
    root = _dated(releases, tmp_path, policy, dates)
    result = assess(root, write(tmp_path, COMPLETE), "0.2")
    assert result.summary["deadlines"]["MA-001"] == {"change": "changed", "date": None, "why": why}
    revisit = next(d for d in result.diagnostics if d.code == "Q010" and d.message.startswith("MA-001"))
    assert revisit.message.endswith(f"; by when it must be met is not fixed yet: {why}")


def test_against_its_own_release_there_are_no_deadlines(releases, tmp_path):
    """Assessed against the release the file records, nothing changed: no deadlines in the summary."""
    root = _dated(releases, tmp_path, None)
    assert assess(root, write(tmp_path, COMPLETE)).summary["deadlines"] == {}


def test_the_cli_gives_the_deadlines_in_json_and_text(releases, runner, tmp_path):
    """stelsel assess FILE --release 0.2: the deadlines in the JSON summary and in the text summary."""
    root = _dated(releases, tmp_path, "validity:\n  policy: n-1\n  months: 3\n")
    path = write(tmp_path, COMPLETE)
    data = json.loads(run(runner, "assess", str(path), "--release", "0.2", "--format", "json", "-C", str(root),
                          code=1).output)
    assert data["summary"]["assessment"]["deadlines"]["MA-002"]["date"] == "2026-09-01"
    text = run(runner, "assess", str(path), "--release", "0.2", "-C", str(root), code=1).output
    assert "    MA-001     (changed)  from 2026-09-01: the day after 0.1 lapses (2026-08-31)" in text
