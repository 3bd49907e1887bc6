"""Findings about the content itself: empty prose, missing provenance, raw HTML."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..safehtml import RAW_TAGS, raw_html_report
from .base import Rule


class EmptyProse(Rule):
    """Required text is empty or only white space.

    The schemas require text such as an agreement's ``statement`` or a term's
    ``definition``, but a value of only spaces or an empty block scalar (``|`` with nothing
    under it) slips past a type check. A principle whose ``basis`` is not
    ``not_described`` needs its ``statement``, and a page needs a body. Fix: write the text,
    or mark a principle the sources do not describe with ``basis: not_described``.
    """

    finding = codes.EMPTY_PROSE

    def check(self, project) -> Iterable[Diagnostic]:
        for sf in project.files:
            if sf.model is None:
                continue
            for loc in sf.blank_texts:
                line, col = sf.position(loc)
                yield self.at(sf.path, line, col, f"{'.'.join(map(str, loc))} is only white space",
                              hint="write the text, or remove the key if it is optional")
            if sf.kind == "principle" and sf.model.basis != "not_described" and not (sf.model.statement or "").strip():
                line, col = sf.position(())
                yield self.at(sf.path, line, col, f"principle '{sf.model.id}' has no statement",
                              hint="add 'statement:', or set 'basis: not_described' if the sources do not give it")
            if sf.kind == "page" and not (sf.body or "").strip():
                yield self.at(sf.path, sf.body_line, 1, f"page '{sf.model.id}' has no text below its front matter",
                              hint="write the page, or remove it")


class MissingSource(Rule):
    """An item names no source document although the framework requires one.

    With ``require_sources: true`` in the framework config, every item must say which
    source document(s) its content comes from (``sources: [...]``, IDs declared in the
    config's ``sources``), so that readers can trace every statement. Fix: add the source.
    """

    finding = codes.MISSING_SOURCE

    def check(self, project) -> Iterable[Diagnostic]:
        if project.config is None or not project.config.require_sources:
            return
        for item in project.items():
            if item.kind == "proposal":
                continue
            if not getattr(item.model, "sources", None):
                line, col = item.file.position(("id",))
                yield self.at(item.file.path, line, col, f"{item.kind} '{item.id}' names no source",
                              hint="add 'sources: [<source id>]' (see sources in the framework config)")


# The values rendered as Markdown on the site and in the PDF (a decision table's cells too).
PROSE_KEYS = frozenset({"statement", "description", "rationale", "evidence", "definition", "basis_note", "motivation",
                        "function", "impact", "comment", "summary", "response", "responsibilities", "purpose",
                        "relation"})


def _prose_values(value, loc: tuple = ()):
    """(loc, text) of every Markdown value in a file's data."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _prose_values(sub, (*loc, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _prose_values(sub, (*loc, index))
    elif isinstance(value, str) and loc and (any(k in PROSE_KEYS for k in loc if isinstance(k, str))
                                             or loc[0] == "rows"):
        yield loc, value


def markdown_texts(project):
    """(file, loc, text) of every Markdown text of the valid files: prose fields at their loc, a body at None."""
    for sf in project.files:
        if sf.model is None:
            continue
        for loc, text in _prose_values(sf.data) if isinstance(sf.data, dict) else ():
            yield sf, loc, text
        if sf.body:
            yield sf, None, sf.body


class RawHtml(Rule):
    """Content Markdown holds raw HTML, or a link the site will not make live.

    Raw HTML in a statement, a definition, a page or a proposal reaches every reader's
    browser, so the site and the release PDF sanitise it: only a small allow-list of tags
    stays (``a``, ``abbr``, ``b``, ``br``, ``code``, ``em``, ``img``, ``strong``, ``sub``,
    ``sup``, tables, lists and the like, with ``class``, ``id`` and ``title``); scripts,
    styles, frames and forms are removed with their content, other tags lose their markup,
    event handlers (``onerror=``) and ``style`` are dropped, and a link or image whose
    target is not ``http(s):``, ``mailto:``, ``tel:`` or relative (``javascript:``,
    ``data:``, also written as ``&#106;avascript:``) loses its target. The finding says
    which tags were found and what of them the site removes. Fix: write Markdown instead of
    HTML (``**vet**``, ``[tekst](https://…)``, ``[[TA-001]]``), or remove what the site drops.
    """

    finding = codes.RAW_HTML

    def check(self, project) -> Iterable[Diagnostic]:
        for sf, loc, text in markdown_texts(project):
            report = raw_html_report(text)
            if not report:
                continue
            at = min([i for i in (text.find("<"), text.find("](")) if i >= 0] or [0])
            if loc is None:
                line, col, where = sf.body_line + text.count("\n", 0, at), 1, "the text"
            else:
                needle = (text[at:].split() or [""])[0]
                (line, col), where = sf.position_in_value(project.root, loc, needle), ".".join(map(str, loc))
            yield self.at(sf.path, line, col, _message(where, report),
                          hint="write Markdown instead of HTML (**vet**, [tekst](https://...), [[ID]]); raw HTML "
                               f"keeps only {', '.join(sorted(RAW_TAGS))}")


def _message(where: str, report) -> str:
    tags = list(dict.fromkeys(report.tags))
    gone = list(dict.fromkeys(f"{r.where} ({r.what})" for r in report.removed))
    dropped = {r.where for r in report.removed}
    kept = [t for t in tags if t in RAW_TAGS and t not in dropped]
    found = f"raw HTML in {where} ({', '.join(f'<{t}>' for t in tags)})" if tags else f"an unsafe link in {where}"
    if gone:
        tail = f"the site removes {', '.join(gone)}"
        return f"{found}: {tail}" + (f" and keeps {', '.join(f'<{t}>' for t in kept)}" if kept else "")
    return f"{found}: the site keeps it (these tags are on the allow-list)"
