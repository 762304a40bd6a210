"""The producer's files read as a catalogue: identifiers, collections, code files, our SHACL rules."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Family, Rule, Text

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
_UNKNOWN_COLLECTION_RULE = Rule(
    "unknown-collection",
    fix=Text(
        "Déclarez la collection (collection:) ou corrigez son identifiant.",
        "Declare the collection (collection:) or fix its identifier.",
    ),
)
UNKNOWN_COLLECTION = _UNKNOWN_COLLECTION_RULE.says(
    "Collection « {collection} » inconnue (collections déclarées : {known}).",
    "Unknown collection '{collection}' (declared collections: {known}).",
)
UNKNOWN_SOURCE_COLLECTION = _UNKNOWN_COLLECTION_RULE.says(
    "Collection « {collection} » de la source moissonnée inconnue (collections déclarées : {known}) : "
    "ses jeux sont publiés hors collection.",
    "Unknown collection '{collection}' of the harvested source (declared collections: {known}): its "
    "datasets are published outside any collection.",
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
CODELIST_INVALID = Rule(
    "codelist-invalid",
    fix=Text(
        "Corrigez d’abord les erreurs de la liste de codes (voir son fichier).",
        "Fix the code list's own errors first (see its file).",
    ),
).says(
    "La liste de codes « {codelist} » a des erreurs : elle n’est pas publiée, et ce jeu qui l’utilise non plus.",
    "Code list '{codelist}' has errors: it is not published, and neither is this dataset that uses it.",
)
EMPTY_LIST = Rule(
    "codelist-empty",
    fix=Text(
        "Ajoutez les codes, ou dites pourquoi la liste est vide (empty_reason).",
        "Add the codes, or say why the list is empty (empty_reason).",
    ),
).says(
    "La liste « {codelist} » n’a aucun code et ne dit pas pourquoi : un lecteur n’y trouverait rien.",
    "List '{codelist}' has no code and does not say why: a reader would find nothing there.",
)
BROADER_UNKNOWN = Rule(
    "codelist-broader",
    fix=Text(
        "Corrigez le code parent (broader) ou ajoutez-le à la liste.",
        "Fix the parent code (broader) or add it to the list.",
    ),
).says(
    "Le code parent « {broader} » du code « {code} » n’est pas dans la liste.{suggestion_fr}",
    "Parent code '{broader}' of code '{code}' is not in the list.{suggestion_en}",
)
DUPLICATE_CODE = Rule("codelist-duplicate-code", Severity.WARNING, fix=_CODES_FIX).says(
    "Code « {key} » en double (déjà ligne {first_line}) : seule la première ligne est gardée.",
    "Duplicate code '{key}' (already on line {first_line}): only the first row is kept.",
)

# Added to our shapes' messages where the catalogue knows better (pipeline/hints.py).
COLUMNS_OF = Text(" Variables de la table {table} : {columns}.", " Variables of table {table}: {columns}.")
TABLES_OF = Text(" Tables du jeu {dataset} : {tables}.", " Tables of dataset {dataset}: {tables}.")
