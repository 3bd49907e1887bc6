"""stelsel.edit writes values that ``stelsel check``'s own reader reads back as meant, and keeps other bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from stelsel.edit import Document, EditError, new_markdown, same
from stelsel.load.frontmatter import split_front_matter
from stelsel.load.yamlread import parse_yaml

# Strings that YAML 1.1 (PyYAML, the checker) or YAML 1.2 (ruamel, the writer) would read as
# something else, or that need quoting or escapes to survive at all.
TRICKY = [
    "No", "no", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "n", "Y", "true", "False",
    "~", "null", "Null", "NULL", "", " ", "1:30", "-1:30:00", "190:20:30", "0o17", "017", "0x1F", "0b101",
    "1e3", "1E3", "+1", "-2", ".inf", "-.Inf", ".NaN", "1_000", "1,000", "2026-01-01", "2026-1-1",
    "2026-01-01 10:00:00", "2026-01-01T10:00:00Z", "1.0", "1.10", "2026.1", "0.8", "=", "<<",
    " leading", "trailing ", "  both  ", "a # not a comment", "#hash", "key: value", "a:b", "ends:",
    "-", "- item", "?", "? key", "!tag", "&anchor", "*alias", "%directive", "@at", "`tick", "|", ">",
    "[flow]", "{flow}", "a, b", "'single'", '"double"', "---", "...", "--- x",
    "a\nb", "a\n", "a\n\n", "\n", "\nlead", "  indented\nfirst", "trail \nspace ", "x\n ", "a\r\nb", "a\rb",
    "tab\there", "\t", "a\u2028b", "a\u2029b", "a\x85b", "\u2028", "\ufeffbom", "é ü 😀", "\u00a0nbsp",
]


def read_like_check(text: str, markdown: bool):
    """The data of a file's text as ``stelsel check`` reads it (BOM off, front matter split, parse_yaml)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if markdown:
        text = split_front_matter(text)[0]
        assert text is not None
    return parse_yaml(text).data


BASE = "# kop\nid: X\nb: 'x'   # enkel\nc: \"y\"\nlijst: [p, q]\nblok:\n  - een\nkaart:\n  k: v\n"


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_tricky_strings_read_back_as_the_same_string(value):
    """Set, replaced in any quote style, appended to block and flow lists, or added: every string reads back as itself."""
    doc = Document(None, BASE)
    doc.set(("id",), value)
    doc.set(("b",), value)
    doc.set(("c",), value)
    doc.append(("lijst",), value)
    doc.append(("blok",), value)
    doc.set(("kaart", "k"), value)
    doc.set(("nieuw",), value)
    doc.append(("reeks",), {"tekst": value, "op": dt.date(2026, 1, 1)})
    data = read_like_check(doc.text, markdown=False)
    expected = {"id": value, "b": value, "c": value, "lijst": ["p", "q", value], "blok": ["een", value],
                "kaart": {"k": value}, "nieuw": value, "reeks": [{"tekst": value, "op": dt.date(2026, 1, 1)}]}
    assert same(data, expected), doc.text


def test_no_is_written_quoted_and_kept_styles_stay_when_they_are_safe():
    """'No' gets quotes where it had none; a value that was single-quoted stays single-quoted."""
    doc = Document(None, "title: Oud\nb: 'x'\n")
    doc.set(("title",), "No")
    doc.set(("b",), "yes")
    assert doc.text == "title: \"No\"\nb: 'yes'\n"


def test_dates_and_datetimes_read_back_as_dates():
    """Real dates are written as dates, date-times with their offset; both read back with their type."""
    values = [dt.date(2026, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31),
              dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
              dt.datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
              dt.datetime(2026, 3, 1, 9, 30), True, False, None, 0, 17, -3]
    doc = Document(None, "a: x\n")
    for index, value in enumerate(values):
        doc.set((f"k{index}",), value)
    doc.append(("lijst",), {"at": values[3], "date": values[0]})
    data = read_like_check(doc.text, markdown=False)
    assert same(data, {"a": "x", **{f"k{i}": v for i, v in enumerate(values)},
                       "lijst": [{"at": values[3], "date": values[0]}]}), doc.text
    assert "k0: 2026-01-01\n" in doc.text


@pytest.mark.parametrize("value", ["nul\x00", "esc\x1b[0m", "del\x7f", "c1\x9b", "half\ud800", "\ufffe"], ids=repr)
def test_characters_a_yaml_file_cannot_hold_are_refused(value):
    """A string with a non-printable character (NUL, ESC, DEL, C1, a lone surrogate) is an EditError; nothing changes."""
    doc = Document(None, BASE)
    with pytest.raises(EditError, match=r"U\+[0-9A-F]{4}.*cannot hold"):
        doc.set(("id",), value)
    with pytest.raises(EditError, match=r"U\+[0-9A-F]{4}"):
        doc.append(("reeks",), {"tekst": value})
    assert doc.text == BASE
    with pytest.raises(EditError, match=r"U\+[0-9A-F]{4}"):
        new_markdown({"id": "X", "title": value}, "# X\n")


def saved_after(path, text: str, edit) -> str:
    """The file's text after ``edit(doc)`` and a save, starting from ``text`` (bytes as given)."""
    path.write_bytes(text.encode())
    doc = Document.open(path)
    edit(doc)
    doc.save()
    return path.read_bytes().decode()


def test_mixed_line_endings_keep_every_untouched_byte(tmp_path):
    """In a file with both CRLF and LF lines, only the edited line and the new lines differ; the rest keep their ends."""
    text = "id: X\r\nstatus: concept  # c\nhistory:\r\n  - at: 2024-01-01\n    by: a\r\ntitle: T\n"

    def edit(doc):
        doc.set(("status",), "ingediend")
        doc.append(("history",), {"at": dt.date(2024, 2, 1), "by": "b"})

    raw = saved_after(tmp_path / "x.yaml", text, edit)
    # the new entry's lines end like the line they follow
    assert raw == ("id: X\r\nstatus: ingediend  # c\nhistory:\r\n  - at: 2024-01-01\n    by: a\r\n"
                   "  - at: 2024-02-01\r\n    by: b\r\ntitle: T\n")
    assert read_like_check(raw, markdown=False)["history"][-1] == {"at": dt.date(2024, 2, 1), "by": "b"}


def test_markdown_with_mixed_line_endings_keeps_its_body(tmp_path):
    """Front matter edits in a Markdown file with mixed line ends leave the body's bytes alone."""
    text = "---\r\nid: X\nstatus: concept\r\n---\nBody\r\nmore\n"
    raw = saved_after(tmp_path / "x.md", text, lambda doc: doc.set(("status",), "No"))
    assert raw == text.replace("status: concept", 'status: "No"')
    assert read_like_check(raw, markdown=True)["status"] == "No"


def test_missing_final_newline_stays_missing():
    """A file that does not end in a newline still does not after an edit that leaves its last line alone."""
    doc = Document(None, "a: 1\nb: 2")
    doc.set(("a",), 5)
    assert doc.text == "a: 5\nb: 2"
    doc.set(("c",), "x")
    assert read_like_check(doc.text, markdown=False) == {"a": 5, "b": 2, "c": "x"}


def test_new_markdown_reads_back_its_front_matter():
    """A new Markdown file's front matter reads back, through split_front_matter, exactly as given."""
    front = {"id": "X", "title": "No", "motivation": "a\n---\nb", "when": dt.date(2026, 1, 1), "lijst": []}
    text = new_markdown(front, "# No\n")
    assert same(read_like_check(text, markdown=True), front)
    assert split_front_matter(text)[1] == "# No\n"
