"""Checklist downloads kept by their content (site/downloads.py): a kept file is the file made afresh."""

from __future__ import annotations

from openpyxl import load_workbook

from stelsel.load.project import load_project
from stelsel.site.checklists import declare_downloads
from stelsel.site.downloads import render_downloads

from .helpers import make_project


def _cells(path) -> list:
    workbook = load_workbook(path)
    return [[cell.value for cell in row] for sheet in workbook.worksheets for row in sheet.iter_rows()]


def test_kept_checklists_equal_new_ones_and_an_edit_makes_them_again(tmp_path):
    """Made twice with a cache, the second time from it, the files equal those made without one; after an edit to
    an agreement the checklists of its roles come out changed, not from the cache."""
    root = make_project(tmp_path / "project")
    project = load_project(root)
    _checklists, downloads = declare_downloads(project, "concept", False, False)
    checklists = {path: spec for path, spec in downloads.items() if spec.kind.startswith("checklist-")}
    assert len(checklists) >= 6
    cache = tmp_path / "cache" / "pdf"
    render_downloads(project, checklists, tmp_path / "first", pdf_cache=cache)
    kept = sorted((tmp_path / "cache" / "checklists").iterdir())
    assert len(kept) == len(checklists)
    render_downloads(project, checklists, tmp_path / "again", pdf_cache=cache)
    render_downloads(project, checklists, tmp_path / "fresh")
    for path in checklists:
        fresh, again = tmp_path / "fresh" / path, tmp_path / "again" / path
        if path.endswith(".xlsx"):
            assert _cells(again) == _cells(fresh), path
        else:
            assert again.read_bytes() == fresh.read_bytes(), path
    agreement = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace("binnen vier uur", "binnen twee uur", 1),
                         encoding="utf-8")
    edited = load_project(root)
    render_downloads(edited, checklists, tmp_path / "edited", pdf_cache=cache)
    changed = [p for p in checklists if p.endswith(".md") and "binnen twee uur" in (tmp_path / "edited" / p).read_text()]
    assert changed and len(sorted((tmp_path / "cache" / "checklists").iterdir())) > len(kept)
