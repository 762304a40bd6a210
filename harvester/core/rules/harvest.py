"""Harvesting other catalogues: the network, what a page holds, paging, records, the outcome.

A harvest problem's source is where it is: the URL of the page (or of a JSON-LD context), or the
original IRI of the record. Details that come from a server or a parser are cut to one short line
by the caller (`harvester.remote.text.one_line`).
"""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Family, Rule, Text

WARNING, INFO = Severity.WARNING, Severity.INFO

_SOURCE_FIX = Text(
    "Vérifiez l’adresse de la source et réessayez ; prévenez son gestionnaire si cela persiste.",
    "Check the source's address and try again; tell its maintainers if it persists.",
)
_FEED_FIX = Text(
    "Le flux de la source doit être corrigé par son gestionnaire (RDF valide, DCAT-AP).",
    "The source's feed must be fixed by its maintainers (valid RDF, DCAT-AP).",
)

# Network
SCHEME = Rule("harvest-scheme", fix=_SOURCE_FIX)
SCHEME_PAGE = SCHEME.says(
    "Seules les adresses http et https sont moissonnées.", "Only http and https URLs are harvested."
)
SCHEME_REDIRECT = SCHEME.says(
    "Seules les adresses http et https sont moissonnées (redirection depuis {origin}).",
    "Only http and https URLs are harvested (redirect from {origin}).",
)
SCHEME_NEXT = SCHEME.says(
    "Seules les adresses http et https sont moissonnées (page suivante de {origin}).",
    "Only http and https URLs are harvested (next page of {origin}).",
)
SCHEME_REFUSED = SCHEME.says(
    "Seules les adresses http et https sont moissonnées ({detail}).",
    "Only http and https URLs are harvested ({detail}).",
)
HTTP_STATUS = Family("harvest-http-", fix=_SOURCE_FIX)
HTTP_STATUS_TEXT = Text(
    "Le serveur a répondu {status} {reason} : page non lue.",
    "The server answered {status} {reason}: page not read.",
)
TIMEOUT = Rule("harvest-timeout", fix=_SOURCE_FIX)
TIMEOUT_CONNECT = TIMEOUT.says(
    "Délai dépassé : connexion au serveur (limite {seconds:g} s).",
    "Timed out: connecting to the server (limit {seconds:g} s).",
)
TIMEOUT_SILENT = TIMEOUT.says(
    "Délai dépassé : le serveur ne répond plus (limite {seconds:g} s).",
    "Timed out: the server stopped answering (limit {seconds:g} s).",
)
TIMEOUT_TRICKLE = TIMEOUT.says(
    "Délai dépassé : réponse trop lente à arriver (limite {seconds:g} s).",
    "Timed out: response too slow to arrive (limit {seconds:g} s).",
)
LOCKED = Rule(
    "harvest-locked",
    fix=Text(
        "Attendez la fin de la moisson en cours, puis relancez.",
        "Wait for the harvest under way to end, then run again.",
    ),
).says(
    "La source {source_id} est déjà en cours de moisson (verrou {lock}) : rien n’est fait.",
    "Source {source_id} is already being harvested (lock {lock}): nothing done.",
)
PRIVATE = Rule(
    "harvest-private-address",
    fix=Text(
        "Une source du réseau interne se déclare dans catalogue.yaml avec `private: true` "
        "(ou la liste de ses réseaux) ; sinon, la source doit être corrigée.",
        "A source inside the internal network is declared in catalogue.yaml with `private: true` "
        "(or the list of its networks); otherwise the source must be fixed.",
    ),
)
PRIVATE_ADDRESS = PRIVATE.says(
    "Adresse non publique refusée : {host} est {address} (réseau privé, local ou réservé) ; rien n’y est lu.",
    "Non-public address refused: {host} is {address} (private, local or reserved network); nothing read there.",
)
PRIVATE_REDIRECT = PRIVATE.says(
    "Redirection vers une adresse non publique refusée : {host} est {address} (depuis {origin}) ; "
    "rien n’y est lu.",
    "Redirect to a non-public address refused: {host} is {address} (from {origin}); nothing read there.",
)
UNREACHABLE = Rule("harvest-unreachable", fix=_SOURCE_FIX).says(
    "Serveur injoignable : {detail}.", "Server unreachable: {detail}."
)
NETWORK = Rule("harvest-network", fix=_SOURCE_FIX).says(
    "Échange HTTP interrompu : {detail}.", "HTTP exchange failed: {detail}."
)
REDIRECTS = Rule("harvest-redirects", fix=_SOURCE_FIX).says(
    "Plus de {limit} redirections : page non lue.", "More than {limit} redirects: page not read."
)
TOO_LARGE = Rule(
    "harvest-too-large",
    fix=Text(
        "Demandez des pages plus petites à la source, ou relevez `max_bytes` de la source dans catalogue.yaml.",
        "Ask the source for smaller pages, or raise the source's `max_bytes` in catalogue.yaml.",
    ),
)
TOO_LARGE_ANNOUNCED = TOO_LARGE.says(
    "Réponse annoncée de {declared:,} octets, au-delà de la limite de {megabytes:g} Mo : non lue.",
    "Response announced as {declared:,} bytes, over the {megabytes:g} MB limit: not read.",
)
TOO_LARGE_CUT = TOO_LARGE.says(
    "Réponse coupée après {megabytes:g} Mo (limite de taille) : page non lue.",
    "Response cut after {megabytes:g} MB (size limit): page not read.",
)

# Content
CONTENT_TYPE = Rule("harvest-content-type", fix=_FEED_FIX)
CONTENT_TYPE_FALLBACK = CONTENT_TYPE.says(
    "Type de contenu « {declared} » inexact ou absent : la page a été lue comme {used}. Le serveur devrait "
    "annoncer le bon type.",
    "Content type '{declared}' wrong or missing: the page was read as {used}. The server should announce the "
    "right type.",
    WARNING,
)
NOT_RDF = CONTENT_TYPE.says(
    "La page n’est pas du RDF ({what}, type annoncé « {declared} ») : aucun format RDF ne la lit.",
    "The page is not RDF ({what}, announced type '{declared}'): no RDF syntax reads it.",
)
RDF_SYNTAX = Rule("harvest-rdf-syntax", fix=_FEED_FIX).says(
    "{syntax} invalide : {detail}. Les jeux de données de cette page ne sont pas moissonnés.",
    "Invalid {syntax}: {detail}. The datasets of this page are not harvested.",
)
XML_ENTITIES = Rule("harvest-xml-entities", fix=_FEED_FIX).says(
    "Document RDF/XML refusé : il déclare une DTD (entités, possible « billion laughs »). Les déclarations "
    "DOCTYPE avec entités ne sont jamais lues.",
    "RDF/XML document refused: it declares a DTD (entities, a possible 'billion laughs'). DOCTYPE declarations "
    "with entities are never read.",
)
XML_DEPTH = Rule("harvest-xml-depth", fix=_FEED_FIX).says(
    "Document RDF/XML refusé : éléments imbriqués sur plus de {limit} niveaux.",
    "RDF/XML document refused: elements nested more than {limit} levels deep.",
)
JSONLD_CONTEXT = Rule("harvest-jsonld-context", fix=_FEED_FIX).says(
    "Contexte JSON-LD {context} illisible : {detail}. Page non lue.",
    "JSON-LD context {context} unusable: {detail}. Page not read.",
)

# Paging
PAGING = Rule("harvest-paging", WARNING, fix=_FEED_FIX)
PAGING_UNREADABLE_PAGE = PAGING.says(
    "Pagination arrêtée : page illisible, lien vers la suivante inconnu. Les pages suivantes ne sont pas lues.",
    "Paging stopped: unreadable page, link to the next one unknown. Later pages are not read.",
)
PAGING_LOOP = PAGING.says(
    "Pagination arrêtée : boucle vers {url}. Les pages suivantes ne sont pas lues.",
    "Paging stopped: loop back to {url}. Later pages are not read.",
)
PAGING_OTHER_HOST = PAGING.says(
    "Pagination arrêtée : page suivante sur un autre hôte ({url}). Les pages suivantes ne sont pas lues.",
    "Paging stopped: next page on another host ({url}). Later pages are not read.",
)
MAX_PAGES = Rule(
    "harvest-max-pages",
    WARNING,
    fix=Text(
        "Relevez `max_pages` de la source dans catalogue.yaml.",
        "Raise the source's `max_pages` in catalogue.yaml.",
    ),
).says(
    "Limite de {limit} pages atteinte : les pages suivantes ne sont pas lues.",
    "Limit of {limit} pages reached: later pages are not read.",
)

# Records
RECORD_BROKEN = Rule("harvest-record-broken", fix=_FEED_FIX)
RECORD_NOT_A_NODE = RECORD_BROKEN.says(
    "dcat:dataset vaut le littéral « {value} » au lieu d’un jeu de données : ignoré.",
    "dcat:dataset is the literal '{value}' instead of a dataset: skipped.",
)
RECORD_TOO_LARGE = RECORD_BROKEN.says(
    "Description de plus de {limit:,} triplets : jeu de données ignoré.",
    "Description of more than {limit:,} triples: dataset skipped.",
)
RECORD_INVALID = RECORD_BROKEN.says(
    "Description inutilisable ({detail}) dans « {statement} » : jeu de données ignoré.",
    "Unusable description ({detail}) in '{statement}': dataset skipped.",
)
RECORD_FAILED = RECORD_BROKEN.says(
    "Jeu de données non extrait : {detail}.", "Dataset not extracted: {detail}."
)
RECORD_UNDESCRIBED = Rule("harvest-record-undescribed", WARNING, fix=_FEED_FIX).says(
    "Jeu de données cité par le catalogue mais décrit nulle part dans la page {url} : ignoré.",
    "Dataset listed by the catalogue but described nowhere on page {url}: skipped.",
)
UNSUPPORTED_TERMS = Rule("harvest-unsupported-term", WARNING, fix=_FEED_FIX).says(
    "{count} triplet(s) à triplet cité (RDF 1.2) omis : le reste de la description est moissonné.",
    "{count} statement(s) with a quoted triple (RDF 1.2) left out: the rest is harvested.",
)
DUPLICATE = Rule("harvest-duplicate", WARNING, fix=_FEED_FIX).says(
    "Même dct:identifier « {identifier} » que {kept} : doublon ignoré.",
    "Same dct:identifier '{identifier}' as {kept}: duplicate skipped.",
)
NO_IDENTITY = Rule("harvest-no-identity", WARNING, fix=_FEED_FIX).says(
    "Jeu de données sans IRI ni dct:identifier : son identifiant local dépend de sa description et changera si "
    "elle change. La source devrait lui donner un dct:identifier.",
    "Dataset without an IRI or a dct:identifier: its local id depends on its description and will change when it "
    "does. The source should give it a dct:identifier.",
)

# Outcome
NO_DATASETS = Rule("harvest-no-datasets", fix=_SOURCE_FIX).says(
    "Aucun jeu de données (dcat:Dataset) trouvé dans la source : la dernière moisson est conservée.",
    "No dataset (dcat:Dataset) found in the source: the last harvest is kept.",
)
DELETED = Rule("harvest-deleted", WARNING).says(
    "Jeu de données supprimé à la source : {local_id} est retiré du catalogue.",
    "Dataset deleted at the source: {local_id} is removed from the catalogue.",
)
SOURCE_FAILED = Rule("harvest-source-failed", INFO, fix=_SOURCE_FIX)
KEPT_LAST_GOOD = SOURCE_FAILED.says(
    "Source en échec : la dernière moisson réussie ({when}, {count} jeux de données) est conservée.",
    "Source failed: the last good harvest ({when}, {count} datasets) is kept.",
)
NOTHING_KEPT = SOURCE_FAILED.says(
    "Aucune moisson réussie antérieure : rien n’est publié.", "No earlier good harvest: nothing published."
)
INCOMPLETE = Rule("harvest-incomplete", WARNING).says(
    "Moisson incomplète : {kept} jeu(x) de données des pages non lues sont conservés de la dernière moisson, et "
    "aucune suppression n’est propagée.",
    "Incomplete harvest: {kept} dataset(s) of the pages not read are kept from the last harvest, and no deletion "
    "is propagated.",
)
STATE_UNREADABLE = Rule("harvest-state", WARNING).says(
    "État de la moisson précédente illisible ({detail}) : la moisson repart de zéro.",
    "State of the previous harvest unreadable ({detail}): harvesting from scratch.",
)
