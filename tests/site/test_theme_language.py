"""The built site's theme.language follows the framework config, also over a repository's own mkdocs.yml."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from stelsel.cli.main import cli
from stelsel.site.config import default_config


@pytest.mark.slow
def test_an_english_framework_with_a_dutch_mkdocs_yml_builds_english_pages(tmp_path, monkeypatch):
    """init --language en plus a mkdocs.yml saying language: nl (theme and search): the pages say lang="en"."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "etf"
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(root), "--language", "en", "--title", "Theme Test", "--forge", "none",
                                 "--no-git"])
    assert result.exit_code == 0, result.output
    own = default_config(root)
    own["theme"]["language"] = "nl"
    own["plugins"][0] = {"search": {"lang": "nl"}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(own, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(cli, ["build", str(root), "--working-only"])
    assert result.exit_code == 0, result.output
    home = (root / "site" / "concept" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and '<html lang="nl"' not in home
    search = (root / "site" / "concept" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en"]' in search.replace(" ", "")
