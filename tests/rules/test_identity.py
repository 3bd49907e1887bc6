"""I-codes: the shape and uniqueness of IDs, and file names that match them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

from ..helpers import CONTENT, Case, diagnostics, fixture_text, make_tree, replace, run_case, show

MA = CONTENT + "afspraken/MA-001.yaml"
ROLE = CONTENT + "rollen/zorgaanbieder.yaml"

CASES = [
    Case("I001-config-pattern", "I001", {MA: replace("id: MA-001", "id: MA-01"),
                                         CONTENT + "paginas/intro.md": replace("[[MA-001]]", "[[MA-01]]"),
                                         CONTENT + "begrippen/GtK.yaml": replace("[[MA-001]]", "[[MA-01]]")},
         MA, 2, col=5, message="agreement ID 'MA-01' does not match the pattern ^MA-[0-9]{3}$",
         hint="id_patterns.agreement"),
    Case("I001-default-pattern", "I001",
         {CONTENT + "rollen/zorg aanbieder.yaml": "kind: role\nid: 'zorg aanbieder'\ntitle: Z\nstatus: gereed\nsources: [S1]\n"},
         CONTENT + "rollen/zorg aanbieder.yaml", 2, col=5, message="role ID 'zorg aanbieder' does not match"),
    Case("I002-same-kind", "I002", {CONTENT + "principes/MP-02.yaml": fixture_text(CONTENT + "principes/MP-01.yaml")},
         CONTENT + "principes/MP-02.yaml", 2, col=5,
         message="ID 'MP-01' is defined more than once (also in afsprakenstelsel/principes/MP-01.yaml:2)",
         hint="new, unique ID"),
    Case("I002-other-kind", "I002",
         {CONTENT + "begrippen/MP-01.yaml": "kind: term\nid: MP-01\ntitle: T\nstatus: gereed\ndefinition: D\nsources: [S1]\n"},
         CONTENT + "principes/MP-01.yaml", 2, message="also in afsprakenstelsel/begrippen/MP-01.yaml:2"),
    Case("I002-declared-twice", "I002", {CONTENT + "stelsel.yaml": replace("  - id: security\n", "  - id: organisatie\n")},
         CONTENT + "stelsel.yaml", 16, col=9, message="layers: 'organisatie' is declared twice (first at entry 1)",
         hint="rename the second"),
    Case("I002-person-twice", "I002", {CONTENT + "governance.yaml": replace("  - id: bob\n", "  - id: alice\n")},
         CONTENT + "governance.yaml", 21, col=9, message="people: 'alice' is declared twice"),
    Case("I003-file-name", "I003", {ROLE: None, CONTENT + "rollen/zorg.yaml": fixture_text(ROLE)},
         CONTENT + "rollen/zorg.yaml", 2, col=5, message="file name 'zorg' does not match ID 'zorgaanbieder'",
         hint="rename the file to zorgaanbieder.yaml"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its I-code at the exact place, with a hint; exit 1 for errors."""
    run_case(case, tmp_path)


def test_warning_alone_exits_0_unless_warnings_are_errors(tmp_path):
    """I003 is a warning: alone it exits 0, with --warnings-as-errors it exits 1."""
    root = make_tree(tmp_path / "tree", {ROLE: None, CONTENT + "rollen/zorg.yaml": fixture_text(ROLE)})
    runner = CliRunner()
    plain = runner.invoke(cli, ["check", str(root), "--no-cache"])
    assert plain.exit_code == 0, plain.output
    assert "I003" in plain.output and "(warning)" in plain.output
    assert "0 error(s), 1 warning(s)" in plain.output
    strict = runner.invoke(cli, ["check", str(root), "--no-cache", "--warnings-as-errors"])
    assert strict.exit_code == 1, strict.output


GOOD = {
    "default-pattern-allows-dots-and-underscores": {CONTENT + "rollen/zorg.aanbieder_2.yaml":
                                                    fixture_text(ROLE).replace("id: zorgaanbieder", "id: zorg.aanbieder_2")},
    "same-id-in-different-declared-lists": {CONTENT + "stelsel.yaml": replace("  - id: S1\n", "  - id: S1\n    file: s1.pdf\n")},
    "markdown-file-name-matches": {CONTENT + "paginas/intro.md": replace("title: Inleiding", "title: Een andere titel")},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """Near misses of the I-codes are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)


def test_invalid_id_pattern_in_config_does_not_crash(tmp_path):
    """An id_pattern that is not a valid regular expression is skipped by I001, never a crash."""
    root = make_tree(tmp_path / "tree", {CONTENT + "stelsel.yaml": replace("'^MP-[0-9]{2}$'", "'^MP-[0-9'")})
    assert not [d for d in diagnostics(root) if d.code == "I001"]
