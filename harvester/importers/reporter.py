"""Warnings of an import, each tied to the source file and the part of it concerned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvester.core.problems import Problem
from harvester.core.rules import imports as rules
from harvester.core.rules.base import Message
from harvester.importers.text_repair import repair_text


@dataclass
class Reporter:
    source: str
    problems: list[Problem]

    def warn(self, field: str, message: Message, **values: Any) -> None:
        self.problems.append(message.at(self.source, field=field, **values))

    def text(self, value: object, field: str) -> str | None:
        """Source text, stripped, with mis-encoded characters repaired and reported; None when empty."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.warn(field, rules.TYPE, value=repr(value))
            value = str(value)
        repair = repair_text(value.strip())
        if repair.repaired:
            self.warn(field, rules.C1_REPAIRED, characters=", ".join(repair.repaired))
        if repair.unrepairable:
            self.warn(field, rules.C1_UNREPAIRABLE, characters=", ".join(repair.unrepairable))
        return repair.text or None


def names(value: object) -> list[str]:
    """Table Schema keys are a name or a list of names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []
