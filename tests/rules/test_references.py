"""R-codes: references between items (dangling, wrong kind, cyclic, withdrawn, releases, links)."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, Case, append, diagnostics, make_tree, replace, run_case, show

MA = CONTENT + "afspraken/MA-001.yaml"
MA3 = CONTENT + "afspraken/MA-003.yaml"
PAGE = CONTENT + "paginas/intro.md"
TABLE = CONTENT + "tabellen/toegang.yaml"
MA2_TEXT = """kind: agreement
id: MA-002
title: Tweede
status: gereed
statement: De zorgaanbieder MOET iets.
level: MOET
layers: [organisatie]
applies_to: [zorgaanbieder]
sources: [S1]
"""

CASES = [
    Case("R001-did-you-mean", "R001", {MA: replace("[zorgaanbieder]", "[zorgaanbiede]")}, MA, 8, col=14,
         message="applies_to: unknown role 'zorgaanbiede'", hint="did you mean 'zorgaanbieder'?"),
    Case("R001-level", "R001", {MA: replace("level: MOET", "level: MUST")}, MA, 6, col=8,
         message="level: unknown level 'MUST'"),
    Case("R001-source", "R001", {MA: replace("sources: [S1]", "sources: [S1, S2]")}, MA, 11, col=15,
         message="unknown source 'S2'", hint="known: S1"),
    Case("R001-person-in-governance", "R001", {CONTENT + "governance.yaml": replace("person: alice", "person: carol")},
         CONTENT + "governance.yaml", 9, col=17, message="unknown person 'carol'", hint="known: alice, bob"),
    Case("R001-decision-table-cell", "R001", {TABLE: replace("rol: huisarts", "rol: tandarts")}, TABLE, 18, col=10,
         message="rows: unknown role 'tandarts'", base="full"),
    Case("R001-decision-table-list-cell", "R001", {TABLE: replace("[MA-001, MA-003]", "[MA-001, MA-009]")}, TABLE, 16,
         col=25, message="unknown agreement 'MA-009'", base="full"),
    Case("R002-wrong-kind", "R002", {MA: replace("[zorgaanbieder]", "[MP-01]")}, MA, 8, col=14,
         message="applies_to: 'MP-01' is a principle, but a role is expected here", hint="known: zorgaanbieder"),
    Case("R002-declared-name-as-item", "R002", {MA: replace("[zorgaanbieder]", "[organisatie]")}, MA, 8, col=14,
         message="'organisatie' is a layer, but a role is expected"),
    Case("R003-replaces-cycle", "R003",
         {MA: append("replaces: [MA-002]\n"), CONTENT + "afspraken/MA-002.yaml": MA2_TEXT + "replaces: [MA-001]\n"},
         MA, 14, col=11, message="replaces forms a cycle: MA-001 -> MA-002 -> MA-001", hint="remove the reference"),
    Case("R003-derived-from-self", "R003", {MA: replace("derived_from: [MP-01]", "derived_from: [MA-001]")}, MA, 9,
         col=15, message="derived_from forms a cycle: MA-001 -> MA-001"),
    Case("R003-derived-from-loop", "R003",
         {MA: replace("derived_from: [MP-01]", "derived_from: [MP-01, MA-002]"),
          CONTENT + "afspraken/MA-002.yaml": MA2_TEXT + "derived_from: [MA-001]\n"},
         MA, 9, col=15, message="derived_from forms a cycle: MA-001 -> MA-002 -> MA-001"),
    Case("R003-part-of", "R003", {CONTENT + "diensten/beheer.yaml": append("part_of: servicedesk\n")},
         CONTENT + "diensten/beheer.yaml", 7, col=10, message="part_of forms a cycle: beheer -> servicedesk -> beheer",
         base="full"),
    Case("R004-withdrawn", "R004", {CONTENT + "principes/MP-01.yaml": replace("status: gereed", "status: vervallen")},
         MA, 9, col=16, message="derived_from: 'MP-01' is withdrawn (vervallen)", hint="remove or update"),
    Case("R004-successor-hint", "R004",
         {CONTENT + "uitgangspunten/UP-01.yaml": replace("[MA-001, zorgaanbieder]", "[MA-002, zorgaanbieder]")},
         CONTENT + "uitgangspunten/UP-01.yaml", 7, col=14, hint="refer to its successor: MA-003", base="full"),
    Case("R005-since", "R005", {MA: replace('since: "0.1"', 'since: "0.2"')}, MA, 10, col=8,
         message="since: release '0.2' is not in the release register", hint="did you mean '0.1'?"),
    Case("R005-working-release", "R005", {CONTENT + "stelsel.yaml": replace('working_release: "0.1"', 'working_release: "2.0"')},
         CONTENT + "stelsel.yaml", 11, col=18, hint="registered releases: 0.1"),
    Case("R005-page-release", "R005", {PAGE: replace('release: "0.1"', 'release: "0.3"')}, PAGE, 5, col=10,
         message="release: release '0.3'"),
    Case("R006-page-body", "R006", {PAGE: append("\nEn [[MA-999]] ook.\n")}, PAGE, 12, col=4,
         message="link to unknown item '[[MA-999]]'", hint="known: 0.1, GtK, MA-001"),
    Case("R006-page-body-crlf-and-label", "R006",
         {PAGE: lambda t: t.replace("\n", "\r\n") + "\r\n\r\nZie [[MA-998#kop|de afspraak]].\r\n"}, PAGE, 13, col=5,
         message="'[[MA-998]]'"),
    Case("R006-prose-field", "R006", {CONTENT + "begrippen/GtK.yaml": replace("[[MA-001]]", "[[MA-002]]")},
         CONTENT + "begrippen/GtK.yaml", 6, col=60, hint="did you mean 'MA-001'?"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its R-code at the exact place, with a hint, and exit code 1."""
    run_case(case, tmp_path)


GOOD = {
    "replaces-names-withdrawn": {CONTENT + "afspraken/MA-002.yaml": MA2_TEXT.replace("gereed", "vervallen")
                                 + "replaced_by: [MA-001]\n", MA: append("replaces: [MA-002]\n")},
    "withdrawn-refers-to-withdrawn": {CONTENT + "principes/MP-01.yaml": replace("status: gereed", "status: vervallen"),
                                      MA: replace("status: gereed", "status: vervallen")},
    "derived-chain-without-cycle": {CONTENT + "afspraken/MA-002.yaml": MA2_TEXT + "derived_from: [MA-001]\n"},
    "link-with-anchor-and-label": {PAGE: append("\nZie [[MA-001#kop|de afspraak]] en [[GtK]].\n")},
    "not-a-link": {PAGE: append("\nGeen link: [[ ]] of [MA-999] of [[]].\n")},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """Near misses of the R-codes (replaces of withdrawn items, chains, valid links) are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)


def test_cycle_reported_once(tmp_path):
    """A cycle of three agreements is one R003 finding, on the smallest ID, listing the loop in order."""
    three = {MA: replace("derived_from: [MP-01]", "derived_from: [MA-003]"),
             CONTENT + "afspraken/MA-002.yaml": MA2_TEXT + "derived_from: [MA-001]\n",
             CONTENT + "afspraken/MA-003.yaml": MA2_TEXT.replace("MA-002", "MA-003") + "derived_from: [MA-002]\n"}
    root = make_tree(tmp_path / "tree", three)
    found = [d for d in diagnostics(root) if d.code == "R003"]
    assert [(d.path, d.message) for d in found] == [(MA, "derived_from forms a cycle: MA-001 -> MA-003 -> MA-002 -> MA-001")]


def test_references_in_invalid_files_are_still_checked(tmp_path):
    """A dangling reference is reported even when the same file also has a schema error."""
    root = make_tree(tmp_path / "tree", {MA: lambda t: t.replace("[zorgaanbieder]", "[tandarts]") + "foo: 1\n"})
    codes = {d.code for d in diagnostics(root) if d.path == MA}
    assert {"S001", "R001"} <= codes


def test_full_fixture_is_clean():
    """The fixture with one file of every kind (and every kind of reference) checks clean."""
    from ..helpers import FIXTURES

    found = diagnostics(FIXTURES / "full")
    assert found == [], show(found)


def test_a_finding_inside_a_block_scalar_is_on_its_own_line(tmp_path):
    """An unknown [[ID]] on the third line of a folded statement and raw HTML on its fifth: R006 and C003 at those
    lines and columns, not at the 'statement:' key (a block scalar spans lines)."""
    from ..helpers import diagnostics, make_tree, replace

    root = make_tree(tmp_path / "tree", {CONTENT + "afspraken/MA-001.yaml": replace(
        "statement: De zorgaanbieder MOET een servicedesk inrichten.",
        "statement: >-\n  De zorgaanbieder MOET een servicedesk inrichten,\n\n  zie [[MA-404]]\n\n  en <b onclick=x>vet</b>.")})
    found = {d.code: (d.line, d.col) for d in diagnostics(root) if d.code in ("R006", "C003")}
    assert found == {"R006": (8, 7), "C003": (10, 6)}, found
