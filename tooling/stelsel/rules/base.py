"""Rules: one class per finding code, with a docstring that explains the problem and the fix.

Rules return findings and never print. The code itself (its name and severity, and the
``.at(...)`` that builds a finding) lives in the leaf module :mod:`stelsel.codes`, so that
the loader, the workflow and the assessment can raise findings without importing rules; a
rule class names its code with ``finding = codes.X``. Codes raised elsewhere (``stage``
"load", "since", "assess") are classes here too, so ``stelsel rules`` and the docs list
every code there is.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, ClassVar, Iterable

from ..codes import Code
from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ..load.project import Project

REGISTRY: dict[str, type["Rule"]] = {}


class Rule:
    finding: ClassVar[Code]  # set by each rule class; code, name and severity follow from it
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    stage: ClassVar[str] = "project"  # "load": raised by the loader; "project": run on the model

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        finding = cls.__dict__.get("finding")
        if finding is not None:
            if finding.code in REGISTRY:
                raise RuntimeError(f"rule code {finding.code} defined twice")
            cls.code, cls.name, cls.severity = finding.code, finding.name, finding.severity
            REGISTRY[cls.code] = cls

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.split("\n\n", 1)[0].replace("\n", " ").strip()

    @classmethod
    def explanation(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        parts = doc.split("\n\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    @classmethod
    def at(cls, path: str, line: int, col: int, message: str, hint: str | None = None,
           severity: Severity | None = None) -> Diagnostic:
        return Diagnostic(path=path, line=line, col=col, code=cls.code, message=message,
                          severity=severity or cls.severity, hint=hint)

    def check(self, project: "Project") -> Iterable[Diagnostic]:  # pragma: no cover - overridden
        return ()


def all_rules() -> list[type[Rule]]:
    from . import anchor, content, files, identity, provenance, qualify, references, release, schema, workflow  # noqa: F401  (registration)

    return [REGISTRY[code] for code in sorted(REGISTRY)]
