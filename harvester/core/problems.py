"""The `Problem`: every user-facing error or warning of import, validation and harvest.

Modelled on frictionless-py's report errors: each problem says where (source, line, column),
which field (a dotted path in the producer's file), which rule was broken, and what to do,
in French and English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

from harvester.hints import fix_hint


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


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.is_error for problem in problems)


def render(problems: list[Problem], fmt: str) -> str:
    """Render problems for the terminal (`text`), tools (`json`) or a pull request (`markdown`)."""
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([problem.as_dict() for problem in ordered], ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return _markdown(ordered)
    return "\n".join(problem.as_text() for problem in ordered)


def _markdown(problems: list[Problem]) -> str:
    """Grouped by file (a heading each), one row per problem with its line and a fix."""
    if not problems:
        return "**Aucun problème / No problems found.**\n"
    errors = sum(problem.is_error for problem in problems)
    lines = [
        f"**{errors} erreur(s), {len(problems) - errors} avertissement(s)** / "
        f"{errors} error(s), {len(problems) - errors} warning(s)",
    ]
    for source in dict.fromkeys(problem.source for problem in problems):
        lines += [
            "",
            f"#### `{source}`",
            "",
            "| | Ligne / Line | Champ / Field | Problème | Problem | À faire / Fix |",
            "|---|---|---|---|---|---|",
        ]
        for problem in (p for p in problems if p.source == source):
            icon = "❌" if problem.is_error else "⚠️"
            cells = [
                icon,
                str(problem.line) if problem.line is not None else "",
                f"`{problem.field}`" if problem.field else "",
                problem.message_fr,
                problem.message_en,
                " / ".join(hint) if (hint := fix_hint(problem.rule)) else "",
            ]
            lines.append(
                "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
            )
    return "\n".join(lines) + "\n"
