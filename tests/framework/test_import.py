"""stelsel import: a catalogue as item files; every bad row a finding with its row and column, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.check import check_tree
from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.load.table import read_table

MAP = "id=Ref,title=Name,statement=Text,level=Level,applies_to=Roles,layers=Layer"
HEADER = "Ref,Name,Text,Level,Roles,Layer\n"


@pytest.fixture
def framework(tmp_path) -> Path:
    """A new English framework, without git."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "f"), "--language", "en", "--title", "Import Test",
                                      "--forge", "none", "--no-git"])
    assert result.exit_code == 0, result.output
    return tmp_path / "f"


def run(root: Path, csv_path: Path, *extra: str, mapping: str = MAP):
    return CliRunner().invoke(cli, ["-C", str(root), "import", str(csv_path), "--map", mapping, "--format", "json",
                                    *extra])


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_every_bad_row_is_a_finding_with_row_and_column_and_nothing_is_written(framework, tmp_path):
    """Empty ID (I006), duplicate ID (I007), unknown level and role (I008), an empty required cell (I009) and a row
    longer than the header (I004) are all reported in one run, each at its row and column; no file changes."""
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ",Empty,A participant MUST.,MUST,Participant,Technical\n"
                   "R-1,A,Text.,MUST,Participant,Technical\n"
                   "R-1,B,Text.,SHALL,Participant,Technical\n"
                   "R-2,C,Text.,HUH,Nobody,Technical\n"
                   "R-3,D,,MUST,Participant,Technical\n"
                   "R-4,E,Text.,MUST,Participant,Technical,surplus\n")
    before = tree_bytes(framework)
    result = run(framework, bad)
    assert result.exit_code == 1
    found = [(d["code"], d["line"], d["col"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [("I006", 2, 1), ("I007", 4, 1), ("I008", 5, 4), ("I008", 5, 5), ("I009", 6, 3), ("I004", 7, 7)]
    assert tree_bytes(framework) == before


def test_a_mapped_column_missing_from_the_header_is_I005(framework, tmp_path):
    """--map naming a column the header lacks is I005 at row 1, naming the columns there are."""
    path = tmp_path / "short.csv"
    path.write_text("Ref,Name\nR-1,A\n")
    result = run(framework, path)
    diagnostics = json.loads(result.output)["diagnostics"]
    assert result.exit_code == 1 and {d["code"] for d in diagnostics} == {"I005"}
    assert {d["line"] for d in diagnostics} == {1} and "Ref, Name" in diagnostics[0]["hint"]


def test_a_file_that_cannot_be_read_is_I004(framework, tmp_path):
    """A missing file, a file that is no table and a workbook that is no workbook are each I004, exit 1."""
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    for path in (tmp_path / "absent.csv", tmp_path / "notes.pdf", broken):
        if path.suffix == ".pdf":
            path.write_bytes(b"%PDF")
        result = run(framework, path)
        assert result.exit_code == 1, path
        assert [d["code"] for d in json.loads(result.output)["diagnostics"]] == ["I004"], path


def test_a_row_missing_a_required_field_names_the_field_to_map(framework, tmp_path):
    """Without an applies_to column every row is I009 'applies_to', with the hint to map a column to it."""
    path = tmp_path / "noroles.csv"
    path.write_text("Ref,Name,Text,Layer\nR-1,A,A participant MUST act.,Technical\n")
    result = run(framework, path, "--level-from-text", mapping="id=Ref,title=Name,statement=Text,layers=Layer")
    diagnostics = json.loads(result.output)["diagnostics"]
    assert [(d["code"], d["line"]) for d in diagnostics] == [("I009", 2)]
    assert "applies_to" in diagnostics[0]["message"] and "--map applies_to=COLUMN" in diagnostics[0]["hint"]


def test_an_id_taken_by_an_item_of_another_kind_is_I007(framework, tmp_path):
    """A row whose ID is the role 'participant' is a duplicate, not an overwrite."""
    path = tmp_path / "taken.csv"
    path.write_text(HEADER + "participant,A,A participant MUST act.,MUST,Participant,Technical\n")
    result = run(framework, path)
    assert [d["code"] for d in json.loads(result.output)["diagnostics"]] == ["I007"]


def test_rows_become_item_files_that_check_clean(framework, tmp_path):
    """Two good rows are two agreement files in agreements/, levels from the text, and the tree checks without errors."""
    path = tmp_path / "good.csv"
    path.write_text("Ref,Name,Text,Roles,Layer\nR-1,Logging,A participant MUST log.,participant,Technical\n"
                    "R-2,Support,\"A participant SHOULD help, when asked.\",Participant,organisational\n")
    result = run(framework, path, "--level-from-text", mapping="id=Ref,title=Name,statement=Text,applies_to=Roles,"
                                                              "layers=Layer")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["written"] == ["framework/agreements/R-1.yaml", "framework/agreements/R-2.yaml"]
    project = load_project(framework)
    assert project.get("R-2").model.level == "SHOULD" and project.get("R-2").model.layers == ["organisational"]
    assert [d for d in check_tree(framework, use_cache=False).diagnostics if d.severity.value == "error"] == []


def test_importing_a_row_again_updates_only_its_mapped_fields(framework, tmp_path):
    """A row for an existing agreement changes its statement and keeps the comment and other fields of its file."""
    target = framework / "framework/agreements/EX-001.yaml"
    target.write_text("# kept by hand\n" + target.read_text())
    path = tmp_path / "again.csv"
    path.write_text("Ref,Name,Text\nEX-001,Point of contact,A participant MUST name two points of contact.\n")
    result = run(framework, path, mapping="id=Ref,title=Name,statement=Text")
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert text.startswith("# kept by hand\n") and "two points of contact" in text and "applies_to" in text
    assert json.loads(result.output)["summary"]["changed"] == 1


def test_create_missing_creates_the_roles_and_layers_named(framework, tmp_path):
    """--create-missing makes a role file for 'Service provider' and a layer 'Legal' in the config; the tree checks clean."""
    path = tmp_path / "new.csv"
    path.write_text(HEADER + "R-1,Contract,A service provider MUST sign the contract.,MUST,Service provider,Legal\n")
    assert run(framework, path).exit_code == 1
    result = run(framework, path, "--create-missing")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["created"] == ["role service-provider", "layer legal"]
    project = load_project(framework)
    assert project.get("R-1").model.applies_to == ["service-provider"]
    assert "legal" in [layer.id for layer in project.config.layers]
    assert [d for d in check_tree(framework, use_cache=False).diagnostics if d.severity.value == "error"] == []


def test_csv_encoding_and_delimiter_are_detected(tmp_path):
    """A cp1252 file with semicolons, a UTF-8 file with a BOM and tabs, and UTF-16 with a BOM all read the same cells."""
    cells = ["R-1", "Café", "Één regel"]
    cases = {"cp1252.csv": ("Ref;Name;Text\n" + ";".join(cells) + "\n").encode("cp1252"),
             "bom.csv": ("\ufeffRef\tName\tText\n" + "\t".join(cells) + "\n").encode("utf-8"),
             "utf16.csv": ("Ref,Name,Text\n" + ",".join(cells) + "\n").encode("utf-16")}
    for name, raw in cases.items():
        (tmp_path / name).write_bytes(raw)
        table = read_table(tmp_path / name)
        assert table.header == ["Ref", "Name", "Text"] and table.rows == [(2, cells)], (name, table.encoding)
    assert read_table(tmp_path / "bom.csv").encoding.startswith("utf-8-sig")


def test_xlsx_catalogue_is_imported(framework, tmp_path):
    """The first sheet of a workbook is read like a CSV: one agreement per row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Name", "Text", "Level", "Roles", "Layer"])
    sheet.append(["X-1", "From a sheet", "Rows from a workbook.", "MAY", "Participant", "Technical"])
    book.save(tmp_path / "cat.xlsx")
    result = run(framework, tmp_path / "cat.xlsx")
    assert result.exit_code == 0, result.output
    assert load_project(framework).get("X-1").model.level == "MAY"


def test_items_of_a_new_kind_go_to_the_folder_stelsel_toml_names(framework, tmp_path):
    """A glossary imported into an English framework (no terms yet) lands in framework/terms/, as stelsel.toml says."""
    path = tmp_path / "terms.csv"
    path.write_text("Term,Meaning\nTLS,Transport Layer Security protects the connection.\n")
    result = run(framework, path, "--kind", "term", mapping="id=Term,title=Term,definition=Meaning")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["written"] == ["framework/terms/TLS.yaml"]
