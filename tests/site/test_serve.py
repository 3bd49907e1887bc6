"""stelsel serve: after an edit is saved, every page that shows the item shows the edit (no stale page)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_site
from stelsel.site.plugin import frozen_releases

from ..cli.test_build_findings import _fetch, _free_port
from .helpers import make_project

pytestmark = pytest.mark.slow  # a real server, rebuilding


def test_an_edit_reaches_the_item_page_its_layer_page_and_its_role_page(tmp_path):
    """Editing TA-002's statement while serve runs: its own page (written from the shell), its layer page and the
    page of its role all show the new text, and none the old."""
    root = make_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, STELSEL_CACHE_DIR=str(tmp_path / "cache"))
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([str(Path(sys.executable).parent / "stelsel"), "serve", str(root), "--addr",
                                   f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=env)
    pages = ["afspraken/TA-002/", "afspraken/lagen/organisatie/", "afspraken/rollen/gtk-dienstverlener/"]
    try:
        for page in pages:
            assert "binnen vier uur" in _fetch(base + page, lambda text: "</html>" in text), page
        source = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("binnen vier uur", "binnen vijf kwartier", 1),
                          encoding="utf-8")
        for page in pages:
            text = _fetch(base + page, lambda text: "binnen vijf kwartier" in text)
            assert "binnen vier uur" not in text, page
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def _serve(root: Path, tmp_path: Path):
    """``stelsel serve root`` on a free port, its site folder below tmp_path/tmp; (process, base URL, log)."""
    port = _free_port()
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = dict(os.environ, STELSEL_CACHE_DIR=str(tmp_path / "cache"), TMPDIR=str(tmp_path / "tmp"))
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([str(Path(sys.executable).parent / "stelsel"), "serve", str(root), "--addr",
                                   f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=env)
    return server, f"http://127.0.0.1:{port}/", log


def _wait_for_log(log: Path, text: str, count: int = 1, deadline: float = 120.0) -> str:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        content = log.read_text(encoding="utf-8")
        if content.count(text) >= count:
            return content
        time.sleep(0.2)
    raise AssertionError(f"the serve log never said {text!r} {count}x:\n{log.read_text(encoding='utf-8')[-3000:]}")


def _generated(root: Path) -> dict[str, str]:
    project = load_project(root)
    history = [(label, load_project(root / "releases" / label)) for label in frozen_releases(root)]
    return generate_site(project, SiteOptions(history=history, pdf_note="-",
                                              current_releases={r.id: r.model for r in project.items("release")})).pages


def test_an_edit_rewrites_only_the_pages_whose_content_changed(tmp_path):
    """After editing TA-002's statement serve takes the incremental path: its own page is written first and
    alike by the full generation, every page whose generated text changed is written again, and no page whose
    text stayed the same is (its file untouched)."""
    root = make_project(tmp_path / "project")
    server, base, log = _serve(root, tmp_path)
    try:
        _fetch(base + "afspraken/TA-002/", lambda text: "binnen vier uur" in text)
        site = next((tmp_path / "tmp").glob("stelsel-serve-*"))
        html = {p.relative_to(site).as_posix(): p for p in site.rglob("index.html")}
        before = {name: path.stat().st_mtime_ns for name, path in html.items()}
        pages_before = _generated(root)
        source = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("binnen vier uur", "binnen vijf kwartier", 1),
                          encoding="utf-8")
        text = _wait_for_log(log, "stelsel: checked after the update")
        _fetch(base + "afspraken/lagen/organisatie/", lambda text: "binnen vijf kwartier" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "stelsel: incremental update: afspraken/TA-002.md written first" in text
    assert "the full generation wrote them alike" in text
    assert "full rebuild (structural" not in text and "Traceback" not in text
    pages_after = _generated(root)
    changed = {p for p in pages_after if pages_after[p] != pages_before[p]}
    unchanged = set(pages_after) - changed
    assert "afspraken/TA-002.md" in changed and "afspraken/lagen/organisatie.md" in changed

    def html_of(page: str) -> str:  # mkdocs' directory URLs: x.md -> x/index.html, x/index.md -> x/index.html
        stem = page[:-3]
        return "index.html" if stem == "index" else stem[:-5] + "index.html" if stem.endswith("/index") \
            else stem + "/index.html"

    rewritten = {name for name, path in html.items() if path.stat().st_mtime_ns != before[name]}
    assert {html_of(p) for p in changed} <= rewritten
    kept = {html_of(p) for p in unchanged} & set(html)
    assert len(kept) > 20 and not kept & rewritten


def test_a_new_item_file_is_structural_and_builds_in_full(tmp_path):
    """Adding an agreement's file while serve runs: the terminal names the full rebuild and why, and the new
    agreement's page is served afterwards."""
    root = make_project(tmp_path / "project")
    server, base, log = _serve(root, tmp_path)
    try:
        _fetch(base, lambda text: "</html>" in text)
        source = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
        text = source.read_text(encoding="utf-8").replace("id: TA-002", "id: TA-005")
        (source.parent / "TA-005.yaml").write_text(text.replace("title: Storingsmelding", "title: Herstelmelding"),
                                                   encoding="utf-8")
        page = _fetch(base + "afspraken/TA-005/", lambda text: "Herstelmelding" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "TA-005" in page
    content = log.read_text(encoding="utf-8")
    assert "stelsel: full rebuild (structural change: added: afsprakenstelsel/afspraken/TA-005.yaml)" in content
    assert "Traceback" not in content


def test_a_finding_made_by_an_edit_reaches_the_banner_after_the_incremental_update(tmp_path):
    """An edit that makes TA-002's level unknown takes the incremental path; the check that follows it prints
    the finding and writes it into the banner of TA-002's page and of its layer page; fixing it takes it away."""
    root = make_project(tmp_path / "project")
    server, base, log = _serve(root, tmp_path)
    source = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
    good = source.read_text(encoding="utf-8")
    try:
        _fetch(base + "afspraken/TA-002/", lambda text: "</html>" in text)
        source.write_text(good.replace("level: MOET", "level: MOETX", 1), encoding="utf-8")
        page = _fetch(base + "afspraken/TA-002/", lambda text: "<strong>R001</strong>" in text)
        layer = _fetch(base + "afspraken/lagen/organisatie/", lambda text: "<strong>R001</strong>" in text)
        _wait_for_log(log, "stelsel: checked after the update")
        source.write_text(good, encoding="utf-8")
        _wait_for_log(log, "stelsel: checked after the update", count=2)
        fixed = _fetch(base + "afspraken/TA-002/", lambda text: "</html>" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
    content = log.read_text(encoding="utf-8")
    assert "TA-002.yaml" in page and "TA-002.yaml" in layer
    assert "R001" not in fixed
    assert "findings banner changed on" in content and "full rebuild (structural" not in content
    assert "stelsel: afsprakenstelsel/afspraken/TA-002.yaml:" in content and "Traceback" not in content
