"""A frozen release's cached build holds the validity the working register gave it: a new ingangsdatum rebuilds it."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

from .conftest import copy_project

pytestmark = pytest.mark.slow  # site builds


def test_a_new_ingangsdatum_rebuilds_the_frozen_release_that_shows_it(built_site, tmp_path, monkeypatch):
    """0.1 gets an ingangsdatum in the working register: the frozen releases are built again (the register is in
    their cache key), and 0.1 says from when it is valid."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.root / ".stelsel-cache" / "site", cache / "site")
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(cache))
    project = copy_project(built_site, tmp_path / "project")
    register = project / "afsprakenstelsel" / "releases" / "0.1.yaml"
    register.write_text(register.read_text() + "ingangsdatum: 2026-06-01\n")
    result = CliRunner().invoke(cli, ["build", str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert re.search(r"0\.0 +from cache", result.output) is None and re.search(r"0\.1 +built", result.output)
    page = (project / "site" / "0.1" / "releases" / "0.1" / "index.html").read_text()
    assert "geldig vanaf 1 juni 2026, tot nader order" in page
    # the downloadable checklists say so too: the Markdown under its title, the XLSX on its Gegevens sheet
    from openpyxl import load_workbook

    markdown = sorted((project / "site" / "0.1").rglob("*.md"))
    workbooks = sorted((project / "site" / "0.1").rglob("*.xlsx"))
    assert markdown and workbooks
    for path in markdown:
        assert "Geldig vanaf 1 juni 2026, tot nader order." in path.read_text(encoding="utf-8"), path
    for path in workbooks:
        sheet = load_workbook(path, read_only=True)["Gegevens"]
        rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=1, max_col=2, values_only=True)}
        assert rows.get("Geldigheid") == "Geldig vanaf 1 juni 2026, tot nader order.", path
