"""A change in an author's prose, shown as rendered text with its deletions and insertions marked.

The release diff compares prose sentence by sentence (:func:`stelsel.release.diff.word_diff`):
a sentence that changed a little gets word marks inside it, a rewritten one is deleted and
inserted whole. This module turns that into Markdown the site renders like any other prose
(links resolved, [[ID]] as 'ID Name', no raw Markdown on the page):

1. Links, [[ID]] references and inline code are masked as one word each, so a mark never
   falls inside their syntax (a changed link target is a changed word).
2. The compared text gets a private-use character around each deleted or inserted run, per
   line and after a line's block syntax (a list bullet, a quote, a heading's '#'), so the
   Markdown structure survives; headings become bold lines (a diff sits under its own heading).
3. After rendering, :func:`marks_to_html` turns the characters into ``<del>``/``<ins>``
   (templates/parts.html: strikethrough and underline plus words for screen readers, so
   nothing is told by colour alone), drops any that ended up inside a tag, and re-serialises
   the fragment so the elements nest properly.
"""

from __future__ import annotations

import difflib
import re
from typing import Callable

from markupsafe import Markup

from ..load.references import WIKILINK
from ..release.diff import word_diff
from ..safehtml import balanced_html
from .markup import H

MARKS = {"delete": ("\ue000", "\ue001"), "insert": ("\ue002", "\ue003")}
_ALL_MARKS = re.compile("[\ue000-\ue003]")
_MASKED = re.compile(r"\[\[[^\[\]]+\]\]|!?\[[^\[\]]*\]\([^()\s]*\)|`[^`\n]+`")
_BLOCK_SYNTAX = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)]|>|#{1,6})[ \t]+)*")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_TAG = re.compile(r"<[^<>]*>")


def _mask(text: str, originals: list[str]) -> str:
    """Each link, reference or code span as one word (the same on both sides when it is the same)."""
    def replace(match: re.Match) -> str:
        if match.group(0) not in originals:
            originals.append(match.group(0))
        return f"stelselmasker{originals.index(match.group(0))}x"

    return _MASKED.sub(replace, text)


def _unmask(text: str, originals: list[str]) -> str:
    return re.sub(r"stelselmasker(\d+)x", lambda m: originals[int(m.group(1))], text)


def marked_markdown(old: str, new: str) -> str:
    """The new text with the changes from ``old`` marked (deleted text kept in place), as Markdown."""
    originals: list[str] = []
    words = word_diff(_mask(old, originals), _mask(new, originals))
    out: list[str] = []
    previous = None
    for op, text in words:
        if op not in MARKS:
            out.append(text)
            previous = op
            continue
        if op == "insert" and previous == "delete":
            out.append(" ")  # 'acht vier', not 'achtvier', once the marks are struck through and underlined
        previous = op
        opening, closing = MARKS[op]
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append("\n")
            at_start = number > 0 or not out or out[-1].endswith("\n")
            prefix = _BLOCK_SYNTAX.match(line).group(0) if at_start else ""
            body = line[len(prefix):]
            out.append(prefix)
            stripped = body.rstrip()
            if stripped:
                out.append(opening + stripped + closing + body[len(stripped):])
            else:
                out.append(body)
    text = _unmask("".join(out), originals)
    return _HEADING.sub(lambda m: f"**{m.group(2)}**", text)


def list_pairs(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Entries of two lists of prose paired for :func:`marked_markdown`: an unchanged entry with
    itself, a changed one with its replacement, a removed one with '' and an added one after ''."""
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        pairs += list(zip(olds, news))
        pairs += [(a, "") for a in olds[len(news):]] + [("", b) for b in news[len(olds):]]
    return pairs


def named_wikilinks(text: str, name_of: Callable[[str], str | None]) -> str:
    """[[ID]] without a label written as [[ID|ID Name]] (``name_of`` gives the name), so the link says what it is."""
    def replace(match: re.Match) -> str:
        ident, fragment, label = match.group(1), match.group(2), match.group(3)
        name = name_of(ident)
        if label is not None or not name or name == ident:
            return match.group(0)
        return f"[[{ident}{fragment or ''}|{ident} {name}]]"

    return WIKILINK.sub(replace, text)


_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def relative_links_as_text(text: str) -> str:
    """A relative link or image in a diff as its text: it was written relative to its own file (a
    page's folder, the content folder), not to the change page; the item's own page links it."""
    return _LINK.sub(lambda m: m.group(0) if _ABSOLUTE.match(m.group(3)) else m.group(2), text)


def marks_to_html(html: str, names: dict) -> Markup:
    """Rendered prose with the change marks as ``<del>``/``<ins>`` (from the template), nested properly;
    ``names``: what a screen reader says for each (the catalogue's site.changes.mark: delete, insert)."""
    html = _TAG.sub(lambda m: _ALL_MARKS.sub("", m.group(0)), html)
    for op, (opening, closing) in MARKS.items():
        start, _, end = str(H.change_mark(op, "\x00", names)).partition("\x00")
        html = html.replace(opening, start).replace(closing, end)
    return Markup(balanced_html(html))
