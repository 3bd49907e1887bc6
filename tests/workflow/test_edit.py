"""Round-trip edits (stelsel.edit): untouched bytes stay byte-identical; writes are atomic."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil

import pytest

from stelsel.edit import Document, EditError, plain
from stelsel.load.frontmatter import split_front_matter

from .conftest import DATA

ODD = "CP-20240301-vreemde-opmaak"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(original lines removed or replaced, lines added) between two texts."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def test_odd_proposal_keeps_every_untouched_byte(tree, stelsel):
    """After move, review and decide, a proposal full of comments and odd quoting differs only in the changed lines."""
    path = tree / "changes" / f"{ODD}.md"
    shutil.copy(DATA / "odd-proposal.md", path)
    before = path.read_text()

    steps = [
        ("review", ODD, "--as", "carol", "--verdict", "akkoord", "--date", "2024-04-01", "--comment", "Goed: akkoord"),
        ("move", ODD, "ter_besluitvorming", "--as", "alice", "--at", "2024-04-16", "--reason", "consultatie: afgerond"),
        ("decide", ODD, "--as", "bob", "--outcome", "aangenomen", "--date", "2024-05-01", "--minutes", "SG-2024-05",
         "--condition", "Na 1 jaar: evalueren"),
    ]
    for args in steps:
        result = stelsel.at(*args)
        assert result.exit_code == 0, result.output
    after = path.read_text()

    removed, added = changed_lines(before, after)
    # the only original line that changed is the status line, and it kept its comment and spacing
    assert removed == ["status: consultatie    # wordt door 'move' aangepast\n"]
    assert "status: ter_besluitvorming    # wordt door 'move' aangepast\n" in added
    # everything else is appended: the history entry, the review and the decision
    assert "    -   at: 2024-04-16\n" in added  # indented like the entries already there
    assert "        reason: 'consultatie: afgerond'\n" in added
    assert "  - by: carol\n" in added and "    comment: 'Goed: akkoord'\n" in added
    assert "decision:\n" in added and "  - 'Na 1 jaar: evalueren'\n" in added
    # the appended lines sit where they belong: after the existing entries of their list
    lines = after.splitlines()
    assert lines.index("    -   at: 2024-04-16") < lines.index("        # een opmerking onder de laatste stap")
    assert lines.index("  - by: carol") > lines.index("  - {by: erin, organisation: Org E, verdict: niet_akkoord, "
                                                     "date: 2024-03-13}   # flow-mapping in een blok-lijst")
    # the Markdown body, with a '---' line of its own, is untouched
    assert after.endswith(before.split("# slotopmerking van de front matter\n---\n", 1)[1])

    data = plain(split_front_matter(after)[0])
    assert data["status"] == "ter_besluitvorming"
    assert data["history"][-1] == {"at": dt.date(2024, 4, 16), "by": "alice", "from": "consultatie",
                                   "to": "ter_besluitvorming", "reason": "consultatie: afgerond"}
    assert data["reviews"][-1]["comment"] == "Goed: akkoord"
    assert data["decision"]["conditions"] == ["Na 1 jaar: evalueren"]


SAMPLE = """\
# kop
a:   1     # één
b: 'x'
c: "y"   # dubbel
lijst: [p,  q]
leeg: []   # nog niets
blok:
   - naam: een
     waarde: 1
   # tussen
tekst: |
  # geen commentaar
  regel
slot: ~
# einde
"""


def test_set_keeps_quote_style_and_comment(tmp_path):
    """Setting a scalar replaces only its token: quotes, spacing and the comment stay."""
    doc = Document(tmp_path / "x.yaml", SAMPLE)
    doc.set(("b",), "nieuw: waarde")
    doc.set(("c",), "z")
    doc.set(("a",), 2)
    removed, added = changed_lines(SAMPLE, doc.text)
    assert added == ["a:   2     # één\n", "b: 'nieuw: waarde'\n", 'c: "z"   # dubbel\n']
    assert doc.fallbacks == 0


def test_append_to_block_flow_and_empty_lists(tmp_path):
    """Appending follows each list's own style: block items indented alike, flow lists inline, [] becomes a block."""
    doc = Document(tmp_path / "x.yaml", SAMPLE)
    doc.append(("blok",), {"naam": "twee", "waarde": 2})
    doc.append(("lijst",), "r")
    doc.append(("leeg",), {"k": "v"})
    doc.append(("nieuw",), "eerste")
    removed, added = changed_lines(SAMPLE, doc.text)
    assert removed == ["lijst: [p,  q]\n", "leeg: []   # nog niets\n"]
    assert "   - naam: twee\n" in added and "     waarde: 2\n" in added
    assert "lijst: [p,  q, r]\n" in added and "leeg:   # nog niets\n" in added
    assert doc.text.index("   - naam: twee") < doc.text.index("   # tussen")
    assert doc.text.rstrip().endswith("# einde") and "nieuw:\n" in doc.text
    data = plain(doc.text)
    assert data["blok"][-1] == {"naam": "twee", "waarde": 2} and data["leeg"] == [{"k": "v"}]
    assert data["tekst"] == "# geen commentaar\nregel\n" and data["nieuw"] == ["eerste"]
    assert doc.fallbacks == 0


def test_markdown_body_and_crlf_preserved(tmp_path):
    """Front matter edits leave the Markdown body alone and keep CRLF line ends."""
    text = "---\r\nid: X\r\nstatus: concept # c\r\n---\r\nBody\r\n---\r\nmore\r\n"
    path = tmp_path / "x.md"
    path.write_bytes(text.encode())
    doc = Document.open(path)
    doc.set(("status",), "ingediend")
    doc.save()
    assert path.read_bytes() == text.replace("concept", "ingediend").encode()


def test_unusual_layout_falls_back_without_corrupting(tmp_path):
    """A layout the splicer does not handle still ends with exactly the intended data."""
    text = "{id: X, lijst: [a, b]}  # alles in flow\n"
    doc = Document(tmp_path / "x.yaml", text)
    doc.set(("status",), "nieuw")
    assert plain(doc.text) == {"id": "X", "lijst": ["a", "b"], "status": "nieuw"}


def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path):
    """save() replaces the file in one step, keeps its permissions and leaves nothing behind."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n")
    os.chmod(path, 0o640)
    doc = Document.open(path)
    doc.set(("a",), 2)
    assert doc.save() is True
    assert path.read_text() == "a: 2\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]
    assert Document.open(path).save() is False  # nothing changed, nothing written


def test_not_editable_files_are_clear_errors(tmp_path):
    """A Markdown file without front matter or a non-mapping YAML file is an EditError."""
    md = tmp_path / "x.md"
    md.write_text("# geen front matter\n")
    with pytest.raises(EditError, match="no front matter"):
        Document.open(md)
    with pytest.raises(EditError, match="mapping"):
        Document(tmp_path / "y.yaml", "- a\n- b\n")
