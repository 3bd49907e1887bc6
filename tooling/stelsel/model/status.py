"""Item and release statuses: neutral keys in the engine, the framework's own words in its files.

The model and every rule, writer and page work with the canonical keys below (English
identifiers). What a framework *stores* (its ``status:`` words) is framework data: its
``stelsel.yaml`` may declare the words (``statuses: {item: {draft: concept, …}, release:
{…}}``), and when it does not, its ``language`` picks them from the message catalogue
(``stored_status`` in ``i18n/<language>.yaml``: Twiin's Dutch words in ``nl``, English ones in
``en``). The loader translates word -> key before validation (load.project); writers ask a
:class:`StatusWords` for the word of a key.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import i18n

ITEM = "item"
RELEASE = "release"
# A reaction's disposition in a consultation (model.proposal.Disposition): stored as the framework's word too.
DISPOSITION = "disposition"


class ItemStatus(str, enum.Enum):
    """Where an item stands in its own life."""

    DRAFT = "draft"  # being written
    READY = "ready"  # ready for the release it targets
    ADOPTED = "adopted"  # decided (a cut promotes ready items to it)
    WITHDRAWN = "withdrawn"  # kept for the record


class ReleaseStatus(str, enum.Enum):
    # where a release register entry stands
    PLANNED = "planned"
    PREPARING = "preparing"  # open for proposals
    FROZEN = "frozen"  # release candidate, in consultation
    DECIDED = "decided"
    PUBLISHED = "published"


KEYS: dict[str, tuple[str, ...]] = {ITEM: tuple(s.value for s in ItemStatus),
                                    RELEASE: tuple(s.value for s in ReleaseStatus),
                                    DISPOSITION: ("adopted", "partly_adopted", "not_adopted")}
SCOPES = (ITEM, RELEASE, DISPOSITION)
WITHDRAWN_STATUSES = frozenset({ItemStatus.WITHDRAWN.value})
# Register statuses of a release that was released (decided, whether published yet or not).
RELEASED_STATUSES = (ReleaseStatus.DECIDED.value, ReleaseStatus.PUBLISHED.value)
# The kinds whose files hold no status of this vocabulary (a proposal's status is a workflow state).
WITHOUT_STATUS = frozenset({"governance", "proposal"})


def scope_of(kind: str | None) -> str | None:
    """Which vocabulary a file of ``kind`` takes its status from: item, release, or none."""
    if kind is None or kind in WITHOUT_STATUS:
        return None
    return RELEASE if kind == "release" else ITEM


_WORD = Field(min_length=1, pattern=r"^\S(.*\S)?$", description="The word the framework's files store.")


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _unique(self):
        problem = words_problem(self._scope, self.model_dump())
        if problem:
            raise ValueError(problem)
        return self


class ItemWords(_Words):
    """The word stored for each item status (every key once, every word once)."""

    _scope = ITEM
    draft: str = _WORD
    ready: str = _WORD
    adopted: str = _WORD
    withdrawn: str = _WORD


class ReleaseWords(_Words):
    """The word stored for each release status (every key once, every word once)."""

    _scope = RELEASE
    planned: str = _WORD
    preparing: str = _WORD
    frozen: str = _WORD
    decided: str = _WORD
    published: str = _WORD


class DispositionWords(_Words):
    """The word stored for each disposition of a reaction (every key once, every word once)."""

    _scope = DISPOSITION
    adopted: str = _WORD
    partly_adopted: str = _WORD
    not_adopted: str = _WORD


class DeclaredStatuses(BaseModel):
    """The config's ``statuses``: per scope, the word the framework stores for every key."""

    model_config = ConfigDict(extra="forbid")

    item: ItemWords | None = Field(default=None, description=(
        "The word stored for each item status, e.g. {draft: draft, ready: approved, adopted: in force, withdrawn: "
        "retired}. Default: the words of the framework's language."))
    release: ReleaseWords | None = Field(default=None, description=(
        "The word stored for each release status. Default: the words of the framework's language."))
    disposition: DispositionWords | None = Field(default=None, description=(
        "The word stored for each disposition of a reaction in a consultation. Default: the words of the "
        "framework's language."))


def words_problem(scope: str, words: dict) -> str | None:
    """What is wrong with a declared {key: word} of one scope, or None."""
    keys = KEYS[scope]
    unknown = [k for k in words if k not in keys]
    missing = [k for k in keys if k not in words]
    if unknown:
        return f"unknown key(s) {', '.join(map(str, unknown))}; the keys are {', '.join(keys)}"
    if missing:
        return f"missing key(s) {', '.join(missing)}: give a word for every one of {', '.join(keys)}"
    bad = [k for k, w in words.items() if not isinstance(w, str) or not w.strip() or w != w.strip()]
    if bad:
        return f"the word of {', '.join(bad)} must be text without surrounding spaces"
    seen: dict[str, str] = {}
    for key, word in words.items():
        if word in seen:
            return f"'{word}' is the word of both {seen[word]} and {key}: every word once"
        seen[word] = key
    return None


@dataclass(frozen=True)
class StatusWords:
    """The words one framework stores, per scope: ``word(key)`` for writers, ``key(word)`` for the loader."""

    item: tuple[tuple[str, str], ...]  # (key, word) in key order
    release: tuple[tuple[str, str], ...]
    disposition: tuple[tuple[str, str], ...] = ()

    def _pairs(self, scope: str) -> tuple[tuple[str, str], ...]:
        return {ITEM: self.item, RELEASE: self.release, DISPOSITION: self.disposition}[scope]

    def word(self, key: Any, scope: str = ITEM) -> Any:
        """The stored word of ``key`` (an enum or its value); anything else comes back as it is."""
        key = getattr(key, "value", key)
        return next((w for k, w in self._pairs(scope) if k == key), key)

    def key(self, word: Any, scope: str = ITEM) -> str | None:
        """The key of a stored word, or None when this framework has no such word."""
        return next((k for k, w in self._pairs(scope) if w == word), None)

    def words(self, scope: str = ITEM) -> list[str]:
        """Every word of a scope, in key order."""
        return [w for _k, w in self._pairs(scope)]

    def release_word(self, key: Any) -> Any:
        return self.word(key, RELEASE)

    @property
    def same_status(self) -> dict[str, str]:
        """{adopted word: ready word}: ``release cut`` promotes one to the other, no change of decided text."""
        return {self.word(ItemStatus.ADOPTED): self.word(ItemStatus.READY)}


@functools.lru_cache(maxsize=None)
def default_words(language: str | None = None) -> StatusWords:
    """The words of a language's catalogue (``stored_status``); no language: the default (Dutch)."""
    t = i18n.messages(language or i18n.DEFAULT)
    return StatusWords(*(tuple((k, t(f"stored_status.{scope}.{k}")) for k in KEYS[scope]) for scope in SCOPES))


def _build(language: str | None, declared: dict | None) -> StatusWords:
    base = default_words(language if language in i18n.languages() else None)
    if not isinstance(declared, dict):
        return base
    scopes = []
    for scope in SCOPES:
        words = declared.get(scope)
        ok = isinstance(words, dict) and words_problem(scope, words) is None
        scopes.append(tuple((k, words[k]) for k in KEYS[scope]) if ok else base._pairs(scope))
    return StatusWords(*scopes)


def words_of(config) -> StatusWords:
    """The words a framework config (a Framework model; None: the default) stores."""
    if config is None:
        return default_words()
    declared = getattr(config, "statuses", None)
    return _build(getattr(config, "language", None),
                  declared.model_dump() if isinstance(declared, BaseModel) else declared)


def words_from_data(data: Any) -> StatusWords:
    """The words of a framework config as parsed data (before validation; a bad part counts as not declared)."""
    if not isinstance(data, dict):
        return default_words()
    language = data.get("language")
    return _build(language if isinstance(language, str) else None, data.get("statuses"))
