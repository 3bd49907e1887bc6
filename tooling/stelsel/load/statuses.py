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
from ..model.status import DISPOSITION, ITEM, StatusWords, default_words, scope_of
from .validate import findings_from_error


def validate(sf, model: type[BaseModel], words: StatusWords) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The model of one parsed file, its status words translated to keys; or None and its findings."""
    data, unknown = to_keys(sf, words)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        skip = {where for where, _finding in unknown}
        return None, [f for _where, f in unknown] + list(findings_from_error(sf, model, data, exc, skip=skip or None))


def model_data(kind: str | None, data: Any, words: StatusWords | None = None) -> Any:
    """Parsed data as the model takes it: known stored words replaced by their keys (others as they are)."""
    return _translated(kind, data, words or default_words())[0]


def _translated(kind: str | None, data: Any, words: StatusWords) -> tuple[Any, list[tuple[tuple, Any, str]]]:
    """(data with every known stored word replaced by its key, [(where, unknown value, scope)])."""
    unknown: list[tuple[tuple, Any, str]] = []
    scope = scope_of(kind)
    if scope is not None and isinstance(data, dict) and "status" in data:
        key = words.key(data["status"], scope) if isinstance(data["status"], str) else None
        if key is None:
            unknown.append((("status",), data["status"], scope))
        else:
            data = {**data, "status": key}
    if kind == "proposal":
        data, wrong = _disposition_keys(data, words)
        unknown += [(("consultation", "reactions", index, "disposition"), value, DISPOSITION) for index, value in wrong]
    return data, unknown


def _reactions(data: Any) -> list | None:
    consultation = data.get("consultation") if isinstance(data, dict) else None
    reactions = consultation.get("reactions") if isinstance(consultation, dict) else None
    return reactions if isinstance(reactions, list) else None


def _disposition_keys(data: Any, words: StatusWords) -> tuple[Any, list[tuple[int, Any]]]:
    """(data with every known disposition word of its reactions replaced by its key, [(index, unknown word)])."""
    reactions = _reactions(data)
    if not reactions:
        return data, []
    translated, unknown, changed = [], [], False
    for index, reaction in enumerate(reactions):
        value = reaction.get("disposition") if isinstance(reaction, dict) else None
        if isinstance(reaction, dict) and "disposition" in reaction and value is not None:
            key = words.key(value, DISPOSITION) if isinstance(value, str) else None
            if key is None:
                unknown.append((index, value))
            elif key != value:
                reaction, changed = {**reaction, "disposition": key}, True
        translated.append(reaction)
    if not changed:
        return data, unknown
    return {**data, "consultation": {**data["consultation"], "reactions": translated}}, unknown


def to_keys(sf, words: StatusWords) -> tuple[Any, list[tuple[tuple, Diagnostic]]]:
    """(data to validate, [(where, finding)] of every unknown stored word) for one parsed file.

    A known word is replaced by its key in a copy of the data; an unknown one is left for the
    model to refuse, and its one finding (file, line, this framework's words) is returned with
    its place, so that the model's own error there is not reported a second time.
    """
    data, unknown = _translated(sf.kind, sf.data, words)
    found = [(where, unknown_disposition(sf, where, value, words) if scope == DISPOSITION
              else unknown_status(sf, value, words, scope)) for where, value, scope in unknown]
    return data, found


def unknown_disposition(sf, where: tuple, value: Any, words: StatusWords) -> Diagnostic:
    """The finding of a reaction's disposition word this framework does not have."""
    allowed = words.words(DISPOSITION)
    line, col = sf.position(where)
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    near = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    hint = (f"did you mean '{near[0]}'? " if near else "") + (
        f"use one of: {', '.join(allowed)} (the framework's words: statuses.disposition in its stelsel.yaml, "
        "else those of its language)")
    return INVALID_VALUE.at(sf.path, line, col, f"disposition: {shown} is not a disposition of this framework",
                            hint=hint)


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
