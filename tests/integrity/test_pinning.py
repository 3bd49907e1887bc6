"""Decided text is pinned: an item changed after its proposal was decided is L004, and the plan blocks.

Every test works in a real repository of the integrity fixture (alice writes, bob decides
for the stuurgroep, carol manages releases, dave is a supplier without authority), each
person committing as themselves. CP-0001 (approved for 0.1, decided by bob in the first
commit) records no pins: its decided text comes from that commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from stelsel.load.project import load_project
from stelsel.release.pin import item_digest

from ..release.gitrepo import unpacked_archive
from .conftest import commit_all, findings, git, run

AGREEMENT = "afsprakenstelsel/afspraken/MA-001.yaml"
PRINCIPLE = "afsprakenstelsel/principes/MP-01.yaml"


# --- steps shared by the integrity tests --------------------------------------------------------


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(repo: Path, rel: str, text: str) -> int:
    """The first line of a file that contains ``text``."""
    lines = (repo / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def propose(runner, repo: Path, ident: str, *items: str, release: str = "0.2", who: str = "alice"):
    return run(runner, "propose", "-C", str(repo), "--id", ident, "--title", f"Voorstel {ident}", "--author", who,
               "--release", release, "--motivation", "Zodat de juiste informatie op de juiste plek komt.",
               *[arg for item in items for arg in ("--item", item)])


def decide(runner, repo: Path, ident: str, day: str, outcome: str = "aangenomen", who: str = "bob"):
    """bob decides for the stuurgroep, moves the proposal to the outcome and commits both as himself."""
    done = run(runner, "decide", ident, "-C", str(repo), "--as", who, "--outcome", outcome, "--date", day)
    run(runner, "move", ident, outcome, "-C", str(repo), "--as", who, "--at", day)
    commit_all(repo, f"{ident}: {outcome}", who=who)
    return done


def at(found: list[dict], code: str) -> list[tuple[str, int]]:
    return [(d["path"], d["line"]) for d in found if d["code"] == code]


def plan(runner, repo: Path, version: str) -> tuple[int, dict]:
    result = run(runner, "release", "plan", version, "-C", str(repo), "--format", "json", code=None)
    return result.exit_code, json.loads(result.stdout)


def seven_days_decided(runner, repo: Path) -> str:
    """alice proposes "binnen 7 dagen" for MA-001 (CP-0002, release 0.2); bob accepts it. The commit after it."""
    edit(repo, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten die binnen 7 dagen antwoordt.")
    propose(runner, repo, "CP-0002", "change:MA-001")
    commit_all(repo, "CP-0002: servicedesk binnen 7 dagen", who="alice")
    decide(runner, repo, "CP-0002", "2026-02-02")
    return git(repo, "rev-parse", "HEAD").strip()


# --- the attacks ----------------------------------------------------------------------------------


def test_seven_days_made_five_after_the_decision_is_l004_in_check_and_since(repo, runner):
    """After the stuurgroep accepted "7 dagen", dave's "5 dagen" is L004 at MA-001's id line, in check and --since."""
    seven_days_decided(runner, repo)
    assert at(findings(runner, repo), "L004") == []
    git(repo, "checkout", "-q", "-b", "dave/servicedesk", who="dave")
    edit(repo, AGREEMENT, "binnen 7 dagen", "binnen 5 dagen")
    commit_all(repo, "MA-001: 5 dagen", who="dave")
    for found in (findings(runner, repo), findings(runner, repo, "--since", "main")):
        assert at(found, "L004") == [(AGREEMENT, line_of(repo, AGREEMENT, "id: MA-001"))]
        message = next(d["message"] for d in found if d["code"] == "L004")
        assert "CP-0002 was decided on 2026-02-02 (stuurgroep)" in message and "recorded in its decision" in message


def test_decide_records_and_prints_the_pins(repo, runner):
    """stelsel decide pins every listed item: decision.pinned holds its digest, and the output says so."""
    propose(runner, repo, "CP-0002", "change:MA-001", "change:MP-01")
    commit_all(repo, "CP-0002", who="alice")
    done = decide(runner, repo, "CP-0002", "2026-02-02")
    project = load_project(repo)
    digests = {ident: item_digest(project.get(ident), project.statuses.same_status) for ident in ("MA-001", "MP-01")}
    assert f"pinned the decided text of 2 item(s): MA-001 ({digests['MA-001'][:12]}), MP-01 " in done.output
    assert project.get("CP-0002").model.decision.pinned == digests
    assert f"MA-001: {digests['MA-001']}" in (repo / "changes/CP-0002.md").read_text()


def test_decision_without_pins_is_pinned_by_its_commit(repo, runner):
    """CP-0001 records no pins: an edit of MP-01 after its decision's commit is L004 naming that commit."""
    first = git(repo, "rev-parse", "HEAD").strip()
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is meestal vertrouwd.")
    commit_all(repo, "MP-01 afgezwakt", who="dave")
    found = findings(runner, repo)
    assert at(found, "L004") == [(PRINCIPLE, line_of(repo, PRINCIPLE, "id: MP-01"))]
    message = next(d["message"] for d in found if d["code"] == "L004")
    assert "CP-0001 was decided on 2026-01-05" in message and f"as committed in {first[:10]}" in message


def test_uncommitted_edit_of_decided_text_is_l004(repo, runner):
    """The working tree counts: an edit not committed yet is reported too."""
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is niet vertrouwd.")
    assert at(findings(runner, repo), "L004") == [(PRINCIPLE, line_of(repo, PRINCIPLE, "id: MP-01"))]


def test_promotion_and_formatting_are_not_a_change(repo, runner):
    """gereed -> vastgesteld (what release cut does), a comment and quoting leave the decided text as it was."""
    edit(repo, AGREEMENT, "status: gereed", "status: vastgesteld")
    edit(repo, AGREEMENT, "title: Servicedesk", "# opgemaakt\ntitle: 'Servicedesk'")
    commit_all(repo, "MA-001 opgemaakt", who="dave")
    assert at(findings(runner, repo), "L004") == []


def test_a_later_open_proposal_carries_the_change(repo, runner):
    """Once an open proposal lists the edited item, the change is that proposal's to carry: no L004."""
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is goed beveiligd.")
    commit_all(repo, "MP-01", who="alice")
    assert at(findings(runner, repo), "L004") == [(PRINCIPLE, 2)]
    propose(runner, repo, "CP-0003", "change:MP-01")
    commit_all(repo, "CP-0003 draagt de wijziging van MP-01", who="alice")
    assert at(findings(runner, repo), "L004") == []


def test_deleted_decided_item_is_l004_at_the_changes_entry(repo, runner):
    """An item a decision pinned that is gone is reported at the proposal's changes entry that lists it."""
    (repo / "afsprakenstelsel/begrippen/GtK.yaml").unlink()
    commit_all(repo, "GtK weg", who="dave")
    found = findings(runner, repo)
    assert at(found, "L004") == [("changes/CP-0001.md", line_of(repo, "changes/CP-0001.md", "item: GtK"))]
    assert "GtK is gone after proposal CP-0001" in next(d["message"] for d in found if d["code"] == "L004")


def test_without_history_one_warning_that_decided_text_is_unverified(repo, runner, tmp_path):
    """A source tarball cannot show the decided text of a decision without pins: one W020, no L004."""
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is meestal vertrouwd.")
    commit_all(repo, "MP-01", who="dave")
    tarball = unpacked_archive(repo, tmp_path / "tarball")
    found = findings(runner, tarball)
    unverified = [d for d in found if d["code"] == "W020" and "decided text cannot be verified" in d["message"]]
    assert [(d["path"], d["line"]) for d in unverified] == [
        ("changes/CP-0001.md", line_of(tarball, "changes/CP-0001.md", "decision:"))]
    assert at(found, "L004") == []


def test_plan_blocks_on_changed_decided_text(repo, runner):
    """release plan 0.1 blocks (exit 1) when an item no longer holds what CP-0001 decided; nothing else blocks."""
    code, clean = plan(runner, repo, "0.1")
    assert code == 0 and clean["blockers"] == []
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is meestal vertrouwd.")
    commit_all(repo, "MP-01", who="dave")
    code, blocked = plan(runner, repo, "0.1")
    assert code == 1
    assert len(blocked["blockers"]) == 1
    assert blocked["blockers"][0].startswith("decided text changed: MP-01 changed after proposal CP-0001 was "
                                             "decided on 2026-01-05")


def assert_cut_refused(runner, repo: Path, version: str = "0.1") -> None:
    """carol's release cut of ``version`` refuses on L004, and the tree and HEAD stay as they were."""
    from .conftest import snapshot

    before, head = snapshot(repo), git(repo, "rev-parse", "HEAD")
    result = run(runner, "release", "cut", version, "--as", "carol", "-C", str(repo), "--date", "2026-01-12", code=None)
    assert result.exit_code != 0 and "L004" in result.output
    assert snapshot(repo) == before and git(repo, "rev-parse", "HEAD") == head


def test_cut_refuses_changed_decided_text_and_changes_nothing(repo, runner):
    """release cut freezes only decided text: with MP-01 changed after the decision it refuses, and nothing changes."""
    edit(repo, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is meestal vertrouwd.")
    commit_all(repo, "MP-01", who="dave")
    assert_cut_refused(runner, repo)


def test_marking_the_proposal_released_by_hand_does_not_unpin_it(repo, runner):
    """carol moves CP-0002 to opgenomen without a cut: no frozen release holds it, so its pins still count."""
    seven_days_decided(runner, repo)
    run(runner, "move", "CP-0002", "opgenomen", "-C", str(repo), "--as", "carol", "--at", "2026-02-03")
    commit_all(repo, "CP-0002 opgenomen", who="carol")
    edit(repo, AGREEMENT, "binnen 7 dagen", "binnen 5 dagen")
    commit_all(repo, "MA-001: 5 dagen", who="dave")
    assert at(findings(runner, repo), "L004") == [(AGREEMENT, line_of(repo, AGREEMENT, "id: MA-001"))]


def test_rewriting_the_pins_to_match_is_w011(repo, runner):
    """dave makes "5 dagen" and writes its digest into CP-0002's decision.pinned: the decision was edited (W011)."""
    seven_days_decided(runner, repo)
    edit(repo, AGREEMENT, "binnen 7 dagen", "binnen 5 dagen")
    old = load_project(repo).get("CP-0002").model.decision.pinned["MA-001"]
    project = load_project(repo)
    new = item_digest(project.get("MA-001"), project.statuses.same_status)
    edit(repo, "changes/CP-0002.md", old, new)
    commit_all(repo, "MA-001: 5 dagen, pin bijgewerkt", who="dave")
    found = findings(runner, repo)
    assert at(found, "L004") == []
    w011 = [d for d in found if d["code"] == "W011"]
    assert [(d["path"], d["line"]) for d in w011] == [("changes/CP-0002.md", line_of(repo, "changes/CP-0002.md",
                                                                                       "body: stuurgroep"))]
    assert "its decision was edited in commit" in w011[0]["message"] and "Dave" in w011[0]["message"]
