"""The starting content of ``stelsel init``, one module per language (``en``, ``nl``): a language is a module here.

Each module's ``STARTER`` holds what the new framework says in its own words (its content
folder and kind folders come from the language's catalogue): the example layers, levels (with their RFC 2119
keywords), role, agreement and page, the names of the bodies and of the workflow's states,
proposal types and verdicts. The words can move to a message catalogue as they are.
"""

from __future__ import annotations

import importlib

LANGUAGES = ("en", "nl")


def starter(language: str) -> dict:
    """The STARTER of ``language`` (KeyError for a language without a module)."""
    if language not in LANGUAGES:
        raise KeyError(language)
    return importlib.import_module(f"{__name__}.{language}").STARTER
