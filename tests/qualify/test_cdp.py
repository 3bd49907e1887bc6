"""qualify/cdp.py: a headless Chromium on a pipe, ended with everything it started."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from stelsel.qualify import pdf_chromium
from stelsel.qualify.cdp import Browser


def group_members(group: int) -> list[int]:
    """The live (not zombie) processes in a process group."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.slow
def test_browser_prints_and_leaves_no_process_or_profile_behind(tmp_path):
    """A page is loaded, evaluated and printed; on close the browser's whole process group ends and its
    profile folder is gone."""
    chromium = pdf_chromium.executable()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="nl"><title>t</title><p id="a">Hallo</p></html>', encoding="utf-8")
    with Browser(chromium) as browser:
        group, profile = browser._process.pid, Path(browser._profile.name)
        browser.goto(page.as_uri())
        assert browser.evaluate("document.getElementById('a').textContent") == "Hallo"
        assert browser.pdf(tagged=True).startswith(b"%PDF-")
        assert len(group_members(group)) > 1  # the browser and the processes it started
    assert not profile.exists()
    deadline = time.monotonic() + 10  # a killed process ends when the kernel next runs it
    while group_members(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(group) == []
