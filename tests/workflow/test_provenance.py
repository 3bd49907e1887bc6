"""Provenance internals that keep it fast: block-wise parsing of old versions, the blob cache, one W020 without git."""

from __future__ import annotations

import json

import pytest

from stelsel.workflow import provenance
from stelsel.workflow.provenance import PROVENANCE_KEYS, provenance_data

from .conftest import Stelsel
from .test_git_workflow import propose_and_submit, walk_to_decision

TRICKY = [
    "---\nid: X\nchanges:\n- item: A\n  action: change\nreviews: []\n---\nbody\n",
    "---\n# comment first\nid: X\n\nreviews:\n  - by: a\n  - by: b\n---\n",
    "---\nid: X\ndecision: 'a quoted text\nthat runs on at column 0'\n---\n",
    "---\nid: X\ndecision: \"double\nreviews: looks like a key\"\n---\n",
    "---\n- a top-level list\n- b\n---\n",
    "---\nreviews: []\nreviews: [1]\n---\n",
    "---\nid: &a X\nreviews: *a\n---\n",
    "---\nid: X\ndecision: |\n  block\n\n  text\nchanges: 1\n---\n",
    "---\n? complex key\n: value\n---\n",
    "---\nid: X\nreviews: [unclosed\n---\n",
    "---\n{id: X, reviews: []}\n---\n",
    "---\nid: X\n-notalist\n---\n",
]


def _whole(text: str):
    """What parsing the whole front matter gives, cut to the keys provenance reads."""
    import yaml

    front = text.split("---\n")[1]
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return None
    return {k: data[k] for k in PROVENANCE_KEYS if k in data} if isinstance(data, dict) else None


@pytest.mark.parametrize("text", TRICKY)
def test_block_parsing_equals_whole_parsing(text):
    """Parsing old versions block by block gives what parsing the whole front matter gives."""
    memo: dict = {}
    expected = provenance_data(text)
    assert provenance_data(text, memo) == expected
    assert provenance_data(text, memo) == expected  # and again from the memo
    if "&a" not in text and "? complex" not in text:  # PyYAML accepts what stelsel refuses
        assert expected == _whole(text)


def test_broken_other_block_does_not_hide_reviews():
    """A YAML error outside reviews, decision and changes leaves the reviews readable."""
    text = "---\nid: X\nhistory: [unclosed\nreviews:\n- by: dave\n---\n"
    assert provenance_data(text, {}) == {"reviews": [{"by": "dave"}]}


def test_unchanged_blocks_are_parsed_once(monkeypatch):
    """Two versions that differ in one block parse the shared blocks once, and other keys not at all."""
    calls = []
    real = provenance.parse_yaml
    monkeypatch.setattr(provenance, "parse_yaml", lambda text, **kw: calls.append(text) or real(text, **kw))
    memo: dict = {}
    provenance_data("---\nid: X\nchanges:\n- item: A\nreviews: []\nstatus: concept\n---\n", memo)
    provenance_data("---\nid: X\nchanges:\n- item: A\nreviews: [{by: d}]\nstatus: ingediend\n---\n", memo)
    assert calls == ["changes:\n- item: A\n", "reviews: []\n", "reviews: [{by: d}]\n"]


def test_without_git_one_warning_for_all_proposals(tree):
    """Outside a repository, W020 is said once for the project, naming how many proposals it concerns."""
    from .test_rules import write_proposal

    history = [("2024-03-01", "alice", "concept", "ingediend"), ("2024-03-02", "carol", "ingediend", "in_behandeling")]
    write_proposal(tree, ident="CP-20240301-een", status="in_behandeling", history=history,
                   reviews=[("dave", "Org D", "akkoord", "2024-03-03")])
    write_proposal(tree, ident="CP-20240302-twee", status="in_behandeling", history=history,
                   reviews=[("dave", "Org D", "akkoord", "2024-03-03")])
    result = Stelsel(tree).check("--format", "json")
    found = [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "W020"]
    assert len(found) == 1, result.output
    assert "CP-20240301-een and 1 other proposal:" in found[0]["message"]
    assert found[0]["path"] == "changes/CP-20240301-een.md" and found[0]["line"] > 0


def test_committed_versions_are_read_once(repo, stelsel, monkeypatch):
    """A second check (a working-tree edit, the same history) takes old versions from the blob cache, not git."""
    propose_and_submit(repo, stelsel)
    walk_to_decision(repo, stelsel)
    cached = Stelsel(repo.root)
    first = cached("check", str(repo.root), "--format", "json")
    agreement = repo.root / "afsprakenstelsel/afspraken/MA-001.yaml"
    agreement.write_text(agreement.read_text() + "\n# een opmerking\n")

    def no_git(self, blob):
        raise AssertionError(f"blob {blob} read from git again")

    monkeypatch.setattr(provenance.GitView, "_blob", no_git)
    second = cached("check", str(repo.root), "--format", "json")
    assert json.loads(second.output)["diagnostics"] == json.loads(first.output)["diagnostics"]
    assert json.loads(second.output)["summary"]["cached"] is False


def test_history_read_in_a_child_gives_the_same_findings(repo, stelsel, monkeypatch):
    """With every split forced (history, parsing, frozen hashing in child processes) check finds the same."""
    propose_and_submit(repo, stelsel)
    walk_to_decision(repo, stelsel, committer="mallory")  # bob's decision, committed by mallory: W018
    monkeypatch.setenv("STELSEL_PARALLEL", "0")
    alone = stelsel.check("--format", "json")
    monkeypatch.setenv("STELSEL_PARALLEL", "always")
    split = Stelsel(repo.root)("check", str(repo.root), "--format", "json")  # with the cache: the forking path
    assert json.loads(split.output)["diagnostics"] == json.loads(alone.output)["diagnostics"]
    assert "W018" in {d["code"] for d in json.loads(split.output)["diagnostics"]}
