"""yamlwrite.render_new: new files of plain data, written fast, read back by check as they were meant."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from stelsel.yamlwrite import as_plain, new_markdown_fast, plain, render, render_new, same

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"),
               max_size=30)
# Keys are field names: never a YAML 1.1 word (render() itself writes the key 'no' plain, read back as false).
KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
    lambda k: k not in {"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
SCALARS = st.one_of(TEXT, st.integers(-10**6, 10**6), st.booleans())
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4), st.dictionaries(KEYS, SCALARS, max_size=3),
                   st.lists(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=3), max_size=3))


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=6))
def test_render_new_reads_back_as_the_data(data):
    """Whatever the values (YAML 1.1 words, numbers as text, quotes, colons), the text reads back as the data."""
    assert same(plain(render_new(data)), as_plain(data))


def test_render_new_lays_out_lists_as_render_does():
    """A list is written '  - x' under its key, as render() writes it, and plain text stays plain."""
    data = {"kind": "agreement", "id": "R-1", "layers": ["technical", "organisational"], "statement": "A MUST b."}
    assert render_new(data) == render(data)


def test_values_that_need_quotes_are_quoted():
    """'No', '1.0', '1:30' and a text with ': ' are quoted, so YAML 1.1 does not read them as false, numbers or keys."""
    text = render_new({"title": "No", "since": "1.0", "at": "1:30", "statement": "Note: this"})
    assert 'title: "No"' in text and 'since: "1.0"' in text and 'at: "1:30"' in text
    assert 'statement: "Note: this"' in text


def test_a_proposal_front_matter_with_timestamps_reads_back():
    """A record's front matter (list of mappings, a mapping of pins, timestamps with offsets) reads back the same."""
    front = {"id": "IMPORT-1.0", "changes": [{"item": "R-1", "action": "add"}], "pinned": {"R-1": "ab" * 32},
             "history": [{"at": dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc), "by": "ann"}],
             "target_release": "1.0"}
    text = new_markdown_fast(front, "Body.\n")
    assert text.startswith("---\n") and text.endswith("---\nBody.\n")
    assert same(plain(text.split("---\n")[1]), as_plain(front))
