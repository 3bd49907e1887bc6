"""The finding codes of the leaf module, and the rule classes that document them."""

from __future__ import annotations

from stelsel import codes
from stelsel.diagnostics import Severity
from stelsel.rules import all_rules


def test_every_code_has_exactly_one_rule_class():
    """codes.ALL and the rule registry list the same codes, with the same names and severities."""
    listed = {(c.code, c.name, c.severity) for c in codes.ALL}
    documented = {(r.code, r.name, r.severity) for r in all_rules()}
    assert listed == documented
    assert len(codes.ALL) == len({c.code for c in codes.ALL}) == len({c.name for c in codes.ALL})


def test_a_rule_class_takes_its_code_from_the_leaf_module():
    """A rule's finding is the very Code object the loader raises, so both report the same code."""
    from stelsel.rules.files import BinaryFile

    assert BinaryFile.finding is codes.BINARY_FILE
    assert (BinaryFile.code, BinaryFile.name) == ("F005", "binary-file")


def test_code_at_builds_a_finding_with_its_severity_unless_told_otherwise():
    """Code.at gives a Diagnostic with the code, its severity, the place and the hint."""
    found = codes.FILE_NAME_MISMATCH.at("a.yaml", 2, 5, "msg", hint="h")
    assert (found.path, found.line, found.col, found.code, found.severity, found.hint) == (
        "a.yaml", 2, 5, "I003", Severity.WARNING, "h")
    assert codes.FILE_NAME_MISMATCH.at("a.yaml", 1, 1, "m", severity=Severity.ERROR).severity == Severity.ERROR
