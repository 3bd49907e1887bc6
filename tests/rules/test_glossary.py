"""C013: an abbreviation the site can explain one way only, or a norm word made an abbreviation."""

from __future__ import annotations

from ..helpers import CONTENT, diagnostics, make_tree

TERM = """kind: term
id: {id}
title: {title}
expansion: {expansion}
status: {status}
definition: Een begrip.
sources: [S1]
"""


def _c013(root):
    return [(d.path, d.line, d.message) for d in diagnostics(root) if d.code == "C013"]


def test_a_second_term_with_the_same_abbreviation_is_c013_at_its_title(tmp_path):
    """A second 'GtK' term with another expansion: C013 at its title line, naming the first term and its file."""
    root = make_tree(tmp_path / "tree", {CONTENT + "begrippen/GtK2.yaml": TERM.format(
        id="GtK2", title="GtK", expansion="Groot technisch Knooppunt", status="gereed")})
    assert _c013(root) == [(CONTENT + "begrippen/GtK2.yaml", 3, "term GtK2 abbreviates 'GtK', as term GtK "
                            f"({CONTENT}begrippen/GtK.yaml) does: the site can explain a word one way only")]


def test_a_term_abbreviating_a_norm_word_is_c013(tmp_path):
    """A term titled 'MOET' (a level of the framework) with an expansion: C013, the norm-word message."""
    root = make_tree(tmp_path / "tree", {CONTENT + "begrippen/moet.yaml": TERM.format(
        id="moet", title="MOET", expansion="Minimale Eisen", status="gereed")})
    assert [(path, line, message.split(":")[0]) for path, line, message in _c013(root)] == \
        [(CONTENT + "begrippen/moet.yaml", 3, "term moet abbreviates 'MOET', a norm word of the framework's levels")]


def test_a_withdrawn_duplicate_or_a_term_without_expansion_is_no_conflict(tmp_path):
    """The same title on a withdrawn term, or on a term with no expansion (no abbreviation): no C013."""
    root = make_tree(tmp_path / "tree", {
        CONTENT + "begrippen/GtK2.yaml": TERM.format(id="GtK2", title="GtK", expansion="Oud", status="vervallen"),
        CONTENT + "begrippen/GtK3.yaml": TERM.format(id="GtK3", title="GtK", expansion="x", status="gereed")
        .replace("expansion: x\n", ""),
    })
    assert diagnostics(root) == []  # valid terms, and no C013 among them
