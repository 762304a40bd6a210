"""The `Problem`: every user-facing error or warning of import, validation and harvest.

Modelled on frictionless-py's report errors: each problem says where (source, line, column),
which field (a dotted path in the producer's file), which rule was broken, and what to do,
in French and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    column: int | None
    field: str
    rule: str
    message_fr: str
    message_en: str
    severity: Severity = Severity.ERROR
    # The graph node the problem was found on, when it comes from SHACL; kept for tooling.
    focus: str | None = dataclass_field(default=None, compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """File, then position (problems without a line first), field, rule, message."""
        return (self.source, self.line or 0, self.column or 0, self.field, self.rule, self.message_en)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_text(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return (
            f"{self.location()}: {self.severity.value}{where} ({self.rule})\n"
            f"    fr: {self.message_fr}\n    en: {self.message_en}"
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class ProblemError(Exception):
    """The one exception of the project: a user-facing failure, carrying the `Problem` that explains it.

    Raised where work cannot go on (an unreadable file, a missing configuration, a refused page);
    whoever catches it reports the problem and decides the exit code or the HTTP status.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.is_error for problem in problems)
