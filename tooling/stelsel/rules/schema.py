"""Findings about a file's shape: keys, types and values against the published schemas."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from .base import Rule


class UnknownKey(Rule):
    """A key the format does not have.

    Usually a typo (``aplies_to``) or a key of another kind. The hint suggests the nearest
    known key. Framework-specific fields belong under ``extra:``, declared in the framework
    config's ``extra_fields``. Fix: correct or remove the key.
    """

    finding = codes.UNKNOWN_KEY
    stage = "load"


class MissingField(Rule):
    """A required field is missing.

    Each kind has fields without which it means nothing (an agreement's ``statement``,
    ``level``, ``layers`` and ``applies_to``). Fix: add the field; ``stelsel rules`` and
    ``schemas/`` list what each kind requires.
    """

    finding = codes.MISSING_FIELD
    stage = "load"


class InvalidValue(Rule):
    """A value has the wrong type or is not one of the allowed values.

    Typical cases: a version written as ``0.8`` (a number in YAML; quote it: ``"0.8"``), a
    single value where a list is expected, an unknown status. Fix: give a value of the type
    and range the message names.
    """

    finding = codes.INVALID_VALUE
    stage = "load"


class ExtraFieldInvalid(Rule):
    """A framework-specific field under ``extra:`` breaks the framework's own schema.

    The framework config declares, per kind, a JSON Schema for the ``extra`` mapping
    (``extra_fields``); a value that does not match it, or an invalid schema in the config
    itself, is reported here. Fix: correct the value, or the schema in the config.
    """

    finding = codes.EXTRA_FIELD_INVALID

    def check(self, project) -> Iterable[Diagnostic]:
        config = project.config
        if config is None or not config.extra_fields:
            return
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        validators = {}
        for kind, schema in config.extra_fields.items():
            loc = ("extra_fields", kind)
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as exc:
                line, col = project.config_file.position(loc)
                yield self.at(project.config_file.path, line, col,
                              f"extra_fields.{kind} is not a valid JSON Schema: {exc.message}",
                              hint="fix the schema (JSON Schema 2020-12)")
                continue
            validators[kind] = Draft202012Validator(schema)
        for kind, validator in validators.items():
            # Items often share their extra values (a priority, a flag): validate each
            # distinct value once. repr keeps 1, 1.0 and True apart, and plain YAML data
            # with one repr has one value.
            seen: dict[str, list] = {}
            for item in project.items(kind):
                key = repr(item.model.extra)
                errors = seen.get(key)
                if errors is None:
                    errors = seen[key] = [(tuple(e.absolute_path), e.message)
                                          for e in validator.iter_errors(item.model.extra)]
                for path, message in errors:
                    loc = ("extra",) + path
                    line, col = item.file.position(loc)
                    where = ".".join(str(p) for p in loc)
                    yield self.at(item.file.path, line, col, f"{where}: {message}",
                                  hint=f"see extra_fields.{kind} in the framework config")



class SingletonTwice(Rule):
    """A kind that may exist once (framework config, governance) is defined more than once.

    stelsel would not know which one holds. Fix: merge the files into one.
    """

    finding = codes.SINGLETON_TWICE
    stage = "load"  # raised while loading, where the second file is met


class IdPatternInvalid(Rule):
    """A pattern in ``id_patterns`` of the framework config cannot be used.

    ID patterns run on RE2, an engine that takes time linear in the ID whatever the
    pattern, so no pattern can make a check hang (Python's ``re`` would backtrack without
    bound on ``^(T+)+$``). RE2 has no back-references (``\\1``) and no look-around
    (``(?=``, ``(?!``, ``(?<=``); a pattern longer than 1,000 characters is refused too. The
    IDs of that kind are not checked against it. Fix: rewrite the pattern in RE2 syntax.
    """

    finding = codes.ID_PATTERN_INVALID
    stage = "load"
