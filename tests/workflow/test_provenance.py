"""Provenance internals: committed front matter read whole, each blob once per run, git failures as W020."""

from __future__ import annotations

import json

import pytest

from stelsel import vcs
from stelsel.workflow import provenance
from stelsel.workflow.provenance import PROVENANCE_KEYS, GitView, provenance_data

from .conftest import Stelsel
from .test_git_workflow import CP, propose_and_submit, walk_to_decision

TEXTS = [
    "---\nid: X\nchanges:\n- item: A\n  action: change\nreviews: []\n---\nbody\n",
    "---\n# comment first\nid: X\n\nreviews:\n  - by: a\n  - by: b\n---\n",
    "---\nid: X\ndecision: 'a quoted text\nthat runs on at column 0'\n---\n",
    "---\nid: X\ndecision: \"double\nreviews: looks like a key\"\n---\n",
    "---\n- a top-level list\n- b\n---\n",
    "---\nid: X\ndecision: |\n  block\n\n  text\nchanges: 1\n---\n",
    "---\nid: X\nreviews: [unclosed\n---\n",
    "---\n{id: X, reviews: []}\n---\n",
    "---\nid: X\nhistory: [unclosed\nreviews:\n- by: dave\n---\n",
]


def _whole(text: str):
    """What PyYAML makes of the whole front matter, cut to the keys provenance reads."""
    import yaml

    front = text.split("---\n")[1]
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return None
    return {k: data[k] for k in PROVENANCE_KEYS if k in data} if isinstance(data, dict) else None


@pytest.mark.parametrize("text", TEXTS)
def test_committed_front_matter_is_read_whole(text):
    """A committed version reads as its whole front matter does: a YAML error anywhere makes it unreadable."""
    assert provenance_data(text) == _whole(text)


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
    assert "the project is not in a git repository" in found[0]["message"]
    assert found[0]["path"] == "changes/CP-20240301-een.md" and found[0]["line"] > 0


def test_each_blob_is_read_and_parsed_once_per_run(repo, stelsel, monkeypatch):
    """A version that recurs (a pure rename keeps the blob) is read from git and parsed once."""
    propose_and_submit(repo, stelsel)
    walk_to_decision(repo, stelsel)
    (repo.root / "changes/archief").mkdir()
    repo.git("mv", f"changes/{CP}.md", f"changes/archief/{CP}.md")
    repo.commit("carol", "voorstel verplaatst")
    reads, parses = [], []
    real_read, real_parse = vcs.read_blob, provenance.front_matter
    monkeypatch.setattr(vcs, "read_blob", lambda repo_, name: reads.append(name) or real_read(repo_, name))
    monkeypatch.setattr(provenance, "front_matter", lambda text: parses.append(text) or real_parse(text))
    view = GitView(repo.root)
    versions = view.versions(f"changes/archief/{CP}.md")
    assert versions[-1].path == f"changes/archief/{CP}.md" and versions[-2].path == f"changes/{CP}.md"
    assert versions[-1].summary == versions[-2].summary
    assert len(reads) == len(set(reads)) == len(parses) == len(versions) - 1
    assert not view.signatures_checked


def test_unreadable_history_is_one_w020_naming_the_cause(repo, stelsel):
    """When git cannot read the history (a missing commit object), provenance says so once (W020), no traceback."""
    propose_and_submit(repo, stelsel)
    walk_to_decision(repo, stelsel)
    head = repo.git("rev-parse", "HEAD").strip()
    (repo.root / ".git/objects" / head[:2] / head[2:]).unlink()
    result = stelsel.check("--format", "json")
    found = [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "W020"]
    assert len(found) == 1 and "git log failed" in found[0]["message"], result.output


def test_signature_check_is_recorded_on_the_view(repo, stelsel):
    """signatures_checked is set once signature() was asked, so the result cache keys on the keyring."""
    propose_and_submit(repo, stelsel)
    view = GitView(repo.root)
    assert not view.signatures_checked
    valid, _fingerprint, said = view.signature(repo.git("rev-parse", "HEAD").strip())
    assert not valid and said == "the commit is not signed"
    assert view.signatures_checked


def test_repository_without_commits_is_unverified(tree):
    """A repository with no commits yet gives W020 saying so."""
    from .conftest import Repo

    Repo(tree).git("init", "-q", "-b", "main")
    view = GitView(tree)
    assert not view.available and view.problem == "the repository has no commits yet"
