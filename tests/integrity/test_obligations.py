"""Issue 17's acceptance in a real repository: a consultation with three reactions, a decision, a release with an ingangsdatum, and what binds a role (the zorgaanbieder, the GtK-dienstverlener) before, after and beyond."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_site

from ..release.gitrepo import init_repo
from .conftest import commit_all, decide_release, errors, findings, run
from .test_consult import act, consulting_source, ident, open_consultation, three_reactions

MA2 = """kind: agreement
id: MA-002
title: Bereikbaarheid buiten kantoortijd
status: gereed
statement: De zorgaanbieder MOET buiten kantoortijd bereikbaar zijn voor spoedmeldingen.
level: MOET
layers: [organisatie]
applies_to: [zorgaanbieder, gtk-dienstverlener]
derived_from: [MP-01]
since: "0.2"
sources: [S1]
extra:
  prioriteit: 2
"""


GTK = """kind: role
id: gtk-dienstverlener
title: GtK-dienstverlener
status: gereed
description: Een organisatie die een gekwalificeerd Twiin knooppunt aanbiedt.
responsibilities:
  - Houdt het knooppunt bereikbaar.
sources: [S1]
"""


@pytest.fixture
def timeline_repo(tmp_path, runner) -> Path:
    """The integrity framework with a consultation workflow and the n-1 policy (at most 3 months), 0.1 cut and in force from 2026-02-01."""
    source = consulting_source(tmp_path)
    config = source / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + "validity:\n  policy: n-1\n  months: 3\n")
    register = source / "afsprakenstelsel/releases/0.1.yaml"
    register.write_text(register.read_text() + "ingangsdatum: 2026-02-01\n")
    (source / "afsprakenstelsel/rollen/gtk-dienstverlener.yaml").write_text(GTK)
    initial = source / "changes/CP-0001.md"  # the role came with 0.1's initial content
    initial.write_text(initial.read_text().replace("  - {item: zorgaanbieder, action: add}\n",
                                                   "  - {item: zorgaanbieder, action: add}\n"
                                                   "  - {item: gtk-dienstverlener, action: add}\n"))
    repo = init_repo(source, tmp_path / "repo", who="bob")
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    return repo


def applies(runner, repo: Path, day: str, role: str = "zorgaanbieder") -> dict:
    result = run(runner, "applies", "--role", role, "--date", day, "--format", "json", "-C", str(repo))
    return json.loads(result.output)


def test_the_obligation_timeline_scenario(timeline_repo, runner, tmp_path):
    """Consult, answer, decide, cut 0.2 taking effect on 2026-06-01: applies differs before, after and beyond 0.1's validity."""
    repo = timeline_repo
    (repo / "afsprakenstelsel/afspraken/MA-002.yaml").write_text(MA2)
    rel = open_consultation(runner, repo, "Bereikbaar", "add:MA-002")
    assert "target_release: '0.2'" in (repo / rel).read_text() or 'target_release: "0.2"' in (repo / rel).read_text()
    three_reactions(repo, runner, rel, tmp_path, item="MA-002")
    refused = act(runner, repo, "carol", "move", ident(rel), "ter_besluitvorming", "--at", "2026-03-05", code=1)
    assert "needs every reaction in the consultation has a disposition: 3 without one" in refused.output
    for key in ("R1", "R2", "R3"):
        act(runner, repo, "alice", "consult", "respond", ident(rel), key, "--disposition", "overgenomen",
            "--motivation", "Verwerkt in de toelichting.", "--date", "2026-03-04")
    act(runner, repo, "carol", "move", ident(rel), "ter_besluitvorming", "--at", "2026-03-05")
    act(runner, repo, "bob", "decide", ident(rel), "--outcome", "aangenomen", "--date", "2026-03-06")
    act(runner, repo, "bob", "move", ident(rel), "aangenomen", "--at", "2026-03-07")
    register = repo / "afsprakenstelsel/releases/0.2.yaml"
    register.write_text(register.read_text() + "ingangsdatum: 2026-06-01\n")
    commit_all(repo, "0.2 gaat in op 1 juni", who="carol")
    decide_release(repo, "0.2", "2026-03-10")
    run(runner, "release", "cut", "0.2", "--as", "carol", "-C", str(repo), "--date", "2026-03-12")
    found = findings(runner, repo)
    assert errors(found) == []
    # the answers are authority acts, each committed by alice herself and entitled then
    assert not [d for d in found if d["path"] == rel and d["code"] in ("W018", "W020", "W024", "W025", "W029")], found
    report = generate_site(load_project(repo), SiteOptions()).pages[f"voorstellen/verwerking/{ident(rel)}.md"]
    assert report.count("<li><strong>Verwerking:</strong> Overgenomen</li>") == 3 and "(te laat" in report

    before = applies(runner, repo, "2026-05-01")
    assert [r["version"] for r in before["releases"]] == ["0.1"]
    assert [a["id"] for a in before["agreements"]] == ["MA-001"]
    assert before["releases"][0]["until"] == "2026-08-31"  # 3 months after 0.2 takes effect

    after = applies(runner, repo, "2026-07-01")
    assert [r["version"] for r in after["releases"]] == ["0.1", "0.2"]
    ma1, ma2 = after["agreements"]
    assert (ma1["id"], ma1["since"], ma1["until"], ma1["releases"]) == ("MA-001", "2026-02-01", None, ["0.1", "0.2"])
    assert (ma2["id"], ma2["level"], ma2["since"], ma2["required_from"]) == ("MA-002", "MOET", "2026-06-01", "2026-09-01")

    beyond = applies(runner, repo, "2026-10-01")
    assert [r["version"] for r in beyond["releases"]] == ["0.2"]
    assert [(a["id"], a["required_from"]) for a in beyond["agreements"]] == [("MA-001", None), ("MA-002", None)]

    # the GtK-dienstverlener: nothing binds before 0.2 takes effect; MA-002 from then, required once 0.1 lapses
    gtk = [applies(runner, repo, day, "gtk-dienstverlener") for day in ("2026-05-01", "2026-07-01", "2026-10-01")]
    assert [[r["version"] for r in a["releases"]] for a in gtk] == [["0.1"], ["0.1", "0.2"], ["0.2"]]
    assert [[(o["id"], o["since"], o["required_from"]) for o in a["agreements"]] for a in gtk] == [
        [], [("MA-002", "2026-06-01", "2026-09-01")], [("MA-002", "2026-06-01", None)]]

    text = run(runner, "applies", "--role", "zorgaanbieder", "--date", "2026-07-01", "-C", str(repo)).output
    assert "0.1      from 2026-02-01  until 2026-08-31  (previous)" in text
    assert "MA-002     MOET       since 2026-06-01; until further notice; required from 2026-09-01; in 0.2" in text


def test_no_release_is_valid_before_the_first_takes_effect(timeline_repo, runner):
    """Before 0.1's ingangsdatum nothing binds, and the answer says when the first release takes effect."""
    answer = applies(runner, timeline_repo, "2026-01-20")
    assert answer["releases"] == [] and answer["agreements"] == []
    assert "no release is valid on 2026-01-20 (the first takes effect on 2026-02-01)" in answer["notes"]


def test_an_unknown_role_is_a_usage_error(timeline_repo, runner):
    """applies --role nope: exit 2, naming the roles there are."""
    result = run(runner, "applies", "--role", "nope", "-C", str(timeline_repo), code=2)
    assert "unknown role 'nope' (roles: gtk-dienstverlener, zorgaanbieder)" in result.output


def test_an_effective_date_before_the_decision_is_w030(timeline_repo, runner):
    """0.1 taking effect on 2026-01-05, before its decision of 2026-01-10: W030 at the ingangsdatum's line."""
    register = timeline_repo / "afsprakenstelsel/releases/0.1.yaml"
    register.write_text(register.read_text().replace("ingangsdatum: 2026-02-01", "ingangsdatum: 2026-01-05"))
    found = [d for d in findings(runner, timeline_repo) if d["code"] == "W030"]
    line = register.read_text().splitlines().index("ingangsdatum: 2026-01-05") + 1
    assert [(d["path"], d["line"]) for d in found] == [("afsprakenstelsel/releases/0.1.yaml", line)]
    assert "before it was decided (2026-01-10)" in found[0]["message"]


@pytest.mark.parametrize("edit, message", [
    ("ingangsdatum: 2026-01-20\n", "takes effect on 2026-01-20, not after release 0.1 (2026-02-01)"),
    ("ingangsdatum: 2026-06-01\nvervaldatum: 2026-05-01\n", "lapses on 2026-05-01, before it takes effect"),
])
def test_conflicting_validity_is_w031(timeline_repo, runner, edit, message):
    """0.2 taking effect before 0.1, or lapsing before it takes effect: W031 on 0.2's register entry."""
    register = timeline_repo / "afsprakenstelsel/releases/0.2.yaml"
    register.write_text(register.read_text() + edit)
    found = [d for d in findings(runner, timeline_repo) if d["code"] == "W031"]
    assert [d["path"] for d in found] == ["afsprakenstelsel/releases/0.2.yaml"] and message in found[0]["message"]


def test_a_vervaldatum_beyond_the_policy_is_w031(timeline_repo, runner):
    """0.1 kept valid until 2027 while n-1 with 3 months lets it lapse on 2026-08-31: W031 at its vervaldatum."""
    (timeline_repo / "afsprakenstelsel/releases/0.2.yaml").write_text(
        (timeline_repo / "afsprakenstelsel/releases/0.2.yaml").read_text() + "ingangsdatum: 2026-06-01\n")
    register = timeline_repo / "afsprakenstelsel/releases/0.1.yaml"
    register.write_text(register.read_text() + "vervaldatum: 2027-01-01\n")
    found = [d for d in findings(runner, timeline_repo) if d["code"] == "W031"]
    line = register.read_text().splitlines().index("vervaldatum: 2027-01-01") + 1
    assert [(d["path"], d["line"]) for d in found] == [("afsprakenstelsel/releases/0.1.yaml", line)]
    assert "lets it lapse after 2026-08-31" in found[0]["message"]


def test_a_period_policy_without_months_is_w031(timeline_repo, runner):
    """validity: {policy: period} says no period: W031 at the policy in stelsel.yaml."""
    config = timeline_repo / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text().replace("  policy: n-1\n  months: 3\n", "  policy: period\n"))
    found = [d for d in findings(runner, timeline_repo) if d["code"] == "W031"]
    line = config.read_text().splitlines().index("  policy: period") + 1
    assert [(d["path"], d["line"]) for d in found] == [("afsprakenstelsel/stelsel.yaml", line)]


def test_the_checklist_of_a_release_states_its_validity(timeline_repo, runner):
    """The checklist of frozen 0.1 says from when it is valid (its ingangsdatum; no successor yet: until further notice)."""
    text = run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.1", "-C", str(timeline_repo)).output
    assert "Geldig vanaf 1 februari 2026, tot nader order." in text
    working = run(runner, "checklist", "--role", "zorgaanbieder", "-C", str(timeline_repo)).output
    assert "Geldig" not in working
