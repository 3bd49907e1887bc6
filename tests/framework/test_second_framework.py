"""A second framework, in English: made with init, three catalogue versions imported as releases,
then a change taken through propose, review, decide and cut, and the site built."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from stelsel.edit import Document
from stelsel.load.project import load_project

from ..helpers import FIXTURES
from .conftest import CATALOGUE, MAP, VERSIONS, Stelsel, as_person


def rows(name: str) -> dict[str, dict[str, str]]:
    """The rows of a catalogue version by ID, read here on their own (BOM, ',' or ';')."""
    text = (CATALOGUE / name).read_text(encoding="utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return {row["Ref"]: row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)}


def row_changes(old: dict, new: dict) -> dict[str, list[str]]:
    return {"added": sorted(set(new) - set(old)), "withdrawn": sorted(set(old) - set(new)),
            "changed": sorted(i for i in set(old) & set(new) if old[i] != new[i])}


def diff_changes(stelsel: Stelsel, old: str, new: str) -> dict[str, list[str]]:
    found = json.loads(stelsel("diff", old, new, "--format", "json").output)
    items = found["items"] if isinstance(found, dict) else found
    out: dict[str, list[str]] = {"added": [], "withdrawn": [], "changed": []}
    for item in items:
        out.setdefault(item["change"], []).append(item["id"])
    return {k: sorted(v) for k, v in out.items()}


@pytest.fixture
def imported(built, tmp_path) -> Stelsel:
    """A copy of the built framework (with its git repository) that a test may change."""
    shutil.copytree(built, tmp_path / "etf", symlinks=True)
    return Stelsel(tmp_path / "etf")


def test_three_imported_versions_are_three_releases_whose_diffs_are_the_row_changes(imported):
    """stelsel diff between the imported releases lists exactly the rows added, changed and withdrawn between the CSVs."""
    stelsel = imported
    assert (stelsel.root / "releases/1.2/manifest.json").is_file()
    assert diff_changes(stelsel, "0.1", "1.0") == {"added": sorted(rows("v1.csv")), "withdrawn": [], "changed": []}
    for (old_name, old), (new_name, new) in zip(VERSIONS, VERSIONS[1:]):
        expected = row_changes(rows(old_name), rows(new_name))
        assert expected["added"] and expected["withdrawn"] and expected["changed"]  # the fixture exercises all three
        assert diff_changes(stelsel, old, new) == expected, (old, new)


def test_a_row_missing_from_a_later_version_is_withdrawn_not_deleted(imported):
    """ETF-03 (gone in v2) is still a file, withdrawn until 1.1; the levels came from the norm words in the text."""
    project = load_project(imported.root)
    gone = project.get("ETF-03").model
    assert gone.status == "withdrawn" and gone.until == "1.1"
    assert project.get("ETF-03").file.data["status"] == "withdrawn"  # the English framework's word in its file
    assert project.get("ETF-05").model.status == "withdrawn" and project.get("ETF-05").model.until == "1.2"
    assert project.get("ETF-05").model.level == "MUST NOT"
    assert project.get("ETF-07").model.level == "MAY" and project.get("ETF-07").model.since == "1.2"


def test_each_imported_release_records_its_import(imported):
    """Each imported release includes a proposal of type import naming the file and its hash, and the changelog lists it."""
    frozen = load_project(imported.root / "releases" / "1.1")
    record = frozen.by_kind["proposal"]["IMPORT-1.1"]
    assert record.model.type == "import" and "v2.csv" in record.model.title
    assert "SHA-256" in record.file.body
    changelog = (imported.root / "CHANGELOG.md").read_text()
    assert "IMPORT-1.1" in changelog and "IMPORT-1.2" in changelog and "FOUNDING-0.1" in changelog
    imported("release", "changelog", "--check")


@pytest.mark.slow
def test_a_change_goes_through_propose_review_decide_cut_and_build(imported, monkeypatch):
    """After the imports, ben proposes a change, ann reviews and decides it, 1.3 is cut clean and the site is built."""
    stelsel = imported
    root = stelsel.root
    stelsel("release", "open", "1.3", "--as", "ann", "--title", "Release 1.3")
    as_person(monkeypatch, "ben")
    stelsel("propose", "--title", "Incident reports within 12 hours", "--item", "change:ETF-06", "--author", "ben",
            "--release", "1.3", "--id", "CP-ETF-06", "--motivation", "Participants trust each other more when they "
            "hear of an incident sooner.")
    agreement = root / "framework/agreements/ETF-06.yaml"
    agreement.write_text(agreement.read_text().replace("within 24 hours", "within 12 hours"))
    stelsel("move", "CP-ETF-06", "submitted", "--as", "ben")
    stelsel.git("add", "-A")
    stelsel.git("commit", "-q", "-m", "Propose CP-ETF-06")
    as_person(monkeypatch, "ann")
    for args in (("move", "CP-ETF-06", "in_review", "--as", "ann"),
                 ("review", "CP-ETF-06", "--as", "ann", "--verdict", "approve", "--comment", "Clear."),
                 ("decide", "CP-ETF-06", "--as", "ann", "--outcome", "accepted", "--minutes", "Board 2026-12"),
                 ("move", "CP-ETF-06", "accepted", "--as", "ann")):
        stelsel(*args)
        stelsel.git("add", "-A")
        stelsel.git("commit", "-q", "-m", " ".join(args[:2]))
    register = Document.open(root / "framework/releases/1.3.yaml")
    import datetime as dt

    register.set(("decision",), {"body": "board", "by": "ann", "date": dt.date.today(), "reference": "Board 2026-12"})
    register.save()
    stelsel.git("commit", "-q", "-am", "Release decision 1.3")
    stelsel("release", "cut", "1.3", "--as", "ann")
    assert diff_changes(stelsel, "1.2", "1.3") == {"added": [], "withdrawn": [], "changed": ["ETF-06"]}
    check = stelsel("check", "--format", "json", ok=False)
    assert [d for d in json.loads(check.output)["diagnostics"] if d["severity"] == "error"] == []
    stelsel("build")
    site = root / "site"
    assert {p.name for p in site.iterdir() if p.is_dir()} >= {"0.1", "1.0", "1.1", "1.2", "1.3", "concept"}
    assert any("within 12 hours" in p.read_text() for p in (site / "1.3").rglob("*.html"))


def test_a_refused_release_import_leaves_the_tree_and_history_as_they_were(imported):
    """When the cut refuses (an item still a draft), the import's files, its record and its commit are all taken back."""
    stelsel = imported
    draft = stelsel.root / "framework/agreements/EX-002.yaml"
    draft.write_text("kind: agreement\nid: EX-002\ntitle: Draft\nstatus: draft\nstatement: A participant MAY.\n"
                     "level: MAY\nlayers: [technical]\napplies_to: [participant]\n")
    stelsel.git("add", "-A")
    stelsel.git("commit", "-q", "-m", "A draft")
    head, files = stelsel.git("rev-parse", "HEAD"), sorted(p for p in stelsel.root.rglob("*") if ".git" not in p.parts)
    result = stelsel("import", str(CATALOGUE / "v1.csv"), "--map", MAP, "--level-from-text", "--as-release", "1.3",
                     "--as", "ann", ok=False)
    assert result.exit_code == 2 and "nothing imported" in result.output and "EX-002" in result.output
    assert stelsel.git("rev-parse", "HEAD") == head and stelsel.git("status", "--porcelain") == ""
    assert sorted(p for p in stelsel.root.rglob("*") if ".git" not in p.parts) == files


def test_a_release_import_needs_the_import_type_in_the_workflow(tmp_path):
    """A framework whose workflow declares no 'import' proposal type refuses --as-release (exit 2) and writes nothing."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "release", root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("Ref,Name,Text,Roles,Layer\nMA-002,Helpdesk,De zorgaanbieder MOET bereikbaar zijn.,"
                        "zorgaanbieder,organisatie\n")
    result = Stelsel(root)("import", str(csv_path), "--map", "id=Ref,title=Name,statement=Text,applies_to=Roles,"
                           "layers=Layer", "--level-from-text", "--as-release", "0.1", "--as", "bob", "--no-git", ok=False)
    assert result.exit_code == 2 and "no proposal type 'import'" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
