"""The data-use register (catalogue_src/projects/): rules that need today's date or the use as a whole.
The references to datasets, tables and variables and the years requested are SHACL rules (their
messages are in ontology/shapes/catalogue.ttl, their fixes in catalogue.SHAPES)."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Rule, Text

_AUTHORISATION = Rule(
    "use-authorisation",
    fix=Text(
        "Indiquez legal.authorisation (n° de décision CNIL) ou legal.methodology (MR-001 … MR-006), ou "
        "remettez le statut à requested.",
        "Give legal.authorisation (CNIL decision number) or legal.methodology (MR-001 … MR-006), or set "
        "the status back to requested.",
    ),
)
NO_AUTHORISATION = _AUTHORISATION.says(
    "Une utilisation au statut « {status} » doit citer son autorisation : numéro de décision CNIL "
    "(legal.authorisation) ou méthodologie de référence (legal.methodology).",
    "A use with status '{status}' must cite its authorisation: a CNIL decision number "
    "(legal.authorisation) or a reference methodology (legal.methodology).",
)

_STATUS_DATES = Rule(
    "use-status-dates",
    severity=Severity.WARNING,
    fix=Text(
        "Mettez à jour le statut ou les dates de la période (period).",
        "Update the status or the dates of the period.",
    ),
)
FINISHED_NOT_ENDED = _STATUS_DATES.says(
    "Utilisation terminée (finished) mais sa période {end_fr} : mettez à jour period.end ou le statut.",
    "Use finished but its period {end_en}: update period.end or the status.",
)
RUNNING_NOT_STARTED = _STATUS_DATES.says(
    "Utilisation en cours (running) mais sa période ne commence que le {start}.",
    "Use running but its period only starts on {start}.",
)
RUNNING_ENDED = _STATUS_DATES.says(
    "Utilisation en cours (running) mais sa période s’est terminée le {end} : est-elle terminée (finished) ?",
    "Use running but its period ended on {end}: is it finished?",
)
PENDING_ENDED = _STATUS_DATES.says(
    "Utilisation au statut « {status} » dont la période s’est terminée le {end} : mettez à jour le statut.",
    "Use with status '{status}' whose period ended on {end}: update the status.",
)
OUTPUTS_BEFORE_START = _STATUS_DATES.says(
    "Utilisation au statut « {status} » qui cite déjà des productions : est-elle en cours ou terminée ?",
    "Use with status '{status}' that already lists outputs: is it running or finished?",
)

_CHALLENGE = Rule(
    "use-challenge",
    fix=Text(
        "Réservez le bloc challenge aux utilisations de type challenge (kind: challenge).",
        "Keep the challenge block for uses of kind challenge.",
    ),
)
CHALLENGE_BLOCK = _CHALLENGE.says(
    "Le bloc challenge ne vaut que pour un challenge ; cette utilisation est de type « {kind} ».",
    "The challenge block is for a challenge only; this use is of kind '{kind}'.",
)
CHALLENGE_WITHOUT_BLOCK = _CHALLENGE.says(
    "Un challenge indique ses dates de soumission et les jeux qu’il ouvre (challenge: submissions, opens).",
    "A challenge gives its submission dates and the datasets it opens (challenge: submissions, opens).",
    Severity.WARNING,
)

_NOT_A_USE = Rule(
    "use-missing",
    fix=Text("Décrivez l’utilisation sous la clé use:.", "Describe the use under the use: key."),
)
NOT_A_USE = _NOT_A_USE.says(
    "Ce fichier ne décrit pas d’utilisation des données (clé use: absente).",
    "This file describes no use of the data (no use: key).",
)
