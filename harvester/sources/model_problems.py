"""Turn pydantic validation errors into located, bilingual `Problem`s."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from harvester.core.paths import dotted
from harvester.core.problems import Problem
from harvester.sources.yaml_document import YamlDocument

# Pydantic error type → French sentence (English comes from pydantic's own message).
_FRENCH: dict[str, str] = {
    "missing": "Champ obligatoire manquant.",
    "extra_forbidden": "Champ inconnu : vérifiez l’orthographe (voir catalogue.schema.json).",
    "string_type": "Texte attendu.",
    "int_type": "Nombre entier attendu.",
    "int_parsing": "Nombre entier attendu.",
    "int_from_float": "Nombre entier attendu (pas de décimales).",
    "bool_type": "Booléen attendu (true / false).",
    "bool_parsing": "Booléen attendu (true / false).",
    "list_type": "Liste attendue.",
    "dict_type": "Objet (clé: valeur) attendu.",
    "model_type": "Objet (clé: valeur) attendu.",
    "model_attributes_type": "Objet (clé: valeur) attendu.",
    "date_type": "Date attendue au format AAAA-MM-JJ.",
    "date_parsing": "Date invalide : format AAAA-MM-JJ attendu.",
    "date_from_datetime_parsing": "Date invalide : format AAAA-MM-JJ attendu.",
    "date_from_datetime_inexact": "Date attendue, sans heure.",
    "url_parsing": "IRI / URL invalide : une adresse http(s) complète est attendue.",
    "url_scheme": "IRI / URL invalide : seules les adresses http(s) sont acceptées.",
    "url_type": "IRI / URL attendue.",
    "string_pattern_mismatch": "Format invalide.",
    "string_too_short": "Texte vide ou trop court.",
    "string_too_long": "Texte trop long.",
    "too_short": "Liste trop courte : au moins un élément attendu.",
    "too_long": "Liste trop longue.",
    "greater_than_equal": "Valeur trop petite.",
    "less_than_equal": "Valeur trop grande.",
    "enum": "Valeur non autorisée.",
    "literal_error": "Valeur non autorisée.",
    "value_error": "Valeur invalide.",
    "union_tag_invalid": "Valeur non autorisée.",
}


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
    french = _FRENCH.get(detail["type"], "Valeur invalide.")
    if detail["type"] == "value_error":
        french = f"Valeur invalide : {english.removeprefix('Value error, ')}"
    elif detail["type"] == "missing":
        french = f"Champ obligatoire « {field.rsplit('.', 1)[-1]} » manquant."
    elif detail["type"] not in ("extra_forbidden",) and "input" in detail:
        shown = repr(detail["input"])
        if len(shown) <= 80:
            french += f" Valeur lue : {shown}."
            english += f" (got {shown})"
    return Problem(str(document.path), line, column, field, f"model:{detail['type']}", french, english)
