"""An item's HTML made once per build and shown on every page that lists it.

An agreement appears on its layer page, on its own page and on the page of every role it
applies to; its prose (Python-Markdown) and facts (the templates) came out the same each time
but for the links, which are relative to the page. :class:`DeferringIndex` makes the links of a
body rendered for :data:`DEFERRED` page-independent tokens (``stelsel-href-12``: a page and
an anchor), and :meth:`DeferringIndex.resolve` writes the URLs relative to the page that shows
it, as :meth:`LinkIndex.href <stelsel.site.links.LinkIndex.href>` would have made them (and
records them for the plugin's link check). The prose with tokens is the same text on every
page, so Python-Markdown converts it once (markup.Prose keeps each rendering); a token's number
comes from its target alone, so it is the same text in a forked child too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .links import LinkIndex

DEFERRED = "\x00deferred"  # the page a deferred body is rendered for: no page has this path
_TOKEN = re.compile(r"stelsel-href-(\d+)(#[^\"'\s<>()]*)?")


@dataclass
class DeferringIndex(LinkIndex):
    _token_of: dict = field(default_factory=dict, repr=False)  # (page, anchor) -> number
    _tokens: dict = field(default_factory=dict, repr=False)  # number -> (page, anchor)

    def href(self, from_page: str, page: str, anchor: str | None = None) -> str:
        if from_page != DEFERRED:
            return super().href(from_page, page, anchor)
        key = (page, anchor)
        number = self._token_of.get(key)
        if number is None:
            number = self._token_of[key] = self._number(key)
            self._tokens[number] = key
        return f"stelsel-href-{number}"

    def _number(self, key: tuple) -> int:
        """A target's number, the same whichever links were made before: a text with links renders
        to the same Markdown, and so to one rendering, in every process (pages.BESIDE)."""
        digest = hashlib.blake2b(f"{key[0]}\x00{key[1]}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
        number = int.from_bytes(digest, "big")
        while number in self._tokens:  # another target with the same digest: the next free number
            number += 1
        return number

    def resolve(self, html: str, from_page: str) -> Markup:
        """``html`` rendered for :data:`DEFERRED`, its links relative to ``from_page``."""
        def one(match: re.Match) -> str:
            page, anchor = self._tokens[int(match.group(1))]
            fragment = match.group(2) or ""
            if fragment and page == from_page:  # as LinkIndex._href writes a fragment on its own page
                return fragment
            return self.href(from_page, page, anchor) + fragment

        return Markup(_TOKEN.sub(one, html))
