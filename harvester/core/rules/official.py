"""The official profiles (DCAT-AP 3.0.1, HealthDCAT-AP R8 tiers): what a record breaks, said plainly.

The official shapes carry English messages from the SHACL engine ("Less than 1 values on …"); these
say the same in both languages from the constraint itself: which property, what was required.
"""

from __future__ import annotations

from harvester.core.rules.base import Family, Text

OFFICIAL = Family(
    "official:",
    fix=Text(
        "La notice doit être complétée à la source, ou la valeur manquante donnée par défaut dans la "
        "configuration de la source (`defaults:` dans catalogue.yaml).",
        "The record must be completed at its source, or the missing value given as a default in the "
        "source's configuration (`defaults:` in catalogue.yaml).",
    ),
)

# Constraint component → what the record lacks, with {path}, {parameter} and {on} (ON, or nothing) filled in.
BROKEN: dict[str, Text] = {
    "MinCount": Text(
        "propriété obligatoire absente : {path} (au moins {parameter}){on}",
        "mandatory property missing: {path} (at least {parameter}){on}",
    ),
    "MaxCount": Text(
        "trop de valeurs pour {path} (au plus {parameter}){on}",
        "too many values for {path} (at most {parameter}){on}",
    ),
    "Class": Text(
        "la valeur de {path} doit être décrite comme {parameter}{on}",
        "the value of {path} must be described as a {parameter}{on}",
    ),
    "Datatype": Text(
        "la valeur de {path} doit être du type {parameter}{on}",
        "the value of {path} must be of type {parameter}{on}",
    ),
    "NodeKind": Text(
        "la valeur de {path} doit être un(e) {parameter}{on}",
        "the value of {path} must be a {parameter}{on}",
    ),
    "Node": Text(
        "la valeur de {path} doit être un terme de la liste {parameter}{on}",
        "the value of {path} must be a term of the list {parameter}{on}",
    ),
    "HasValue": Text(
        "{path} doit valoir {parameter}{on}",
        "{path} must be {parameter}{on}",
    ),
}
OTHER = Text(
    "contrainte {component} non respectée pour {path}{on} ({detail})",
    "constraint {component} not met for {path}{on} ({detail})",
)
ON = Text(" (sur {focus})", " (on {focus})")
LEFT_OUT = Text(
    "Notice non publiée, elle enfreint une règle de {profile} : {broken}.",
    "Record not published: it breaks a {profile} rule: {broken}.",
)
NOT_MET = Text(
    "Notice publiée, mais une règle de {profile} n’est pas suivie : {broken}.",
    "Record published, but a {profile} rule is not followed: {broken}.",
)
# Our producers' rules, broken by a harvested record: `advice:<our rule>`, a warning.
ADVICE_RULES = Family(
    "advice:",
    fix=Text(
        "Facultatif pour une notice moissonnée : à suggérer à la source pour une meilleure qualité.",
        "Optional for a harvested record: worth suggesting to the source, for a better quality.",
    ),
)
PRODUCER_RULE = Text(
    "Règle de nos producteurs, facultative pour une notice moissonnée : {message}",
    "Our producers' rule, optional for a harvested record: {message}",
)
