"""Importing other dictionary formats (Frictionless Table Schema, nomenclatures): what was repaired or
left out. All warnings: the import writes what it could, the producer completes it."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Rule, Text

WARNING = Severity.WARNING
_AT_SOURCE = Text(
    "Corrigez-le à la source du dictionnaire, puis relancez l’import.",
    "Fix it at the dictionary's source, then run the import again.",
)
_COMPLETE = Text(
    "Complétez la partie écrite à la main, au-dessus de la ligne générée.",
    "Complete the hand-written part, above the generated line.",
)
_CHECK = Text(
    "Vérifiez le résultat ; corrigez la source si besoin.", "Check the result; fix the source if needed."
)

NO_SCHEMA = Rule("import-no-schema", WARNING, fix=_AT_SOURCE).says(
    "Ressource sans schéma de table : ignorée.", "Resource without a table schema: skipped."
)
NO_PRODUCT = Rule("import-no-product", WARNING, fix=_AT_SOURCE).says(
    "Table sans « produit » : rangée dans le jeu de données {dataset}.",
    "Table without a 'produit': put in dataset {dataset}.",
)
UNKNOWN_CODELIST = Rule("import-unknown-codelist", WARNING, fix=_AT_SOURCE).says(
    "Nomenclature « {codelist} » introuvable : lien gardé, la validation le signalera.",
    "Nomenclature '{codelist}' not found: link kept, validation will report it.",
)
TYPE = Rule("import-type", WARNING, fix=_CHECK).says(
    "Texte attendu, « {value} » lu : converti en texte.", "Text expected, read '{value}': converted to text."
)
C1_REPAIRED = Rule("import-c1-repaired", WARNING, fix=_CHECK).says(
    "Caractères mal encodés réparés : {characters}.", "Mis-encoded characters repaired: {characters}."
)
C1_UNREPAIRABLE = Rule("import-c1-unrepairable", WARNING, fix=_AT_SOURCE).says(
    "Caractères mal encodés impossibles à réparer, gardés tels quels : {characters}.",
    "Mis-encoded characters that cannot be repaired, kept as they are: {characters}.",
)
MISSING_TEXT = Rule("import-missing-text", WARNING, fix=_COMPLETE)
UNTITLED_CODELIST = MISSING_TEXT.says(
    "Nomenclature sans titre : « {name} » mis à la place, à compléter.",
    "Nomenclature without a title: '{name}' used instead, to be completed.",
)
TEXT_MISSING = MISSING_TEXT.says(
    "« {name} » absent : « {fallback} » mis à la place, à compléter.",
    "No '{name}': '{fallback}' used instead, to be completed.",
)
UNREFERENCED_CODELIST = Rule("import-unreferenced-codelist", WARNING).says(
    "Nomenclature référencée par aucune variable : importée quand même.",
    "Nomenclature referenced by no variable: imported all the same.",
)
MISSING_CSV = Rule("import-missing-csv", WARNING, fix=_AT_SOURCE).says(
    "Fichier {file} absent : la nomenclature est déclarée sans codes.",
    "File {file} is missing: the nomenclature is declared without codes.",
)
CSV_ENCODING = Rule("import-csv-encoding", WARNING, fix=_CHECK).says(
    "Le fichier n’est pas en UTF-8 ({error}) : lu en Windows-1252.",
    "The file is not UTF-8 ({error}): read as Windows-1252.",
)
CSV_HEADER = Rule("import-csv-header", WARNING, fix=_AT_SOURCE).says(
    "En-tête {header} différent des champs décrits {columns}.",
    "Header {header} differs from the described fields {columns}.",
)
EMPTY_CODELIST = Rule("import-empty-codelist", WARNING, fix=_AT_SOURCE).says(
    "Nomenclature vide : en-tête sans aucune ligne de codes.",
    "Empty nomenclature: a header and no code rows.",
)
NO_CODE_COLUMN = Rule("import-no-code-column", WARNING, fix=_CHECK).says(
    "Aucune colonne de rôle « code » : « {name} » retenue.",
    "No column has the 'code' role: '{name}' used.",
)
NO_LABEL_COLUMN = Rule("import-no-label-column", WARNING, fix=_AT_SOURCE).says(
    "Aucune colonne de rôle « label » : les codes n’auront pas de libellé.",
    "No column has the 'label' role: the codes will have no label.",
)
EMPTY_CODE = Rule("import-empty-code", WARNING, fix=_AT_SOURCE).says(
    "{count} ligne(s) sans code (enregistrement(s) n° {records}) : la construction les écartera.",
    "{count} row(s) without a code (record(s) #{records}): the build will leave them out.",
)
COMPOSITE_CODE = Rule("import-composite-code", WARNING).says(
    "Codes « {code} » non uniques : chaque code est identifié par la clé {key}.",
    "Codes '{code}' are not unique: each code is identified by the key {key}.",
)
DUPLICATE_CODES = Rule("import-duplicate-codes", WARNING, fix=_AT_SOURCE).says(
    "Ni « {code} » ni la clé primaire {key} n’identifient une ligne : les doublons seront écartés.",
    "Neither '{code}' nor the primary key {key} identify a row: duplicates will be left out.",
)
NOT_MAPPED = Rule("import-not-mapped", WARNING)
MISSING_VALUES = NOT_MAPPED.says(
    "Valeurs manquantes {values} non reprises : seule la chaîne vide est comprise.",
    "Missing values {values} not carried over: only the empty string is understood.",
)
KEY_NOT_MAPPED = NOT_MAPPED.says(
    "Clé « {key} » non reprise (valeur : {value}).", "Key '{key}' not carried over (value: {value})."
)
NAME_CASE = Rule("import-name-case", WARNING, fix=_AT_SOURCE).says(
    "Colonne « {name} » écrite « {spelled} » dans {table} : nom corrigé.",
    "Column '{name}' is spelled '{spelled}' in {table}: name corrected.",
)
UNKNOWN_COLUMN = Rule("import-unknown-column", WARNING, fix=_AT_SOURCE).says(
    "Colonne « {name} » absente de {table} : gardée, la validation la signalera.",
    "Column '{name}' is not in {table}: kept, validation will report it.",
)
UNKNOWN_TABLE = Rule("import-unknown-table", WARNING, fix=_AT_SOURCE).says(
    "Table référencée « {table} » introuvable : clé gardée, la validation la signalera.",
    "Referenced table '{table}' not found: key kept, validation will report it.",
)
FK_NOT_KEY = Rule("import-fk-not-key", WARNING, fix=_CHECK).says(
    "La clé étrangère vise {table}({columns}), qui n’est pas la clé primaire déclarée ({declared}) : jointure "
    "possiblement non unique.",
    "The foreign key targets {table}({columns}), which is not its declared primary key ({declared}): the join may "
    "not be unique.",
)
UNKNOWN_TYPE = Rule("import-unknown-type", WARNING, fix=_AT_SOURCE).says(
    "Type « {type} » inconnu de Table Schema : « string » retenu.",
    "Type '{type}' is not a Table Schema type: 'string' used.",
)
LENGTH = Rule("import-length", WARNING, fix=_AT_SOURCE).says(
    "Longueur « {value} » illisible (attendu « 17 » ou « 17,2 ») : non reprise.",
    "Unreadable length '{value}' (expected '17' or '17,2'): not carried over.",
)
CONTRADICTORY_BOOLEAN = Rule("import-contradictory-boolean", WARNING, fix=_AT_SOURCE).says(
    "Valeur(s) {values} à la fois vraie(s) et fausse(s) : gardé tel quel, à corriger à la source.",
    "Value(s) {values} both true and false: kept as is, to be fixed upstream.",
)
HISTORY = Rule("import-history", WARNING, fix=_AT_SOURCE)
DELETED_BEFORE_CREATED = HISTORY.says(
    "Année de suppression {deleted} avant l’année de création {created} : suppression non reprise.",
    "Deletion year {deleted} is before creation year {created}: deletion not carried over.",
)
MISSING_OUTSIDE = HISTORY.says(
    "Années manquantes hors de la période d’existence {span} : {years} ; non reprises (la variable n’existait "
    "pas).",
    "Missing years outside the existence period {span}: {years}; not carried over (the variable did not exist).",
)
YEAR = Rule("import-year", WARNING, fix=_AT_SOURCE).says(
    "Année « {value} » illisible (attendu AAAA) : non reprise.",
    "Unreadable year '{value}' (expected YYYY): not carried over.",
)
