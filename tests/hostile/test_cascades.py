"""One fault, one finding: a central file that cannot be read buries nothing (issue 15, 'Cascades')."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, make_tree, replace
from .common import check_both

CONFIG = CONTENT + "stelsel.yaml"
GOVERNANCE = CONTENT + "governance.yaml"
ROLE = CONTENT + "rollen/zorgaanbieder.yaml"


def _only(diags, path):
    """Every finding is on ``path``: (code, line, col) of each."""
    assert {d.path for d in diags} == {path}, [(d.path, d.code, d.line) for d in diags]
    return [(d.code, d.line, d.col) for d in diags]


def test_a_missing_config_is_f013_and_one_summary(tmp_path):
    """No stelsel.yaml: F013 and one F018 counting the layer, level and source references (was F013 + an R001 each)."""
    diags = check_both(make_tree(tmp_path / "tree", {CONFIG: None}))
    assert _only(diags, CONFIG) == [("F013", 0, 0), ("F018", 0, 0)]
    summary = diags[1]
    assert summary.severity == "warning"
    assert summary.message == ("9 references to functions, layers, levels and sources defined in "
                               "afsprakenstelsel/stelsel.yaml not checked")


def test_an_unclosed_bracket_in_the_config_is_one_finding_at_the_bracket(tmp_path):
    """An unclosed '[' on line 5 of stelsel.yaml: F001 on line 5 where it opens, one F018, no F013 and no R001."""
    tree = make_tree(tmp_path / "tree", {CONFIG: replace("purpose: Een klein", "purpose: [Een klein")})
    diags = check_both(tree)
    assert _only(diags, CONFIG) == [("F001", 5, 10), ("F018", 5, 10)]
    assert "a list opened here is never closed" in diags[0].message


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_in_the_governance_is_one_finding_where_it_opens(tmp_path, quote):
    """title: "Governance (no closing quote) on line 3: F001 at 3:8 and one F018 for the people and bodies."""
    tree = make_tree(tmp_path / "tree", {GOVERNANCE: replace("title: Governance\n", f"title: {quote}Governance\n")},
                     base="full")
    diags = check_both(tree)
    assert _only(diags, GOVERNANCE) == [("F001", 3, 8), ("F018", 3, 8)]
    assert diags[1].message == "2 references to bodies and people defined in afsprakenstelsel/governance.yaml not checked"


def test_one_broken_role_file_is_one_finding_for_the_role_it_defines(tmp_path):
    """A role file with an unclosed '[': F001 on it, one F018 ('references to roles'), no R001/R006, no 'deleted'."""
    tree = make_tree(tmp_path / "tree", {ROLE: replace("title: Zorgaanbieder", "title: [Zorgaanbieder")})
    diags = check_both(tree)
    assert _only(diags, ROLE) == [("F001", 3, 8), ("F018", 3, 8)]
    assert diags[1].message == f"2 references to roles defined in {ROLE} not checked"


def test_a_role_file_that_is_not_utf8_suppresses_its_references_too(tmp_path):
    """Latin-1 bytes in the role file: F002 at their line, and the references to the role it defines are counted."""
    tree = make_tree(tmp_path / "tree", {ROLE: b"kind: role\nid: zorgaanbieder\ntitle: Zorgaanbieder \xe9\n"})
    diags = check_both(tree)
    assert _only(diags, ROLE) == [("F002", 3, 22), ("F018", 3, 22)]


def test_a_typo_elsewhere_is_still_reported(tmp_path):
    """Suppression is for what the unreadable file defines: a reference to an unknown role elsewhere is still R001."""
    tree = make_tree(tmp_path / "tree", {
        ROLE: replace("title: Zorgaanbieder", "title: [Zorgaanbieder"),
        CONTENT + "afspraken/MA-001.yaml": replace("applies_to: [zorgaanbieder]", "applies_to: [zorgaanbieder, tandarts]"),
    })
    diags = check_both(tree)
    assert [(d.path, d.code) for d in diags if d.code == "R001"] == [(CONTENT + "afspraken/MA-001.yaml", "R001")]
    assert "tandarts" in next(d.message for d in diags if d.code == "R001")


def test_a_broken_release_register_entry_suppresses_the_releases_named_after_it(tmp_path):
    """releases/0.1.yaml with an unclosed '[': F001 and one F018 for the 'since: "0.1"' references, no R005."""
    register = CONTENT + "releases/0.1.yaml"
    diags = check_both(make_tree(tmp_path / "tree", {register: replace("title: Release 0.1", "title: [Release 0.1")}))
    assert _only(diags, register) == [("F001", 3, 8), ("F018", 3, 8)]
    assert "references to releases defined in" in diags[1].message


ADDED = CONTENT + "afspraken/MA-003.yaml"  # WV-001 (concept) adds it


@pytest.mark.parametrize("edit, code", [(replace("title: Beveiligde", "title: [Beveiligde"), "F001"),
                                        (replace("status: concept", "status: bogus"), "S003"),
                                        (replace("level: MOET", "level: [MOET"), "F001")],
                         ids=["unclosed-title", "unknown-status", "unclosed-level"])
def test_a_broken_item_a_proposal_lists_is_not_also_w010(tmp_path, edit, code):
    """MA-003 unreadable or invalid: its own finding (and F018), no W010 'add of unknown item' in WV-001."""
    diags = check_both(make_tree(tmp_path / "tree", {ADDED: edit}, base="full"))
    assert [d.code for d in diags if d.code == "W010"] == []
    assert code in [d.code for d in diags if d.path == ADDED]


def test_a_missing_config_a_proposal_changes_is_not_also_w010(tmp_path):
    """WV-001 changes the framework config 'mini', which is gone: F013 and F018, no W010."""
    proposal = replace("  - item: MA-002\n", "  - item: mini\n    action: change\n  - item: MA-002\n")
    diags = check_both(make_tree(tmp_path / "tree", {CONFIG: None, "changes/WV-001.md": proposal}, base="full"))
    assert [d.code for d in diags if d.code == "W010"] == []
    assert [d.code for d in diags if d.path == CONFIG] == ["F013", "F018"]


def test_a_typo_in_a_proposal_change_is_still_w010(tmp_path):
    """WV-001 adds MA-004, which no file defines: W010 on its changes entry."""
    diags = check_both(make_tree(tmp_path / "tree", {"changes/WV-001.md": replace("item: MA-003", "item: MA-004")},
                                 base="full"))
    assert [(d.path, d.code, d.line) for d in diags if d.code == "W010"] == [("changes/WV-001.md", "W010", 11)]


def test_a_content_folder_that_is_not_there_is_f013_and_one_summary(tmp_path):
    """stelsel.toml names 'inhoud', which does not exist: F013 (its hint naming stelsel.toml) and one F018, no R001/R006."""
    tree = make_tree(tmp_path / "tree", base="full")
    (tree / "stelsel.toml").write_text('content = "inhoud"\n', encoding="utf-8")
    diags = check_both(tree)
    assert _only(diags, "inhoud/stelsel.yaml") == [("F013", 0, 0), ("F018", 0, 0)]
    assert "stelsel.toml" in diags[0].hint
