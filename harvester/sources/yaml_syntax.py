"""Plain-words explanations of libyaml syntax errors, for producers who are not YAML experts.

libyaml reports where the parser gave up (the problem mark), which is often the line after the
mistake, and in parser jargon. The common mistakes get a bilingual sentence located where the
producer has to act; anything else keeps libyaml's own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from harvester.core.rules import files
from harvester.core.rules.base import Message

_CLOSERS = {"flow sequence": ("[", "]", "liste", "list"), "flow mapping": ("{", "}", "table", "mapping")}


@dataclass(frozen=True)
class SyntaxExplanation:
    mark: yaml.Mark | None  # where the producer has to act
    message: Message
    values: dict[str, Any] = field(default_factory=dict)


def explain(error: yaml.MarkedYAMLError, text: str) -> SyntaxExplanation:
    context = error.context or ""
    problem = error.problem or ""
    for construct, (opener, closer, noun_fr, noun_en) in _CLOSERS.items():
        if construct in context and f"'{closer}'" in problem and error.context_mark is not None:
            values = {"noun_fr": noun_fr, "noun_en": noun_en, "opener": opener, "closer": closer}
            return SyntaxExplanation(
                error.context_mark,
                files.YAML_UNCLOSED,
                {**values, "opened_line": error.context_mark.line + 1},
            )
    if "cannot start any token" in problem and _character_at(text, error.problem_mark) == "\t":
        return SyntaxExplanation(error.problem_mark, files.YAML_TAB)
    if "mapping values are not allowed" in problem:
        return SyntaxExplanation(error.problem_mark, files.YAML_COLON)
    if "quoted scalar" in context and error.context_mark is not None:
        return SyntaxExplanation(
            error.context_mark, files.YAML_UNCLOSED_QUOTE, {"opened_line": error.context_mark.line + 1}
        )
    reason = " ".join(part for part in (context, problem) if part)
    return SyntaxExplanation(error.problem_mark or error.context_mark, files.YAML_OTHER, {"reason": reason})


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
