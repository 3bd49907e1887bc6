"""The load boundary of statuses: the word a file stores becomes the model's canonical key.

A file says its framework's word for a status (Twiin's Dutch one, or ``status: ready`` in an English
framework); the model holds the key ``ready`` either way (model.status). The parsed data itself is left as read: digests,
history comparisons and edits work on what the file says.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ..codes import INVALID_VALUE
from ..diagnostics import Diagnostic
from ..model.status import ITEM, StatusWords, default_words, scope_of
from .validate import findings_from_error


def validate(sf, model: type[BaseModel], words: StatusWords) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The model of one parsed file, its status words translated to keys; or None and its findings."""
    data, unknown = to_keys(sf, words)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found = [unknown] if unknown is not None else []
        found += findings_from_error(sf, model, data, exc, skip=("status",) if unknown is not None else None)
        return None, found


def model_data(kind: str | None, data: Any, words: StatusWords | None = None) -> Any:
    """Parsed data as the model takes it: a known status word replaced by its key (else as it is)."""
    scope = scope_of(kind)
    if scope is None or not isinstance(data, dict) or not isinstance(data.get("status"), str):
        return data
    key = (words or default_words()).key(data["status"], scope)
    return {**data, "status": key} if key is not None else data


def to_keys(sf, words: StatusWords) -> tuple[Any, Diagnostic | None]:
    """(data to validate, the finding of an unknown status word or None) for one parsed file.

    A known word is replaced by its key in a copy of the data; an unknown one is left for the
    model to refuse, and its one finding (file, line, this framework's words) is returned.
    """
    data = sf.data
    scope = scope_of(sf.kind)
    if scope is None or not isinstance(data, dict) or "status" not in data:
        return data, None
    translated = model_data(sf.kind, data, words)
    if translated is not data:
        return translated, None
    return data, unknown_status(sf, data["status"], words, scope)


def unknown_status(sf, value: Any, words: StatusWords, scope: str) -> Diagnostic:
    """The finding of a status word this framework does not have."""
    allowed = words.words(scope)
    line, col = sf.position(("status",))
    what = "an item status" if scope == ITEM else "a release status"
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    near = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    hint = (f"did you mean '{near[0]}'? " if near else "") + (
        f"use one of: {', '.join(allowed)} (the framework's words: statuses.{scope} in its stelsel.yaml, "
        "else those of its language)")
    return INVALID_VALUE.at(sf.path, line, col, f"status: {shown} is not {what} of this framework", hint=hint)
