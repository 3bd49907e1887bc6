"""Turn pydantic validation errors into positioned findings with useful hints."""

from __future__ import annotations

import difflib
import typing
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from ..codes import INVALID_VALUE, MISSING_FIELD, UNKNOWN_KEY
from ..diagnostics import Diagnostic


def _unwrap_model(annotation: Any) -> Any:
    """The type to descend into for one path step: peel Annotated, Optional and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                inner = _unwrap_model(arg)
                if inner is not None:
                    return inner
        return None
    return annotation


def _field_by_key(model: type[BaseModel], key: str):
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``, if it is one."""
    current: Any = model
    for step in loc:
        current = _unwrap_model(current)
        if current is None:
            return None
        origin = typing.get_origin(current)
        if isinstance(step, int):
            if origin in (list, tuple, set):
                current = typing.get_args(current)[0]
                continue
            return None
        if origin is dict:
            current = typing.get_args(current)[1]
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = _field_by_key(current, step)
            if info is None:
                return None
            current = info.annotation
            continue
        return None
    current = _unwrap_model(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    target = model_at(model, loc)
    if target is None:
        return []
    return [info.alias or name for name, info in target.model_fields.items()]


def _data_loc(data: Any, loc: tuple) -> tuple:
    """The longest prefix of a pydantic location that exists in the data (drops union tags)."""
    kept = []
    current = data
    for step in loc:
        if isinstance(current, dict) and step in current:
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            break
        kept.append(step)
    return tuple(kept)


def dotted(loc: tuple) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(document)"


def _type_name(value: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true/false", list: "a list",
            dict: "a mapping", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def findings_from_error(file, model: type[BaseModel], data: dict, exc: ValidationError,
                        skip: tuple | None = None) -> Iterator[Diagnostic]:
    """One finding per problem; ``skip``: locations already reported (unknown stored words), or one location."""
    seen: set[tuple] = set(skip) if isinstance(skip, (set, frozenset)) else ({skip} if skip else set())
    # a page or proposal may leave 'kind' out: the kind the loader settled on names it
    label = getattr(file, "kind", None) or (data.get("kind", "file") if isinstance(data, dict) else "file")
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        data_loc = _data_loc(data, loc)
        if kind == "extra_forbidden":
            key = loc[-1]
            parent = loc[:-1]
            known = allowed_keys(model, parent)
            near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            line, col = file.key_position(loc)
            where = f" in {dotted(parent)}" if parent else ""
            hint = f"did you mean '{near[0]}'?" if near else (
                f"known keys here: {', '.join(sorted(known))}" if known else "remove the key")
            if not parent and "extra" in known:
                hint += "; framework-specific fields go under 'extra:'"
            yield UNKNOWN_KEY.at(file.path, line, col, f"unknown key '{key}'{where} of {label}", hint=hint)
            continue
        if kind == "missing":
            parent = loc[:-1]
            line, col = file.key_position(parent) if parent else file.position(())
            where = f" in {dotted(parent)}" if parent else ""
            yield MISSING_FIELD.at(file.path, line, col, f"missing required field '{loc[-1]}'{where} of {label}",
                                  hint=f"add '{loc[-1]}:' (see schemas/{label}.schema.json)")
            continue
        if data_loc in seen:
            continue  # one finding per value: a union reports one error per member
        seen.add(data_loc)
        line, col = file.position(data_loc)
        value = _value_at(data, data_loc)
        message = err["msg"]
        hint = None
        if kind in ("string_type",) and isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = f"YAML reads {value!r} as a number; quote it: \"{value}\""
        elif kind in ("list_type",) and not isinstance(value, list):
            hint = "write a list, e.g. '[value]' or one '- value' per line"
        elif kind == "enum" or kind == "literal_error":
            expected = err.get("ctx", {}).get("expected")
            hint = f"use one of: {expected}" if expected else None
        elif kind in ("string_too_short", "too_short"):
            hint = "give it content; an empty value is not allowed here"
        elif kind == "string_pattern_mismatch":
            hint = f"it must match {err.get('ctx', {}).get('pattern')}"
        got = "" if kind in ("enum", "literal_error") else f" (got {_type_name(value)})"
        yield INVALID_VALUE.at(file.path, line, col, f"{dotted(data_loc)}: {message}{got}", hint=hint)


def _value_at(data: Any, loc: tuple) -> Any:
    for step in loc:
        data = data[step]
    return data
