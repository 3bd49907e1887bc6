"""Invalid content is never published silently: build refuses (or with --force marks), serve shows and marks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from stelsel.cli.main import cli

from ..helpers import make_tree, replace

BAD_LEVEL = {"afsprakenstelsel/afspraken/MA-001.yaml": replace("level: MOET", "level: MOETX")}
BROKEN_YAML = {"afsprakenstelsel/begrippen/kapot.yaml": "kind: term\nid: [kapot\n"}
LAYER_PAGE = Path("concept/afspraken/lagen/organisatie/index.html")
ITEM_PAGE = Path("concept/afspraken/MA-001/index.html")


def _marked(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if "stelsel-findings" in p.read_text(encoding="utf-8")}


def test_build_refuses_content_with_errors(runner, tmp_path, monkeypatch):
    """'stelsel build' on a tree with an unknown level exits 1 naming the finding, and writes no site."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    root = make_tree(tmp_path / "t", BAD_LEVEL)
    result = runner.invoke(cli, ["build", str(root)])
    assert result.exit_code == 1, result.output
    assert "afsprakenstelsel/afspraken/MA-001.yaml:6:8: R001 level: unknown level 'MOETX'" in result.stderr
    assert "--force" in result.stderr
    assert not (root / "site").exists()


def test_build_force_marks_the_affected_pages(runner, tmp_path, monkeypatch):
    """With --force the site is built, and the page showing the agreement and the home page carry the banner; no other page."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    root = make_tree(tmp_path / "t", {**BAD_LEVEL, **BROKEN_YAML})
    result = runner.invoke(cli, ["build", str(root), "--force"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    marked = _marked(site)
    # the pages that show MA-001 (its own page and its layer's, where the site has them) and the home page
    pages = marked - {"concept/index.html"}
    assert "concept/index.html" in marked and pages and pages <= {ITEM_PAGE.as_posix(), LAYER_PAGE.as_posix()}
    for page in pages:
        shown = (site / page).read_text(encoding="utf-8")
        assert "Deze pagina bevat fouten" in shown and "<strong>R001</strong> level: unknown level &#39;MOETX&#39;" in shown
    home = (site / "concept" / "index.html").read_text(encoding="utf-8")
    assert "stelsel check meldt 2 bevinding(en), waarvan 1 in bestanden zonder eigen pagina" in home
    assert "<code>afsprakenstelsel/begrippen/kapot.yaml:2</code> <strong>F001</strong>" in home


def test_clean_build_has_no_banner(runner, tmp_path, monkeypatch):
    """A tree that checks clean builds as before, without a banner anywhere."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    root = make_tree(tmp_path / "t")
    result = runner.invoke(cli, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "site" / "concept" / "index.html").is_file() and not _marked(root / "site")
    assert "building" not in result.stderr  # progress only on a terminal


def test_findings_of_a_forced_build_do_not_mark_the_next_build_in_the_process(runner, tmp_path, monkeypatch):
    """mkdocs keeps one stelsel plugin per process: a build without a check beside it (build_site) after a
    forced build of a tree with errors marks none of its pages with the earlier tree's findings."""
    from stelsel.site.build import build_site

    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    bad = make_tree(tmp_path / "bad", BAD_LEVEL)
    assert runner.invoke(cli, ["build", str(bad), "--force"]).exit_code == 0
    assert _marked(bad / "site")
    clean = make_tree(tmp_path / "clean")
    build_site(clean, only_working=True)
    assert (clean / "site" / ITEM_PAGE).is_file() and not _marked(clean / "site")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, until, deadline: float = 90.0) -> str:
    """The page at ``url`` once ``until(text)`` holds (serve builds, then rebuilds after an edit)."""
    end = time.monotonic() + deadline
    text = ""
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if until(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed what was expected; last:\n{text[:2000]}")


@pytest.mark.slow
def test_serve_shows_findings_and_banner_while_editing(tmp_path):
    """serve prints the findings and marks the home page; after the YAML is fixed the banner goes away."""
    root = make_tree(tmp_path / "t", BROKEN_YAML)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, STELSEL_CACHE_DIR=str(tmp_path / "cache"))
    with open(log, "w", encoding="utf-8") as out:
        command = [str(Path(sys.executable).parent / "stelsel"), "serve", str(root), "--addr", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        home = _fetch(f"http://127.0.0.1:{port}/", lambda text: "Mini" in text or "stelsel-findings" in text)
        assert "stelsel-findings" in home and "kapot.yaml:2</code> <strong>F001</strong>" in home
        assert "stelsel: afsprakenstelsel/begrippen/kapot.yaml:2:5: F001 YAML syntax error" in log.read_text("utf-8")
        (root / "afsprakenstelsel" / "begrippen" / "kapot.yaml").unlink()
        _fetch(f"http://127.0.0.1:{port}/", lambda text: "stelsel-findings" not in text and "</html>" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
