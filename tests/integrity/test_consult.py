"""Consultation with dispositions in a real repository: react, import, respond, and the move to decision waits for it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..release.gitrepo import init_repo
from .conftest import INTEGRITY, commit_all, findings, run, snapshot
from .test_time import GOVERNANCE, STATES, TRANSITIONS

POLICY = "  consultation:\n    respond_by: [working_group]\n    late_reactions: accept\n"


def ident(rel: str) -> str:
    return Path(rel).stem


def act(runner, repo: Path, who: str | None, *args: str, code: int = 0):
    """One CLI act (``--as who`` when given), committed by ``who`` (or carol, the secretary) when it succeeds."""
    extra = ("--as", who) if who else ()
    result = run(runner, *args, *extra, "-C", str(repo), code=code)
    if code == 0:
        commit_all(repo, " ".join(args[:3]), who=who or "carol")
    return result


def consulting_source(tmp_path: Path, policy: str = POLICY) -> Path:
    """A copy of the integrity framework whose move out of consultation needs every reaction answered."""
    source = tmp_path / "source"
    shutil.copytree(INTEGRITY, source)
    path = source / GOVERNANCE
    text = path.read_text()
    text = text.replace("    - id: concept\n      title: Concept\n", "    - id: concept\n      title: Concept\n" + STATES, 1)
    transitions = TRANSITIONS.replace("        - type: consultation_ended\n",
                                      "        - type: consultation_ended\n        - type: reactions_answered\n")
    text = text.replace("  transitions:\n", "  transitions:\n" + transitions, 1)
    text = text.replace("  verdicts:\n", "  reviewers: [anyone]\n" + policy + "  verdicts:\n", 1)
    path.write_text(text)
    return source


def consulting(tmp_path: Path, policy: str = POLICY) -> Path:
    """That framework in a fresh repository, committed by bob."""
    return init_repo(consulting_source(tmp_path, policy), tmp_path / "repo", who="bob")


def open_consultation(runner, repo: Path, title: str, item: str = "change:MA-001") -> str:
    """alice proposes ``title`` (submitted 2026-02-02); carol opens its consultation, 2026-02-03 to 2026-03-01."""
    result = run(runner, "propose", "--title", title, "--item", item, "--author", "alice", "--working-group", "wg-test",
                 "--motivation", "Zodat de juiste informatie op de juiste plek komt.", "-C", str(repo))
    rel = re.search(r"(changes/\S+\.md) created", result.output).group(1)
    commit_all(repo, "voorstel", who="alice")
    act(runner, repo, "alice", "move", ident(rel), "ingediend", "--at", "2026-02-02")
    act(runner, repo, "carol", "move", ident(rel), "consultatie", "--at", "2026-02-03", "--consultation-end", "2026-03-01")
    return rel


@pytest.fixture
def repo(tmp_path) -> Path:
    return consulting(tmp_path)


@pytest.fixture
def consulted(repo, runner) -> str:
    """alice's proposal on MA-001, in consultation from 2026-02-03 to 2026-03-01."""
    return open_consultation(runner, repo, "Reageren mag")


def three_reactions(repo: Path, runner, rel: str, tmp_path: Path, item: str = "MA-001") -> None:
    """One by react, one by import (a semicolon CSV with a BOM), one after the end date (late)."""
    act(runner, repo, None, "consult", "react", ident(rel), "--by", "Petra Smit", "--organisation", "Ziekenhuis P",
        "--item", item, "--date", "2026-02-15", "--text", "Graag een termijn voor de servicedesk.")
    batch = tmp_path / "export.csv"
    batch.write_bytes("\ufeffvoorstel;naam;organisatie;item;datum;reactie\r\n".encode()
                      + f"{ident(rel)};Kees Bakker;Leverancier K;{item};20-02-2026;Eens, \"mits\" haalbaar.\r\n".encode())
    act(runner, repo, None, "consult", "import", str(batch))
    act(runner, repo, None, "consult", "react", ident(rel), "--by", "Laat Laura", "--organisation", "Zorggroep L",
        "--date", "2026-03-03", "--text", "Te laat, maar toch.")


def test_the_consultation_scenario(repo, runner, consulted, tmp_path):
    """Three reactions (one imported, one late): the move to decision is refused until each has a disposition."""
    three_reactions(repo, runner, consulted, tmp_path)
    text = (repo / consulted).read_text()
    assert re.findall(r"- id: (R\d)", text) == ["R1", "R2", "R3"]
    assert "Eens, \"mits\" haalbaar." in text and text.count("late: true") == 1
    before = snapshot(repo)
    refused = act(runner, repo, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-03-05", code=1)
    assert "3 without one recorded by 2026-03-05" in refused.output
    assert snapshot(repo) == before
    for key, disposition in (("R1", "overgenomen"), ("R2", "deels-overgenomen")):
        act(runner, repo, "alice", "consult", "respond", ident(consulted), key, "--disposition", disposition,
            "--motivation", "Besproken in de werkgroep.", "--date", "2026-03-04")
    refused = act(runner, repo, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-03-05", code=1)
    assert "1 without one" in refused.output and "R3 by Laat Laura (Zorggroep L) of 2026-03-03" in refused.output
    act(runner, repo, "alice", "consult", "respond", ident(consulted), "3", "--disposition", "niet-overgenomen",
        "--motivation", "Buiten de reikwijdte.", "--date", "2026-03-04T10:00:00+01:00")
    act(runner, repo, "carol", "move", ident(consulted), "ter_besluitvorming", "--at", "2026-03-05")
    shown = run(runner, "show", ident(consulted), "-C", str(repo)).output
    assert "R3  2026-03-03  Laat Laura (Zorggroep L) [late]:" in shown
    assert "-> niet-overgenomen (alice, 2026-03-04T10:00:00+01:00): Buiten de reikwijdte." in shown
    act(runner, repo, "bob", "decide", ident(consulted), "--outcome", "aangenomen", "--date", "2026-03-06")
    act(runner, repo, "bob", "move", ident(consulted), "aangenomen")
    found = findings(runner, repo)
    assert not [d for d in found if d["code"] in ("W009", "W029", "W002", "S003", "W007", "W028")], found


def test_a_disposition_by_someone_not_entitled_is_refused(repo, runner, consulted):
    """dave (not in the working group) may not answer: exit 1, the refusal names who may, nothing written."""
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "X", "--organisation", "Org X",
        "--date", "2026-02-15", "--text", "Vraag.")
    before = snapshot(repo)
    result = act(runner, repo, "dave", "consult", "respond", ident(consulted), "R1", "--disposition", "overgenomen",
                 "--motivation", "Ja.", code=1)
    assert "dave may not answer reactions" in result.output and "a member of the working group (wg-test)" in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("args, code, message", [
    (("react", "CP-NOPE", "--by", "X", "--organisation", "O", "--text", "t"), 2, "unknown proposal 'CP-NOPE'"),
    (("react", "{id}", "--by", "X", "--organisation", "O", "--text", "t", "--date", "2026-01-01"), 2,
     "before the consultation of"),
    (("react", "{id}", "--by", "X", "--organisation", "O", "--text", "t", "--item", "MP-01", "--date", "2026-02-10"),
     2, "unknown item 'MP-01': a reaction is about an item"),
    (("react", "{id}", "--by", "X", "--organisation", "O", "--date", "2026-02-10"), 2, "exactly one of --text or --file"),
    (("respond", "{id}", "R9", "--disposition", "overgenomen", "--motivation", "m", "--as", "alice"), 2,
     "unknown reaction 'R9' of"),
    (("respond", "{id}", "R1", "--disposition", "misschien", "--motivation", "m", "--as", "alice"), 2,
     "unknown disposition 'misschien'"),
])
def test_bad_input_is_refused_and_writes_nothing(repo, runner, consulted, args, code, message):
    """An unknown proposal, reaction, item or disposition, a date before the consultation: a clear message, nothing written."""
    before = snapshot(repo)
    result = run(runner, "consult", *[a.replace("{id}", ident(consulted)) for a in args], "-C", str(repo), code=code)
    assert message in result.output
    assert snapshot(repo) == before


def test_a_refusal_names_the_file_and_line(repo, runner, consulted):
    """An unknown reaction, an answer by someone not entitled, a reaction to CP-0001: 'path:line:' of what it is about."""
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "X", "--organisation", "Org X",
        "--date", "2026-02-15", "--text", "Vraag.")
    lines = (repo / consulted).read_text().splitlines()
    reaction = lines.index("    - id: R1") + 1
    before = snapshot(repo)
    unknown = run(runner, "consult", "respond", ident(consulted), "R9", "--disposition", "overgenomen",
                  "--motivation", "m", "--as", "alice", "-C", str(repo), code=2)
    assert unknown.output.startswith(f"stelsel: {consulted}:{reaction}: unknown reaction 'R9' of {ident(consulted)}")
    assert "known reactions: R1" in unknown.output
    dave = run(runner, "consult", "respond", ident(consulted), "R1", "--disposition", "overgenomen",
               "--motivation", "m", "--as", "dave", "-C", str(repo), code=1)
    assert dave.output.startswith(f"stelsel: {consulted}:{reaction}: refused: dave may not answer reactions")
    decided = run(runner, "consult", "react", "CP-0001", "--by", "X", "--organisation", "O", "--text", "t",
                  "-C", str(repo), code=1)
    status = (repo / "changes/CP-0001.md").read_text().splitlines().index("status: aangenomen") + 1
    assert decided.output.startswith(f"stelsel: changes/CP-0001.md:{status}: refused: CP-0001 is 'aangenomen'")
    assert snapshot(repo) == before


def test_a_reaction_to_a_proposal_not_in_consultation_is_refused(repo, runner):
    """CP-0001 (decided, never consulted) takes no reaction: exit 1, nothing written."""
    before = snapshot(repo)
    result = run(runner, "consult", "react", "CP-0001", "--by", "X", "--organisation", "O", "--text", "t",
                 "-C", str(repo), code=1)
    assert "has no consultation" in result.output
    assert snapshot(repo) == before


def test_late_reactions_are_refused_when_the_workflow_says_so(tmp_path, runner):
    """late_reactions: refuse turns a reaction after the end date away; one in time is recorded."""
    repo = consulting(tmp_path, POLICY.replace("accept", "refuse"))
    rel = open_consultation(runner, repo, "Streng")
    result = run(runner, "consult", "react", ident(rel), "--by", "X", "--organisation", "O", "--text", "t",
                 "--date", "2026-03-02", "-C", str(repo), code=1)
    assert "this workflow refuses late reactions" in result.output
    run(runner, "consult", "react", ident(rel), "--by", "X", "--organisation", "O", "--text", "t",
        "--date", "2026-03-01", "-C", str(repo))


def test_a_hand_edited_reaction_and_answer_are_w029(repo, runner, consulted):
    """A reaction after the end not marked late, and an answer by dave without a motivation: W029 at their lines."""
    path = repo / consulted
    text = path.read_text()
    text = text.replace("  end: 2026-03-01\n", "  end: 2026-03-01\n  reactions:\n    - by: Org X\n      date: 2026-03-02\n"
                                               "      summary: Laat.\n      disposition: overgenomen\n"
                                               "      responded_by: dave\n      responded_at: 2026-03-03\n", 1)
    path.write_text(text)
    commit_all(repo, "hand edit", who="carol")
    found = [d for d in findings(runner, repo) if d["code"] == "W029"]
    lines = path.read_text().splitlines()
    messages = {d["line"]: d["message"] for d in found}
    assert lines[min(messages) - 1].strip() == "date: 2026-03-02"
    assert any("not marked late" in m for m in messages.values())
    assert any("lacks motivation" in m for m in messages.values())
    assert any("dave may not answer reactions on 2026-03-03" in m for m in messages.values())


def test_a_recorded_disposition_is_never_changed(repo, runner, consulted):
    """A second answer to R1 is refused (exit 1) and the first stays as it was."""
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "X", "--organisation", "Org X",
        "--date", "2026-02-15", "--text", "Vraag.")
    act(runner, repo, "alice", "consult", "respond", ident(consulted), "R1", "--disposition", "overgenomen",
        "--motivation", "Ja.", "--date", "2026-02-16")
    before = snapshot(repo)
    result = act(runner, repo, "alice", "consult", "respond", ident(consulted), "R1", "--disposition",
                 "niet-overgenomen", "--motivation", "Toch niet.", code=1)
    assert "already has a disposition (overgenomen, alice, 2026-02-16)" in result.output
    assert snapshot(repo) == before


def test_a_reaction_from_a_file(repo, runner, consulted, tmp_path):
    """--file reads the reaction (UTF-8, several lines) and records it whole; a missing file is exit 2, nothing written."""
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte werkgroep,\n\nGraag een overgangstermijn van een jaar.\n", encoding="utf-8")
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "Y", "--organisation", "Org Y",
        "--date", "2026-02-12", "--file", str(letter))
    from stelsel.load.project import load_project

    (reaction,) = load_project(repo).by_kind["proposal"][ident(consulted)].model.consultation.reactions
    assert reaction.summary == "Geachte werkgroep,\n\nGraag een overgangstermijn van een jaar."
    before = snapshot(repo)
    result = run(runner, "consult", "react", ident(consulted), "--by", "Y", "--organisation", "Org Y",
                 "--file", str(tmp_path / "nope.txt"), "-C", str(repo), code=2)
    assert "nope.txt' does not exist" in result.output
    assert snapshot(repo) == before


def test_a_reaction_about_the_governance_it_changes_checks_clean(repo, runner):
    """A reaction about 'governance', which its proposal changes, is no R001 (W029 alone judges the item)."""
    rel = open_consultation(runner, repo, "Bestuur anders", item="change:governance")
    act(runner, repo, None, "consult", "react", ident(rel), "--by", "Petra Smit", "--organisation", "Ziekenhuis P",
        "--item", "governance", "--date", "2026-02-15", "--text", "Wie besluit er dan?")
    found = findings(runner, repo)
    assert not [d for d in found if d["code"] in ("R001", "W029")], found
    act(runner, repo, None, "consult", "react", ident(rel), "--by", "Kees Bakker", "--organisation", "Leverancier K",
        "--item", "MA-001", "--date", "2026-02-16", "--text", "Niet over dit voorstel.", code=2)


def test_a_disposition_given_by_its_key_is_written_as_the_frameworks_word(repo, runner, consulted):
    """--disposition partly-adopted (the model's key) writes Twiin's word deels-overgenomen, every other byte kept."""
    act(runner, repo, None, "consult", "react", ident(consulted), "--by", "X", "--organisation", "Org X",
        "--date", "2026-02-15", "--text", "Vraag.")
    before = (repo / consulted).read_text()
    act(runner, repo, "alice", "consult", "respond", ident(consulted), "R1", "--disposition", "partly-adopted",
        "--motivation", "Deels.", "--date", "2026-02-16")
    after = (repo / consulted).read_text()
    assert "      disposition: deels-overgenomen\n" in after and "partly" not in after
    answer = tuple(f"      {key}:" for key in ("disposition", "motivation", "responded_by", "responded_at"))
    assert [line for line in after.splitlines() if not line.startswith(answer)] == before.splitlines()


def test_a_proposal_changed_after_the_command_read_it_is_not_overwritten(repo, runner, consulted, monkeypatch):
    """Another command's reaction written after 'consult react' loaded the proposal: the react is refused (exit 2,
    'run the command again'), and the other reaction is kept; run again, it is recorded after it."""
    from stelsel.workflow import consult as consult_module

    path = repo / consulted
    loaded = consult_module.open_context

    def load_then_race(root):
        ctx = loaded(root)
        path.write_text(path.read_text().replace("  end: 2026-03-01\n", "  end: 2026-03-01\n  reactions:\n    - id: R1\n"
                                                 "      by: Z\n      organisation: Org Z\n      date: 2026-02-10\n"
                                                 "      summary: Eerder.\n"))
        return ctx

    assert "reactions:" not in path.read_text()
    monkeypatch.setattr(consult_module, "open_context", load_then_race)
    args = ("consult", "react", ident(consulted), "--by", "Y", "--organisation", "Org Y", "--date", "2026-02-12",
            "--text", "Later.", "-C", str(repo))
    refused = run(runner, *args, code=2)
    assert "changed while this command ran" in refused.output and "run the command again" in refused.output
    text = path.read_text()
    assert "summary: Eerder." in text and "Later." not in text
    monkeypatch.setattr(consult_module, "open_context", loaded)
    run(runner, *args)
    from stelsel.load.project import load_project

    reactions = load_project(repo).by_kind["proposal"][ident(consulted)].model.consultation.reactions
    assert [(r.id, r.summary) for r in reactions] == [("R1", "Eerder."), ("R2", "Later.")]
