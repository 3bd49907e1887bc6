"""CLI tests for `stelsel check` on the minimal fixture and the acceptance scenario."""

from __future__ import annotations

import json

from stelsel.cli.main import cli

from .conftest import FIXTURES


def test_minimal_fixture_is_clean(runner):
    """The minimal valid framework checks clean with exit 0."""
    result = runner.invoke(cli, ["check", str(FIXTURES / "minimal")])
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_three_problems_reported_in_one_run(runner, minimal):
    """An unknown role, a duplicate ID and a YAML syntax error are all reported, with places."""
    agreement = minimal / "afsprakenstelsel/afspraken/MA-001.yaml"
    agreement.write_text(agreement.read_text().replace("applies_to: [zorgaanbieder]", "applies_to: [tandarts]"))
    principle = minimal / "afsprakenstelsel/principes/MP-01.yaml"
    (minimal / "afsprakenstelsel/principes/MP-02.yaml").write_text(principle.read_text())
    (minimal / "afsprakenstelsel/rollen/kapot.yaml").write_text("kind: role\nid: kapot\ntitle: [open\n")
    result = runner.invoke(cli, ["check", str(minimal)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "afsprakenstelsel/afspraken/MA-001.yaml:8:14: R001 applies_to: unknown role 'tandarts'" in result.output
    assert "afsprakenstelsel/principes/MP-02.yaml:2:5: I002" in result.output
    assert "afsprakenstelsel/principes/MP-01.yaml:2:5: I002" in result.output
    assert "afsprakenstelsel/rollen/kapot.yaml:3:8: F001" in result.output

    as_json = runner.invoke(cli, ["check", str(minimal), "--format", "json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    found = {(d["code"], d["path"], d["line"]) for d in data["diagnostics"]}
    assert ("R001", "afsprakenstelsel/afspraken/MA-001.yaml", 8) in found
    assert ("I002", "afsprakenstelsel/principes/MP-02.yaml", 2) in found
    assert ("F001", "afsprakenstelsel/rollen/kapot.yaml", 3) in found
