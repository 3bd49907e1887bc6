"""The words stakeholders read, per language: message catalogues as data files (``nl.yaml``, ``en.yaml``).

The site, the release PDF, the checklists, the self-assessment reports and the feeds take their
text from here; the framework config's ``language`` (default ``nl``) picks the catalogue. A
catalogue is a YAML mapping, nested for reading (``pdf: {toc: Inhoud}`` is the key
``pdf.toc``); a message names its placeholders (``Release {version}``, filled with
``str.format``). A key missing from a language falls back to the Dutch catalogue, the
complete one (a test keeps every catalogue complete). A third language is one more file here:
``<code>.yaml``, no code.

Why YAML and not gettext: every message has a stable key, so the Dutch text (Twiin's published
wording) is data like the English, not the source string gettext keys on; the project reads YAML
everywhere already; and a catalogue needs no compile step (``.mo``) and no extra library.

A leaf module: it imports nothing of stelsel, so every layer may use it. CLI messages are not
here: they stay English (see docs/formats.md, "Languages").
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent
DEFAULT = "nl"


def languages() -> tuple[str, ...]:
    """The languages there is a catalogue for (a file ``<code>.yaml`` here)."""
    return tuple(sorted(path.stem for path in HERE.glob("*.yaml")))


def _flatten(data: Any, prefix: str, out: dict) -> dict:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = data
    return out


@functools.lru_cache(maxsize=None)
def _catalogue(language: str) -> dict[str, Any]:
    """The flat {key: message} of one language, read once."""
    path = HERE / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(f"no message catalogue for language '{language}' (have: {', '.join(languages())})")
    with path.open(encoding="utf-8") as stream:
        # libyaml's loader where PyYAML has it: the same values, a tenth of the time (40 ms a catalogue)
        return _flatten(yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}, "", {})


def keys(language: str) -> frozenset[str]:
    """The keys a catalogue itself holds (without the fallback)."""
    return frozenset(_catalogue(language))


class Messages:
    """The messages of one language: ``t("pdf.toc")``, ``t("pdf.release", version="1.0")``."""

    def __init__(self, language: str):
        self.language = language
        self._own = _catalogue(language)
        self._default = _catalogue(DEFAULT)
        self._mappings: dict[str, dict[str, Any]] = {}

    def raw(self, key: str) -> Any:
        """The message (a string, or a list) of ``key``, from this language or else the Dutch one."""
        if key in self._own:
            return self._own[key]
        return self._default[key]  # KeyError: a key no catalogue has is a programming error

    def __call__(self, key: str, **values: Any) -> str:
        text = self.raw(key)
        return text.format(**values) if values else text

    def html(self, key: str, **values: Any) -> Markup:
        """The message as HTML: its own text escaped, each value escaped unless it is Markup already."""
        return Markup(escape(self.raw(key))).format(**values)

    def mapping(self, prefix: str) -> dict[str, Any]:
        """{last part: message} of every key below ``prefix`` (``status`` -> {'ready': 'gereed', ...}); made once
        per prefix (pages ask for it per item), so a caller must not change it."""
        found = self._mappings.get(prefix)
        if found is None:
            start = prefix + "."
            found = {key[len(start):]: value for key, value in self._default.items() if key.startswith(start)}
            found.update({key[len(start):]: value for key, value in self._own.items() if key.startswith(start)})
            self._mappings[prefix] = found
        return found

    def date(self, day) -> str:
        """A date in words: '1 december 2026', '1 December 2026'."""
        months = self.raw("date.months")
        return self("date.format", day=day.day, month=months[day.month - 1], year=day.year)

    def join(self, parts: list[str]) -> str:
        """'a, b en c' / 'a, b and c'."""
        parts = list(parts)
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + self.raw("date.list_and") + parts[-1]


@functools.lru_cache(maxsize=None)
def messages(language: str | None = None) -> Messages:
    """The messages of ``language`` (None: the default, Dutch)."""
    return Messages(language or DEFAULT)


def language_of(config) -> str:
    """The language a framework config picks (``language``; none or no config: Dutch)."""
    return getattr(config, "language", None) or DEFAULT


def for_config(config) -> Messages:
    """The messages of a framework config's language."""
    return messages(language_of(config))
