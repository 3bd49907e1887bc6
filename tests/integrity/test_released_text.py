"""The plain check holds the working tree to the newest frozen release: a change needs a live proposal (L004)."""

from __future__ import annotations

import shutil

from .conftest import commit_all, findings, run
from .test_pinning import AGREEMENT, at, edit, line_of, propose

PRINCIPLE = "afsprakenstelsel/principes/MP-01.yaml"


def test_an_edit_after_the_release_without_a_proposal_is_l004(released, runner):
    """dave changes MA-001 after 0.1 was frozen and commits it: plain check, L004 at its id line, naming 0.1."""
    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    commit_all(released, "MA-001 aangescherpt", who="dave")
    found = findings(runner, released)
    assert at(found, "L004") == [(AGREEMENT, line_of(released, AGREEMENT, "id: MA-001"))]
    message = next(d for d in found if d["code"] == "L004")
    assert "after release 0.1 was frozen" in message["message"]
    assert "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml" in message["hint"]


def test_an_added_and_a_deleted_item_are_l004(released, runner):
    """A new item and a deleted one, neither listed by a proposal: L004 at the new file's id and the deleted path."""
    text = (released / PRINCIPLE).read_text().replace("id: MP-01", "id: MP-02").replace("number: 1", "number: 2") \
        .replace("Het netwerk is vertrouwd.", "Het netwerk is open.")
    (released / "afsprakenstelsel/principes/MP-02.yaml").write_text(text)
    (released / "afsprakenstelsel/begrippen/GtK.yaml").unlink()
    found = findings(runner, released)
    assert sorted(at(found, "L004")) == [("afsprakenstelsel/begrippen/GtK.yaml", 0),
                                         ("afsprakenstelsel/principes/MP-02.yaml", 2)]


def test_a_live_proposal_carries_the_change(released, runner):
    """The same edit listed by an open proposal for the next release: no L004."""
    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    propose(runner, released, "CP-0002", "change:MA-001")
    assert at(findings(runner, released), "L004") == []


def test_moving_a_file_or_reformatting_it_changes_nothing(released, runner):
    """A moved file and a comment added to another are no change of released text."""
    target = released / "afsprakenstelsel/afspraken/sub"
    target.mkdir()
    shutil.move(released / AGREEMENT, target / "MA-001.yaml")
    principle = released / PRINCIPLE
    principle.write_text("# een opmerking\n" + principle.read_text())
    assert at(findings(runner, released), "L004") == []


def test_a_rename_is_reported_once_under_its_new_id(released, runner):
    """MP-01 renamed to MP-09 without a proposal: one L004 at MP-09 saying it was renamed from MP-01."""
    old = released / PRINCIPLE
    (released / "afsprakenstelsel/principes/MP-09.yaml").write_text(old.read_text().replace("id: MP-01", "id: MP-09"))
    old.unlink()
    found = [d for d in findings(runner, released) if d["code"] == "L004"]
    assert [(d["path"], d["line"]) for d in found] == [("afsprakenstelsel/principes/MP-09.yaml", 2)]
    assert "renamed from MP-01" in found[0]["message"]


def test_a_wrong_tag_does_not_hide_an_unproposed_edit(released, runner):
    """A tag release-0.1 on another commit (L005) leaves the folder trustworthy: an unproposed edit is still L004."""
    from .conftest import git

    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    commit_all(released, "MA-001 aangescherpt", who="dave")
    git(released, "tag", "-f", "-a", "release-0.1", "HEAD", "-m", "Release 0.1", who="dave")
    found = findings(runner, released)
    assert at(found, "L004") == [(AGREEMENT, line_of(released, AGREEMENT, "id: MA-001"))]
    assert at(found, "L005") != []


def test_a_file_of_unknown_kind_is_f009_only(released, runner):
    """'kind: [principle]' in a new file and in MP-01's: F009 on each, no L004 'added' or 'deleted' for them."""
    text = (released / PRINCIPLE).read_text()
    (released / "afsprakenstelsel/principes/MP-02.yaml").write_text(
        text.replace("id: MP-01", "id: MP-02").replace("kind: principle", "kind: [principle]"))
    (released / PRINCIPLE).write_text(text.replace("kind: principle", "kind: [principle]"))
    found = findings(runner, released)
    assert at(found, "L004") == []
    assert sorted(at(found, "F009")) == [(PRINCIPLE, 1), ("afsprakenstelsel/principes/MP-02.yaml", 1)]


GOVERNANCE = "afsprakenstelsel/governance.yaml"
CONFIG = "afsprakenstelsel/stelsel.yaml"


def test_the_governance_and_the_config_are_held_to_the_release_too(released, runner):
    """dave makes himself stuurgroep member and drops require_sources after 0.1 was frozen, no proposal: plain check
    gives L004 at governance.yaml and at stelsel.yaml (not only check --since); a proposal listing both carries it."""
    edit(released, GOVERNANCE, "      - person: bob\n        function: voorzitter\n",
         "      - person: bob\n        function: voorzitter\n      - person: dave\n        function: lid\n")
    config = (released / CONFIG).read_text()
    (released / CONFIG).write_text(config + "require_sources: false\n" if "require_sources" not in config
                                   else config.replace("require_sources: true", "require_sources: false"))
    commit_all(released, "dave in de stuurgroep", who="dave")
    found = [d for d in findings(runner, released) if d["code"] == "L004"]
    assert sorted(d["path"] for d in found) == [GOVERNANCE, CONFIG], found
    assert all("after release 0.1 was frozen" in d["message"] for d in found), found
    propose(runner, released, "CP-0002", "change:governance", "change:mini")
    assert at(findings(runner, released), "L004") == []


def test_the_tools_own_move_of_working_release_is_no_change(released, runner):
    """release open 0.2 moves working_release in the config: that is no L004 against 0.1."""
    run(runner, "release", "open", "0.2", "--as", "carol", "-C", str(released), code=None)
    config = (released / CONFIG).read_text()
    if 'working_release: "0.1"' in config:  # the fixture registers 0.2 already: move it as open would
        (released / CONFIG).write_text(config.replace('working_release: "0.1"', 'working_release: "0.2"'))
    assert '0.2' in (released / CONFIG).read_text()
    assert at(findings(runner, released), "L004") == []
