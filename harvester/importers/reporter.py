"""Warnings of an import, each tied to the source file and the part of it concerned."""

from __future__ import annotations

from dataclasses import dataclass

from harvester.core.problems import Problem, Severity
from harvester.importers.text_repair import repair_text


@dataclass
class Reporter:
    source: str
    problems: list[Problem]

    def warn(self, field: str, rule: str, fr: str, en: str) -> None:
        self.problems.append(Problem(self.source, None, None, field, rule, fr, en, Severity.WARNING))

    def text(self, value: object, field: str) -> str | None:
        """Source text, stripped, with mis-encoded characters repaired and reported; None when empty."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.warn(
                field,
                "import-type",
                f"Texte attendu, « {value!r} » lu : converti en texte.",
                f"Text expected, read '{value!r}': converted to text.",
            )
            value = str(value)
        repair = repair_text(value.strip())
        if repair.repaired:
            self.warn(
                field,
                "import-c1-repaired",
                f"Caractères mal encodés réparés : {', '.join(repair.repaired)}.",
                f"Mis-encoded characters repaired: {', '.join(repair.repaired)}.",
            )
        if repair.unrepairable:
            self.warn(
                field,
                "import-c1-unrepairable",
                f"Caractères mal encodés impossibles à réparer, gardés tels quels : {', '.join(repair.unrepairable)}.",
                f"Mis-encoded characters that cannot be repaired, kept as they are: {', '.join(repair.unrepairable)}.",
            )
        return repair.text or None


def names(value: object) -> list[str]:
    """Table Schema keys are a name or a list of names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []
