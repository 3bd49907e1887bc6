"""Re-assessing against a newer release lists exactly the answers whose agreements changed in between."""

from __future__ import annotations

import json

from stelsel.load.project import load_project
from stelsel.qualify.assess import assess
from stelsel.release.diff import diff_projects

from .conftest import run
from .test_assess import COMPLETE, write


def test_reassessment_lists_exactly_the_changed_answers(releases, tmp_path):
    """Made against 0.1, assessed against 0.2: one Q010 per answer whose agreement changed, withdrew or was renamed."""
    path = write(tmp_path, COMPLETE)
    assert assess(releases, path).diagnostics == []  # against the release it records: clean
    result = assess(releases, path, "0.2")
    old, new = load_project(releases / "releases/0.1"), load_project(releases / "releases/0.2")
    changed = {(d.old_id or d.id) for d in diff_projects(old, new).items
               if d.kind == "agreement" and d.change in ("changed", "withdrawn", "renamed", "removed")}
    answered = {"MA-001", "MA-004", "MA-006", "MA-003"}
    revisit = {d.message.split()[0] for d in result.diagnostics if d.code == "Q010"}
    assert revisit == changed & answered == {"MA-001", "MA-003", "MA-004"}
    assert "MA-005" in changed  # changed too, but the zorgaanbieder did not answer it: no finding
    lines = {d.message.split()[0]: d.line for d in result.diagnostics if d.code == "Q010"}
    assert lines == {"MA-001": 9, "MA-004": 12, "MA-003": 18}  # the line of each answer's agreement
    messages = {d.message.split()[0]: d.message for d in result.diagnostics if d.code == "Q010"}
    assert "(statement)" in messages["MA-001"] and "withdrawn" in messages["MA-004"] and "MA-009" in messages["MA-003"]
    assert all(d.severity.value == "warning" for d in result.diagnostics if d.code == "Q010")
    # The new mandatory agreement of 0.2 is missing; nothing else is reported.
    assert {(d.code, d.message.split()[0]) for d in result.diagnostics if d.code != "Q010"} == {("Q003", "MA-002")}


def test_reassessment_through_the_cli(releases, runner, tmp_path):
    """stelsel assess FILE --release 0.2 reports the revisits as warnings and says what it compared."""
    path = write(tmp_path, COMPLETE)
    data = json.loads(run(runner, "assess", str(path), "--release", "0.2", "--format", "json",
                          "-C", str(releases), code=1).output)
    assert data["summary"]["assessment"]["compared_with"] == "0.1"
    assert sorted(d["message"].split()[0] for d in data["diagnostics"] if d["code"] == "Q010") == ["MA-001", "MA-003", "MA-004"]
    text = run(runner, "assess", str(path), "--release", "0.2", "-C", str(releases), code=1).output
    assert "against release 0.2 (made against 0.1)" in text


def test_updated_assessment_is_clean_against_the_new_release(releases, tmp_path):
    """Revising the answers and recording release 0.2 removes every finding."""
    text = (COMPLETE.replace('release: "0.1"', 'release: "0.2"')
            .replace("  - agreement: MA-004\n    answer: niet van toepassing\n    explanation: Wij hebben geen gezamenlijke helpdesk.\n",
                     "  - agreement: MA-002\n    answer: voldoet\n")
            .replace("agreement: MA-003", "agreement: MA-009"))
    assert assess(releases, write(tmp_path, text)).diagnostics == []


def test_base_release_not_frozen_is_a_warning(releases, tmp_path):
    """A file made against a release that is not frozen here gets Q011 (it cannot be compared), not a crash."""
    path = write(tmp_path, COMPLETE.replace('release: "0.1"', 'release: "0.05"'))
    result = assess(releases, path, "0.2")
    assert [d.code for d in result.diagnostics if d.code.startswith("Q01")] == ["Q011"]
    assert result.diagnostics[[d.code for d in result.diagnostics].index("Q011")].line == 6
