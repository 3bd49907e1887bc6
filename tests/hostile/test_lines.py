"""Lines where a person would look: as git counts them, at the real place (issue 15, 'Wrong line')."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, make_tree
from .common import check_both, codes_at

R = CONTENT + "rollen/r.yaml"
HEAD = "kind: role\nid: r\ntitle: Rol\nstatus: gereed\nsources: [S1]\n"


def _role(text: str | bytes):
    return {R: text}


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_on_the_line_it_opens(tmp_path, quote):
    """A quote opened on line 3 and never closed (17 more lines follow): F001 at 3:8, not line 20."""
    text = f"kind: role\nid: r\ntitle: {quote}Rol\nstatus: gereed\nsources: [S1]\n" + "".join(
        f"extra_{i}: waarde {i}\n" for i in range(15))
    diags = check_both(make_tree(tmp_path / "tree", _role(text)))
    assert codes_at(diags, R)[0] == ("F001", 3)
    first = next(d for d in diags if d.path == R)
    assert first.col == 8
    assert "line 20" in first.message  # where the scanner gave up, for whoever wants it


def test_a_single_quote_closed_by_a_later_apostrophe_is_reported_where_it_opens(tmp_path):
    """title: 'Rol ... and a "zo'n" fifteen lines on: the quote swallowed the keys between; F001 at line 3."""
    text = ("kind: role\nid: r\ntitle: 'Rol\nstatus: gereed\nsources: [S1]\n"
            + "".join(f"k{i}: waarde\n" for i in range(12)) + "description: zo'n rol: ja\n")
    diags = check_both(make_tree(tmp_path / "tree", _role(text)))
    assert codes_at(diags, R)[0] == ("F001", 3)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_later_lines(tmp_path, separator):
    """A U+2028 / U+2029 / U+0085 inside a quoted title: a finding on line 6 is reported on line 6, not 7."""
    text = f'kind: role\nid: r\ntitle: "Rol{separator}met scheiding"\nstatus: gereed\nsources: [S1]\nonbekend: x\n'
    diags = check_both(make_tree(tmp_path / "tree", _role(text)))
    assert codes_at(diags, R) == [("S001", 6)]


def test_a_nul_byte_after_the_first_8_kib_is_reported_on_its_line(tmp_path):
    """A NUL on line 400 (past 8 KiB): F005 at 400, not line 1."""
    body = HEAD + "".join(f"# regel {i:04d} met wat tekst om de 8 KiB te halen..\n" for i in range(6, 400))
    assert len(body.encode()) > 8192
    diags = check_both(make_tree(tmp_path / "tree", _role(body.encode() + b"extra: a\x00b\n")))
    assert codes_at(diags, R) == [("F005", 400)]
    assert diags[0].col == 9


def test_invalid_utf8_in_a_file_with_cr_line_ends_is_on_its_line(tmp_path):
    """Old Mac line ends (CR only): a Latin-1 byte on line 4 is F002 at line 4, col 13."""
    raw = b"kind: role\rid: r\rtitle: Rol\rstatus: ger\xe9ed\rsources: [S1]\r"
    diags = check_both(make_tree(tmp_path / "tree", _role(raw)))
    assert [(d.code, d.line, d.col) for d in diags if d.path == R] == [("F002", 4, 12)]


def test_crlf_and_cr_line_ends_count_as_one_line_each(tmp_path):
    """Mixed CRLF, CR and LF: an unknown key on the sixth line is S001 at line 6."""
    raw = b"kind: role\r\nid: r\rtitle: Rol\nstatus: gereed\r\nsources: [S1]\ronbekend: x\n"
    diags = check_both(make_tree(tmp_path / "tree", _role(raw)))
    assert codes_at(diags, R) == [("S001", 6)]


@pytest.mark.parametrize("key", ["~", "null", "yes", "1", "2026-01-01"])
def test_a_key_that_is_not_text_is_reported_on_its_line(tmp_path, key):
    """'~: x' on line 6: S003 at 6:1 saying the key is not text (was line 1; '1:' crashed L004)."""
    diags = check_both(make_tree(tmp_path / "tree", _role(HEAD + f"{key}: x\n")))
    assert codes_at(diags, R) == [("S003", 6)]
    assert diags[0].col == 1 and "is not text" in diags[0].message


def test_a_nested_null_key_is_reported_on_its_line(tmp_path):
    """'~:' inside extra on line 7: S003 at 7:3."""
    diags = check_both(make_tree(tmp_path / "tree", _role(HEAD + "extra:\n  ~: 1\n")))
    assert [(d.code, d.line, d.col) for d in diags if d.path == R] == [("S003", 7, 3)]


def test_a_syntax_error_at_the_end_is_on_the_last_line_not_after_it(tmp_path):
    """An unclosed '[' on the last line: F001 on that line (not on a line after the file's end)."""
    diags = check_both(make_tree(tmp_path / "tree", _role(HEAD + "related: [a, b\n")))
    assert [(d.code, d.line, d.col) for d in diags if d.path == R] == [("F001", 6, 10)]


def test_a_bom_does_not_move_positions(tmp_path):
    """A UTF-8 byte order mark before 'kind': an unknown key on line 6 is still S001 at 6:1."""
    diags = check_both(make_tree(tmp_path / "tree", _role(b"\xef\xbb\xbf" + (HEAD + "onbekend: x\n").encode())))
    assert [(d.code, d.line, d.col) for d in diags if d.path == R] == [("S001", 6, 1)]
