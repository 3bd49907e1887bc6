"""No act is dated after the commit that records it, nor, without history, after today (W025)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ..release.gitrepo import git, unpacked_archive
from .conftest import INTEGRITY, commit_all, findings

CP = "changes/CP-0001.md"
REGISTER = "afsprakenstelsel/releases/0.1.yaml"


def line_of(repo: Path, rel: str, text: str) -> int:
    return next(n for n, line in enumerate((repo / rel).read_text().splitlines(), 1) if text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def committed_on(tmp_path: Path, moment: str) -> Path:
    """The integrity framework committed by bob with author and committer date ``moment``."""
    repo = tmp_path / "repo"
    shutil.copytree(INTEGRITY, repo)
    git(repo, "init", "-q", "-b", "main", who="bob")
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "Initial framework", who="bob",
        env={"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment})
    return repo


def backdated_places(repo: Path) -> set[tuple[str, int]]:
    """CP-0001's decision date and move, the register's release decision date."""
    return {(CP, line_of(repo, CP, "  date: 2026-01-05")), (CP, line_of(repo, CP, "  - at: 2026-01-05")),
            (REGISTER, line_of(repo, REGISTER, "  date: 2026-01-10"))}


def test_acts_dated_after_their_commit_are_w025(tmp_path, runner):
    """Committed on 2026-01-04, the decision (01-05), move (01-05) and release decision (01-10) are W025 at their dates."""
    repo = committed_on(tmp_path, "2026-01-04T12:00:00+00:00")
    found = findings(runner, repo)
    assert at(found, "W025") == backdated_places(repo)
    message = next(d["message"] for d in found if d["code"] == "W025" and d["path"] == REGISTER)
    assert "is dated 2026-01-10, after commit" in message and "2026-01-04T12:00:00+00:00" in message


def test_acts_dated_on_or_before_their_commit_day_are_clean(tmp_path, runner):
    """Committed on 2026-01-10 (the latest act's own day): no W025."""
    repo = committed_on(tmp_path, "2026-01-10T08:00:00+01:00")
    assert at(findings(runner, repo), "W025") == set()


def test_a_timestamp_after_its_commit_time_is_w025(tmp_path, runner):
    """A move at 15:00+01:00 recorded in a commit of 12:00 UTC the same day: W025; a date on that day is not."""
    repo = committed_on(tmp_path, "2026-01-10T12:00:00+00:00")
    path = repo / CP
    path.write_text(path.read_text().replace("  - at: 2026-01-05\n", "  - at: 2026-01-10T15:00:00+01:00\n"))
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "tijd", who="bob",
        env={"GIT_AUTHOR_DATE": "2026-01-10T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-01-10T12:00:00+00:00"})
    assert at(findings(runner, repo), "W025") == {(CP, line_of(repo, CP, "  - at: 2026-01-10T15:00:00+01:00"))}


def test_the_committer_date_counts_not_the_author_date(tmp_path, runner):
    """An author date set late (2026-02-01) does not cover a commit made on 2026-01-04: W025 as before."""
    repo = tmp_path / "repo"
    shutil.copytree(INTEGRITY, repo)
    git(repo, "init", "-q", "-b", "main", who="bob")
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "Initial framework", who="bob",
        env={"GIT_AUTHOR_DATE": "2026-02-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-01-04T12:00:00+00:00"})
    assert at(findings(runner, repo), "W025") == backdated_places(repo)


def test_an_uncommitted_act_dated_in_the_future_is_w025(repo, runner):
    """A release decision written for 2099 and not committed yet: W025 at its date ('after today')."""
    path = repo / "afsprakenstelsel/releases/0.2.yaml"
    path.write_text(path.read_text() + "decision:\n  body: stuurgroep\n  by: bob\n  date: 2099-01-01\n")
    found = findings(runner, repo)
    assert at(found, "W025") == {("afsprakenstelsel/releases/0.2.yaml", line_of(repo, "afsprakenstelsel/releases/0.2.yaml",
                                                                                 "date: 2099-01-01"))}
    assert "after today" in next(d["message"] for d in found if d["code"] == "W025")


def test_without_history_an_act_after_today_is_w025(repo, runner, tmp_path):
    """In a tarball (no git at all): a move dated tomorrow is W025; today's date is not."""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    path = repo / CP
    path.write_text(path.read_text().replace("  - at: 2026-01-05\n", f"  - at: {tomorrow}\n"))
    commit_all(repo, "morgen", who="bob")
    tree = unpacked_archive(repo, tmp_path / "tarball")
    assert at(findings(runner, tree), "W025") == {(CP, line_of(tree, CP, f"  - at: {tomorrow}"))}
    path = tree / CP
    path.write_text(path.read_text().replace(f"  - at: {tomorrow}\n", f"  - at: {dt.date.today().isoformat()}\n"))
    assert at(findings(runner, tree), "W025") == set()


def test_without_history_a_timestamp_later_today_is_not_w025(repo, runner, tmp_path):
    """Without history the bound is today's date, not the clock: a move stamped 23:59:59 today passes (the cache keys on the date)."""
    late = dt.datetime.combine(dt.date.today(), dt.time(23, 59, 59)).astimezone().isoformat()
    path = repo / CP
    path.write_text(path.read_text().replace("  - at: 2026-01-05\n", f"  - at: {late}\n"))
    commit_all(repo, "laat vandaag", who="bob")
    tree = unpacked_archive(repo, tmp_path / "tarball")
    assert at(findings(runner, tree), "W025") == set()
