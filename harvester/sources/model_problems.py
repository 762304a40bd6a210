"""Turn pydantic validation errors into located, bilingual `Problem`s."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from harvester.core.paths import dotted
from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.core.rules.base import Text
from harvester.sources.yaml_document import YamlDocument


def problems_from_validation_error(error: ValidationError, document: YamlDocument) -> list[Problem]:
    return [_problem(detail, document) for detail in error.errors(include_url=False)]


def _problem(detail: ErrorDetails, document: YamlDocument) -> Problem:
    loc = [part for part in detail["loc"] if isinstance(part, str | int)]
    # Union members add their own names to the path; drop those that are not YAML keys.
    yaml_path = [
        part for part in loc if isinstance(part, int) or not part.startswith(("function-", "str", "list["))
    ]
    line, column = document.locate(yaml_path)
    field = dotted(yaml_path)
    english = detail["msg"]
    french = rules.MODEL_FRENCH.get(detail["type"], "Valeur invalide.")
    if detail["type"] == "value_error":
        french = f"Valeur invalide : {english.removeprefix('Value error, ')}"
    elif detail["type"] == "missing":
        french = f"Champ obligatoire « {field.rsplit('.', 1)[-1]} » manquant."
    elif detail["type"] not in ("extra_forbidden",) and "input" in detail:
        shown = repr(detail["input"])
        if len(shown) <= 80:
            french += f" Valeur lue : {shown}."
            english += f" (got {shown})"
    text = Text(french, english)
    return rules.MODEL.problem(
        detail["type"], str(document.path), text, line=line, column=column, field=field
    )
