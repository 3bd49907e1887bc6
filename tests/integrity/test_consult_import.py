"""stelsel consult import: CSV (delimiter and BOM detected) and XLSX, all rows or none, each rejected row named."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import run, snapshot
from .test_consult import consulted, ident, repo  # noqa: F401  (fixtures)


def _import(runner, repo, path, code=0):
    return run(runner, "consult", "import", str(path), "-C", str(repo), code=code)


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-8", "\t")])
def test_csv_with_any_delimiter_and_bom(repo, runner, consulted, tmp_path, encoding, delimiter):
    """Comma, semicolon (with a BOM) and tab separated files with English headers all import the same reaction."""
    rows = [["proposal", "by", "organisation", "date", "text"],
            [ident(consulted), "Anna", "Org A", "2026-02-10", "Eens; met één opmerking, zie boven."]]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows) + "\n", encoding=encoding)
    result = _import(runner, repo, path)
    assert "1 reaction(s) recorded" in result.output
    text = (repo / consulted).read_text()
    assert "summary: Eens; met één opmerking, zie boven." in text and "organisation: Org A" in text


def test_xlsx_with_a_date_cell(repo, runner, consulted, tmp_path):
    """An XLSX export (Dutch headers, a real date cell) imports; the date is the cell's day."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Voorstel", "Naam", "Organisatie", "Datum", "Reactie"])
    ws.append([ident(consulted), "Bert", "Org B", dt.datetime(2026, 2, 11, 9, 30), "Akkoord."])
    ws.append([None, None, None, None, None])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    _import(runner, repo, path)
    text = (repo / consulted).read_text()
    assert "by: Bert" in text and "date: 2026-02-11" in text


def test_a_batch_with_bad_rows_records_nothing(repo, runner, consulted, tmp_path):
    """Rows with an unknown proposal, an empty text, a bad date or a duplicate: every one named by row, nothing written."""
    rid = ident(consulted)
    path = tmp_path / "r.csv"
    path.write_text("voorstel,naam,organisatie,datum,reactie\n"
                    f"{rid},Anna,Org A,2026-02-10,Goed.\n"
                    "CP-ONBEKEND,Bert,Org B,2026-02-10,Ook goed.\n"
                    f"{rid},Carla,Org C,2026-02-10,\n"
                    f"{rid},Dirk,Org D,31-02-2026,Datum fout.\n"
                    f"{rid},Anna,Org A,2026-02-10,Goed.\n", encoding="utf-8")
    before = snapshot(repo)
    result = _import(runner, repo, path, code=1)
    assert "4 of 5 row(s) rejected; nothing was recorded" in result.output
    assert "row 3: unknown proposal 'CP-ONBEKEND'" in result.output
    assert "row 4: empty reactie" in result.output
    assert "row 5: not a date: '31-02-2026'" in result.output
    assert re.search(rf"row 6: {re.escape(consulted)}:\d+: refused: this reaction of Anna of 2026-02-10 is already "
                     r"recorded \(R1", result.output)
    assert "row 2:" not in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("content, message", [
    (b"naam,organisatie,reactie\nA,B,C\n", "no column 'voorstel' in the header row"),
    (b"", "the file is empty"),
    (b"voorstel,naam,organisatie,reactie\n\xff\xfe,x,y,z\n", "not UTF-8 text"),
])
def test_an_unreadable_file_is_a_usage_error(repo, runner, tmp_path, content, message):
    """No required column, an empty file, bytes that are not UTF-8: exit 2 with the reason, nothing written."""
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    before = snapshot(repo)
    result = _import(runner, repo, path, code=2)
    assert message in result.output
    assert snapshot(repo) == before


def test_a_file_that_is_not_a_workbook(repo, runner, tmp_path):
    """A .xlsx that is no workbook: exit 2, a clear message, no traceback."""
    path = tmp_path / "r.xlsx"
    path.write_text("geen werkmap")
    result = _import(runner, repo, path, code=2)
    assert "cannot read" in result.output and "as an XLSX workbook" in result.output
