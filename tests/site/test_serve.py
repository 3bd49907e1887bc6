"""stelsel serve: after an edit is saved, every page that shows the item shows the edit (no stale page)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
