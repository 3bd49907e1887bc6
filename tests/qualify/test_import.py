"""Importing a filled-in checklist (XLSX or CSV) back into a self-assessment file, round trip."""

from __future__ import annotations

import csv

import yaml
from openpyxl import load_workbook

from stelsel.qualify.assess import assess

from .conftest import run
from .test_assess import COMPLETE

FILLED = {  # agreement -> (answer as a person types it, explanation, evidence cell)
    "MA-001": ("voldoet", "De servicedesk is op werkdagen bereikbaar.", None),
    "MA-004": ("niet van toepassing", "Wij hebben geen gezamenlijke helpdesk.", None),
    "MA-006": ("Voldoet", None, "NEN7510-certificaat-2026.pdf"),
    "MA-003": ("voldoet deels", "De pentest van 2025 is gedaan; die van 2026 is gepland.", "pentest-2025.pdf"),
}


def _fill(path, filled) -> None:
    wb = load_workbook(path)
    ws = wb["Checklist"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in ("ID", "Antwoord", "Toelichting", "Bewijsstukken")}
    for row in range(2, ws.max_row + 1):
        ident = ws.cell(row=row, column=col["ID"]).value
        if ident in filled:
            answer, explanation, refs = filled[ident]
            ws.cell(row=row, column=col["Antwoord"], value=answer)
            ws.cell(row=row, column=col["Toelichting"], value=explanation)
            ws.cell(row=row, column=col["Bewijsstukken"], value=refs)
    wb.save(path)


def test_xlsx_round_trip_gives_the_same_answers(releases, runner, tmp_path):
    """checklist --format xlsx, filled in, then assess import: the answers of COMPLETE, and assess passes."""
    sheet = tmp_path / "checklist.xlsx"
    run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.1", "--format", "xlsx", "-o", str(sheet),
        "-C", str(releases))
    _fill(sheet, FILLED)
    out = tmp_path / "zelfbeoordeling.yaml"
    result = run(runner, "assess", "import", str(sheet), "--party", "Zorg B.V.", "--date", "2026-02-01",
                 "--output", str(out))
    assert "4 answer(s) imported" in result.output
    imported = yaml.safe_load(out.read_text(encoding="utf-8"))
    expected = yaml.safe_load(COMPLETE)
    assert imported == expected
    assert assess(releases, out).diagnostics == []
    assert run(runner, "assess", str(out), "-C", str(releases)).exit_code == 0


def test_unanswered_rows_are_left_out_and_reported(releases, runner, tmp_path):
    """Rows without an answer are not imported; assess then reports the open MOET with its line."""
    sheet = tmp_path / "checklist.xlsx"
    run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.1", "--format", "xlsx", "-o", str(sheet),
        "-C", str(releases))
    partial = dict(FILLED)
    partial["MA-006"] = ("", "Certificering loopt nog.", None)
    _fill(sheet, partial)
    out = tmp_path / "zelfbeoordeling.yaml"
    result = run(runner, "assess", "import", str(sheet), "--party", "Zorg B.V.", "-o", str(out))
    assert "1 row(s) without an answer left out" in result.output and "MA-006" in result.output
    codes = [(d.code, d.message.split()[0]) for d in assess(releases, out).diagnostics]
    assert codes == [("Q003", "MA-006")]


def test_csv_import_needs_role_and_release(releases, runner, tmp_path):
    """A CSV checklist imports with --role and --release; without them it is a usage error."""
    text = run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.1", "--format", "csv",
               "-C", str(releases)).output
    rows = list(csv.reader(text.splitlines()))
    for row in rows[1:]:
        answer, explanation, refs = FILLED[row[0]]
        row[-3:] = [answer, explanation or "", refs or ""]
    sheet = tmp_path / "checklist.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    assert "pass --role" in run(runner, "assess", "import", str(sheet), "--party", "Zorg B.V.", code=2).output
    out = run(runner, "assess", "import", str(sheet), "--party", "Zorg B.V.", "--role", "zorgaanbieder",
              "--release", "0.1", "--date", "2026-02-01").stdout
    data = yaml.safe_load(out)
    assert data["answers"] == yaml.safe_load(COMPLETE)["answers"]


def test_import_of_a_file_that_is_not_a_checklist(runner, tmp_path):
    """A spreadsheet without the checklist's columns is refused with a clear message, exit 2."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Naam", "Waarde"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    result = run(runner, "assess", "import", str(path), "--party", "X", code=2)
    assert "no column 'ID'" in result.output
