"""Release authority is data: who may cut and publish, the identity their commits carry, and the records' provenance."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ._roster_helpers import end_membership_before_cut, write_decided
from .conftest import commit_all, decide_release, findings, git, run, snapshot

MANIFEST = "releases/0.1/manifest.json"
REGISTER_01 = "afsprakenstelsel/releases/0.1.yaml"
GOVERNANCE = "afsprakenstelsel/governance.yaml"


def state(repo: Path) -> tuple:
    """Everything a refused act must leave alone: the files, HEAD, the tags and the index."""
    return (snapshot(repo), git(repo, "rev-parse", "HEAD"), git(repo, "tag", "-l"),
            git(repo, "status", "--porcelain"))


def line_of(repo: Path, rel: str, text: str) -> int:
    return next(n for n, line in enumerate((repo / rel).read_text().splitlines(), 1) if text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def test_a_supplier_may_not_cut(repo, runner):
    """dave (a supplier, no release role) cuts: refused with exit 2, and nothing changes."""
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "dave", "-C", str(repo), "--date", "2026-01-12", code=2)
    assert "refused: dave may not cut a release on 2026-01-12: it takes a member of Afsprakenbeheer (beheer)" \
        in result.output
    assert state(repo) == before


def test_a_supplier_may_not_publish(released, runner):
    """dave publishes the frozen 0.1: refused with exit 2, and nothing changes."""
    before = state(released)
    result = run(runner, "release", "publish", "0.1", "--as", "dave", "-C", str(released), code=2)
    assert "refused: dave may not publish a release" in result.output
    assert "the voorzitter of Afsprakenbeheer (beheer)" in result.output
    assert state(released) == before


def test_publishing_a_release_that_is_not_what_was_cut_is_refused(released, runner):
    """carol publishes 0.1 after dave changed a frozen file in a commit: refused (exit 2), nothing changes."""
    frozen = released / "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml"
    frozen.write_text(frozen.read_text().replace("MOET", "MAG", 1))
    commit_all(released, "0.1 aangepast", who="dave")
    before = state(released)
    result = run(runner, "release", "publish", "0.1", "--as", "carol", "-C", str(released), code=2)
    assert "releases/0.1 is not the release that was cut" in result.output
    assert "afsprakenstelsel/afspraken/MA-001.yaml" in result.output
    assert state(released) == before


def test_cut_commits_as_the_cutter_with_trailers_and_a_tag(released):
    """carol's cut: the commit's author is carol's roster identity, the message ends in the trailers, the tag carries them."""
    content_hash = json.loads((released / MANIFEST).read_text())["content_hash"]
    assert git(released, "log", "-1", "--format=%an <%ae>").strip() == "Carol <carol@example.org>"
    message = git(released, "log", "-1", "--format=%B").strip()
    assert message.split("\n\n")[-1] == f"Stelsel-Release: 0.1\nStelsel-Content-Hash: {content_hash}"
    assert git(released, "cat-file", "-t", "release-0.1").strip() == "tag"
    assert git(released, "rev-parse", "release-0.1^{commit}") == git(released, "rev-parse", "HEAD")
    tag_message = git(released, "tag", "-l", "--format=%(contents)", "release-0.1").strip()
    assert tag_message.endswith(f"Stelsel-Release: 0.1\nStelsel-Content-Hash: {content_hash}")


def test_publish_records_who_and_when_and_commits_as_the_publisher(released, runner):
    """carol publishes 0.1: the register records published by carol on the date, in a commit carol authored."""
    run(runner, "release", "publish", "0.1", "--as", "carol", "-C", str(released), "--date", "2026-01-20")
    text = (released / REGISTER_01).read_text()
    assert "status: gepubliceerd" in text and "published:\n  by: carol\n  date: 2026-01-20\n" in text
    assert git(released, "log", "-1", "--format=%an <%ae>|%s").strip() == "Carol <carol@example.org>|Publish release 0.1"
    assert git(released, "status", "--porcelain") == ""
    assert [d for d in findings(runner, released) if d["severity"] == "error"] == []


def test_without_release_authority_nobody_may_cut(repo, runner):
    """A governance.yaml without release_authority: even carol's cut is refused, saying what to add; nothing changes."""
    path = repo / GOVERNANCE
    text = path.read_text()
    path.write_text(text[: text.index("  release_authority:")])
    commit_all(repo, "governance without release authority", who="bob")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), code=2)
    assert "governance.yaml declares nobody who may cut a release: add workflow.release_authority.cut" in result.output
    assert state(repo) == before


def test_membership_dates_count(repo, runner):
    """carol's membership of beheer ended before the cut's date: refused, and nothing changes."""
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("      - person: carol\n        function: voorzitter\n",
                                             "      - person: carol\n        function: voorzitter\n"
                                             "        end: 2026-01-01\n"))
    commit_all(repo, "carol leaves beheer", who="bob")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", code=2)
    assert "carol may not cut a release on 2026-01-12" in result.output
    assert state(repo) == before


def test_cut_needs_the_release_decision(repo, runner):
    """The release_decision guard: without a decision in the register entry the cut is refused; nothing changes."""
    path = repo / REGISTER_01
    text = path.read_text()
    path.write_text(text[: text.index("decision:")])
    commit_all(repo, "no release decision", who="bob")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), code=2)
    assert f"no release decision recorded in {REGISTER_01}" in result.output
    assert state(repo) == before


def test_the_plan_blocks_on_what_the_cut_refuses_for_its_decision(repo, runner):
    """release plan lists a missing release decision, and one taken by someone not in the deciding body, as blockers
    (exit 1), in the cut's words; with bob's valid decision nothing blocks. An unknown version says to open it."""
    assert run(runner, "release", "plan", "0.1", "-C", str(repo), code=0).output.rstrip().endswith("Nothing blocks this release.")
    path = repo / REGISTER_01
    text = path.read_text()
    path.write_text(text.replace("  by: bob\n", "  by: dave\n"))
    plan = run(runner, "release", "plan", "0.1", "-C", str(repo), code=1).output
    assert "'dave' was not a member of 'stuurgroep'" in plan and "the release decision is not valid" in plan
    path.write_text(text[: text.index("decision:")])
    plan = run(runner, "release", "plan", "0.1", "-C", str(repo), code=1).output
    assert f"no release decision recorded in {REGISTER_01}" in plan
    unknown = run(runner, "release", "cut", "9.9", "--as", "carol", "-C", str(repo), code=2).output
    assert "release 9.9 is not in the release register: open it first" in unknown


def test_release_decision_committed_by_someone_else_is_w018(repo, runner):
    """The register's decision by bob, committed by alice: W018 at the register file's decision line."""
    path = repo / "afsprakenstelsel/releases/0.2.yaml"
    decide_release(repo, "0.2", "2026-02-01", who="alice")
    found = findings(runner, repo)
    assert at(found, "W018") == {("afsprakenstelsel/releases/0.2.yaml", line_of(repo, str(path.relative_to(repo)),
                                                                              "decision:"))}
    assert "the release decision of 0.2 by bob was recorded in commit" in \
        next(d["message"] for d in found if d["code"] == "W018")


def test_cut_commit_by_someone_other_than_cut_by_is_w018(repo, runner):
    """A cut made with --no-git by carol and committed by dave: W018 at the manifest's cut_by line."""
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", "--no-git")
    commit_all(repo, "Release 0.1", who="dave")
    found = findings(runner, repo)
    # the cut's move of CP-0001 (by carol) is in dave's commit too
    assert at(found, "W018") == {(MANIFEST, line_of(repo, MANIFEST, '"cut_by"')),
                                 ("changes/CP-0001.md", line_of(repo, "changes/CP-0001.md", "by: carol"))}


def test_cut_by_someone_not_entitled_is_l010(repo, runner):
    """A manifest whose cut_by names dave (committed by dave himself): L010 at its cut_by line, no W018."""
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", "--no-git")
    manifest = repo / MANIFEST
    manifest.write_text(manifest.read_text().replace('"cut_by": "carol"', '"cut_by": "dave"'))
    commit_all(repo, "Release 0.1", who="dave")
    found = findings(runner, repo)
    assert at(found, "L010") == {(MANIFEST, line_of(repo, MANIFEST, '"cut_by"'))}
    assert "release 0.1 was cut by dave on 2026-01-12, who was not entitled" in \
        next(d["message"] for d in found if d["code"] == "L010")
    assert {place for place in at(found, "W018") if place[0] == MANIFEST} == set()  # (the cut's move is carol's)


def test_publication_by_someone_not_entitled_is_l010(released, runner):
    """A register entry published by dave (committed by dave): L010 at its published line."""
    path = released / REGISTER_01
    path.write_text(path.read_text().replace("status: vastgesteld", "status: gepubliceerd")
                    + "published:\n  by: dave\n  date: 2026-01-20\n")
    commit_all(released, "Publish 0.1", who="dave")
    found = findings(runner, released)
    assert at(found, "L010") == {(REGISTER_01, line_of(released, REGISTER_01, "published:"))}
    assert at(found, "W018") == set()


def test_publication_committed_by_someone_else_is_w018(released, runner):
    """A publication that names carol but was committed by dave: W018 at the published line."""
    path = released / REGISTER_01
    path.write_text(path.read_text().replace("status: vastgesteld", "status: gepubliceerd")
                    + "published:\n  by: carol\n  date: 2026-01-20\n")
    commit_all(released, "Publish 0.1", who="dave")
    found = findings(runner, released)
    assert at(found, "W018") == {(REGISTER_01, line_of(released, REGISTER_01, "published:"))}
    assert at(found, "L010") == set()


def test_release_records_without_history_are_one_w020(released, runner, tmp_path):
    """In an unpacked archive the release records cannot be attributed: one W020 for them all, no error."""
    from ..release.gitrepo import unpacked_archive

    tarball = unpacked_archive(released, tmp_path / "tarball")
    found = findings(runner, tarball)
    release_w020 = [d for d in found if d["code"] == "W020" and "release" in d["message"]]
    assert [(d["path"], d["line"]) for d in release_w020] == [(REGISTER_01, line_of(tarball, REGISTER_01, "decision:"))]
    assert "and 1 other release record" in release_w020[0]["message"]
    assert [d for d in found if d["severity"] == "error"] == []


def test_a_release_published_by_hand_by_a_supplier_is_l010(released, runner):
    """dave sets 0.1 gepubliceerd by hand (no 'published' record): L010 at the status line, from his commit."""
    path = released / REGISTER_01
    path.write_text(path.read_text().replace("status: vastgesteld", "status: gepubliceerd"))
    commit_all(released, "0.1 gepubliceerd", who="dave")
    found = findings(runner, released)
    assert at(found, "L010") == {(REGISTER_01, line_of(released, REGISTER_01, "status:"))}
    assert "by Dave <dave@example.org>, who was not entitled" in next(d["message"] for d in found if d["code"] == "L010")


def test_a_release_frozen_by_hand_by_a_supplier_is_l010(repo, runner):
    """dave freezes 0.1 himself (a manifest without cut_by) and commits it: L010 at the manifest's version line."""
    from stelsel.release.freeze import freeze

    freeze(repo, "0.1", ["changes/CP-0001.md"], "2026-01-12")
    commit_all(repo, "release 0.1", who="dave")
    found = findings(runner, repo)
    assert at(found, "L010") == {(MANIFEST, line_of(repo, MANIFEST, '"version"'))}
    assert "its manifest names no cut_by" in next(d["message"] for d in found if d["code"] == "L010")


def test_a_release_frozen_by_hand_without_a_release_decision_is_l010(released, runner):
    """carol (entitled to cut) freezes 0.2 by hand, with cut_by, but the stuurgroep never decided it: L010."""
    from stelsel.release.freeze import freeze

    freeze(released, "0.2", [], "2026-03-12", extra={"cut_by": "carol"})
    commit_all(released, "release 0.2", who="carol")
    manifest = "releases/0.2/manifest.json"
    found = [d for d in findings(runner, released) if d["code"] == "L010"]
    assert [(d["path"], d["line"]) for d in found] == [(manifest, line_of(released, manifest, '"version"'))]
    assert "without a valid release decision: no release decision recorded" in found[0]["message"]


def test_unsigned_release_decision_is_w019_when_decisions_must_be_signed(repo, runner):
    """require_signed_decisions: the register's release decision in an unsigned commit is W019 at its decision line."""
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1))
    commit_all(repo, "decisions must be signed", who="bob")
    found = findings(runner, repo)
    assert (REGISTER_01, line_of(repo, REGISTER_01, "decision:")) in at(found, "W019")
    assert "the release decision of 0.1 by bob was recorded in commit" in \
        next(d["message"] for d in found if d["code"] == "W019" and d["path"] == REGISTER_01)


def test_release_authority_naming_an_unknown_body_is_w001(repo, runner):
    """release_authority.cut by an unknown body, or by 'author': W001 at that entry of governance.yaml."""
    path = repo / GOVERNANCE
    text = path.read_text()
    path.write_text(text.replace("    cut:\n      by: [body:beheer]\n", "    cut:\n      by: [body:behher, author]\n"))
    found = [d for d in findings(runner, repo) if d["code"] == "W001"]
    line = line_of(repo, GOVERNANCE, "by: [body:behher, author]")
    assert {(d["path"], d["line"]) for d in found} == {(GOVERNANCE, line)}
    assert {d["message"] for d in found} == {"'body:behher': unknown body 'behher'",
                                             "'author' means nothing for a release (it has no author or working group)"}


def test_a_backdated_cut_needs_entitlement_today_too(repo, runner):
    """carol's membership ended in June; a cut dated January (when she was a member) is refused today; nothing changes."""
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("      - person: carol\n        function: voorzitter\n",
                                             "      - person: carol\n        function: voorzitter\n"
                                             "        end: 2026-06-01\n"))
    write_decided(repo, "CP-0002", "bob", ["governance"])  # a roster change is in force once decided
    commit_all(repo, "carol leaves beheer in June (CP-0002)", who="bob")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", code=2)
    assert f"carol may not cut a release on {dt.date.today()}" in result.output
    assert state(repo) == before


def test_a_cut_dated_in_the_future_is_refused(repo, runner):
    """A cut dated after today is refused; nothing changes."""
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", later, code=2)
    assert f"the cut would be dated {later}, in the future" in result.output
    assert state(repo) == before


def test_a_cut_committed_when_the_cutter_was_no_longer_entitled_is_l010(released, runner):
    """The manifest's day is within carol's membership, its commit's day is not: L010 at the cut_by line.

    The roster as it was counts (issue 14): the membership's end is committed before the cut commit.
    """
    cut = git(released, "rev-parse", "HEAD").strip()
    end_membership_before_cut(released, cut, git, commit_all)
    found = findings(runner, released)
    assert at(found, "L010") == {(MANIFEST, line_of(released, MANIFEST, '"cut_by"'))}
    assert "was committed on" in next(d["message"] for d in found if d["code"] == "L010")


def test_a_publication_is_judged_by_the_roster_before_its_commit(released, runner):
    """dave makes himself beheer's voorzitter (no proposal), then publishes: L010 at 'published', though today's file lists him."""
    path = released / GOVERNANCE
    text = path.read_text()
    old = "      - person: carol\n        function: voorzitter\n"
    assert old in text
    path.write_text(text.replace(old, old + "      - person: dave\n        function: voorzitter\n        start: 2025-01-01\n"))
    commit_all(released, "dave joins beheer", who="dave")
    # the command judges as check will: the undecided roster edit authorises nobody
    result = run(runner, "release", "publish", "0.1", "--as", "dave", "-C", str(released), code=2)
    assert "dave may not publish a release" in result.output and "judged by the roster in force" in result.output
    register = released / REGISTER_01  # done by hand instead
    register.write_text(register.read_text().replace("status: vastgesteld", "status: gepubliceerd")
                        + f"published:\n  by: dave\n  date: {dt.date.today()}\n")
    commit_all(released, "Publish release 0.1", who="dave")
    found = findings(runner, released)
    assert at(found, "L010") == {(REGISTER_01, line_of(released, REGISTER_01, "published:"))}, found
    assert "published by dave" in next(d["message"] for d in found if d["code"] == "L010")
