"""The one finding type every stage produces, and the exit codes the CLI returns."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class ExitCode(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE = 2  # usage errors and internal errors alike: the run proved nothing


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding with a place: ``path:line:col: CODE message`` plus a hint.

    ``path`` is relative to the project root (POSIX separators); ``line`` and ``col``
    are 1-based, 0 when the finding concerns the file as a whole.
    """

    path: str
    line: int
    col: int
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    hint: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Diagnostic":
        return cls(
            path=data["path"],
            line=data["line"],
            col=data["col"],
            code=data["code"],
            message=data["message"],
            severity=Severity(data["severity"]),
            hint=data.get("hint"),
        )


def sort_key(diag: Diagnostic) -> tuple:
    return (diag.path, diag.line, diag.col, diag.code, diag.message)
