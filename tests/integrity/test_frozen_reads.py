"""Commands that show a frozen release (checklist, pdf, diff, assess) show only a release, and only as it was frozen."""

from __future__ import annotations

import shutil

import pytest

from .conftest import run

FROZEN_MA = "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml"
COMMANDS = [["checklist", "--role", "zorgaanbieder", "--format", "csv", "--release", "{v}"],
            ["diff", "working", "{v}"],
            ["pdf", "--release", "{v}", "--html", "{tmp}/doc.html", "--output", "{tmp}/doc.pdf"]]


def _invoke(runner, released, tmp_path, command, version, code):
    args = [part.format(v=version, tmp=tmp_path) for part in command]
    return run(runner, *args, "-C", str(released), code=code)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_release_named_by_a_path_is_no_release(released, runner, tmp_path, command):
    """--release '../x' (a copy of 0.1 outside the project, edited) or '0.1/../0.1' is 'not frozen', exit 2."""
    fake = tmp_path / "outside" / "fake"
    shutil.copytree(released / "releases" / "0.1", fake)
    for version in (f"../../{fake.relative_to(tmp_path)}", "0.1/../0.1", "releases/0.1"):
        result = _invoke(runner, released, tmp_path, command, version, code=2)
        assert f"release '{version}' is not frozen in releases/ (frozen releases: 0.1" in result.output
    assert not (tmp_path / "doc.pdf").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_frozen_release_edited_since_its_manifest_is_refused(released, runner, tmp_path, command):
    """A sentence of releases/0.1 changed (manifest left alone) is not shown as release 0.1: exit 2, the file named."""
    path = released / FROZEN_MA
    path.write_text(path.read_text().replace("een servicedesk inrichten", "een helpdesk inrichten"))
    result = _invoke(runner, released, tmp_path, command, "0.1", code=2)
    assert "releases/0.1 does not match its manifest" in result.output
    assert "afsprakenstelsel/afspraken/MA-001.yaml" in result.output and "release verify 0.1" in result.output
    assert not (tmp_path / "doc.pdf").exists()
