"""Role checklists: exactly the applicable agreements, grouped by layer, as Markdown, CSV and a real XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from stelsel.load.project import load_project
from stelsel.qualify import build_checklist, checklist_rows, describe, render_markdown
from stelsel.qualify.checklist import ANSWERS, HEADERS, NOT_APPLICABLE
from stelsel.qualify.xlsx import CHECKLIST_SHEET, META_SHEET

from ..conftest import REPO
from .conftest import CHECKLIST_ZORGAANBIEDER, run


def test_checklist_lists_exactly_the_agreements_that_apply_to_the_role(runner):
    """The GtK-dienstverlener checklist of the current release (1.0) is exactly its non-withdrawn agreements."""
    project = load_project(REPO / "releases" / "1.0")
    role = "gtk-dienstverlener"
    expected = {item.id for item in project.items("agreement")
                if role in item.model.applies_to and item.model.status != "withdrawn"}
    assert {"TA-061", "TA-062"} <= expected  # the 0.9 security agreements apply to this role
    rows = checklist_rows(project, role)
    assert {r.id for r in rows} == expected and len(rows) == len(expected)
    order = {layer.id: layer.order for layer in project.config.layers}
    layer_keys = [order[r.layer] for r in rows]
    assert layer_keys == sorted(layer_keys), "grouped by layer, in the config's layer order"
    for layer in {r.layer for r in rows}:
        mandatory = [r.mandatory for r in rows if r.layer == layer]
        assert mandatory == sorted(mandatory, reverse=True), f"mandatory first within {layer}"
    result = run(runner, "checklist", "--role", role, "--release", "1.0", "--format", "csv", "-C", str(REPO))
    listed = [row[0] for row in csv.reader(io.StringIO(result.output))][1:]
    assert listed == [r.id for r in rows]


def test_checklist_order_grouping_and_exclusions(tree):
    """Within a layer MOET comes before MAG; withdrawn and other roles' agreements are left out."""
    project = load_project(tree)
    rows = checklist_rows(project, "zorgaanbieder")
    assert [r.id for r in rows] == CHECKLIST_ZORGAANBIEDER
    assert [(r.layer, r.level) for r in rows] == [("organisatie", "MOET"), ("organisatie", "MAG"),
                                                 ("security", "MOET"), ("security", "MAG")]
    ma006 = rows[2]
    assert ma006.layer_titles == ("Security", "Organisatie") and ma006.evidence == "Een geldig NEN 7510-certificaat."
    assert ma006.since == "0.1" and ma006.mandatory and not ma006.allows_not_applicable
    assert [r.id for r in checklist_rows(project, "leverancier")] == ["MA-005", "MA-004"]


def test_xlsx_has_header_filter_widths_wrapping_and_answer_dropdowns(tree, runner, tmp_path):
    """The XLSX opens with openpyxl: real header, autofilter, frozen header, widths, wrapped text, validations."""
    target = tmp_path / "checklist.xlsx"
    run(runner, "checklist", "--role", "zorgaanbieder", "--format", "xlsx", "--output", str(target), "-C", str(tree))
    wb = load_workbook(target)
    assert wb.sheetnames == [CHECKLIST_SHEET, META_SHEET]
    ws = wb[CHECKLIST_SHEET]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert HEADERS[-3:] == ("Antwoord", "Toelichting", "Bewijsstukken")
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == CHECKLIST_ZORGAANBIEDER
    assert ws.cell(row=4, column=6).value == "Een geldig NEN 7510-certificaat."
    assert ws.auto_filter.ref == f"A1:K{len(CHECKLIST_ZORGAANBIEDER) + 1}"
    assert ws.freeze_panes == "B2"
    assert ws.cell(row=1, column=1).font.bold
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGHIJK"}
    assert widths["E"] >= 50 and widths["A"] < widths["E"] and all(w and w >= 8 for w in widths.values())
    assert ws.cell(row=2, column=5).alignment.wrap_text
    validations = {dv.formula1: {str(r) for r in dv.sqref.ranges} for dv in ws.data_validations.dataValidation}
    all_answers = '"' + ",".join(ANSWERS) + '"'
    no_na = '"' + ",".join(a for a in ANSWERS if a != NOT_APPLICABLE) + '"'
    assert validations == {all_answers: {"I3", "I5"}, no_na: {"I2", "I4"}}  # MAG rows may answer n.v.t.
    meta = {row[0].value: row[1].value for row in wb[META_SHEET].iter_rows()}
    assert meta["Rol"] == "zorgaanbieder" and meta["Release"] == "working" and meta["Stelsel-ID"] == "mini"
    # filled in on screen, printed on paper: the columns to fill in coloured, landscape, one page wide
    assert ws.cell(row=1, column=1).fill.fgColor.rgb.endswith("1F4E79")
    assert ws.cell(row=2, column=9).fill.fgColor.rgb.endswith("FFF8DC") and ws.cell(row=2, column=9).value is None
    assert ws.cell(row=2, column=1).border.left.style == "thin" and ws.cell(row=2, column=1).alignment.vertical == "top"
    assert ws.print_title_rows.replace("$", "") == "1:1" and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    version = wb[META_SHEET].cell(row=5, column=2)
    assert version.number_format == "@" and version.alignment.wrap_text  # 0.10 stays text
    assert wb.properties.creator == "stelsel" and "Zorgaanbieder" in wb.properties.title


def test_markdown_and_csv_renderings(tree, runner):
    """Markdown has a section per layer in order; CSV has the header and one row per agreement."""
    project = load_project(tree)
    text = render_markdown(build_checklist(describe(project), "zorgaanbieder"))
    assert text.index("## Organisatie") < text.index("| MA-004 |") < text.index("## Security") < text.index("| MA-003 |")
    assert "MA-005" not in text and "MA-007" not in text
    out = run(runner, "checklist", "--role", "zorgaanbieder", "--format", "csv", "-C", str(tree)).output
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(HEADERS)
    assert [r[0] for r in rows[1:]] == CHECKLIST_ZORGAANBIEDER


def test_markdown_shows_html_in_a_title_or_statement_as_text(tree, runner):
    """A title holding '<script>' and a '|' is text in the Markdown download ('&lt;', '\\|'), the table keeps its six
    columns; the CSV keeps the text as it is."""
    path = next((tree / "afsprakenstelsel" / "afspraken").glob("MA-004.yaml"))
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(title, "title: 'Kop <script>alert(1)</script> | pijp'", 1))
    out = run(runner, "checklist", "--role", "zorgaanbieder", "-C", str(tree)).output
    row = next(line for line in out.splitlines() if line.startswith("| MA-004 |"))
    assert "<script>" not in out and "&lt;script>alert(1)&lt;/script> \\| pijp" in row
    assert row.count(" | ") == 5  # six cells: the title's pipe is escaped, no cell boundary
    csv_out = run(runner, "checklist", "--role", "zorgaanbieder", "--format", "csv", "-C", str(tree)).output
    assert "Kop <script>alert(1)</script> | pijp" in csv_out


def test_a_role_whose_file_has_errors_is_named_as_such_not_unknown(tree, runner):
    """The zorgaanbieder's file with an invalid status: checklist and applies say its file has errors (run check),
    exit 2, instead of calling an existing role unknown."""
    path = tree / "afsprakenstelsel" / "rollen" / "zorgaanbieder.yaml"
    text = path.read_text()
    status = next(line for line in text.splitlines() if line.startswith("status: "))
    path.write_text(text.replace(status, "status: bogus", 1))
    for command in (["checklist", "--role", "zorgaanbieder"], ["applies", "--role", "zorgaanbieder"]):
        result = run(runner, *command, "-C", str(tree), code=2)
        assert "role 'zorgaanbieder' is defined in a file with errors" in result.output, result.output
        assert "unknown role" not in result.output and "stelsel check" in result.output


def test_unknown_role_lists_roles_with_did_you_mean(tree, runner):
    """An unknown role is a usage error (exit 2) naming the nearest role and listing all of them."""
    result = run(runner, "checklist", "--role", "zorgaanbeider", "-C", str(tree), code=2)
    assert "unknown role 'zorgaanbeider'" in result.output
    assert "did you mean 'zorgaanbieder'?" in result.output
    assert "leverancier, zorgaanbieder" in result.output


def test_checklist_of_a_frozen_release(releases, runner):
    """--release reads releases/<v>: 0.1 and 0.2 give the checklists of their own agreements."""
    first = run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.1", "--format", "csv",
                "-C", str(releases)).output
    second = run(runner, "checklist", "--role", "zorgaanbieder", "--release", "0.2", "--format", "csv",
                 "-C", str(releases)).output
    assert [r[0] for r in list(csv.reader(io.StringIO(first)))[1:]] == CHECKLIST_ZORGAANBIEDER
    assert [r[0] for r in list(csv.reader(io.StringIO(second)))[1:]] == ["MA-001", "MA-002", "MA-006", "MA-009"]
    missing = run(runner, "checklist", "--role", "zorgaanbieder", "--release", "9.9", "-C", str(releases), code=2)
    assert "not frozen" in missing.output


def test_a_checklist_that_cannot_be_written_is_a_clear_error(tree, runner, tmp_path):
    """--output below a file (no folder can be made there) ends with 'cannot write' and exit 2, for every
    format, and writes nothing; a missing folder is made."""
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    for fmt in ("xlsx", "csv", "md"):
        target = blocker / f"checklist.{fmt}"
        result = run(runner, "checklist", "--role", "zorgaanbieder", "--format", fmt, "--output", str(target),
                     "-C", str(tree), code=2)
        assert f"cannot write {target}" in result.output and "Traceback" not in result.output
    assert blocker.read_text() == "x"
    made = tmp_path / "nieuw" / "checklist.xlsx"
    run(runner, "checklist", "--role", "zorgaanbieder", "--format", "xlsx", "--output", str(made), "-C", str(tree))
    assert load_workbook(made).sheetnames == [CHECKLIST_SHEET, META_SHEET]
