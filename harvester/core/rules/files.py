"""Reading a file at all: size, encoding, YAML and JSON syntax."""

from __future__ import annotations

from harvester.core.rules.base import Rule, Text

FILE_TOO_LARGE = Rule(
    "file-too-large",
    fix=Text("Découpez ou corrigez le fichier (taille, type).", "Split or fix the file (size, type)."),
).says(
    "Fichier de {megabytes:.1f} Mo : au-delà de {limit} Mo. Mettez les longues listes de codes dans un "
    "fichier CSV.",
    "File of {megabytes:.1f} MB exceeds {limit} MB. Put long code lists in a CSV file.",
)
UNREADABLE = Rule(
    "unreadable",
    fix=Text(
        "Vérifiez que le fichier existe et qu’il est lisible.", "Check that the file exists and is readable."
    ),
).says("Lecture impossible : {error}", "Cannot read: {error}")

ENCODING = Rule("encoding", fix=Text("Enregistrez le fichier en UTF-8.", "Save the file as UTF-8.")).says(
    "Octet {byte:#04x} invalide en UTF-8 : enregistrez le fichier en UTF-8.",
    "Byte {byte:#04x} is not valid UTF-8: save the file as UTF-8.",
)
MIS_ENCODED_TEXT = Rule(
    "mis-encoded-text",
    fix=Text(
        "Remplacez les caractères mal encodés (’ – …) puis enregistrez en UTF-8.",
        "Replace the mis-encoded characters (’ – …), then save as UTF-8.",
    ),
).says(
    "Caractère de contrôle U+{code:04X} : texte mal encodé (Windows-1252 lu comme Latin-1 ?). "
    "Remplacez-le par le bon caractère (’, –, œ…).",
    "Control character U+{code:04X}: mis-encoded text (Windows-1252 read as Latin-1?). "
    "Replace it with the intended character (’, –, œ…).",
)

YAML_SYNTAX = Rule(
    "yaml-syntax",
    fix=Text(
        "Corrigez la syntaxe YAML à la ligne indiquée (indentation en espaces, guillemets, crochets).",
        "Fix the YAML syntax at the line shown (space indentation, quotes, brackets).",
    ),
)
YAML_UNCLOSED = YAML_SYNTAX.says(
    "La {noun_fr} ouverte par « {opener} » ligne {opened_line} n’est jamais fermée : « {closer} » manquant.",
    "The {noun_en} opened with '{opener}' on line {opened_line} is never closed: missing '{closer}'.",
)
YAML_TAB = YAML_SYNTAX.says(
    "Tabulation dans l’indentation : YAML n’accepte que des espaces pour indenter.",
    "Tab character in the indentation: YAML only accepts spaces for indentation.",
)
YAML_COLON = YAML_SYNTAX.says(
    "« : » inattendu : l’indentation de cette ligne est incorrecte, ou une valeur contenant « : » doit être "
    "mise entre guillemets.",
    "Unexpected ':': this line is wrongly indented, or a value containing ': ' must be quoted.",
)
YAML_UNCLOSED_QUOTE = YAML_SYNTAX.says(
    "Le texte entre guillemets commencé ligne {opened_line} n’est jamais refermé.",
    "The quoted text started on line {opened_line} is never closed.",
)
YAML_OTHER = YAML_SYNTAX.says(
    "Syntaxe YAML invalide (message de l’analyseur : {reason}).", "Invalid YAML syntax: {reason}."
)
YAML_UNREADABLE = YAML_SYNTAX.says("YAML illisible : {error}", "Unreadable YAML: {error}")

DUPLICATE_KEY = Rule(
    "duplicate-key",
    fix=Text("Gardez une seule fois cette clé dans le bloc.", "Keep this key only once in its block."),
).says(
    "Clé « {key} » en double (déjà ligne {first_line}).",
    "Duplicate key '{key}' (already on line {first_line}).",
)
TOO_COMPLEX = Rule(
    "too-complex",
    fix=Text(
        "Simplifiez le document : pas d’ancres YAML répétées ni d’imbrication excessive.",
        "Simplify the document: no repeated YAML anchors, no excessive nesting.",
    ),
).says(
    "Document trop profond ou trop volumineux une fois les alias développés (profondeur max. {depth}, "
    "{nodes:,} nœuds).",
    "Document too deep or too large once aliases are expanded (max depth {depth}, {nodes:,} nodes).",
)
INVALID_DATE = Rule(
    "invalid-date",
    fix=Text("Écrivez une date réelle au format AAAA-MM-JJ.", "Write a real date as YYYY-MM-DD."),
).says(
    "Date « {value} » invalide ({error}) : format AAAA-MM-JJ d’une date qui existe.",
    "Invalid date '{value}' ({error}): expected YYYY-MM-DD of a real day.",
)
INVALID_VALUE = Rule(
    "invalid-value",
    fix=Text("Corrigez la valeur selon le message.", "Fix the value as the message says."),
).says("Valeur invalide : {error}", "Invalid value: {error}")

_JSON_FIX = Text(
    "Corrigez le fichier JSON à la source de l’import.", "Fix the JSON file at the import's source."
)
JSON_SYNTAX = Rule("json-syntax", fix=_JSON_FIX).says("JSON invalide : {error}.", "Invalid JSON: {error}.")
JSON_FILE = Rule("json-file", fix=_JSON_FIX).says("Fichier illisible : {error}.", "Unreadable file: {error}.")
JSON_STRUCTURE = Rule("json-structure", fix=_JSON_FIX).says(
    "Un objet JSON était attendu.", "A JSON object was expected."
)
