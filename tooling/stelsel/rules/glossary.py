"""Findings about the glossary's abbreviations (code C013)."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..model import WITHDRAWN_STATUSES
from .base import Rule


class AbbreviationConflict(Rule):
    """Two glossary terms abbreviate the same word, or a term abbreviates a norm word.

    A term with an ``expansion`` makes its title an abbreviation: the site explains that word
    wherever it occurs, on every page. Two terms titled 'GBZ' with different expansions give
    one meaning for both (the last one read wins, without a word), and a term titled 'MOET'
    would put a tooltip on every norm word of every agreement. Fix: merge the two terms (or
    withdraw one), give one a title that tells them apart; do not abbreviate a level's word.
    """

    finding = codes.ABBREVIATION_CONFLICT

    def check(self, project) -> Iterable[Diagnostic]:
        config = project.config
        norm_words = {level.id for level in config.levels} if config is not None else set()
        first: dict[str, object] = {}
        for item in sorted(project.items("term"), key=lambda i: (i.file.path, i.id)):
            model = item.model
            if not model.expansion or getattr(model, "status", None) in WITHDRAWN_STATUSES:
                continue
            word = " ".join(model.title.split())
            line, col = item.file.position(("title",))
            if word in norm_words:
                yield self.at(item.file.path, line, col,
                              f"term {item.id} abbreviates '{word}', a norm word of the framework's levels: the site "
                              "would explain every norm word of every agreement as its expansion",
                              hint="title the term differently, or leave out its expansion")
            elif word in first:
                other = first[word]
                yield self.at(item.file.path, line, col,
                              f"term {item.id} abbreviates '{word}', as term {other.id} ({other.file.path}) does: the "
                              "site can explain a word one way only",
                              hint="merge the two terms, withdraw one, or title one so that they differ")
            else:
                first[word] = item
