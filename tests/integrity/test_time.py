"""Time runs forward: no act in the future, a history in order, a consultation as it was scheduled, acts dated in turn."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..release.gitrepo import init_repo
from .conftest import INTEGRITY, commit_all, findings, run
from .test_authority import at, line_of, state

GOVERNANCE = "afsprakenstelsel/governance.yaml"

STATES = """    - id: ingediend
      title: Ingediend
    - id: consultatie
      title: Consultatie
    - id: ter_besluitvorming
      title: Ter besluitvorming
"""

TRANSITIONS = """    - from: [concept]
      to: ingediend
      by: [author]
    - from: [ingediend]
      to: consultatie
      by: [body:beheer]
      guards:
        - type: consultation_scheduled
    - from: [consultatie]
      to: ter_besluitvorming
      by: [body:beheer]
      guards:
        - type: consultation_ended
    - from: [ter_besluitvorming]
      to: aangenomen
      by: [body:stuurgroep]
      guards:
        - type: decision_recorded
          outcome: aangenomen
"""


@pytest.fixture
def timed(tmp_path) -> Path:
    """The integrity framework with a consultation in its workflow (in the first commit, as a roster is adopted)."""
    source = tmp_path / "source"
    shutil.copytree(INTEGRITY, source)
    path = source / GOVERNANCE
    text = path.read_text()
    text = text.replace("    - id: concept\n      title: Concept\n", "    - id: concept\n      title: Concept\n" + STATES, 1)
    text = text.replace("  transitions:\n", "  transitions:\n" + TRANSITIONS, 1)
    text = text.replace("  verdicts:\n", "  reviewers: [anyone]\n  verdicts:\n", 1)
    path.write_text(text)
    return init_repo(source, tmp_path / "repo", who="bob")


def act(runner, repo: Path, who: str, *args: str, code: int = 0):
    """One CLI act by ``who``, committed by ``who`` when it succeeds."""
    result = run(runner, *args, "--as", who, "-C", str(repo), code=code)
    if code == 0:
        commit_all(repo, " ".join(args[:2]), who=who)
    return result


@pytest.fixture
def proposal(timed, runner) -> str:
    """alice's proposal, submitted on 2026-02-02 (path relative to the repository)."""
    result = run(runner, "propose", "--title", "Tijd loopt vooruit", "--item", "change:MA-001", "--author", "alice",
                 "--working-group", "wg-test", "-C", str(timed))
    rel = re.search(r"(changes/\S+\.md) created", result.output).group(1)
    commit_all(timed, "voorstel", who="alice")
    act(runner, timed, "alice", "move", ident(rel), "ingediend", "--at", "2026-02-02")
    return rel


@pytest.fixture
def consulted(timed, runner, proposal) -> str:
    """The proposal in consultation from 2026-02-03 to 2026-03-01, reviewed by dave on 2026-02-10."""
    act(runner, timed, "carol", "move", ident(proposal), "consultatie", "--at", "2026-02-03",
        "--consultation-end", "2026-03-01")
    act(runner, timed, "dave", "review", ident(proposal), "--verdict", "akkoord", "--date", "2026-02-10")
    return proposal


@pytest.fixture
def deciding(timed, runner, consulted) -> str:
    """The proposal moved to ter_besluitvorming on 2026-03-02, after its consultation ended."""
    act(runner, timed, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-03-02")
    return consulted


def ident(rel: str) -> str:
    return Path(rel).stem


def edit(repo: Path, rel: str, old: str, new: str, who: str = "alice") -> None:
    path = repo / rel
    text = path.read_text()
    assert old in text, text
    path.write_text(text.replace(old, new, 1))
    commit_all(repo, "hand edit", who=who)


def history_line(repo: Path, rel: str, number: int, key: str = "at") -> int:
    """The line of ``key`` in history entry ``number`` (1-based)."""
    lines = (repo / rel).read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("history:"))
    entries = [n for n in range(start + 1, len(lines)) if lines[n].startswith("  - ")]
    first = entries[number - 1]
    return next(n + 1 for n in range(first, len(lines)) if re.match(rf"\s+(- )?{key}:", lines[n]))


def test_the_timed_history_checks_clean(timed, runner, deciding):
    """Submission, consultation, review, decision and the move out, all in turn: no W007, W009 or W028."""
    act(runner, timed, "bob", "decide", ident(deciding), "--outcome", "aangenomen", "--date", "2026-03-05")
    act(runner, timed, "bob", "move", ident(deciding), "aangenomen")
    found = findings(runner, timed)
    assert not {"W007", "W009", "W028"} & {d["code"] for d in found}, found


def test_a_move_without_at_carries_a_full_timestamp(timed, runner, proposal):
    """A move recorded now is written as an ISO date-time with its UTC offset, not a bare date."""
    act(runner, timed, "alice", "move", ident(proposal), "ingetrokken")
    last = (timed / proposal).read_text().split("history:")[1].split("- at: ")[-1].splitlines()[0]
    assert re.fullmatch(r"'?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d'?", last), last


@pytest.mark.parametrize("args, message", [
    (("move", "{id}", "consultatie", "--at", "2099-01-01", "--consultation-end", "2099-02-01"),
     "refused: the move would be dated 2099-01-01, after today"),
    (("move", "{id}", "ingetrokken", "--at", "2099-01-01T10:00:00+00:00"),
     "refused: the move would be dated 2099-01-01T10:00:00+00:00, after now"),
    (("review", "{id}", "--verdict", "akkoord", "--date", "2099-01-01"),
     "refused: the review would be dated 2099-01-01, after today"),
    (("decide", "{id}", "--outcome", "aangenomen", "--date", "2099-01-01"),
     "refused: the decision would be dated 2099-01-01, after today"),
])
def test_an_act_dated_in_the_future_is_refused(timed, runner, proposal, args, message):
    """move --at, review --date and decide --date after now: exit 2, a sentence saying so, nothing changed."""
    who = {"move": "carol", "review": "dave", "decide": "bob"}[args[0]]
    before = state(timed)
    result = run(runner, *[a.format(id=ident(proposal)) for a in args], "--as", who, "-C", str(timed), code=2)
    assert message in result.output and "an act cannot be dated in the future" in result.output
    assert state(timed) == before


def test_a_consultation_ending_the_day_it_starts_is_refused(timed, runner, proposal):
    """--consultation-end on the day of the move: exit 2 (a consultation ends after it starts), nothing changed."""
    before = state(timed)
    result = act(runner, timed, "carol", "move", ident(proposal), "consultatie", "--at", "2026-02-03",
                 "--consultation-end", "2026-02-03", code=2)
    assert "the consultation must end after it starts" in result.output
    assert state(timed) == before


def test_a_consultation_starting_before_the_move_is_refused(timed, runner, proposal):
    """--consultation-start before the move into consultatie: refused (it starts on the day of the move), nothing changed."""
    before = state(timed)
    result = act(runner, timed, "carol", "move", ident(proposal), "consultatie", "--at", "2026-02-03",
                 "--consultation-start", "2026-01-01", "--consultation-end", "2026-02-10", code=1)
    assert "the consultation starts on 2026-01-01, not on the day of the move into it (2026-02-03)" in result.output
    assert state(timed) == before


def test_a_consultation_edited_to_end_in_the_past_does_not_let_the_move_through(timed, runner, consulted):
    """The consultation's end edited to before its start: the next move is refused, saying what is wrong."""
    edit(timed, consulted, "end: 2026-03-01", "end: 2026-02-01")
    before = state(timed)
    result = act(runner, timed, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-02-05", code=1)
    assert "the consultation ends (2026-02-01) on or before the day it starts (2026-02-03)" in result.output
    assert state(timed) == before


def test_a_consultation_moved_into_the_past_does_not_let_the_move_through(timed, runner, consulted):
    """Start and end both edited to the past: refused, the consultation starts on the day of the move into it."""
    edit(timed, consulted, "start: 2026-02-03", "start: 2026-01-20")
    edit(timed, consulted, "end: 2026-03-01", "end: 2026-02-01")
    before = state(timed)
    result = act(runner, timed, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-02-05", code=1)
    assert ("the consultation starts on 2026-01-20, but the proposal moved into 'consultatie' on 2026-02-03"
            in result.output)
    assert state(timed) == before


def test_a_consultation_edited_after_the_move_out_is_w009(timed, runner, deciding):
    """Start and end edited to the past after the move out: W009 at both moves and at the edited start and end."""
    edit(timed, deciding, "start: 2026-02-03", "start: 2026-01-20")
    edit(timed, deciding, "end: 2026-03-01", "end: 2026-02-01")
    found = findings(runner, timed)
    assert at(found, "W009") == {(deciding, history_line(timed, deciding, 2, "to")),
                                 (deciding, history_line(timed, deciding, 3, "to")),
                                 (deciding, line_of(timed, deciding, "start: 2026-01-20")),
                                 (deciding, line_of(timed, deciding, "end: 2026-02-01"))}
    messages = " ".join(d["message"] for d in found if d["code"] == "W009")
    assert "not on the day of the move into it (2026-02-03)" in messages
    assert "but the proposal moved into 'consultatie' on 2026-02-03" in messages


def test_a_future_dated_move_does_not_get_past_consultation_ended(timed, runner, consulted):
    """A move out of consultatie dated 2099 (by hand): W009 at that entry, the move is after today."""
    text = (timed / consulted).read_text()
    entry = "  - at: 2026-02-03\n    by: carol\n    from: ingediend\n    to: consultatie\n"
    assert entry in text
    future = entry + "  - at: 2099-03-02\n    by: carol\n    from: consultatie\n    to: ter_besluitvorming\n"
    (timed / consulted).write_text(text.replace(entry, future).replace("status: consultatie",
                                                                       "status: ter_besluitvorming"))
    commit_all(timed, "vooruit gedateerd", who="carol")
    found = findings(runner, timed)
    assert at(found, "W009") == {(consulted, history_line(timed, consulted, 3, "to"))}
    assert "the move is dated 2099-03-02, after today" in next(d for d in found if d["code"] == "W009")["message"]
    # the next plain move says what is actually wrong: the last entry is in the future
    before = state(timed)
    result = act(runner, timed, "alice", "move", ident(consulted), "ingetrokken", code=1)
    assert "is dated 2099-03-02, after now" in result.output
    assert f"correct 'at' of history entry 3 in {consulted}" in result.output
    assert "leave out --at" not in result.output
    assert state(timed) == before


def test_a_history_out_of_order_with_full_timestamps_is_w007(timed, runner, proposal):
    """Entry 2 at 10:00+02:00 (08:00 UTC) after entry 1 at 09:30+00:00: W007 at entry 2's 'at' (instants compare)."""
    edit(timed, proposal, "- at: 2026-02-02\n", "- at: 2026-02-02T09:30:00+00:00\n")
    act(runner, timed, "alice", "move", ident(proposal), "ingetrokken", "--at", "2026-02-02T11:31:00+02:00")
    assert "W007" not in {d["code"] for d in findings(runner, timed)}  # 09:31 UTC: after 09:30, in order
    edit(timed, proposal, "2026-02-02T11:31:00+02:00", "2026-02-02T10:00:00+02:00", who="alice")
    found = findings(runner, timed)
    assert at(found, "W007") == {(proposal, history_line(timed, proposal, 2))}


def test_two_moves_at_the_same_instant_are_w007_and_refused(timed, runner, proposal):
    """Strict order: a move at 11:30+02:00 after one at 09:30+00:00 (the same instant) is refused, and W007 when written by hand."""
    edit(timed, proposal, "- at: 2026-02-02\n", "- at: 2026-02-02T09:30:00+00:00\n")
    before = state(timed)
    result = act(runner, timed, "alice", "move", ident(proposal), "ingetrokken", "--at", "2026-02-02T11:30:00+02:00",
                 code=1)
    assert "not after the last recorded move (2026-02-02 09:30:00+00:00)" in result.output
    assert state(timed) == before
    act(runner, timed, "alice", "move", ident(proposal), "ingetrokken", "--at", "2026-02-02T11:31:00+02:00")
    edit(timed, proposal, "2026-02-02T11:31:00+02:00", "2026-02-02T11:30:00+02:00", who="alice")
    second_move_is_w007(runner, timed, proposal, "strictly ordered")


def test_two_bare_dates_on_one_day_are_w007(timed, runner, proposal):
    """Two moves dated the same day without a time cannot be ordered: W007 at the second, naming full timestamps."""
    act(runner, timed, "alice", "move", ident(proposal), "ingetrokken", "--at", "2026-02-03")
    edit(timed, proposal, "- at: 2026-02-03\n", "- at: 2026-02-02\n", who="alice")
    second_move_is_w007(runner, timed, proposal, "only full timestamps order them")


def second_move_is_w007(runner, timed, proposal, words: str) -> None:
    """W007 exactly at history entry 2's 'at', with ``words`` in its message."""
    found = findings(runner, timed)
    assert at(found, "W007") == {(proposal, history_line(timed, proposal, 2))}
    assert words in next(d["message"] for d in found if d["code"] == "W007")


def test_a_move_before_the_last_move_is_refused(timed, runner, proposal):
    """move --at an instant before the last entry: refused, nothing changed."""
    before = state(timed)
    result = act(runner, timed, "alice", "move", ident(proposal), "ingetrokken", "--at", "2026-02-01", code=1)
    assert "not after the last recorded move (2026-02-02)" in result.output
    assert state(timed) == before


def test_a_review_before_submission_is_refused(timed, runner, proposal):
    """review --date before the proposal's last move (its submission): exit 2, nothing changed."""
    before = state(timed)
    result = act(runner, timed, "dave", "review", ident(proposal), "--verdict", "akkoord", "--date", "2026-01-15",
                 code=2)
    assert "refused: the review would be dated 2026-01-15 is not after the last recorded move" in result.output
    assert state(timed) == before


def test_a_review_of_a_proposal_not_submitted_is_refused(timed, runner):
    """A proposal still in concept cannot be reviewed: refused, nothing changed."""
    result = run(runner, "propose", "--title", "Nog concept", "--item", "change:MA-001", "--author", "alice",
                 "--working-group", "wg-test", "-C", str(timed))
    rel = re.search(r"(changes/\S+\.md) created", result.output).group(1)
    commit_all(timed, "voorstel", who="alice")
    before = state(timed)
    result = act(runner, timed, "dave", "review", ident(rel), "--verdict", "akkoord", "--date", "2026-02-01", code=1)
    assert "has not been submitted yet" in result.output
    assert state(timed) == before


def test_a_review_dated_before_submission_is_w028(timed, runner, consulted):
    """dave's review edited to 2026-01-15, before the submission on 2026-02-02: W028 at the review's date."""
    edit(timed, consulted, "date: 2026-02-10", "date: 2026-01-15", who="dave")
    found = findings(runner, timed)
    assert at(found, "W028") == {(consulted, line_of(timed, consulted, "date: 2026-01-15"))}
    message = next(d for d in found if d["code"] == "W028")["message"]
    assert "dated 2026-01-15, not after the proposal was submitted on 2026-02-02" in message


def test_a_decision_before_the_deciding_state_is_refused(timed, runner, deciding):
    """decide --date before the move into ter_besluitvorming: exit 2, nothing changed."""
    before = state(timed)
    result = act(runner, timed, "bob", "decide", ident(deciding), "--outcome", "aangenomen", "--date", "2026-02-20",
                 code=2)
    assert "refused: the decision would be dated 2026-02-20 is not after the last recorded move" in result.output
    assert state(timed) == before


def test_a_decision_dated_before_the_deciding_state_is_w028(timed, runner, deciding):
    """A decision edited to 2026-02-20, while the proposal was in consultation: W028 at the decision's date."""
    act(runner, timed, "bob", "decide", ident(deciding), "--outcome", "aangenomen", "--date", "2026-03-05")
    act(runner, timed, "bob", "move", ident(deciding), "aangenomen")
    edit(timed, deciding, "date: 2026-03-05", "date: 2026-02-20", who="bob")
    found = findings(runner, timed)
    assert at(found, "W028") == {(deciding, line_of(timed, deciding, "date: 2026-02-20"))}
    message = next(d for d in found if d["code"] == "W028")["message"]
    assert "dated 2026-02-20, not after the proposal reached 'ter_besluitvorming' on 2026-03-02" in message


def test_a_consultation_shortened_after_it_started_is_w009(timed, runner, consulted):
    """End edited from 2026-03-01 to 2026-02-04 (after its start), a move out on 2026-02-05: W009 at the end's line."""
    entry = "  - at: 2026-02-03\n    by: carol\n    from: ingediend\n    to: consultatie\n"
    out = entry + "  - at: 2026-02-05\n    by: carol\n    from: consultatie\n    to: ter_besluitvorming\n"
    edit(timed, consulted, "end: 2026-03-01", "end: 2026-02-04", who="carol")
    edit(timed, consulted, entry, out, who="carol")  # the move out, written by hand (the tool refuses it)
    edit(timed, consulted, "status: consultatie", "status: ter_besluitvorming", who="carol")
    found = findings(runner, timed)
    assert at(found, "W009") == {(consulted, line_of(timed, consulted, "end: 2026-02-04"))}
    message = next(d for d in found if d["code"] == "W009")["message"]
    assert ("the consultation ends on 2026-02-04, but the move into 'consultatie' on 2026-02-03 (history entry 2"
            in message and "scheduled it to end on 2026-03-01" in message)


def test_a_consultation_kept_as_scheduled_is_not_w009(timed, runner, consulted):
    """Reactions added to a consultation (start and end as scheduled) are no finding; the move out after its end passes."""
    edit(timed, consulted, "end: 2026-03-01\n", "end: 2026-03-01\n  reactions:\n    - by: Org X\n      date: 2026-02-20\n"
                                                "      summary: Graag duidelijker.\n", who="carol")
    act(runner, timed, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-03-02")
    assert "W009" not in {d["code"] for d in findings(runner, timed)}


def test_the_move_out_of_a_shortened_consultation_is_refused(timed, runner, consulted):
    """End edited from 2026-03-01 to 2026-02-04 and committed: move out on 2026-02-05 refused, nothing changed."""
    edit(timed, consulted, "end: 2026-03-01", "end: 2026-02-04", who="carol")
    before = state(timed)
    result = act(runner, timed, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-02-05", code=1)
    assert "its consultation was edited after it started" in result.output
    assert "scheduled it to end on 2026-03-01" in result.output
    assert state(timed) == before


def test_review_and_decision_without_date_carry_full_timestamps(timed, runner, deciding):
    """review and decide recorded now write an ISO date-time with offset (acts are ordered to the second)."""
    act(runner, timed, "dave", "review", ident(deciding), "--verdict", "akkoord")
    act(runner, timed, "bob", "decide", ident(deciding), "--outcome", "aangenomen")
    text = (timed / deciding).read_text()
    stamps = re.findall(r"^\s+date: '?(\S+?)'?$", text, re.M)  # the reviews and the decision
    assert len([s for s in stamps if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s)]) == 2, text
    found = findings(runner, timed)
    assert not {"W007", "W025", "W028", "S003"} & {d["code"] for d in found}, found


def test_a_review_at_the_instant_of_submission_is_w028(timed, runner, proposal):
    """Submission at 09:30+00:00, a review stamped 11:30+02:00 (the same instant): W028, a review follows submission."""
    edit(timed, proposal, "- at: 2026-02-02\n", "- at: 2026-02-02T09:30:00+00:00\n")
    result = act(runner, timed, "dave", "review", ident(proposal), "--verdict", "akkoord", "--date",
                 "2026-02-02T11:30:00+02:00", code=2)
    assert "not after the last recorded move" in result.output
    text = (timed / proposal).read_text()
    assert "reviews: []\n" in text
    (timed / proposal).write_text(text.replace("reviews: []\n", "reviews:\n  - by: dave\n    organisation: Org D\n"
                                               "    verdict: akkoord\n    date: 2026-02-02T11:30:00+02:00\n"))
    commit_all(timed, "review by hand", who="dave")
    found = findings(runner, timed)
    assert at(found, "W028") == {(proposal, line_of(timed, proposal, "date: 2026-02-02T11:30:00+02:00"))}, found


def test_a_decision_stamped_after_its_commit_is_w025_to_the_second(timed, runner, deciding):
    """A decision stamped an hour after the commit that records it (same day) is W025: timestamps compare as instants."""
    act(runner, timed, "bob", "decide", ident(deciding), "--outcome", "aangenomen", "--date", "2026-03-05")
    path = timed / deciding
    path.write_text(path.read_text().replace("date: 2026-03-05", "date: 2026-03-05T13:00:00+00:00", 1))
    from ..release.gitrepo import git

    git(timed, "add", "-A", who="bob")
    git(timed, "commit", "-q", "-m", "decision stamped", who="bob",
        env={"GIT_AUTHOR_DATE": "2026-03-05T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-03-05T12:00:00+00:00"})
    found = findings(runner, timed)
    assert at(found, "W025") == {(deciding, line_of(timed, deciding, "date: 2026-03-05T13:00:00+00:00"))}
