"""Setting the tools up and running them: configuration, scaffolds, git, the site build."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Rule, Text

CONFIG = Rule(
    "config",
    fix=Text(
        "Corrigez catalogue.yaml (ou passez --config) : voir le README, section Configuration.",
        "Fix catalogue.yaml (or pass --config): see the README's configuration section.",
    ),
)
CONFIG_UNREADABLE = CONFIG.says(
    "Fichier de configuration illisible : {reason}.", "Cannot read the configuration file: {reason}."
)
CONFIG_YAML = CONFIG.says(
    "Configuration YAML invalide : {error}", "Invalid YAML in the configuration: {error}"
)
CONFIG_INVALID = CONFIG.says("Configuration invalide : {details}", "Invalid configuration: {details}")

SCAFFOLD = Rule(
    "scaffold",
    fix=Text(
        "Choisissez un autre identifiant (minuscules, chiffres, - _ .).",
        "Choose another identifier (lower case, digits, - _ .).",
    ),
)
NOT_AN_IDENTIFIER = SCAFFOLD.says(
    "« {value} » n’est pas un identifiant : lettres minuscules, chiffres, « - », « _ » ou « . ».",
    "'{value}' is not an identifier: lower case letters, digits, '-', '_' or '.'",
)
EXISTS_ALREADY = SCAFFOLD.says("{path} existe déjà.", "{path} exists already")

GIT = Rule(
    "git",
    fix=Text(
        "Lancez la commande dans un dépôt git qui contient la révision de base (git fetch).",
        "Run the command in a git repository that holds the base revision (git fetch).",
    ),
)
GIT_MISSING = GIT.says("git n’est pas installé.", "git is not installed")
GIT_FAILED = GIT.says("git {command} a échoué : {message}", "git {command} failed: {message}")

SITE = Rule(
    "site",
    fix=Text(
        "Lancez `catalogue build` avant `catalogue site`.", "Run `catalogue build` before `catalogue site`."
    ),
)
SITE_NO_GRAPH = SITE.says(
    "Graphe introuvable : {path} (lancez `catalogue build`).",
    "Graph not found: {path} (run `catalogue build`).",
)
SITE_CODELIST_MISSING = Rule("site-codelist-missing", Severity.WARNING).says(
    "La variable {variable} renvoie à la nomenclature {codelist}, absente du graphe : pas de lien.",
    "Variable {variable} refers to code list {codelist}, which the graph lacks: no link.",
)
SITE_MKDOCS = Rule("site-mkdocs", Severity.WARNING).says(
    "Avertissement de mkdocs : {message}", "mkdocs warning: {message}"
)

USAGE = Rule(
    "usage",
    fix=Text("Corrigez la commande (voir `catalogue --help`).", "Fix the command (see `catalogue --help`)."),
)
NO_SUCH_PATH = USAGE.says("Fichier ou dossier introuvable : {path}.", "No such file or folder: {path}.")
NOT_BUILT = USAGE.says(
    "{path} n’existe pas : lancez d’abord `catalogue build`.",
    "{path} does not exist: run `catalogue build` first.",
)
NOT_A_URL = USAGE.says("Adresse refusée : {detail}.", "Address refused: {detail}.")
