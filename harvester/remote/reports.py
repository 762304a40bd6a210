"""The problems a harvest reports: one function per rule, each message in French and English.

`source` is always where the problem is: the URL of the page (or of a JSON-LD context), or the
original IRI of the record.
"""

from __future__ import annotations

from harvester.core.problems import Problem, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _problem(
    source: str,
    rule: str,
    fr: str,
    en: str,
    severity: Severity = ERROR,
    *,
    line: int | None = None,
    column: int | None = None,
    field: str = "",
) -> Problem:
    return Problem(source, line, column if line is not None else None, field, rule, fr, en, severity)


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Network


def bad_scheme(url: str, context: str) -> Problem:
    return _problem(
        url,
        "harvest-scheme",
        f"Seules les adresses http et https sont moissonnées ({context}).",
        f"Only http and https URLs are harvested ({context}).",
    )


def http_status(url: str, status: int, reason: str) -> Problem:
    return _problem(
        url,
        f"harvest-http-{status}",
        f"Le serveur a répondu {status} {reason} : page non lue.",
        f"The server answered {status} {reason}: page not read.",
    )


def timeout(url: str, what_fr: str, what_en: str, seconds: float) -> Problem:
    return _problem(
        url,
        "harvest-timeout",
        f"Délai dépassé : {what_fr} (limite {seconds:g} s).",
        f"Timed out: {what_en} (limit {seconds:g} s).",
    )


def unreachable(url: str, detail: str) -> Problem:
    return _problem(
        url,
        "harvest-unreachable",
        f"Serveur injoignable : {_shorten(detail)}.",
        f"Server unreachable: {_shorten(detail)}.",
    )


def network(url: str, detail: str) -> Problem:
    return _problem(
        url,
        "harvest-network",
        f"Échange HTTP interrompu : {_shorten(detail)}.",
        f"HTTP exchange failed: {_shorten(detail)}.",
    )


def too_many_redirects(url: str, limit: int) -> Problem:
    return _problem(
        url,
        "harvest-redirects",
        f"Plus de {limit} redirections : page non lue.",
        f"More than {limit} redirects: page not read.",
    )


def too_large(url: str, limit: int, declared: int | None) -> Problem:
    megabytes = limit / (1024 * 1024)
    if declared is not None:
        fr = f"Réponse annoncée de {declared:,} octets, au-delà de la limite de {megabytes:g} Mo : non lue."
        en = f"Response announced as {declared:,} bytes, over the {megabytes:g} MB limit: not read."
    else:
        fr = f"Réponse coupée après {megabytes:g} Mo (limite de taille) : page non lue."
        en = f"Response cut after {megabytes:g} MB (size limit): page not read."
    return _problem(url, "harvest-too-large", fr, en)


# Content


def content_type_fallback(url: str, declared: str | None, used: str) -> Problem:
    shown = declared or "absent"
    return _problem(
        url,
        "harvest-content-type",
        f"Type de contenu « {shown} » inexact ou absent : la page a été lue comme {used}. "
        "Le serveur devrait annoncer le bon type.",
        f"Content type '{shown}' wrong or missing: the page was read as {used}. "
        "The server should announce the right type.",
        WARNING,
    )


def not_rdf(url: str, declared: str | None, what: str) -> Problem:
    shown = declared or "absent"
    return _problem(
        url,
        "harvest-content-type",
        f"La page n’est pas du RDF ({what}, type annoncé « {shown} ») : aucun format RDF ne la lit.",
        f"The page is not RDF ({what}, announced type '{shown}'): no RDF syntax reads it.",
    )


def rdf_syntax(url: str, syntax: str, detail: str, line: int | None, column: int | None) -> Problem:
    return _problem(
        url,
        "harvest-rdf-syntax",
        f"{syntax} invalide : {_shorten(detail)}. Les jeux de données de cette page ne sont pas moissonnés.",
        f"Invalid {syntax}: {_shorten(detail)}. The datasets of this page are not harvested.",
        line=line,
        column=column,
    )


def xml_entities(url: str, line: int | None, column: int | None) -> Problem:
    return _problem(
        url,
        "harvest-xml-entities",
        "Document RDF/XML refusé : il déclare une DTD (entités, possible « billion laughs »). "
        "Les déclarations DOCTYPE avec entités ne sont jamais lues.",
        "RDF/XML document refused: it declares a DTD (entities, a possible 'billion laughs'). "
        "DOCTYPE declarations with entities are never read.",
        line=line,
        column=column,
    )


def xml_depth(url: str, limit: int, line: int | None, column: int | None) -> Problem:
    return _problem(
        url,
        "harvest-xml-depth",
        f"Document RDF/XML refusé : éléments imbriqués sur plus de {limit} niveaux.",
        f"RDF/XML document refused: elements nested more than {limit} levels deep.",
        line=line,
        column=column,
    )


def jsonld_context(url: str, context_url: str, detail: str) -> Problem:
    return _problem(
        url,
        "harvest-jsonld-context",
        f"Contexte JSON-LD {context_url} illisible : {_shorten(detail)}. Page non lue.",
        f"JSON-LD context {context_url} unusable: {_shorten(detail)}. Page not read.",
    )


# Paging


def paging_stopped(url: str, reason_fr: str, reason_en: str) -> Problem:
    return _problem(
        url,
        "harvest-paging",
        f"Pagination arrêtée : {reason_fr}. Les pages suivantes ne sont pas lues.",
        f"Paging stopped: {reason_en}. Later pages are not read.",
        WARNING,
    )


def max_pages(url: str, limit: int) -> Problem:
    return _problem(
        url,
        "harvest-max-pages",
        f"Limite de {limit} pages atteinte : les pages suivantes ne sont pas lues.",
        f"Limit of {limit} pages reached: later pages are not read.",
        WARNING,
    )


# Records


def record_not_a_node(url: str, value: str) -> Problem:
    return _problem(
        url,
        "harvest-record-broken",
        f"dcat:dataset vaut le littéral « {_shorten(value, 80)} » au lieu d’un jeu de données : ignoré.",
        f"dcat:dataset is the literal '{_shorten(value, 80)}' instead of a dataset: skipped.",
        field="dcat:dataset",
    )


def record_undescribed(record: str, url: str) -> Problem:
    return _problem(
        record,
        "harvest-record-undescribed",
        f"Jeu de données cité par le catalogue mais décrit nulle part dans la page {url} : ignoré.",
        f"Dataset listed by the catalogue but described nowhere on page {url}: skipped.",
        WARNING,
        field="dcat:dataset",
    )


def record_too_large(record: str, limit: int) -> Problem:
    return _problem(
        record,
        "harvest-record-broken",
        f"Description de plus de {limit:,} triplets : jeu de données ignoré.",
        f"Description of more than {limit:,} triples: dataset skipped.",
    )


def record_invalid(record: str, detail: str, statement: str) -> Problem:
    return _problem(
        record,
        "harvest-record-broken",
        f"Description inutilisable ({_shorten(detail)}) dans « {_shorten(statement)} » : jeu de données ignoré.",
        f"Unusable description ({_shorten(detail)}) in '{_shorten(statement)}': dataset skipped.",
    )


def record_unsupported_terms(record: str, count: int) -> Problem:
    return _problem(
        record,
        "harvest-unsupported-term",
        f"{count} triplet(s) à triplet cité (RDF 1.2) omis : le reste de la description est moissonné.",
        f"{count} statement(s) with a quoted triple (RDF 1.2) left out: the rest is harvested.",
        WARNING,
    )


def record_error(record: str, detail: str) -> Problem:
    return _problem(
        record,
        "harvest-record-broken",
        f"Jeu de données non extrait : {_shorten(detail)}.",
        f"Dataset not extracted: {_shorten(detail)}.",
    )


def duplicate_record(record: str, kept: str, identifier: str) -> Problem:
    return _problem(
        record,
        "harvest-duplicate",
        f"Même dct:identifier « {identifier} » que {kept} : doublon ignoré.",
        f"Same dct:identifier '{identifier}' as {kept}: duplicate skipped.",
        WARNING,
        field="dct:identifier",
    )


def no_identity(record: str) -> Problem:
    return _problem(
        record,
        "harvest-no-identity",
        "Jeu de données sans IRI ni dct:identifier : son identifiant local dépend de sa description et "
        "changera si elle change. La source devrait lui donner un dct:identifier.",
        "Dataset without an IRI or a dct:identifier: its local id depends on its description and will "
        "change when it does. The source should give it a dct:identifier.",
        WARNING,
        field="dct:identifier",
    )


# Outcome


def no_datasets(url: str) -> Problem:
    return _problem(
        url,
        "harvest-no-datasets",
        "Aucun jeu de données (dcat:Dataset) trouvé dans la source : la dernière moisson est conservée.",
        "No dataset (dcat:Dataset) found in the source: the last harvest is kept.",
    )


def deleted(record: str, local_id: str) -> Problem:
    return _problem(
        record,
        "harvest-deleted",
        f"Jeu de données supprimé à la source : {local_id} est retiré du catalogue.",
        f"Dataset deleted at the source: {local_id} is removed from the catalogue.",
        WARNING,
    )


def kept_last_good(url: str, when: str | None, count: int) -> Problem:
    if when is None:
        fr, en = (
            "Aucune moisson réussie antérieure : rien n’est publié.",
            "No earlier good harvest: nothing published.",
        )
    else:
        fr = f"Source en échec : la dernière moisson réussie ({when}, {count} jeux de données) est conservée."
        en = f"Source failed: the last good harvest ({when}, {count} datasets) is kept."
    return _problem(url, "harvest-source-failed", fr, en, INFO)


def incomplete(url: str, kept: int) -> Problem:
    return _problem(
        url,
        "harvest-incomplete",
        f"Moisson incomplète : {kept} jeu(x) de données des pages non lues sont conservés de la dernière "
        "moisson, et aucune suppression n’est propagée.",
        f"Incomplete harvest: {kept} dataset(s) of the pages not read are kept from the last harvest, "
        "and no deletion is propagated.",
        WARNING,
    )


def state_unreadable(path: str, detail: str) -> Problem:
    return _problem(
        path,
        "harvest-state",
        f"État de la moisson précédente illisible ({_shorten(detail)}) : la moisson repart de zéro.",
        f"State of the previous harvest unreadable ({_shorten(detail)}): harvesting from scratch.",
        WARNING,
    )
