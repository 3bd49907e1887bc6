"""The checklist as a real spreadsheet (written with XlsxWriter), and reading a filled-in one back (openpyxl).

Sheet ``Checklist``: a header row (frozen, with an autofilter), one row per agreement, wrapped
text, sensible column widths, and three columns to fill in: Antwoord (a dropdown; "niet van
toepassing" is offered only where the level allows it), Toelichting and Bewijsstukken. Sheet
``Gegevens`` records the framework, role and release the checklist was made for, which is what
``stelsel assess import`` reads back.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ..atomic import atomic_write

from ..i18n import languages, messages
from .checklist import ANSWER_WIDTHS, ANSWERS, NOT_APPLICABLE, Checklist, columns

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
    """The checklist as an XLSX workbook at ``path``. Written with XlsxWriter: for the 50 checklists of
    the N = 5,000 bench tree it took 0.4 s of CPU where openpyxl took 1.3 s (openpyxl reads it back)."""
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    t = checklist.t
    own = columns(t)
    created = created or dt.date.today()
    # Every value is written as text (write_string): a statement starting with '=' is never a formula.
    # Made in memory, then written at once (atomic_write): a reader never sees half a workbook.
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False})
    ws = wb.add_worksheet(t("checklist.sheet"))
    border = {"border": 1, "border_color": "#BFBFBF"}
    header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "pattern": 1,
                            "text_wrap": True, "valign": "vcenter", **border})
    text = wb.add_format({"text_wrap": True, "valign": "top", **border})
    bold = wb.add_format({"text_wrap": True, "valign": "top", "bold": True, **border})
    answer = wb.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFF8DC", "pattern": 1, **border})

    everything = own + columns(t, ANSWER_WIDTHS)
    for index, (_key, title, width) in enumerate(everything):
        ws.write_string(0, index, title, header)
        ws.set_column(index, index, width)
    ws.set_row(0, 30)

    answer_col = len(own)
    answer_cells: dict[bool, list[str]] = {True: [], False: []}  # allows 'niet van toepassing' -> cells
    for offset, row in enumerate(checklist.rows, start=1):
        cells = row.cells()
        for index, (key, _header, _width) in enumerate(own):
            look = bold if key in ("id", "level") and row.mandatory else text
            value = cells[key]
            if value:
                ws.write_string(offset, index, str(value), look)
            else:
                ws.write_blank(offset, index, None, look)
        for index in range(answer_col, len(everything)):
            ws.write_blank(offset, index, None, answer)
        answer_cells[row.allows_not_applicable].append(xl_rowcol_to_cell(offset, answer_col))

    labels = [t(f"checklist.answer.{answer}") for answer in ANSWERS]
    na = t(f"checklist.answer.{NOT_APPLICABLE}")
    for with_na, cells in answer_cells.items():
        if not cells:
            continue
        offered = labels if with_na else [a for a in labels if a != na]
        ws.data_validation(cells[0], {
            "validate": "list", "source": offered, "ignore_blank": True, "multi_range": " ".join(cells),
            "error_title": t("checklist.invalid_title"),
            "error_message": t("checklist.invalid") + ("" if with_na else t("checklist.invalid_no_na", na=na)),
            "input_title": t("checklist.column.answer"),
            "input_message": t("checklist.prompt", answers=", ".join(labels if with_na else labels[:3])),
            "show_error": True, "show_input": True})

    ws.autofilter(0, 0, len(checklist.rows), len(everything) - 1)
    ws.freeze_panes(1, 1)  # header row and the ID column stay in view
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)

    meta = wb.add_worksheet(t("checklist.meta_sheet"))
    label = wb.add_format({"bold": True})
    value_look = wb.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})  # versions like 0.10 stay text
    values = (checklist.framework, checklist.framework_id, checklist.role, checklist.role_title, checklist.release,
              checklist.release_title, checklist.validity, created.isoformat(), _help(t))
    rows = [(key, value) for key, value in zip(META_KEYS, values) if key != "validity" or value]
    for index, (key, value) in enumerate(rows):
        meta.write_string(index, 0, t(f"checklist.meta.{key}"), label)
        if value:
            meta.write_string(index, 1, str(value), value_look)
        else:
            meta.write_blank(index, 1, None, value_look)
    meta.set_column(0, 0, 18)
    meta.set_column(1, 1, 90)

    wb.set_properties({"title": t("checklist.workbook_title", role=checklist.role_title,
                                  framework=checklist.framework, release=checklist.release),
                       "author": "stelsel"})
    wb.close()
    atomic_write(Path(path), buffer.getvalue())


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
