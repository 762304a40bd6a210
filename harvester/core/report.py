"""Problems rendered for the terminal (`text`), tools (`json`) or a pull request (`markdown`)."""

from __future__ import annotations

import json

from harvester.core.problems import Problem
from harvester.core.rules import fix_for


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
                f"{fix.fr} / {fix.en}" if (fix := fix_for(problem.rule)) else "",
            ]
            lines.append(
                "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
            )
    return "\n".join(lines) + "\n"
