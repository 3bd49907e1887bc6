"""Splitting a Markdown file into front matter and body."""

from __future__ import annotations

import pytest

from stelsel.load.frontmatter import split_front_matter


def test_front_matter_and_body():
    """The block between the first two '---' lines is the front matter; the body starts below it."""
    front, body, line = split_front_matter("---\nid: x\ntitle: X\n---\n# Kop\n\nTekst\n")
    assert front == "id: x\ntitle: X\n"
    assert body == "# Kop\n\nTekst\n"
    assert line == 5


def test_dots_close_front_matter():
    """A '...' line closes the front matter as well as '---'."""
    front, body, line = split_front_matter("---\nid: x\n...\nTekst\n")
    assert (front, body, line) == ("id: x\n", "Tekst\n", 4)


def test_crlf():
    """Windows line endings are accepted on the opening and closing lines."""
    front, body, line = split_front_matter("---\r\nid: x\r\n---\r\nTekst\r\n")
    assert (front, body, line) == ("id: x\r\n", "Tekst\r\n", 4)


@pytest.mark.parametrize("text", ["# Kop\n---\nid: x\n---\n", "---\nid: x\nnooit gesloten\n", "", " ---\nid: x\n---\n"])
def test_no_front_matter(text):
    """Without an opening '---' on the first line, or without a closing line, there is no front matter."""
    front, body, line = split_front_matter(text)
    assert (front, body, line) == (None, text, 1)


def test_empty_front_matter():
    """Two '---' lines directly after each other give empty front matter (not None)."""
    assert split_front_matter("---\n---\nTekst\n") == ("", "Tekst\n", 3)
