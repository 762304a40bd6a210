"""Turn pydantic validation errors into located, bilingual `Problem`s a producer can act on.

Each error type has its sentences in the catalogue (harvester/core/rules/model.py); what fills them
comes from the error: the field, the value read, the allowed values or fields at that place, and
the closest of them ("did you mean") when one is close.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from harvester.core.paths import dotted
from harvester.core.problems import Problem
from harvester.core.rules import model as rules
from harvester.core.suggest import suggestion
from harvester.model.file import CatalogueFile
from harvester.sources.model_paths import model_at
from harvester.sources.yaml_document import YamlDocument

MAX_LISTED = 30


def problems_from_validation_error(
    error: ValidationError, document: YamlDocument, root: type[BaseModel] = CatalogueFile
) -> list[Problem]:
    """`root`: the model the document was validated against (producer files, or the configuration)."""
    return [_problem(detail, document, root) for detail in error.errors(include_url=False)]


def _problem(detail: ErrorDetails, document: YamlDocument, root: type[BaseModel]) -> Problem:
    loc = [part for part in detail["loc"] if isinstance(part, str | int)]
    # Union members add their own names to the path; drop those that are not YAML keys.
    yaml_path = [
        part for part in loc if isinstance(part, int) or not part.startswith(("function-", "str", "list["))
    ]
    line, column = document.locate(yaml_path)
    kind = detail["type"]
    values = _values(kind, detail, yaml_path, root)
    # pydantic says an e-mail address is wrong with a generic value_error and email-validator's English.
    said = "email" if kind == "value_error" and "email address" in detail["msg"] else kind
    text = rules.MODEL_TEXTS.get(said, rules.FALLBACK).format(**values)
    return rules.MODEL.problem(
        kind, str(document.path), text, line=line, column=column, field=dotted(yaml_path)
    )


def _values(kind: str, detail: ErrorDetails, path: list[str | int], root: type[BaseModel]) -> dict[str, Any]:
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    name = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    given = detail.get("input")
    shown = repr(given) if kind != "missing" and not isinstance(given, dict | list) else ""
    if len(shown) > 80:
        shown = shown[:77] + "…"
    values: dict[str, Any] = {
        "name": name,
        "got_fr": f" (valeur lue : {shown})" if shown else "",
        "got_en": f" (got {shown})" if shown else "",
        "limit": next(
            (context[k] for k in ("ge", "gt", "le", "lt", "min_length", "max_length") if k in context), ""
        ),
        "pattern": context.get("pattern", ""),
        "detail": str(context.get("error", "")).strip() or "—",
        "allowed": "",
        "suggestion_fr": "",
        "suggestion_en": "",
        **{key: value for key, value in context.items() if key not in ("error", "allowed")},
    }
    choices: list[str] = []
    wanted = str(given) if given is not None else ""
    if kind == "extra_forbidden":
        model = model_at(path[:-1], root)
        choices, wanted = (sorted(model.model_fields) if model else []), name
    elif kind in ("enum", "literal_error"):
        choices = _expected(str(context.get("expected", "")))
    elif kind == "unknown_code":
        choices = [str(code) for code in context.get("allowed", [])]
    if choices:
        values["allowed"] = _listed(choices)
        values |= suggestion(wanted, choices)
    return values


def _listed(choices: Sequence[str]) -> str:
    shown = ", ".join(choices[:MAX_LISTED])
    return shown + (f", … ({len(choices)})" if len(choices) > MAX_LISTED else "")


def _expected(text: str) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" (English) as the values themselves."""
    return [value for value in re.findall(r"'([^']*)'", text)] or [text] if text else []
