"""Reading a batch of reactions (``stelsel consult import``): CSV or XLSX exported from a mailbox or a form.

The first row names the columns, in Dutch or English (case and spaces aside): ``voorstel``/
``proposal``, ``naam``/``by``, ``organisatie``/``organisation``, ``item``/``onderdeel`` (optional),
``datum``/``date`` (optional: today), ``reactie``/``text``. CSV may be comma-, semicolon- or
tab-separated, in UTF-8 with or without a byte order mark. A row that cannot be read becomes
its row number and why (rows count from 1, the header); rows with no cell filled in are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from .. import i18n
from ..load.table import cell_text
from ..paths import input_problem
from .consult import Incoming

KEYS = ("proposal", "by", "organisation", "item", "date", "text")
REQUIRED = ("proposal", "by", "organisation", "text")
# The names a column may have: those of every catalogue (consult_import.columns), the default language's first.
COLUMNS = {key: tuple(dict.fromkeys(alias for language in dict.fromkeys((i18n.DEFAULT, *i18n.languages()))
                                    for alias in i18n.messages(language).raw(f"consult_import.columns.{key}")))
           for key in KEYS}


class ImportProblem(Exception):
    """The file as a whole cannot be read (not a table, no header, a required column missing)."""


_cell = cell_text  # one reading of a cell for every table stelsel imports (load.table)


def parse_day(value) -> dt.date:
    """A day from a cell: a date or date-time cell, YYYY-MM-DD, or DD-MM-YYYY (also with / or .)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(value)
    try:
        return dt.date.fromisoformat(text[:10]) if re.fullmatch(r"\d{4}-\d\d-\d\d([T ].*)?", text) else \
            _dutch_day(text)
    except ValueError:
        raise ValueError(f"not a date: '{text}' (use YYYY-MM-DD or DD-MM-YYYY)") from None


def _dutch_day(text: str) -> dt.date:
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if not match:
        raise ValueError(text)
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def _columns(header: list[str], source: str) -> dict[str, int]:
    names = [re.sub(r"\s+", " ", _cell(h)).lower() for h in header]
    where: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if len(found) > 1:
            raise ImportProblem(f"{source}: the header row names the column '{key}' twice "
                                f"(columns {', '.join(str(i + 1) for i in found)})")
        if found:
            where[key] = found[0]
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in where]
    if missing:
        raise ImportProblem(f"{source}: no column {', '.join(repr(m) for m in missing)} in the header row "
                            f"(expected: {', '.join(COLUMNS[k][0] for k in REQUIRED)}; optional: "
                            f"{', '.join(COLUMNS[k][0] for k in KEYS if k not in REQUIRED)})")
    return where


def to_rows(header: list, data, source: str) -> list[tuple[int, Incoming | str]]:
    """(row number, reaction or why it cannot be read) for each data row that has a cell filled in."""
    where = _columns(header, source)
    out: list[tuple[int, Incoming | str]] = []
    for number, row in enumerate(data, start=2):
        row = list(row) + [None] * (len(header) - len(row))
        if len(row) > len(header) and any(_cell(v) for v in row[len(header):]):
            out.append((number, f"more cells ({len(row)}) than the header row has columns ({len(header)})"))
            continue
        if not any(_cell(v) for v in row):
            continue
        value = {key: row[index] for key, index in where.items()}
        missing = [COLUMNS[k][0] for k in REQUIRED if not _cell(value.get(k))]
        if missing:
            out.append((number, f"empty {', '.join(missing)}"))
            continue
        day = None
        if _cell(value.get("date")):
            try:
                day = parse_day(value["date"])
            except ValueError as exc:
                out.append((number, str(exc)))
                continue
        out.append((number, Incoming(proposal=_cell(value["proposal"]), by=_cell(value["by"]),
                                     organisation=_cell(value["organisation"]), text=_cell(value["text"]),
                                     item=_cell(value.get("item")) or None, date=day)))
    return out


def read_csv(path: Path) -> list[tuple[int, Incoming | str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path}: not UTF-8 text (byte {exc.start}); export the file as UTF-8 CSV") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise ImportProblem(f"{path}: the file is empty")
    delimiter = max(";,\t", key=first.count) if any(c in first for c in ";,\t") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ImportProblem(f"{path}: not a readable CSV file: {exc}") from None
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    return to_rows(rows[0], rows[1:], str(path))


def read_xlsx(path: Path) -> list[tuple[int, Incoming | str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise ImportProblem(f"cannot read {path} as an XLSX workbook: {exc}") from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        if not any(_cell(h) for h in header):
            raise ImportProblem(f"{path}: the first sheet has no header row")
        return to_rows(header, list(rows), str(path))
    finally:
        wb.close()


def read_reactions(path: Path) -> list[tuple[int, Incoming | str]]:
    """The rows of a CSV or XLSX file of reactions (by its extension; ImportProblem if unreadable)."""
    path = Path(path)
    problem = input_problem(path)
    if problem:
        raise ImportProblem(f"{path}: {problem}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path)
    raise ImportProblem(f"{path}: not a .csv or .xlsx file")
