"""The checklist as a real spreadsheet (openpyxl), and reading a filled-in one back.

Sheet ``Checklist``: a header row (frozen, with an autofilter), one row per agreement, wrapped
text, sensible column widths, and three columns to fill in: Antwoord (a dropdown; "niet van
toepassing" is offered only where the level allows it), Toelichting and Bewijsstukken. Sheet
``Gegevens`` records the framework, role and release the checklist was made for, which is what
``stelsel assess import`` reads back.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path

from ..i18n import languages, messages
from .checklist import ANSWER_WIDTHS, ANSWERS, NOT_APPLICABLE, Checklist, columns
from .text import formula_like

# The Dutch sheet names (a checklist's own come from its language: checklist.sheet, checklist.meta_sheet).
CHECKLIST_SHEET = messages()("checklist.sheet")
META_SHEET = messages()("checklist.meta_sheet")

# Keys of the Gegevens sheet, in order (column A shows checklist.meta.<key>); import reads them back by key.
META_KEYS = ("framework", "framework_id", "role", "role_title", "release", "release_title", "validity", "created",
             "help")  # validity: only for a release on the timeline
META_FRAMEWORK_ID, META_ROLE, META_RELEASE = "framework_id", "role", "release"


def _help(t) -> str:
    """What the Gegevens sheet says about filling in, with the answers and column names of ``t``'s language."""
    labels = [t(f"checklist.answer.{answer}") for answer in ANSWERS]
    return t("checklist.help", answer=t("checklist.column.answer"), refs=t("checklist.column.evidence_refs"),
             answers=", ".join(labels[:-1]) + t("checklist.or") + labels[-1])


def write_workbook(checklist: Checklist, path, created: dt.date | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    t = checklist.t
    own = columns(t)
    wb = Workbook()
    ws = wb.active
    ws.title = t("checklist.sheet")
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    answer_fill = PatternFill("solid", fgColor="FFF8DC")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    for index, (_key, header, width) in enumerate(own + columns(t, ANSWER_WIDTHS), start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = width

    answer_col = len(own) + 1
    letter = get_column_letter(answer_col)
    labels = [t(f"checklist.answer.{answer}") for answer in ANSWERS]
    na = t(f"checklist.answer.{NOT_APPLICABLE}")
    with_na = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    without_na = DataValidation(type="list", formula1='"' + ",".join(a for a in labels if a != na) + '"',
                                allow_blank=True)
    for validation, extra in ((with_na, ""), (without_na, t("checklist.invalid_no_na", na=na))):
        validation.errorTitle = t("checklist.invalid_title")
        validation.error = t("checklist.invalid") + extra
        validation.promptTitle = t("checklist.column.answer")
        validation.prompt = t("checklist.prompt", answers=", ".join(labels if validation is with_na else labels[:3]))
        validation.showErrorMessage = True
        validation.showInputMessage = True
        ws.add_data_validation(validation)

    bold = Font(bold=True)
    looks: dict = {}  # each look of a cell made once, then copied: openpyxl hashes every style it is given

    def look(cell, name: str, **style) -> None:
        made = looks.get(name)
        if made is None:
            for attribute, value in style.items():
                setattr(cell, attribute, value)
            looks[name] = cell._style
        else:
            cell._style = copy(made)

    # Each validation's cells given at once: adding them one by one compares each with those before.
    answer_cells: dict = {with_na: [], without_na: []}
    for offset, row in enumerate(checklist.rows, start=2):
        cells = row.cells()
        for index, (key, _header, _width) in enumerate(own, start=1):
            cell = ws.cell(row=offset, column=index, value=cells[key] or None)
            if formula_like(cell.value):  # text, never a formula (openpyxl reads '=…' as one)
                cell.data_type = "s"
            if key in ("id", "level") and row.mandatory:
                look(cell, "bold", alignment=wrap, border=border, font=bold)
            else:
                look(cell, "text", alignment=wrap, border=border)
        for index in range(answer_col, answer_col + len(ANSWER_WIDTHS)):
            look(ws.cell(row=offset, column=index), "answer", alignment=wrap, border=border, fill=answer_fill)
        answer_cells[with_na if row.allows_not_applicable else without_na].append(f"{letter}{offset}")
    for validation, cells in answer_cells.items():
        if cells:
            validation.sqref = MultiCellRange(" ".join(cells))

    last_col = get_column_letter(len(own) + len(ANSWER_WIDTHS))
    ws.auto_filter.ref = f"A1:{last_col}{len(checklist.rows) + 1}"
    ws.freeze_panes = "B2"  # header row and the ID column stay in view
    ws.row_dimensions[1].height = 30
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    meta = wb.create_sheet(t("checklist.meta_sheet"))
    created = created or dt.date.today()
    values = (checklist.framework, checklist.framework_id, checklist.role, checklist.role_title, checklist.release,
              checklist.release_title, checklist.validity, created.isoformat(), _help(t))
    rows = [(key, value) for key, value in zip(META_KEYS, values) if key != "validity" or value]
    for index, (key, value) in enumerate(rows, start=1):
        meta.cell(row=index, column=1, value=t(f"checklist.meta.{key}")).font = bold
        cell = meta.cell(row=index, column=2, value=value)
        if formula_like(cell.value):
            cell.data_type = "s"
        cell.alignment = wrap
        cell.number_format = "@"  # versions like 0.10 stay text
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 90

    wb.properties.title = t("checklist.workbook_title", role=checklist.role_title, framework=checklist.framework,
                            release=checklist.release)
    wb.properties.creator = "stelsel"
    wb.save(Path(path))


class WorkbookProblem(ValueError):
    """The file is not a checklist stelsel made (or it lost the columns it needs)."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(path) -> tuple[dict[str, str], list[dict]]:
    """The Gegevens of a filled-in checklist ({META_KEYS key: value}, its labels in any language) and one dict per
    agreement row (ID, answer, explanation, refs)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise WorkbookProblem(f"cannot read {path} as an XLSX workbook: {exc}") from None
    try:
        meta: dict[str, str] = {}
        sheets = {messages(language)(name): name for language in languages()
                  for name in ("checklist.sheet", "checklist.meta_sheet")}
        found = {sheets[name]: name for name in wb.sheetnames if name in sheets}
        if "checklist.meta_sheet" in found:
            keys = {messages(language)(f"checklist.meta.{key}"): key for language in languages() for key in META_KEYS}
            for row in wb[found["checklist.meta_sheet"]].iter_rows(min_row=1, max_col=2, values_only=True):
                if row and row[0] and _text(row[0]) in keys:
                    meta[keys[_text(row[0])]] = _text(row[1] if len(row) > 1 else None)
        ws = wb[found["checklist.sheet"]] if "checklist.sheet" in found else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [_text(h) for h in next(rows, ())]
        return meta, records(header, rows, str(path))
    finally:
        wb.close()


def records(header: list[str], rows, source: str) -> list[dict]:
    """Answer records from a header row and data rows (shared by the XLSX and CSV readers)."""
    lower = [h.lower() for h in header]
    where = {}
    for key in ("id", "answer", "explanation", "evidence_refs"):
        names = [messages(language)(f"checklist.column.{key}") for language in languages()]  # a checklist's language
        hit = next((lower.index(name.lower()) for name in names if name.lower() in lower), None)
        if hit is None:
            raise WorkbookProblem(f"{source}: no column '{messages()(f'checklist.column.{key}')}' in the header row "
                                  "(expected the columns of a stelsel checklist: run 'stelsel checklist --format xlsx')")
        where[key] = hit
    out = []
    for number, row in enumerate(rows, start=2):
        row = list(row) + [None] * (len(header) - len(row))
        ident = _text(row[where["id"]])
        if not ident:
            continue
        refs = [r.strip() for r in _text(row[where["evidence_refs"]]).replace(";", "\n").splitlines() if r.strip()]
        out.append({"row": number, "agreement": ident, "answer": _text(row[where["answer"]]),
                    "explanation": _text(row[where["explanation"]]), "evidence": refs})
    return out
