"""The W rules of `stelsel check` on proposals written straight into a tree (no git)."""

from __future__ import annotations

import datetime as dt
import json
import re

from stelsel.edit import render

from .conftest import FIXTURES, Stelsel

CP = "CP-20240301-test"
ALL_DEPENDENTS = [{"item": "GtK", "disposition": "reviewed_unchanged"},
                  {"item": "MA-002", "disposition": "reviewed_unchanged"},
                  {"item": "intro", "disposition": "reviewed_unchanged"}]

SUBMITTED = [("2024-03-01", "alice", "concept", "ingediend"), ("2024-03-02", "carol", "ingediend", "in_behandeling")]
TWO_REVIEWS = [("carol", "Org C", "akkoord", "2024-03-03"), ("dave", "Org D", "akkoord", "2024-03-04")]


def _date(text):
    return dt.date.fromisoformat(text) if isinstance(text, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", text) else text


def write_proposal(root, ident=CP, status="concept", history=(), reviews=(), decision=None, changes=(("MA-001", "change"),),
                   type_="normatief", consultation=None, dependents=None, authors=("alice",), release="0.1",
                   working_group="wg-architectuur"):
    """Write changes/<ident>.md with exactly these fields."""
    front = {
        "id": ident, "title": f"Voorstel {ident}", "type": type_, "authors": list(authors),
        "working_group": working_group, "target_release": release, "status": status,
        "changes": [{"item": i, "action": a} for i, a in changes],
        "motivation": "Getoetst aan het motto.",
        "history": [{"at": _date(at), "by": by, "from": f, "to": t} for at, by, f, t in history],
        "reviews": [{"by": by, "organisation": org, "verdict": v, "date": _date(d)} for by, org, v, d in reviews],
        "dependents": ALL_DEPENDENTS if dependents is None else dependents,
    }
    if consultation:
        front["consultation"] = {"start": _date(consultation[0]), "end": _date(consultation[1])}
    if decision:
        front["decision"] = {k: _date(v) for k, v in decision.items()}
    path = root / "changes" / f"{ident}.md"
    path.write_text("---\n" + render(front) + "---\nTekst.\n")
    return path


def run(root) -> list[dict]:
    result = Stelsel(root).check("--format", "json")
    assert "Traceback" not in result.output
    return [d for d in json.loads(result.output)["diagnostics"] if d["code"] != "W020"]


def codes(root) -> list[str]:
    return sorted(d["code"] for d in run(root))


def test_fixtures_are_clean():
    """The workflow fixture and the minimal fixture both check clean."""
    for name in ("workflow", "minimal"):
        result = Stelsel(FIXTURES / name).check()
        assert result.exit_code == 0, result.output


def test_valid_history_is_clean(tree):
    """A history the workflow allows, with guards met on each date, gives no findings."""
    write_proposal(tree, status="consultatie", history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "consultatie")],
                   reviews=TWO_REVIEWS, consultation=("2024-03-05", "2024-04-05"))
    assert codes(tree) == []


def test_unknown_state_type_verdict_outcome(tree):
    """Unknown status, history state, proposal type, verdict and outcome are each reported."""
    write_proposal(tree, status="klaar", type_="groot", history=[("2024-03-01", "alice", "concept", "klaarr")],
                   reviews=[("carol", "Org C", "super", "2024-03-03")],
                   decision={"body": "stuurgroep", "by": "bob", "date": "2024-05-01", "outcome": "misschien"})
    found = codes(tree)
    for code in ("W002", "W003", "W004", "W005"):
        assert code in found, found
    messages = " ".join(d["message"] for d in run(tree))
    assert "unknown state 'klaar'" in messages and "unknown state 'klaarr'" in messages


def test_status_not_matching_history(tree):
    """A status that is not where the history leads is W006."""
    write_proposal(tree, status="in_behandeling", history=[SUBMITTED[0]])
    assert codes(tree) == ["W006"]


def test_move_not_allowed_and_out_of_order(tree):
    """A move the workflow lacks, a move from the wrong state and a move dated backwards are W007."""
    write_proposal(tree, status="aangenomen",
                   history=[("2024-03-05", "alice", "concept", "ingediend"), ("2024-03-01", "carol", "ingediend", "in_behandeling"),
                            ("2024-03-06", "bob", "consultatie", "aangenomen")],
                   decision={"body": "stuurgroep", "by": "bob", "date": "2024-03-06", "outcome": "aangenomen"})
    found = run(tree)
    w007 = [d["message"] for d in found if d["code"] == "W007"]
    assert any("dated before" in m for m in w007)
    assert any("moves from 'consultatie', but the proposal was in 'in_behandeling'" in m for m in w007)


def test_actor_not_entitled_on_the_date(tree):
    """A move by someone outside the body, or before their membership started, is W008."""
    write_proposal(tree, status="in_behandeling", history=[SUBMITTED[0], ("2024-03-02", "bob", "ingediend", "in_behandeling")])
    assert codes(tree) == ["W008"]
    # bob joined the stuurgroep on 2024-01-01: a move by him in 2023 is not his to make
    write_proposal(tree, status="aangenomen", reviews=TWO_REVIEWS,
                   history=[("2023-11-01", "alice", "concept", "ingediend"), ("2023-11-02", "carol", "ingediend", "in_behandeling"),
                            ("2023-11-05", "alice", "in_behandeling", "ter_besluitvorming"),
                            ("2023-12-15", "bob", "ter_besluitvorming", "aangenomen")],
                   type_="redactioneel", decision={"body": "stuurgroep", "by": "bob", "date": "2023-12-14", "outcome": "aangenomen"})
    found = run(tree)
    assert any(d["code"] == "W008" and "bob was not entitled" in d["message"] and "2023-12-15" in d["message"] for d in found)
    assert any(d["code"] == "W015" and "bob was not a member of stuurgroep on 2023-12-14" in d["message"] for d in found)


def test_guards_checked_on_the_date_of_the_move(tree):
    """Too few reviews by then, a consultation not yet ended, or no decision are each W009."""
    write_proposal(tree, status="consultatie", history=SUBMITTED + [("2024-03-03", "alice", "in_behandeling", "consultatie")],
                   reviews=TWO_REVIEWS, consultation=("2024-03-03", "2024-04-03"))
    messages = [d["message"] for d in run(tree) if d["code"] == "W009"]
    assert len(messages) == 1 and "has 1: Org C" in messages[0]  # dave's review came a day later

    write_proposal(tree, status="ter_besluitvorming", reviews=TWO_REVIEWS, consultation=("2024-03-05", "2024-04-05"),
                   history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "consultatie"),
                                        ("2024-04-05", "alice", "consultatie", "ter_besluitvorming")])
    messages = [d["message"] for d in run(tree) if d["code"] == "W009"]
    assert len(messages) == 1 and "the consultation runs until 2024-04-05" in messages[0]


def test_editorial_change_may_skip_consultation(tree):
    """A redactioneel proposal goes from review straight to a decision; a normatief one may not."""
    history = SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "ter_besluitvorming"),
                           ("2024-03-10", "bob", "ter_besluitvorming", "aangenomen")]
    decision = {"body": "stuurgroep", "by": "bob", "date": "2024-03-09", "outcome": "aangenomen"}
    write_proposal(tree, status="aangenomen", type_="redactioneel", reviews=TWO_REVIEWS, history=history, decision=decision)
    assert codes(tree) == []
    write_proposal(tree, status="aangenomen", type_="normatief", reviews=TWO_REVIEWS, history=history, decision=decision)
    messages = [d["message"] for d in run(tree) if d["code"] == "W009"]
    assert messages and "only for proposals of type redactioneel" in messages[0]


def test_distinct_organisations_come_from_the_roster(tree):
    """Two reviewers of one organisation count once, whatever the reviews claim (and the claim is W016)."""
    governance = tree / "afsprakenstelsel/governance.yaml"
    governance.write_text(governance.read_text().replace("organisation: Org D", "organisation: Org C"))
    write_proposal(tree, status="consultatie", reviews=[("carol", "Org C", "akkoord", "2024-03-03"),
                                                        ("dave", "Org D", "akkoord", "2024-03-04")],
                   history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "consultatie")],
                   consultation=("2024-03-05", "2024-04-05"))
    found = run(tree)
    assert sorted(d["code"] for d in found) == ["W009", "W016"]
    assert any("has 1: Org C" in d["message"] for d in found)
    assert any("'Org D' does not match the roster: dave is with 'Org C'" in d["message"] for d in found)


def test_accepted_without_decision(tree):
    """A proposal in aangenomen without a recorded decision is W013 (and its last move broke a guard)."""
    write_proposal(tree, status="aangenomen", type_="redactioneel", reviews=TWO_REVIEWS,
                   history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "ter_besluitvorming"),
                                        ("2024-03-10", "bob", "ter_besluitvorming", "aangenomen")])
    assert codes(tree) == ["W009", "W013"]


def test_reviews_by_authors_or_outsiders(tree):
    """An author reviewing their own proposal, or someone who may not review, is W014."""
    write_proposal(tree, status="in_behandeling", history=SUBMITTED,
                   reviews=[("alice", "Org A", "akkoord", "2024-03-03"), ("erin", "Org E", "akkoord", "2024-03-03")])
    found = [d for d in run(tree) if d["code"] == "W014"]
    assert len(found) == 2
    assert "alice is an author" in found[0]["message"] and "erin may not review" in found[1]["message"]


def test_decision_by_wrong_body(tree):
    """A decision by a body that does not decide proposals is W015."""
    write_proposal(tree, status="ter_besluitvorming", type_="redactioneel", reviews=TWO_REVIEWS,
                   history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "ter_besluitvorming")],
                   decision={"body": "wg-architectuur", "by": "alice", "date": "2024-03-09", "outcome": "aangenomen"})
    found = [d["message"] for d in run(tree) if d["code"] == "W015"]
    assert found == ["decision: body 'wg-architectuur' does not decide on proposals (deciding: stuurgroep)"]


def test_changed_items_must_fit_the_tree(tree):
    """Changing an unknown item, or withdrawing one that is still current, is W010."""
    write_proposal(tree, changes=[("MA-404", "change"), ("MA-002", "withdraw"), ("MA-003", "add")], dependents=[])
    found = [d["message"] for d in run(tree) if d["code"] == "W010"]
    assert found == ["changes: change of unknown item 'MA-404'", "changes: withdraws 'MA-002', but it is still 'gereed'",
                     "changes: add of unknown item 'MA-003'"]
    agreement = tree / "afsprakenstelsel/afspraken/MA-002.yaml"
    agreement.write_text(agreement.read_text().replace("status: gereed", "status: vervallen"))
    write_proposal(tree, changes=[("MA-002", "withdraw")], dependents=[])
    assert "W010" not in codes(tree)


def test_concurrent_open_proposals_on_one_item(tree):
    """Two open proposals changing one item for the same release warn (W012); other releases do not."""
    write_proposal(tree, ident="CP-20240301-een")
    write_proposal(tree, ident="CP-20240302-twee")
    found = [d for d in run(tree) if d["code"] == "W012"]
    assert len(found) == 2 and all(d["severity"] == "warning" for d in found)
    write_proposal(tree, ident="CP-20240302-twee", release="0.2")
    assert "W012" not in codes(tree)


def test_unaccounted_dependents_warn(tree):
    """Items that depend on a changed item must be accounted for in dependents: (W017)."""
    write_proposal(tree, dependents=[{"item": "GtK", "disposition": "reviewed_unchanged"}])
    found = [d for d in run(tree) if d["code"] == "W017"]
    assert [d["message"].split()[0] for d in found] == ["MA-002", "intro"]
    assert "via derived_from" in found[0]["message"] and "[[link]]" in found[1]["message"]
    assert all(d["severity"] == "warning" for d in found)


def test_workflow_config_problems(tree):
    """A transition to an unknown state or by an unknown body is W001, placed in governance.yaml."""
    governance = tree / "afsprakenstelsel/governance.yaml"
    text = governance.read_text().replace("      to: opgenomen\n      by: [body:stuurgroep]",
                                          "      to: gepubliceerd\n      by: [body:raad]")
    governance.write_text(text)
    found = [d for d in run(tree) if d["code"] == "W001"]
    assert {d["message"] for d in found} == {"transition to unknown state 'gepubliceerd'", "'body:raad': unknown body 'raad'"}
    assert all(d["path"] == "afsprakenstelsel/governance.yaml" and d["line"] > 0 for d in found)


def test_every_workflow_rule_is_documented():
    """Every W code has a summary and an explanation with a fix, as `stelsel rules` shows."""
    from stelsel.rules import all_rules

    workflow_rules = [r for r in all_rules() if r.code.startswith("W")]
    from stelsel import codes

    assert [r.code for r in workflow_rules] == sorted(c.code for c in codes.ALL if c.code.startswith("W"))
    for rule in workflow_rules:
        assert rule.summary() and "Fix:" in rule.explanation(), rule.code
