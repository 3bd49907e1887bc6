"""``check --since``: paths in a project below the repository's top, deletions and renames, unrelated history."""

from __future__ import annotations

import json
import shutil

import pytest

from stelsel.workflow.since import SinceError, changed_files

from .conftest import FIXTURES, Repo, Stelsel


@pytest.fixture
def nested(tmp_path) -> tuple[Repo, Stelsel]:
    """The workflow fixture in ``framework/`` of a repository, committed on main, then on a branch."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "workflow", root / "framework")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit("beheer", "Afsprakenstelsel: beginstand")
    repo.git("checkout", "-q", "-b", "werkgroep/aanpassing")
    return repo, Stelsel(root / "framework")


def _w021(result) -> list[dict]:
    return [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "W021"]


def test_deleted_agreement_in_a_nested_project_is_reported_by_its_old_id(nested):
    """A project below the repository's top: an agreement deleted since main is named by the id it had there."""
    repo, stelsel = nested
    (repo.root / "framework/afsprakenstelsel/afspraken/MA-002.yaml").unlink()
    found = _w021(stelsel.check("--since", "main", "--format", "json"))
    assert [d["path"] for d in found] == ["afsprakenstelsel/afspraken/MA-002.yaml"]
    assert "'MA-002' was deleted since main" in found[0]["message"]


def test_renamed_file_with_a_non_ascii_name_is_listed_plainly(nested):
    """A rename to a name with non-ASCII letters is listed with that name, not git's quoted escape."""
    repo, stelsel = nested
    repo.git("mv", "framework/afsprakenstelsel/afspraken/MA-002.yaml",
             "framework/afsprakenstelsel/afspraken/MA-002-bereikbaarheid-één.yaml")
    repo.commit("carol", "hernoemd")
    _base, changed, before = changed_files(stelsel.root, "main")
    assert changed == [("R", "afsprakenstelsel/afspraken/MA-002-bereikbaarheid-één.yaml",
                        "afsprakenstelsel/afspraken/MA-002.yaml")]
    assert "id: MA-002" in before["afsprakenstelsel/afspraken/MA-002.yaml"]
    found = _w021(stelsel.check("--since", "main", "--format", "json"))
    assert len(found) == 1 and "'MA-002' was renamed since main" in found[0]["message"], found


def test_unrelated_history_is_a_usage_error(nested):
    """A ref that shares no history with HEAD is a clear SinceError, not a traceback."""
    repo, stelsel = nested
    repo.git("checkout", "-q", "--orphan", "los")
    repo.commit("carol", "los begin")
    with pytest.raises(SinceError, match="no common history"):
        changed_files(stelsel.root, "main")
    result = stelsel.check("--since", "main")
    assert result.exit_code == 2 and "no common history" in result.output
