"""Findings about the content itself: empty prose, missing provenance."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
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
