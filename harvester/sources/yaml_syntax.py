"""Plain-words explanations of libyaml syntax errors, for producers who are not YAML experts.

libyaml reports where the parser gave up (the problem mark), which is often the line after the
mistake, and in parser jargon. The common mistakes get a bilingual sentence located where the
producer has to act; anything else keeps libyaml's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

_CLOSERS = {"flow sequence": ("[", "]", "liste", "list"), "flow mapping": ("{", "}", "table", "mapping")}


@dataclass(frozen=True)
class SyntaxExplanation:
    mark: yaml.Mark | None
    message_fr: str
    message_en: str


def explain(error: yaml.MarkedYAMLError, text: str) -> SyntaxExplanation:
    context = error.context or ""
    problem = error.problem or ""
    for construct, (opener, closer, noun_fr, noun_en) in _CLOSERS.items():
        if construct in context and f"'{closer}'" in problem and error.context_mark is not None:
            line = error.context_mark.line + 1
            return SyntaxExplanation(
                error.context_mark,
                f"La {noun_fr} ouverte par « {opener} » ligne {line} n’est jamais fermée : « {closer} » manquant.",
                f"The {noun_en} opened with '{opener}' on line {line} is never closed: missing '{closer}'.",
            )
    if "cannot start any token" in problem and _character_at(text, error.problem_mark) == "\t":
        return SyntaxExplanation(
            error.problem_mark,
            "Tabulation dans l’indentation : YAML n’accepte que des espaces pour indenter.",
            "Tab character in the indentation: YAML only accepts spaces for indentation.",
        )
    if "mapping values are not allowed" in problem:
        return SyntaxExplanation(
            error.problem_mark,
            "« : » inattendu : l’indentation de cette ligne est incorrecte, ou une valeur contenant « : » "
            "doit être mise entre guillemets.",
            "Unexpected ':': this line is wrongly indented, or a value containing ': ' must be quoted.",
        )
    if "quoted scalar" in context and error.context_mark is not None:
        line = error.context_mark.line + 1
        return SyntaxExplanation(
            error.context_mark,
            f"Le texte entre guillemets commencé ligne {line} n’est jamais refermé.",
            f"The quoted text started on line {line} is never closed.",
        )
    reason = " ".join(part for part in (context, problem) if part)
    return SyntaxExplanation(
        error.problem_mark or error.context_mark,
        f"Syntaxe YAML invalide (message de l’analyseur : {reason}).",
        f"Invalid YAML syntax: {reason}.",
    )


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
