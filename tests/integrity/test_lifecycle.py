"""The release lifecycle: cut moves the working release on, release open opens the next, stale targets are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import commit_all, errors, findings, git, run
from .test_authority import at, line_of, state

CONFIG = "afsprakenstelsel/stelsel.yaml"
REGISTER_02 = "afsprakenstelsel/releases/0.2.yaml"


@pytest.fixture
def last_cut(repo, runner) -> Path:
    """0.1 cut by carol in a register that plans nothing after it: working_release stays on the frozen 0.1."""
    git(repo, "rm", "-q", REGISTER_02, who="bob")
    commit_all(repo, "0.2 is not planned yet", who="bob")
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    return repo


def test_cut_moves_working_release_to_the_next_planned_release(released):
    """After the cut of 0.1, working_release is 0.2 and 0.2 is in_voorbereiding with previous 0.1."""
    assert 'working_release: "0.2"' in (released / CONFIG).read_text()
    register = (released / REGISTER_02).read_text()
    assert "status: in_voorbereiding" in register and 'previous: "0.1"' in register


def test_a_frozen_working_release_is_l011(last_cut, runner):
    """With nothing planned after 0.1, working_release stays on the frozen 0.1: L011 at its line (a warning)."""
    found = findings(runner, last_cut)
    assert at(found, "L011") == {(CONFIG, line_of(last_cut, CONFIG, "working_release:"))}
    assert next(d for d in found if d["code"] == "L011")["severity"] == "warning"
    assert errors(found) == []


def test_release_open_adds_and_opens_the_next_release(last_cut, runner):
    """release open 0.2 --title: the register entry (in_voorbereiding, previous 0.1) and working_release, committed by carol."""
    head = git(last_cut, "rev-parse", "HEAD").strip()
    result = run(runner, "release", "open", "0.2", "--as", "carol", "--title", "Release 0.2", "-C", str(last_cut))
    assert "release 0.2 added to the register and opened" in result.output
    register = (last_cut / REGISTER_02).read_text()
    assert "status: in_voorbereiding" in register and "previous: '0.1'" in register and "sources:" in register
    assert 'working_release: "0.2"' in (last_cut / CONFIG).read_text()
    assert git(last_cut, "log", "-1", "--format=%an <%ae>").strip() == "Carol <carol@example.org>"
    assert git(last_cut, "status", "--porcelain") == ""
    found = findings(runner, last_cut)
    assert "L011" not in {d["code"] for d in found} and errors(found) == []
    since = findings(runner, last_cut, "--since", head)
    assert errors(since) == []


def test_release_open_moves_a_planned_release_in(last_cut, runner):
    """A planned (gepland) 0.2 in the register: release open sets it in_voorbereiding and keeps every other byte."""
    (last_cut / REGISTER_02).write_text('kind: release\nid: "0.2"\ntitle: Release 0.2  # het plan\nstatus: gepland\n'
                                        'sources: [S1]\n')
    commit_all(last_cut, "0.2 planned", who="bob")
    run(runner, "release", "open", "0.2", "--as", "carol", "-C", str(last_cut))
    assert (last_cut / REGISTER_02).read_text() == ('kind: release\nid: "0.2"\ntitle: Release 0.2  # het plan\n'
                                                    'status: in_voorbereiding\nsources: [S1]\nprevious: \'0.1\'\n')
    assert errors(findings(runner, last_cut)) == []


@pytest.mark.parametrize("version, args, message", [
    ("0.1", (), "release 0.1 is already frozen in releases/0.1"),
    ("0.0.9", ("--title", "Oud"), "release 0.0.9 is not newer than the newest frozen release (0.1)"),
    ("0.3", (), "release 0.3 is not in the register (registered: 0.1); give --title to add it"),
    ("0.1.0", ("--title", "Nul"), "0.1.0 is the same version as 0.1, which the project has already; use '0.1'"),
    ("00.1", ("--title", "Nul"), "00.1 is the same version as 0.1"),
])
def test_release_open_refuses_and_changes_nothing(last_cut, runner, version, args, message):
    """release open of a frozen, an older, an unknown version (without --title), or the frozen one spelt otherwise
    (0.1.0, 00.1): exit 2, nothing changes."""
    before = state(last_cut)
    result = run(runner, "release", "open", version, "--as", "carol", "-C", str(last_cut), *args, code=2)
    assert message in result.output
    assert state(last_cut) == before


def test_a_supplier_may_not_open_a_release(last_cut, runner):
    """dave opens 0.2: refused (release_authority.open), nothing changes."""
    before = state(last_cut)
    result = run(runner, "release", "open", "0.2", "--as", "dave", "--title", "Release 0.2", "-C", str(last_cut), code=2)
    assert "refused: dave may not open a release" in result.output
    assert state(last_cut) == before


def test_open_proposal_targeting_a_frozen_release_is_w022(released, runner):
    """An open (concept) proposal that targets the frozen 0.1: W022 at its target_release line, with the retarget hint."""
    path = released / "changes/CP-0009.md"
    path.write_text('---\nid: CP-0009\ntitle: Later\ntype: normatief\nauthors: [alice]\nworking_group: wg-test\n'
                    'target_release: "0.1"\nstatus: concept\nchanges:\n  - {item: MA-001, action: change}\n'
                    'motivation: Zodat de juiste informatie op de juiste plek komt.\n---\nLater.\n')
    commit_all(released, "CP-0009", who="alice")
    found = findings(runner, released)
    assert at(found, "W022") == {("changes/CP-0009.md", line_of(released, "changes/CP-0009.md", "target_release:"))}
    assert 'target_release: "0.2"' in next(d for d in found if d["code"] == "W022")["hint"]


def test_propose_defaults_to_the_open_working_release(released, runner):
    """After the cut of 0.1, a proposal without --release targets the working release 0.2."""
    run(runner, "propose", "--id", "CP-0003", "--title", "Volgende", "--item", "change:MA-001", "--author", "alice",
        "-C", str(released))
    text = (released / "changes/CP-0003.md").read_text()
    assert "target_release: '0.2'" in text or 'target_release: "0.2"' in text


def test_propose_refuses_a_frozen_working_release(last_cut, runner):
    """working_release is the frozen 0.1 and nothing is open: propose without --release refuses, pointing at release open."""
    before = state(last_cut)
    result = run(runner, "propose", "--title", "Volgende", "--item", "change:MA-001", "--author", "alice",
                 "-C", str(last_cut), code=2)
    assert "the working release 0.1 is frozen already" in result.output and "stelsel release open" in result.output
    assert state(last_cut) == before


def test_approved_proposal_left_out_of_a_frozen_release_is_w022(released, runner):
    """A proposal approved for 0.1 but not in it (0.1 is frozen): W022 at its target_release line."""
    path = released / "changes/CP-0009.md"
    path.write_text('---\nid: CP-0009\ntitle: Te laat\ntype: normatief\nauthors: [alice]\nworking_group: wg-test\n'
                    'target_release: "0.1"\nstatus: aangenomen\nchanges:\n  - {item: MA-001, action: change}\n'
                    'motivation: Zodat de juiste informatie op de juiste plek komt.\n'
                    'decision:\n  body: stuurgroep\n  by: bob\n  date: 2026-01-20\n  outcome: aangenomen\n'
                    'history:\n  - at: 2026-01-20\n    by: bob\n    from: concept\n    to: aangenomen\n---\nTe laat.\n')
    commit_all(released, "CP-0009", who="bob")
    found = findings(runner, released)
    assert at(found, "W022") == {("changes/CP-0009.md", line_of(released, "changes/CP-0009.md", "target_release:"))}
    assert "was frozen without it" in next(d["message"] for d in found if d["code"] == "W022")


HAND_RELEASED = ('---\nid: CP-0008\ntitle: Bereikbaarheid\ntype: normatief\nauthors: [alice]\nworking_group: wg-test\n'
                 'target_release: "0.2"\nstatus: opgenomen\nchanges:\n  - {item: MA-001, action: change}\n'
                 'motivation: Zodat de juiste informatie op de juiste plek komt.\n'
                 'decision:\n  body: stuurgroep\n  by: bob\n  date: 2026-02-02\n  outcome: aangenomen\n'
                 'history:\n  - {at: 2026-02-02, by: bob, from: concept, to: aangenomen}\n'
                 '  - {at: 2026-02-03, by: carol, from: aangenomen, to: opgenomen}\n'
                 'released_in: "RELEASE"\n---\nTekst.\n')


@pytest.mark.parametrize("release, said", [("0.1", "releases/0.1/changes/ does not include it"),
                                           ("0.2", "which is not frozen")])
def test_a_proposal_marked_released_by_hand_is_w022(released, runner, release, said):
    """A proposal moved to opgenomen by hand, 'released' in a release that does not hold it: W022 at released_in."""
    path = "changes/CP-0008.md"
    (released / path).write_text(HAND_RELEASED.replace("RELEASE", release))
    found = [d for d in findings(runner, released) if d["code"] == "W022"]
    assert [(d["path"], d["line"]) for d in found] == [(path, line_of(released, path, "released_in:"))]
    assert said in found[0]["message"]


@pytest.mark.parametrize("version", ["../../evil", "a/b", "1..2", "x y"])
def test_a_version_that_is_no_version_is_refused_and_nothing_is_written(released, runner, version):
    """release open/cut/verify with a VERSION that could leave the tree (or break a tag): exit 2, nothing written."""
    before = state(released)
    for args in (["open", version, "--as", "carol", "--title", "X"], ["cut", version, "--as", "carol"], ["verify", version]):
        result = run(runner, "release", *args, "-C", str(released), code=2)
        assert "is not a version" in result.output
    assert state(released) == before
    assert not (released.parent / "evil.yaml").exists()


def test_a_register_entry_whose_id_is_no_version_is_s003(released, runner):
    """A hostile register file with id '../x' is a schema finding at its id line (so cut refuses it)."""
    path = "afsprakenstelsel/releases/x.yaml"
    (released / path).write_text('kind: release\nid: "../x"\ntitle: X\nstatus: gepland\nsources: [S1]\n')
    found = [d for d in findings(runner, released) if d["path"] == path]
    assert [(d["code"], d["line"]) for d in found if d["code"] == "S003"] == [("S003", 2)]
