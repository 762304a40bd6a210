"""The producer's files read as a catalogue: the model's checks, identifiers, code lists, our SHACL rules."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Family, Rule, Text

# Pydantic's error types (`model:missing`, `model:url_parsing`…), located on the producer's field.
MODEL = Family(
    "model:",
    fix=Text(
        "Corrigez la valeur selon le message (le schéma JSON décrit chaque champ).",
        "Fix the value as the message says (the JSON Schema describes each field).",
    ),
    fixes={
        "missing": Text("Ajoutez ce champ obligatoire.", "Add this mandatory field."),
        "extra_forbidden": Text(
            "Supprimez ce champ ou corrigez son nom (faute de frappe ?).",
            "Remove this field or fix its name (a typo?).",
        ),
        "literal_error": Text(
            "Choisissez l’une des valeurs autorisées (voir le schéma JSON).",
            "Choose one of the allowed values (see the JSON Schema).",
        ),
        "url": Text("Donnez une adresse web complète en https://.", "Give a full https:// web address."),
        "date": Text("Écrivez la date au format AAAA-MM-JJ.", "Write the date as YYYY-MM-DD."),
        "int": Text(
            "Donnez un nombre entier, sans guillemets ni espaces.",
            "Give a whole number, without quotes or spaces.",
        ),
        "dict_type": Text(
            "Ce champ attend un bloc de clés (clé: valeur).",
            "This field expects a block of keys (key: value).",
        ),
        "list_type": Text("Ce champ attend une liste (- élément).", "This field expects a list (- item)."),
    },
)
# Pydantic error type → the French sentence (the English one is pydantic's own message).
MODEL_FRENCH: dict[str, str] = {
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


NOT_A_MAPPING = Text(
    "Le fichier doit contenir un objet avec « dataset » et/ou « codelists ».",
    "The file must hold a mapping with 'dataset' and/or 'codelists'.",
)

# Our SHACL shapes (ontology/shapes/catalogue.ttl): `catalogue:<the producer's field>`; the messages
# are the shapes' own (sh:message, in French and English).
SHAPES = Family(
    "catalogue:",
    fix=Text(
        "Complétez ou corrigez le champ signalé (voir le guide du producteur).",
        "Complete or fix the field shown (see the producer guide).",
    ),
    fixes={
        "code_list": Text(
            "Déclarez la liste de codes (codelists:) ou corrigez son identifiant.",
            "Declare the code list (codelists:) or fix its identifier.",
        ),
        "table": Text(
            "Corrigez le nom de la table visée, ou ajoutez `dataset:` si elle est dans un autre jeu.",
            "Fix the referenced table's name, or add `dataset:` when it is in another dataset.",
        ),
        "referenced_columns": Text(
            "Nommez des colonnes qui existent dans la table visée.",
            "Name columns that exist in the referenced table.",
        ),
        "primary_key": Text(
            "Nommez des variables de la table dans la clé primaire.",
            "Name variables of the table in the primary key.",
        ),
    },
)

DUPLICATE_ID = Rule(
    "duplicate-id",
    fix=Text("Donnez un identifiant unique à l’un des deux.", "Give one of the two a unique identifier."),
)
ALREADY_DEFINED = DUPLICATE_ID.says(
    "{kind_fr} « {key} » déjà défini(e) ({where}).", "{kind_en} '{key}' is already defined ({where})."
)
HARVESTED_CLASH = DUPLICATE_ID.says(
    "Jeu moissonné « {dataset} » ignoré : un jeu du catalogue porte déjà cet identifiant.",
    "Harvested dataset '{dataset}' skipped: a dataset of the catalogue already has this id.",
)
UNKNOWN_COLLECTION = Rule(
    "unknown-collection",
    fix=Text(
        "Déclarez la collection (collection:) ou corrigez son identifiant.",
        "Declare the collection (collection:) or fix its identifier.",
    ),
).says(
    "Collection « {collection} » inconnue (collections déclarées : {known}).",
    "Unknown collection '{collection}' (declared collections: {known}).",
)
HARVESTED_UNREADABLE = Rule(
    "harvest-file",
    fix=Text(
        "Relancez `catalogue harvest` : le fichier moissonné est abîmé.",
        "Run `catalogue harvest` again: the harvested file is damaged.",
    ),
).says("Jeu moissonné illisible : {error}", "Unreadable harvested dataset: {error}")

_CODES_FIX = Text(
    "Corrigez le fichier CSV des codes (en-tête, codes vides ou en double).",
    "Fix the codes CSV (header, empty or duplicate codes).",
)
CODE_FILE_UNREADABLE = Rule("codelist-file", fix=_CODES_FIX).says(
    "Fichier de codes « {path} » illisible : {reason}.", "Cannot read code file '{path}': {reason}."
)
CODE_COLUMNS_MISSING = Rule("codelist-columns", fix=_CODES_FIX).says(
    "Colonne(s) absente(s) de l’en-tête : {missing} (en-tête lu : {header}).",
    "Column(s) missing from the header: {missing} (header read: {header}).",
)
CODE_CSV_BROKEN = Rule("codelist-csv", fix=_CODES_FIX).says(
    "CSV illisible : {error}", "Unreadable CSV: {error}"
)
EMPTY_CODE = Rule("codelist-empty-code", Severity.WARNING, fix=_CODES_FIX).says(
    "Code vide : ligne ignorée.", "Empty code: row skipped."
)
DUPLICATE_CODE = Rule("codelist-duplicate-code", Severity.WARNING, fix=_CODES_FIX).says(
    "Code « {key} » en double (déjà ligne {first_line}) : seule la première ligne est gardée.",
    "Duplicate code '{key}' (already on line {first_line}): only the first row is kept.",
)
