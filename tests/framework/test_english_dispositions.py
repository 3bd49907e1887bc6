"""A reaction's disposition is framework data too: the file stores the framework's word, the model holds its key."""

from __future__ import annotations

import shutil

from stelsel.load.project import load_project

from ..helpers import REPO, diagnostics, show
from .test_english_site_pages import english_project  # noqa: F401  (the fixture: CP-EN-1 with three answers)

TWIIN_PROPOSAL = "CP-20261201-normniveaus-volgens-de-bronnen"


def test_twiin_dispositions_load_as_keys_and_the_file_keeps_its_words():
    """Twiin's overgenomen / niet-overgenomen are the model's adopted / not_adopted; the parsed data still says the word."""
    proposal = load_project(REPO).get(TWIIN_PROPOSAL)
    reactions = proposal.model.consultation.reactions
    stored = [r.get("disposition") for r in proposal.file.data["consultation"]["reactions"]]
    assert {r.disposition for r in reactions} <= {"adopted", "partly_adopted", "not_adopted", None}
    assert "overgenomen" in stored and "niet-overgenomen" in stored
    assert [r.disposition for r in reactions] == [
        {"overgenomen": "adopted", "deels-overgenomen": "partly_adopted", "niet-overgenomen": "not_adopted"}.get(w)
        for w in stored]


def test_an_english_framework_stores_english_disposition_words(english_project):  # noqa: F811
    """language: en: adopted / partly-adopted / not-adopted in the file, the model's keys after loading, no finding."""
    project = load_project(english_project)
    assert [r.disposition for r in project.get("CP-EN-1").model.consultation.reactions] == [
        "adopted", "partly_adopted", "not_adopted"]
    assert project.statuses.words("disposition") == ["adopted", "partly-adopted", "not-adopted"]
    assert not [d for d in diagnostics(english_project) if d.code == "S003"]


def test_a_dutch_disposition_in_an_english_framework_is_one_finding_at_its_line(english_project, tmp_path):  # noqa: F811
    """disposition: deels-overgenomen in an English framework: one S003 at its line naming the English words; no cascade."""
    root = tmp_path / "etf"
    shutil.copytree(english_project, root, symlinks=True)
    path = root / "changes" / "CP-EN-1.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("disposition: partly-adopted", "disposition: deels-overgenomen"), encoding="utf-8")
    line = text.splitlines().index("      disposition: partly-adopted") + 1
    baseline = {(d.code, d.path, d.line, d.message) for d in diagnostics(english_project)}
    found = [d for d in diagnostics(root) if (d.code, d.path, d.line, d.message) not in baseline]
    assert [(d.code, d.path, d.line) for d in found] == [("S003", "changes/CP-EN-1.md", line)], show(found)
    assert found[0].message == "disposition: 'deels-overgenomen' is not a disposition of this framework"
    assert found[0].hint.startswith("use one of: adopted, partly-adopted, not-adopted")
