"""No path from user input leaves the project: propose --id, default output names (issue 15)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

from ..helpers import FIXTURES, snapshot


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "box" / "stelsel"
    shutil.copytree(FIXTURES / "workflow", root)
    (root / "changes").mkdir(exist_ok=True)
    return root


def _propose(root: Path, ident: str):
    return CliRunner().invoke(cli, ["propose", "--title", "Servicedesk", "--item", "MA-001", "--author", "alice",
                                    "--id", ident, "-C", str(root)])


@pytest.mark.parametrize("ident", ["../../x", "../x", "/tmp/stelsel-escape-x", "sub/x", "..", ".", ".verborgen",
                                   "x\ny", "x\\..\\y", "-rf", ""])
def test_propose_refuses_an_id_that_is_not_one_plain_file_name(project, ident):
    """propose --id ../../x, --id /abs/path, a folder part, a dot-name, a newline: exit 2, nothing written anywhere."""
    box = project.parent
    before = snapshot(box)
    outside = Path("/tmp/stelsel-escape-x.md")
    result = _propose(project, ident)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert snapshot(box) == before
    assert not outside.exists()


def test_propose_refuses_to_write_through_a_link_out_of_changes(project, tmp_path):
    """A dangling link changes/CP-x.md -> outside: the new proposal is not written through it."""
    target = tmp_path / "elders.md"
    os.symlink(target, project / "changes" / "CP-20240301-link.md")
    result = _propose(project, "CP-20240301-link")
    assert result.exit_code == 2 and not target.exists(), result.output


def test_propose_still_writes_a_plain_id(project):
    """The good case: --id CP-20240301-goed writes changes/CP-20240301-goed.md."""
    result = _propose(project, "CP-20240301-goed")
    assert result.exit_code == 0, result.output
    assert (project / "changes" / "CP-20240301-goed.md").is_file()


@pytest.mark.parametrize("command, edit", [
    (["pdf"], ("afsprakenstelsel/stelsel.yaml", "id: mini\n", "id: ../../evil\n")),
    (["checklist", "--role", "../zorg", "--format", "xlsx"],
     ("afsprakenstelsel/rollen/zorgaanbieder.yaml", "id: zorgaanbieder\n", "id: ../zorg\n")),
])
def test_default_output_names_made_from_ids_stay_in_the_current_folder(tmp_path, monkeypatch, command, edit):
    """A config ID '../../evil' (pdf) or a role ID '../zorg' (checklist xlsx): exit 2 asking for --output, nothing written."""
    root = tmp_path / "box" / "tree"
    shutil.copytree(FIXTURES / "minimal", root)
    path, old, new = edit
    text = (root / path).read_text()
    assert old in text
    (root / path).write_text(text.replace(old, new))
    cwd = tmp_path / "box" / "a" / "b"
    cwd.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(cli, [*command, "-C", str(root)])
    assert result.exit_code == 2, result.output
    assert "give the file to write with --output" in result.output
    assert snapshot(tmp_path) == before
