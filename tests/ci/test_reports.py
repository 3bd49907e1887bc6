"""SARIF 2.1.0 and GitLab Code Quality output of 'stelsel check', validated against the official SARIF schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from stelsel.ci.reports import code_quality, sarif_log
from stelsel.cli.main import cli
from stelsel.diagnostics import Diagnostic, Severity

from ..helpers import make_tree, replace

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
ERROR = Diagnostic("afsprakenstelsel/a.yaml", 8, 14, "R001", "applies_to: unknown role 'x'", hint="did you mean 'y'?")
WARNING = Diagnostic("afsprakenstelsel/b.yaml", 2, 5, "I003", "name", severity=Severity.WARNING)
WHOLE_FILE = Diagnostic("afsprakenstelsel/c.yaml", 0, 0, "F003", "empty file")


def _valid_sarif(data: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(data)


def _broken_tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "t", {"afsprakenstelsel/afspraken/MA-001.yaml": replace("level: MOET", "level: MOETX")})


def test_the_official_schema_rejects_a_broken_log():
    """The schema in tests/data is strict enough to matter: a result without a message fails it."""
    log = sarif_log([ERROR], "1.0")
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        _valid_sarif(log)


def test_sarif_validates_and_places_every_finding():
    """Each finding is a result with its rule, level, file and line; a whole-file finding has no region."""
    log = sarif_log([ERROR, WARNING, WHOLE_FILE], "9.9")
    _valid_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "stelsel" and run["tool"]["driver"]["version"] == "9.9"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["F003", "I003", "R001"]
    first, second, third = run["results"]
    assert first["ruleId"] == "R001" and first["level"] == "error"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "R001"
    assert first["message"]["text"] == "applies_to: unknown role 'x'\n\nhint: did you mean 'y'?"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "afsprakenstelsel/a.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 8, "startColumn": 14}}
    assert second["level"] == "warning"
    assert "region" not in third["locations"][0]["physicalLocation"]


def test_check_format_sarif_on_a_tree_with_a_finding(runner, tmp_path):
    """'stelsel check --format sarif' on a tree with an unknown level writes a valid SARIF log naming R001 and the file."""
    root = _broken_tree(tmp_path)
    result = runner.invoke(cli, ["check", str(root), "--format", "sarif", "--no-cache"])
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    _valid_sarif(log)
    places = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
              for r in log["runs"][0]["results"]}
    assert ("R001", "afsprakenstelsel/afspraken/MA-001.yaml") in places


def test_check_format_sarif_clean(runner, tmp_path):
    """A clean tree is a valid SARIF log with no results, exit 0."""
    root = make_tree(tmp_path / "t")
    result = runner.invoke(cli, ["check", str(root), "--format", "sarif", "--no-cache"])
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    _valid_sarif(log)
    assert log["runs"][0]["results"] == []


def test_gitlab_code_quality_fields():
    """Code Quality issues carry description, check_name, a unique fingerprint, severity and path with begin line."""
    issues = code_quality([ERROR, WARNING, WHOLE_FILE, ERROR])
    assert issues[0] == {"description": "R001 applies_to: unknown role 'x'\n\nhint: did you mean 'y'?",
                         "check_name": "R001", "fingerprint": issues[0]["fingerprint"], "severity": "major",
                         "location": {"path": "afsprakenstelsel/a.yaml", "lines": {"begin": 8}}}
    assert issues[1]["severity"] == "minor"
    assert issues[2]["location"]["lines"]["begin"] == 1  # GitLab needs a line: the file's first
    assert len({i["fingerprint"] for i in issues}) == 4
    assert code_quality([ERROR])[0]["fingerprint"] == issues[0]["fingerprint"]  # stable between runs


def test_check_format_gitlab(runner, tmp_path):
    """'stelsel check --format gitlab' writes a JSON array of issues on the broken file, exit 1."""
    root = _broken_tree(tmp_path)
    result = runner.invoke(cli, ["check", str(root), "--format", "gitlab", "--no-cache"])
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)
    assert isinstance(issues, list) and issues
    assert "afsprakenstelsel/afspraken/MA-001.yaml" in {i["location"]["path"] for i in issues}


def test_renderer_writes_to_stream():
    """The registered renderers write the same documents as the functions they wrap."""
    from stelsel.reporters import RENDERERS

    out = io.StringIO()
    RENDERERS["gitlab"]([ERROR], {}, out)
    assert json.loads(out.getvalue()) == code_quality([ERROR])
