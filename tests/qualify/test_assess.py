"""Self-assessments: findings with file and line against a frozen release, formats, summary and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stelsel.qualify.assess import assess

from .conftest import run

COMPLETE = """kind: self_assessment
framework: mini
party:
  name: Zorg B.V.
role: zorgaanbieder
release: "0.1"
date: 2026-02-01
answers:
  - agreement: MA-001
    answer: voldoet
    explanation: De servicedesk is op werkdagen bereikbaar.
  - agreement: MA-004
    answer: niet van toepassing
    explanation: Wij hebben geen gezamenlijke helpdesk.
  - agreement: MA-006
    answer: voldoet
    evidence: [NEN7510-certificaat-2026.pdf]
  - agreement: MA-003
    answer: voldoet deels
    explanation: De pentest van 2025 is gedaan; die van 2026 is gepland.
    evidence:
      - pentest-2025.pdf
"""

THREE_PROBLEMS = """kind: self_assessment
framework: mini
party:
  name: Zorg B.V.
role: zorgaanbieder
release: "0.1"
date: 2026-02-01
answers:
  - agreement: MA-001
    answer: niet van toepassing
  - agreement: MA-099
    answer: voldoet
  - agreement: MA-004
    answer: voldoet
"""


def write(tmp_path: Path, text: str, name: str = "zelfbeoordeling.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def findings(result) -> set[tuple[str, int, int]]:
    return {(d.code, d.line, d.col) for d in result.diagnostics}


def test_three_problems_give_three_findings_with_file_and_line(releases, tmp_path):
    """A missing MOET answer, an unknown agreement and 'niet van toepassing' on a MOET: three findings, each placed."""
    path = write(tmp_path, THREE_PROBLEMS)
    result = assess(releases, path, display="zelfbeoordeling.yaml")
    assert findings(result) == {("Q003", 8, 1), ("Q008", 10, 13), ("Q004", 11, 16)}, result.diagnostics
    assert {d.path for d in result.diagnostics} == {"zelfbeoordeling.yaml"}
    by_code = {d.code: d for d in result.diagnostics}
    assert "MA-006" in by_code["Q003"].message
    assert "MA-099" in by_code["Q004"].message and by_code["Q004"].hint.startswith("did you mean 'MA-00")
    assert "MA-001" in by_code["Q008"].message


def test_three_problems_through_the_cli_exit_1(releases, runner, tmp_path):
    """The CLI prints path:line:col CODE for each finding, then the summary, and exits 1."""
    path = write(tmp_path, THREE_PROBLEMS)
    result = run(runner, "assess", str(path), "-C", str(releases), code=1)
    for place in (f"{path}:8:1: Q003", f"{path}:10:13: Q008", f"{path}:11:16: Q004"):
        assert place in result.output
    assert "meets every mandatory agreement: no" in result.output
    assert "1 files checked: 3 error(s), 0 warning(s)" in result.output


def test_complete_assessment_passes(releases, runner, tmp_path):
    """Every MOET answered with evidence where required: no findings, exit 0, qualifies."""
    path = write(tmp_path, COMPLETE)
    result = run(runner, "assess", str(path), "-C", str(releases), "--release", "0.1")
    assert "no findings" in result.output
    assert "meets every mandatory agreement: yes (2 of 2 answered 'voldoet')" in result.output


def test_json_summary_per_level_and_layer(releases, runner, tmp_path):
    """--format json gives the findings and how many agreements comply per level and per layer."""
    path = write(tmp_path, COMPLETE)
    data = json.loads(run(runner, "assess", str(path), "-C", str(releases), "--format", "json").output)
    assert data["diagnostics"] == [] and data["summary"]["errors"] == 0
    summary = data["summary"]["assessment"]
    assert summary["party"] == "Zorg B.V." and summary["release"] == "0.1" and summary["qualifies"] is True
    assert summary["per_level"]["MOET"] == {"agreements": 2, "voldoet": 2, "voldoet deels": 0, "voldoet niet": 0,
                                            "niet van toepassing": 0, "unanswered": 0}
    assert summary["per_level"]["MAG"]["voldoet deels"] == 1 and summary["per_level"]["MAG"]["niet van toepassing"] == 1
    assert summary["per_layer"]["organisatie"]["agreements"] == 3  # MA-001, MA-004 and MA-006 (its second layer)
    assert summary["per_layer"]["security"] == {"agreements": 2, "voldoet": 1, "voldoet deels": 1, "voldoet niet": 0,
                                                "niet van toepassing": 0, "unanswered": 0}


def test_github_annotations(releases, runner, tmp_path):
    """--format github writes one workflow annotation per finding with file and line."""
    path = write(tmp_path, THREE_PROBLEMS)
    out = run(runner, "assess", str(path), "-C", str(releases), "--format", "github", code=1).output
    assert f"::error file={path},line=11,col=16,title=Q004::" in out


def edit(old: str, new: str) -> str:
    assert COMPLETE.count(old) == 1, old
    return COMPLETE.replace(old, new)


CASES = [
    ("duplicate", COMPLETE + "  - agreement: MA-001\n    answer: voldoet\n", "Q006", 23, "first at line 9"),
    ("capitalised", edit("    answer: voldoet\n    explanation: De servicedesk", "    answer: Voldoet\n    explanation: De servicedesk"),
     "Q007", 10, "lower case"),
    ("nvt", edit("answer: niet van toepassing", "answer: n.v.t."), "Q007", 13, "did you mean 'niet van toepassing'?"),
    ("no-evidence", edit("    evidence: [NEN7510-certificaat-2026.pdf]\n", ""), "Q009", 15, "NEN 7510-certificaat"),
    ("empty-evidence", edit("[NEN7510-certificaat-2026.pdf]", "[]"), "Q009", 17, "requires evidence"),
    ("other-role", COMPLETE + "  - agreement: MA-005\n    answer: voldoet\n", "Q005", 23, "applies to: leverancier"),
    ("withdrawn", COMPLETE + "  - agreement: MA-007\n    answer: voldoet\n", "Q004", 23, "withdrawn"),
    ("unquoted-release", edit('release: "0.1"', "release: 0.1"), "Q001", 6, 'quote it: "0.1"'),
    ("unknown-key", edit("date: 2026-02-01", "datum: 2026-02-01"), "Q001", 7, "did you mean 'date'?"),
    ("unknown-role", edit("role: zorgaanbieder", "role: zorgaanbeider"), "Q002", 5, "did you mean 'zorgaanbieder'?"),
    ("not-met", edit("    answer: voldoet\n    explanation: De servicedesk", "    answer: voldoet niet\n    explanation: De servicedesk"),
     "Q012", 10, "does not yet meet"),
    ("other-framework", edit("framework: mini", "framework: medmij"), "Q001", 2, "not 'mini'"),
    ("yaml-syntax", edit("  name: Zorg B.V.", "  name: [Zorg B.V."), "Q001", 4, "YAML syntax error"),  # where the bracket opens
    ("wrong-kind", edit("kind: self_assessment", "kind: agreement"), "Q001", 1, "not a self-assessment"),
]


@pytest.mark.parametrize("name,text,code,line,words", CASES, ids=[c[0] for c in CASES])
def test_each_finding_code_has_its_place(releases, tmp_path, name, text, code, line, words):
    """Each bad case gives its code at the expected line, with the message or hint saying why."""
    result = assess(releases, write(tmp_path, text), "0.1")
    hits = [d for d in result.diagnostics if d.code == code]
    assert hits, result.diagnostics
    assert any(d.line == line and words in f"{d.message} {d.hint}" for d in hits), hits
    if name != "yaml-syntax" and name != "wrong-kind" and name != "unknown-role":
        assert all(d.code in (code, "Q003") for d in result.diagnostics), result.diagnostics


def test_warnings_alone_exit_0(releases, runner, tmp_path):
    """An answer to another role's agreement is a warning: reported, but the exit code stays 0."""
    path = write(tmp_path, COMPLETE + "  - agreement: MA-005\n    answer: voldoet\n")
    result = run(runner, "assess", str(path), "-C", str(releases), code=0)
    assert "Q005" in result.output and "(warning)" in result.output


def test_usage_errors_exit_2(releases, runner, tmp_path):
    """No release recorded and none given, or an unknown release: exit 2 with a message."""
    no_release = write(tmp_path, edit('release: "0.1"\n', ""))
    assert "records no release" in run(runner, "assess", str(no_release), "-C", str(releases), code=2).output
    path = write(tmp_path, COMPLETE, "ok.yaml")
    assert "not frozen" in run(runner, "assess", str(path), "--release", "7.0", "-C", str(releases), code=2).output


def test_answers_in_english_words_are_the_same_answers(releases, runner, tmp_path):
    """complies / partly complies / not applicable (an English checklist's words) count as the answers they are."""
    english = (COMPLETE.replace("answer: voldoet deels", "answer: partly complies")
               .replace("answer: niet van toepassing", "answer: not applicable").replace("answer: voldoet", "answer: complies"))
    assert "voldoet" not in english and "toepassing" not in english
    dutch = json.loads(run(runner, "assess", str(write(tmp_path, COMPLETE)), "-C", str(releases), "--format", "json").output)
    same = json.loads(run(runner, "assess", str(write(tmp_path, english, "english.yaml")), "-C", str(releases),
                          "--format", "json").output)
    assert same["diagnostics"] == [] and same["summary"]["assessment"]["per_level"] == dutch["summary"]["assessment"]["per_level"]


def test_a_synonym_is_answered_with_the_word_it_means(releases, tmp_path):
    """answer: partly is one Q007 whose hint suggests the framework's word for it (voldoet deels in a Dutch framework)."""
    result = assess(releases, write(tmp_path, COMPLETE.replace("answer: voldoet deels", "answer: partly")), "0.1")
    (finding,) = [d for d in result.diagnostics if d.code == "Q007"]
    assert finding.message == "'partly' is not an answer" and finding.hint == "did you mean 'voldoet deels'?"
