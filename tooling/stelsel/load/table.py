"""Reading a table someone exported: CSV (its delimiter and encoding told from the bytes) or XLSX.

CSV: a byte order mark decides the encoding (UTF-8, UTF-16); else UTF-8 if the bytes are
UTF-8; else what ``charset_normalizer`` (when installed) names among the single-byte
encodings spreadsheets write (:data:`SINGLE_BYTE`); else cp1252, the encoding
of a spreadsheet saved as CSV on Windows. The delimiter is what :class:`csv.Sniffer` finds
among comma, semicolon, tab and pipe in the first lines, else the most frequent of them
in the header row. XLSX: the first sheet, read with openpyxl in read-only mode. Rows count
from 1 (the header), as a spreadsheet shows them; rows with no cell filled in are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import input_problem

DELIMITERS = ",;\t|"
# What a spreadsheet saves a CSV in when it is not UTF-8; the detector picks among these (left
# free, it takes a few accented letters for Korean or Chinese).
SINGLE_BYTE = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]


class TableProblem(Exception):
    """The file cannot be read as a table; the message says why."""


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    encoding: str | None = None  # CSV: the encoding read, and how it was told
    delimiter: str | None = None
    too_long: list[tuple[int, int]] = field(default_factory=list)  # (row number, cells) beyond the header

    def column(self, name: str) -> int | None:
        """The index of the column called ``name`` (case and runs of white space aside), or None."""
        wanted = " ".join(name.split()).casefold()
        for index, title in enumerate(self.header):
            if " ".join(title.split()).casefold() == wanted:
                return index
        return None


def cell_text(value) -> str:
    """A cell as text: None is empty, a whole float (as XLSX stores 3) is an integer, white space trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def decode(raw: bytes) -> tuple[str, str]:
    """(text, how its encoding was told)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(name), f"{name} (byte order mark)"
            except UnicodeDecodeError as exc:
                raise TableProblem(f"the byte order mark says {name}, but byte {exc.start} is not") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # not installed: the usual encoding of a CSV saved on Windows
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(raw, cp_isolation=SINGLE_BYTE).best()
        if best is not None and best.encoding:
            return str(best), f"{best.encoding} (detected by charset_normalizer)"
    return raw.decode("cp1252", errors="replace"), "cp1252 (fallback: not UTF-8, no detector)"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _table(path: Path, rows, encoding=None, delimiter=None) -> Table:
    iterator = iter(rows)
    number = 0
    header: list[str] = []
    for number, row in enumerate(iterator, start=1):
        header = [cell_text(v) for v in row]
        if any(header):
            break
    if not any(header):
        raise TableProblem("no header row: the first filled-in row must name the columns")
    while header and not header[-1]:
        header.pop()
    table = Table(path, header, encoding=encoding, delimiter=delimiter)
    for number, row in enumerate(iterator, start=number + 1):
        cells = [cell_text(v) for v in row]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            table.too_long.append((number, len(cells)))
        table.rows.append((number, (cells + [""] * len(header))[:len(header)]))
    return table


def read_csv(path: Path) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TableProblem(f"cannot read the file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise TableProblem("the file is empty")
    text, encoding = decode(raw)
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise TableProblem(f"not a readable CSV file: {exc}") from None
    return _table(path, rows, encoding, delimiter)


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise TableProblem(f"not an XLSX workbook: {exc}") from None
    try:
        return _table(path, workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(path: Path | str) -> Table:
    """The table in ``path`` (by its extension: .xlsx, else CSV); :class:`TableProblem` if it cannot be read."""
    path = Path(path)
    problem = input_problem(path)
    if problem:
        raise TableProblem(problem)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return read_csv(path)
    raise TableProblem(f"not a .csv or .xlsx file ({path.suffix or 'no extension'})")
