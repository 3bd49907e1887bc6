"""Answers to consultation reactions are authority acts: attributed through git and judged by the roster in force then."""

from __future__ import annotations

from ._roster_helpers import GOVERNANCE, at, line_of
from .conftest import commit_all, findings
from .test_consult import act, consulted, ident, repo  # noqa: F401 - fixtures


def _react(runner, repo, consulted) -> None:
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "Petra Smit", "--organisation", "Ziekenhuis P",
        "--date", "2026-02-15", "--text", "Graag een termijn.")


def _answer(repo, rel: str, who: str, day: str = "2026-02-20") -> None:
    """An answer to R1 written by hand into the proposal (as a commit by someone would)."""
    path = repo / rel
    text = path.read_text()
    old = "      summary: Graag een termijn.\n"
    assert old in text, text
    path.write_text(text.replace(old, old + f"      disposition: overgenomen\n      motivation: Verwerkt.\n"
                                       f"      responded_by: {who}\n      responded_at: {day}\n", 1))


def test_an_answer_committed_by_its_responder_is_clean(repo, runner, consulted):
    """alice answers R1 with consult respond and commits it herself: no W018, W020, W024, W025 or W029 on it."""
    _react(runner, repo, consulted)
    act(runner, repo, "alice", "consult", "respond", ident(consulted), "R1", "--disposition", "overgenomen",
        "--motivation", "Verwerkt.", "--date", "2026-02-20")
    found = [d for d in findings(runner, repo) if d["path"] == consulted]
    assert not [d for d in found if d["code"] in ("W018", "W020", "W024", "W025", "W029")], found


def test_an_answer_recorded_in_someone_elses_commit_is_w018(repo, runner, consulted):
    """An answer naming alice, committed by carol: W018 at its responded_by line, naming the commit."""
    _react(runner, repo, consulted)
    _answer(repo, consulted, "alice")
    commit_all(repo, "antwoord", who="carol")
    found = findings(runner, repo)
    line = line_of(repo, consulted, "responded_by: alice")
    assert (consulted, line) in at(found, "W018")
    message = next(d["message"] for d in found if d["code"] == "W018" and d["line"] == line)
    assert message.startswith("the answer to reaction R1 by alice was recorded in commit ") and "carol" in message


def test_an_uncommitted_answer_cannot_be_verified(repo, runner, consulted):
    """An answer written but not committed: W020 at its responded_by line."""
    _react(runner, repo, consulted)
    _answer(repo, consulted, "alice")
    found = findings(runner, repo)
    assert (consulted, line_of(repo, consulted, "responded_by: alice")) in at(found, "W020")


def test_an_answer_dated_after_its_commit_is_w025(repo, runner, consulted):
    """An answer dated 2099 in a commit of today: W025 at its responded_at line."""
    _react(runner, repo, consulted)
    _answer(repo, consulted, "alice", day="2099-01-01")
    commit_all(repo, "antwoord", who="alice")
    found = findings(runner, repo)
    assert (consulted, line_of(repo, consulted, "responded_at: 2099-01-01")) in at(found, "W025")


def test_entitlement_is_judged_by_the_roster_in_force_then(repo, runner, consulted):
    """dave adds himself to wg-test (no decision) and answers: W029, although today's file lists him."""
    _react(runner, repo, consulted)
    path = repo / GOVERNANCE
    old = "      - person: alice\n        function: voorzitter\n"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, old + "      - person: dave\n        start: 2025-01-01\n", 1))
    commit_all(repo, "dave in de werkgroep", who="dave")
    _answer(repo, consulted, "dave")
    commit_all(repo, "antwoord", who="dave")
    found = findings(runner, repo)
    line = line_of(repo, consulted, "responded_by: dave")
    assert (consulted, line) in at(found, "W029")
    assert "dave may not answer reactions on 2026-02-20" in next(
        d["message"] for d in found if d["code"] == "W029" and d["line"] == line)
    # today's governance alone would entitle dave: the refusal comes from the roster in force then
    assert not (consulted, line) in at(found, "W018")


def test_respond_refuses_who_only_an_undecided_roster_edit_entitles(repo, runner, consulted):
    """dave's own, undecided edit puts him in wg-test: consult respond --as dave is refused, naming the roster in force."""
    from .conftest import run, snapshot

    _react(runner, repo, consulted)
    path = repo / GOVERNANCE
    old = "      - person: alice\n        function: voorzitter\n"
    path.write_text(path.read_text().replace(old, old + "      - person: dave\n        start: 2025-01-01\n", 1))
    commit_all(repo, "dave in de werkgroep", who="dave")
    before = snapshot(repo)
    result = run(runner, "consult", "respond", ident(consulted), "R1", "--disposition", "overgenomen",
                 "--motivation", "Ja.", "--as", "dave", "-C", str(repo), code=1)
    assert "refused: dave may not answer reactions" in result.output
    assert "acts are judged by the roster in force" in result.output
    assert snapshot(repo) == before
