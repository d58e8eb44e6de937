"""Problems found in the content: one line each, `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file. `path` is relative to the project root, `line` is 1-based."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "waarschuwing: "
        field = self.field or "-"
        return f"{self.path}:{self.line}: {field}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised when the content has errors; carries every problem at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} probleem/problemen in de inhoud:\n{lines}")


def problem(path: str, line: int, field: str, message: str, warning: bool = False) -> Problem:
    """A Problem that is an error, or a warning when `warning`."""
    return Problem(path, line, field, message, "warning" if warning else "error")
