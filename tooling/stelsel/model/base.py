"""Shared building blocks of every file format: strict models and typed references.

A reference field is declared with ``ref("role")``: the annotation carries a ``Ref`` marker
(read by the reference rules) and an ``x-stelsel-ref`` keyword in the published JSON Schema,
so editors and ``check`` agree on what a field points at.
"""

from __future__ import annotations

import enum
import functools
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Iterator

from pydantic import BaseModel, ConfigDict, Field

from .status import WITHDRAWN_STATUSES, ItemStatus  # noqa: F401  (the canonical keys live in status.py)


class StrictModel(BaseModel):
    """Unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, use_enum_values=True)


@dataclass(frozen=True)
class Ref:
    """Marks a string field as the ID of another thing; ``kinds`` are what it may point at.

    Kinds are item kinds (``role``, ``agreement`` …) or names declared elsewhere: ``layer``,
    ``level``, ``source`` and ``category`` (framework config), ``person`` and ``body``
    (governance), ``release`` (the release register). ``*`` means any item.
    """

    kinds: tuple[str, ...]


def ref(*kinds: str, description: str | None = None) -> Any:
    """The annotation of a single reference to one of ``kinds``."""
    extra = {"x-stelsel-ref": list(kinds)}
    return Annotated[str, Ref(tuple(kinds)), Field(min_length=1, description=description, json_schema_extra=extra)]


Prose = Annotated[str, Field(description="Markdown text; [[ID]] links to another item.")]




class Basis(str, enum.Enum):
    """How firm what an item says is, according to its sources."""

    SOURCE = "source"  # the sources state it
    PROPOSAL = "proposal"  # the sources call it a proposal (voorstel)
    INTENTION = "intention"  # the sources call it intended (beoogd)
    ASSUMPTION = "assumption"  # not in the sources: an assumption to be confirmed
    NOT_DESCRIBED = "not_described"  # exists, but the sources do not describe it


@dataclass(frozen=True)
class RefPath:
    """Where references sit in a model: a path of field names with ``*`` for list items."""

    path: tuple[str, ...]
    kinds: tuple[str, ...]


def _unwrap(annotation: Any) -> Iterator[tuple[Any, tuple[str, ...], tuple[str, ...] | None]]:
    """Yield (inner type, path suffix, ref kinds) for every reference inside an annotation."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        for item in meta:
            if isinstance(item, Ref):
                yield (base, (), item.kinds)
                return
        yield from _unwrap(base)
        return
    if origin in (list, tuple, set, frozenset):
        for arg in typing.get_args(annotation):
            if arg is Ellipsis:
                continue
            for inner, path, kinds in _unwrap(arg):
                yield (inner, ("*",) + path, kinds)
        return
    if origin is dict:
        args = typing.get_args(annotation)
        if len(args) == 2:
            for inner, path, kinds in _unwrap(args[1]):
                yield (inner, ("*",) + path, kinds)
        return
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(annotation):
            yield from _unwrap(arg)
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for ref_path in reference_paths(annotation):
            yield (None, ref_path.path, ref_path.kinds)


@functools.cache
def reference_paths(model: type[BaseModel]) -> tuple[RefPath, ...]:
    """Every reference a model can hold, computed once per model class."""
    found: list[RefPath] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        direct = [m for m in info.metadata if isinstance(m, Ref)]
        if direct:
            found.append(RefPath((name,), direct[0].kinds))
            continue
        for _inner, path, kinds in _unwrap(annotation):
            if kinds:
                found.append(RefPath((name,) + path, kinds))
    return tuple(found)


def values_at(data: Any, path: tuple[str, ...], loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    # The two shapes nearly every reference has, without recursion (this is on the hot path).
    if len(path) == 1 and not loc:
        if isinstance(data, dict):
            value = data.get(path[0])
            if value is not None:
                yield ((path[0],), value)
        return
    if len(path) == 2 and path[1] == "*" and not loc:
        if isinstance(data, dict):
            values = data.get(path[0])
            if isinstance(values, list):
                name = path[0]
                for index, value in enumerate(values):
                    yield ((name, index), value)
        return
    yield from _values_at(data, path, loc)


def _values_at(data: Any, path: tuple[str, ...], loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Walk plain data along a RefPath, yielding (location, value) pairs."""
    if not path:
        yield (loc, data)
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from _values_at(value, rest, loc + (index,))
        elif isinstance(data, dict):
            for key, value in data.items():
                yield from _values_at(value, rest, loc + (key,))
        return
    if isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, loc + (head,))
