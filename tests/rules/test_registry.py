"""The rule registry: codes, names, stages, and that every core code has a tested bad case."""

from __future__ import annotations

import re

import pytest

from stelsel import codes
from stelsel.check import check_tree
from stelsel.diagnostics import Severity
from stelsel.rules import REGISTRY, Rule, all_rules

from ..helpers import FIXTURES, show
from . import test_content, test_files, test_identity, test_references, test_schema

CORE_MODULES = {f"stelsel.rules.{name}" for name in ("files", "schema", "identity", "references", "content")}
CASE_TABLES = (test_files.CASES, test_schema.CASES, test_identity.CASES, test_references.CASES, test_content.CASES)


def test_every_core_code_has_a_bad_case():
    """Every code of the core rule modules has at least one bad-case fixture in tests/rules/."""
    core = {r.code for r in all_rules() if r.__module__ in CORE_MODULES}
    covered = {case.code for table in CASE_TABLES for case in table}
    assert core - covered == set(), "add a Case for these codes"
    assert covered <= set(REGISTRY), "a Case names a code that does not exist"


def test_core_codes_are_the_documented_set():
    """The core modules define exactly F001–F018, S001–S006, I001–I003, R001–R006 and C001–C003."""
    expected = ({f"F{n:03}" for n in range(1, 19)} | {f"S{n:03}" for n in range(1, 7)} | {f"I{n:03}" for n in range(1, 4)}
                | {f"R{n:03}" for n in range(1, 7)} | {f"C{n:03}" for n in range(1, 4)})
    assert {r.code for r in all_rules() if r.__module__ in CORE_MODULES} == expected


@pytest.mark.parametrize("base", ["minimal", "full"])
def test_fixture_trees_have_no_findings(base):
    """The unmodified fixture trees produce no finding of any code: the good case of every rule."""
    result = check_tree(FIXTURES / base, use_cache=False)
    assert result.diagnostics == [] and result.crashed == [], show(result.diagnostics)


def test_codes_and_names_are_well_formed_and_unique():
    """Each rule has a code like X123, a kebab-case name, a severity, and both are unique."""
    rules = all_rules()
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"[A-Z][0-9]{3}", rule.code), rule
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule
        assert isinstance(rule.severity, Severity)


def test_core_rules_implement_check_per_stage():
    """Core rules run on the model ('project') override check(); 'load' rules are raised by the loader instead."""
    for rule in all_rules():
        if rule.__module__ not in CORE_MODULES:
            continue
        assert rule.stage in ("load", "project"), rule.code
        overrides = rule.check is not Rule.check
        assert overrides == (rule.stage == "project"), rule.code


def test_a_code_cannot_be_defined_twice():
    """Defining a second rule class with an existing code fails at import time."""
    with pytest.raises(RuntimeError, match="defined twice"):
        type("Again", (Rule,), {"finding": codes.YAML_SYNTAX})
    assert REGISTRY["F001"].name == "yaml-syntax"


def test_finding_carries_rule_severity():
    """Rule.at builds a Diagnostic with the rule's code and severity, unless told otherwise."""
    from stelsel.rules.identity import FileNameMismatch

    d = FileNameMismatch.at("a.yaml", 2, 5, "msg", hint="h")
    assert (d.code, d.severity, d.hint) == ("I003", Severity.WARNING, "h")
    assert FileNameMismatch.at("a.yaml", 1, 1, "m", severity=Severity.ERROR).severity == Severity.ERROR
