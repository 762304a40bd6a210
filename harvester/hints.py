"""A one-line fix hint per problem, for the pull-request report: what to do, not only what is wrong."""

from __future__ import annotations

# Rule (or rule prefix before ':'/'-') → (French, English). The first match wins, most specific first.
HINTS: list[tuple[str, str, str]] = [
    (
        "yaml-syntax",
        "Corrigez la syntaxe YAML à la ligne indiquée (indentation en espaces, guillemets, crochets).",
        "Fix the YAML syntax at the line shown (space indentation, quotes, brackets).",
    ),
    (
        "duplicate-key",
        "Gardez une seule fois cette clé dans le bloc.",
        "Keep this key only once in its block.",
    ),
    (
        "duplicate-id",
        "Donnez un identifiant unique à l’un des deux.",
        "Give one of the two a unique identifier.",
    ),
    ("invalid-date", "Écrivez une date réelle au format AAAA-MM-JJ.", "Write a real date as YYYY-MM-DD."),
    ("encoding", "Enregistrez le fichier en UTF-8.", "Save the file as UTF-8."),
    (
        "mis-encoded-text",
        "Remplacez les caractères mal encodés (’ – …) puis enregistrez en UTF-8.",
        "Replace the mis-encoded characters (’ – …), then save as UTF-8.",
    ),
    (
        "too-complex",
        "Simplifiez le document : pas d’ancres YAML répétées ni d’imbrication excessive.",
        "Simplify the document: no repeated YAML anchors, no excessive nesting.",
    ),
    ("file-", "Découpez ou corrigez le fichier (taille, type).", "Split or fix the file (size, type)."),
    ("model:missing", "Ajoutez ce champ obligatoire.", "Add this mandatory field."),
    (
        "model:extra_forbidden",
        "Supprimez ce champ ou corrigez son nom (faute de frappe ?).",
        "Remove this field or fix its name (a typo?).",
    ),
    (
        "model:literal_error",
        "Choisissez l’une des valeurs autorisées (voir le schéma JSON).",
        "Choose one of the allowed values (see the JSON Schema).",
    ),
    ("model:url", "Donnez une adresse web complète en https://.", "Give a full https:// web address."),
    ("model:date", "Écrivez la date au format AAAA-MM-JJ.", "Write the date as YYYY-MM-DD."),
    (
        "model:int",
        "Donnez un nombre entier, sans guillemets ni espaces.",
        "Give a whole number, without quotes or spaces.",
    ),
    (
        "model:dict_type",
        "Ce champ attend un bloc de clés (clé: valeur).",
        "This field expects a block of keys (key: value).",
    ),
    ("model:list_type", "Ce champ attend une liste (- élément).", "This field expects a list (- item)."),
    (
        "model:",
        "Corrigez la valeur selon le message (le schéma JSON décrit chaque champ).",
        "Fix the value as the message says (the JSON Schema describes each field).",
    ),
    (
        "catalogue:code_list",
        "Déclarez la liste de codes (codelists:) ou corrigez son identifiant.",
        "Declare the code list (codelists:) or fix its identifier.",
    ),
    (
        "catalogue:table",
        "Corrigez le nom de la table visée, ou ajoutez `dataset:` si elle est dans un autre jeu.",
        "Fix the referenced table's name, or add `dataset:` when it is in another dataset.",
    ),
    (
        "catalogue:referenced_columns",
        "Nommez des colonnes qui existent dans la table visée.",
        "Name columns that exist in the referenced table.",
    ),
    (
        "catalogue:primary_key",
        "Nommez des variables de la table dans la clé primaire.",
        "Name variables of the table in the primary key.",
    ),
    (
        "catalogue:",
        "Complétez ou corrigez le champ signalé (voir le guide du producteur).",
        "Complete or fix the field shown (see the producer guide).",
    ),
    (
        "codelist-",
        "Corrigez le fichier CSV des codes (en-tête, codes vides ou en double).",
        "Fix the codes CSV (header, empty or duplicate codes).",
    ),
    (
        "unknown-collection",
        "Déclarez la collection (collection:) ou corrigez son identifiant.",
        "Declare the collection (collection:) or fix its identifier.",
    ),
]


def fix_hint(rule: str) -> tuple[str, str] | None:
    """(French, English) for a problem's rule, or None when there is nothing more to say."""
    for prefix, french, english in HINTS:
        if rule.startswith(prefix):
            return french, english
    return None
