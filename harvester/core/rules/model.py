"""The producer model's checks (pydantic), said for people in both languages.

Rule ids are `model:<error type>`: pydantic's own types (`missing`, `extra_forbidden`…) and ours, raised
by the model's validators with `PydanticCustomError` (`unknown_code`, `period_reversed`…). Each type
has its sentence here, filled from the error's context; `{got}` is what was read, `{suggestion}` a
"did you mean" when one is close. No library wording ever reaches a producer.
"""

from __future__ import annotations

from harvester.core.rules.base import Family, Text

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
        "enum": Text("Choisissez l’une des valeurs autorisées.", "Choose one of the allowed values."),
        "unknown_code": Text(
            "Choisissez un code de la liste (ontology/vocabularies/).",
            "Choose a code of the list (ontology/vocabularies/).",
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

# Every sentence may use {name} (the field), {got_fr}/{got_en} (" (valeur lue : …)"), and the error's
# context: {allowed}, {suggestion_fr}/{suggestion_en}, {limit}, {pattern}, {detail}.
MODEL_TEXTS: dict[str, Text] = {
    "missing": Text("Champ obligatoire « {name} » manquant.", "Mandatory field '{name}' is missing."),
    "extra_forbidden": Text(
        "Champ « {name} » inconnu ici.{suggestion_fr} Champs possibles : {allowed}.",
        "Field '{name}' is not known here.{suggestion_en} Fields allowed: {allowed}.",
    ),
    "string_type": Text("Texte attendu{got_fr}.", "Text expected{got_en}."),
    "int_type": Text("Nombre entier attendu{got_fr}.", "Whole number expected{got_en}."),
    "int_parsing": Text("Nombre entier attendu{got_fr}.", "Whole number expected{got_en}."),
    "int_from_float": Text(
        "Nombre entier attendu, sans décimales{got_fr}.", "Whole number expected, no decimals{got_en}."
    ),
    "float_type": Text("Nombre attendu{got_fr}.", "Number expected{got_en}."),
    "float_parsing": Text("Nombre attendu{got_fr}.", "Number expected{got_en}."),
    "bool_type": Text(
        "Booléen attendu (true ou false){got_fr}.", "Boolean expected (true or false){got_en}."
    ),
    "bool_parsing": Text(
        "Booléen attendu (true ou false){got_fr}.", "Boolean expected (true or false){got_en}."
    ),
    "list_type": Text("Liste attendue (- élément){got_fr}.", "List expected (- item){got_en}."),
    "dict_type": Text(
        "Bloc de clés attendu (clé: valeur){got_fr}.", "Block of keys expected (key: value){got_en}."
    ),
    "model_type": Text(
        "Bloc de clés attendu (clé: valeur){got_fr}.", "Block of keys expected (key: value){got_en}."
    ),
    "model_attributes_type": Text(
        "Bloc de clés attendu (clé: valeur){got_fr}.", "Block of keys expected (key: value){got_en}."
    ),
    "date_type": Text("Date attendue au format AAAA-MM-JJ{got_fr}.", "Date expected as YYYY-MM-DD{got_en}."),
    "date_parsing": Text(
        "Date invalide : format AAAA-MM-JJ attendu{got_fr}.", "Invalid date: YYYY-MM-DD expected{got_en}."
    ),
    "date_from_datetime_parsing": Text(
        "Date invalide : format AAAA-MM-JJ attendu{got_fr}.", "Invalid date: YYYY-MM-DD expected{got_en}."
    ),
    "date_from_datetime_inexact": Text(
        "Date attendue, sans heure{got_fr}.", "Date expected, without a time{got_en}."
    ),
    "url_parsing": Text(
        "Adresse web invalide : une adresse http(s) complète est attendue{got_fr}.",
        "Invalid web address: a full http(s) address is expected{got_en}.",
    ),
    "url_scheme": Text(
        "Adresse web refusée : seules les adresses http(s) sont acceptées{got_fr}.",
        "Web address refused: only http(s) addresses are accepted{got_en}.",
    ),
    "url_type": Text("Adresse web attendue{got_fr}.", "Web address expected{got_en}."),
    "url_too_long": Text("Adresse web trop longue{got_fr}.", "Web address too long{got_en}."),
    "string_pattern_mismatch": Text(
        "Format invalide{got_fr} : attendu selon le motif {pattern}.",
        "Invalid format{got_en}: expected to match {pattern}.",
    ),
    "string_too_short": Text("Texte vide ou trop court{got_fr}.", "Text empty or too short{got_en}."),
    "string_too_long": Text(
        "Texte trop long (au plus {limit} caractères).", "Text too long (at most {limit} characters)."
    ),
    "too_short": Text(
        "Liste trop courte : au moins {limit} élément(s).", "List too short: at least {limit} item(s)."
    ),
    "too_long": Text(
        "Liste trop longue : au plus {limit} élément(s).", "List too long: at most {limit} item(s)."
    ),
    "greater_than": Text(
        "Valeur trop petite{got_fr} : plus de {limit} attendu.",
        "Value too small{got_en}: over {limit} expected.",
    ),
    "greater_than_equal": Text(
        "Valeur trop petite{got_fr} : au moins {limit} attendu.",
        "Value too small{got_en}: at least {limit} expected.",
    ),
    "less_than": Text(
        "Valeur trop grande{got_fr} : moins de {limit} attendu.",
        "Value too large{got_en}: under {limit} expected.",
    ),
    "less_than_equal": Text(
        "Valeur trop grande{got_fr} : au plus {limit} attendu.",
        "Value too large{got_en}: at most {limit} expected.",
    ),
    "enum": Text(
        "Valeur non autorisée{got_fr}.{suggestion_fr} Valeurs possibles : {allowed}.",
        "Value not allowed{got_en}.{suggestion_en} Allowed values: {allowed}.",
    ),
    "literal_error": Text(
        "Valeur non autorisée{got_fr}.{suggestion_fr} Valeurs possibles : {allowed}.",
        "Value not allowed{got_en}.{suggestion_en} Allowed values: {allowed}.",
    ),
    "union_tag_invalid": Text("Valeur non autorisée{got_fr}.", "Value not allowed{got_en}."),
    "value_error": Text("Valeur invalide{got_fr} : {detail}.", "Invalid value{got_en}: {detail}."),
    # Raised by the model's own validators.
    "unknown_code": Text(
        "Code « {value} » inconnu de la liste {scheme}.{suggestion_fr} Codes possibles : {allowed}.",
        "Code '{value}' is not in the {scheme} list.{suggestion_en} Allowed codes: {allowed}.",
    ),
    "email": Text("Adresse électronique invalide{got_fr}.", "Invalid e-mail address{got_en}."),
    "contact_unreachable": Text(
        "Un contact doit donner une adresse électronique (email) ou une page web (url).",
        "A contact must give an e-mail address (email) or a web page (url).",
    ),
    "period_empty": Text(
        "Une période doit avoir une date de début (start) ou de fin (end).",
        "A period needs a start date (start) or an end date (end).",
    ),
    "period_reversed": Text(
        "La fin ({end}) précède le début ({start}).", "The end ({end}) is before the start ({start})."
    ),
    "ages_reversed": Text(
        "L’âge maximal ({high}) est inférieur à l’âge minimal ({low}).",
        "The maximum age ({high}) is below the minimum age ({low}).",
    ),
    "dates_reversed": Text(
        "La date de modification ({modified}) précède la date de publication ({issued}).",
        "The modification date ({modified}) is before the publication date ({issued}).",
    ),
    "reviewed_in_future": Text(
        "La date de revue ({reviewed}) est dans le futur : datez la revue du jour où elle a eu lieu.",
        "The review date ({reviewed}) is in the future: date the review on the day it took place.",
    ),
    "history_reversed": Text(
        "L’année de suppression ({deleted}) précède l’année de création ({created}).",
        "The deletion year ({deleted}) is before the creation year ({created}).",
    ),
    "history_missing_outside": Text(
        "L’année manquante {year} est hors de la période d’existence {span}.",
        "The missing year {year} is outside the existence period {span}.",
    ),
    "csv_path_outside": Text(
        "Le chemin du fichier CSV doit être relatif et rester dans le dossier du catalogue.",
        "The CSV path must be relative and stay inside the catalogue folder.",
    ),
    "codes_source": Text(
        "Donnez soit des codes dans le YAML (codes:), soit un fichier CSV (file:), pas les deux ni aucun — "
        "sauf une liste vide qui dit pourquoi (empty_reason:).",
        "Give either codes in the YAML (codes:) or a CSV file (file:), not both and not neither — unless the "
        "list is empty and says why (empty_reason:).",
    ),
    "fk_arity": Text(
        "columns ({columns}) et referenced_columns ({referenced}) doivent nommer autant de colonnes.",
        "columns ({columns}) and referenced_columns ({referenced}) must name as many columns.",
    ),
    "file_empty": Text(
        "Le fichier ne décrit rien : il faut une collection, un jeu de données (dataset), des listes de "
        "codes (codelists) ou une utilisation des données (use).",
        "The file describes nothing: it needs a collection, a dataset, code lists (codelists) or a use of "
        "the data (use).",
    ),
    "output_unreachable": Text(
        "Une production (publication, code, résultats) a besoin d’un DOI (doi) ou d’une adresse (url).",
        "An output (publication, code, results) needs a DOI (doi) or an address (url).",
    ),
}
FALLBACK = Text("Valeur invalide{got_fr}.", "Invalid value{got_en}.")
NOT_A_MAPPING = Text(
    "Le fichier doit contenir un objet avec « dataset » et/ou « codelists ».",
    "The file must hold a mapping with 'dataset' and/or 'codelists'.",
)
