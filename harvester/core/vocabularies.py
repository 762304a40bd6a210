"""Controlled vocabularies (EU authority tables, HealthDCAT-AP lists) shipped in `ontology/vocabularies/`.

Producers write short codes (`RESTRICTED`, `ANNUAL`, `EHRS`, `ICD-10`); the model checks them against
these files and the graph builder turns them into the official IRIs, copying each used term's
description (type, scheme, labels) into the output so the official shapes can check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from harvester.core import resources

AUTHORITY = "http://publications.europa.eu/resource/authority/"
HEALTH_AUTHORITY = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
DPV_PD = "https://w3id.org/dpv/dpv-pd#"
ELI = "http://data.europa.eu/eli/"
ELI_LEGAL_RESOURCE = URIRef(ELI + "ontology#LegalResource")

# Vocabulary name used in the model → IRI prefix of its terms.
SCHEMES: dict[str, str] = {
    "access-right": AUTHORITY + "access-right/",
    "frequency": AUTHORITY + "frequency/",
    "data-theme": AUTHORITY + "data-theme/",
    "language": AUTHORITY + "language/",
    "country": AUTHORITY + "country/",
    "file-type": AUTHORITY + "file-type/",
    "dataset-type": AUTHORITY + "dataset-type/",
    "distribution-status": AUTHORITY + "distribution-status/",
    "planned-availability": AUTHORITY + "planned-availability/",
    "licence": AUTHORITY + "licence/",
    "healthcategories": HEALTH_AUTHORITY + "healthcategories/",
    "publisher-type": HEALTH_AUTHORITY + "publisher-type/",
    "coding-system": HEALTH_AUTHORITY + "coding-system/",
    "standard": HEALTH_AUTHORITY + "standard/",
    "personal-data": DPV_PD,
}
# Vocabulary name → the class of its terms, for vocabularies whose terms share no IRI prefix: legal
# texts are known by their ELI (EU law) or their Légifrance IRI (French law), see legislation.en-fr.ttl.
CLASSES: dict[str, URIRef] = {
    "legislation": ELI_LEGAL_RESOURCE,
}


@cache
def vocabulary_graph() -> Graph:
    graph = Graph()
    for path in sorted(resources.ontology("vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _code_of(graph: Graph, term: URIRef) -> str:
    for predicate in (SKOS.notation, DCTERMS.identifier):
        value = graph.value(term, predicate)
        if isinstance(value, Literal):
            return str(value)
    return str(term).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@cache
def terms(scheme: str) -> dict[str, URIRef]:
    """Codes of one vocabulary mapped to their IRIs, e.g. terms('access-right')['PUBLIC']."""
    graph = vocabulary_graph()
    found: dict[str, URIRef] = {}
    if scheme in CLASSES:
        for subject in set(graph.subjects(RDF.type, CLASSES[scheme])):
            if isinstance(subject, URIRef):
                found[_code_of(graph, subject)] = subject
        return dict(sorted(found.items()))
    prefix = SCHEMES[scheme]
    for subject in set(graph.subjects(RDF.type, None)):
        if (
            isinstance(subject, URIRef)
            and str(subject).startswith(prefix)
            and str(subject) != prefix.rstrip("/")
        ):
            found[_code_of(graph, subject)] = subject
    return dict(sorted(found.items()))


def codes(scheme: str) -> list[str]:
    return list(terms(scheme))


def iri(scheme: str, code: str) -> URIRef:
    return terms(scheme)[code]


def describe_terms(used: set[Node]) -> Graph:
    """The vocabulary triples about the given terms and their schemes (for the official shapes)."""
    source = vocabulary_graph()
    out = Graph()
    schemes: set[Node] = set()
    for term in used:
        for predicate, value in source.predicate_objects(term):
            out.add((term, predicate, value))
            if predicate == SKOS.inScheme:
                schemes.add(value)
    _describe_schemes(schemes, out)
    return out


def _describe_schemes(schemes: Iterable[Node], out: Graph) -> None:
    source = vocabulary_graph()
    for scheme in schemes:
        for predicate, value in source.predicate_objects(scheme):
            if predicate in (RDF.type, SKOS.prefLabel, DCTERMS.title):
                out.add((scheme, predicate, value))
            if predicate == SKOS.prefLabel and (scheme, DCTERMS.title, None) not in source:
                out.add((scheme, DCTERMS.title, value))  # DCAT-AP wants a dct:title on schemes
        if (scheme, RDF.type, None) not in source:  # a table we hold no term of
            out.add((scheme, RDF.type, SKOS.ConceptScheme))
        if (scheme, DCTERMS.title, None) not in out:
            out.add((scheme, DCTERMS.title, Literal(str(scheme).rstrip("/").rsplit("/", 1)[-1])))


# The DCAT-AP range class of the terms of each EU authority table (range.ttl), where it has one.
RANGE_CLASSES: dict[str, URIRef] = {
    "access-right": DCTERMS.RightsStatement,
    "file-type": DCTERMS.MediaTypeOrExtent,
    "frequency": DCTERMS.Frequency,
    "language": DCTERMS.LinguisticSystem,
    "licence": DCTERMS.LicenseDocument,
    "country": DCTERMS.Location,
    "continent": DCTERMS.Location,
    "place": DCTERMS.Location,
    "atu": DCTERMS.Location,
}
_TABLE = re.compile(rf"^({re.escape(AUTHORITY)}|{re.escape(HEALTH_AUTHORITY)})[a-z][a-z0-9-]*$")
_TABLE_TERM = re.compile(
    rf"^(?P<table>({re.escape(AUTHORITY)}|{re.escape(HEALTH_AUTHORITY)})(?P<name>[a-z][a-z0-9-]*))/[A-Za-z0-9_.-]+$"
)


def recognize_terms(used: Iterable[Node]) -> tuple[set[Node], Graph]:
    """For terms met in someone else's description: those our vocabularies describe, and a graph
    stating, for each term of an EU or HealthDCAT-AP authority table they do not describe, its table
    (`skos:inScheme`), its DCAT-AP range class and its code as label. The official validators load the tables in full;
    we ship extracts, and a valid code must not be rejected for want of the table (see
    ontology/official/README.md)."""
    known = vocabulary_graph()
    described: set[Node] = set()
    stated = Graph()
    tables: set[Node] = set()
    for term in used:
        if not isinstance(term, URIRef):
            continue
        if _TABLE.match(str(term)):  # the table itself
            tables.add(term)
            continue
        if (term, RDF.type, None) in known:
            described.add(term)
            continue
        if str(term).startswith(ELI):  # an ELI identifies a legal resource, by definition
            stated.add((term, RDF.type, ELI_LEGAL_RESOURCE))
            continue
        match = _TABLE_TERM.match(str(term))
        if match is None:
            continue
        table = URIRef(match.group("table"))
        stated.add((term, RDF.type, SKOS.Concept))
        stated.add((term, SKOS.inScheme, table))
        # The table's label is not shipped: the code stands for it (HealthDCAT-AP wants a label).
        stated.add((term, SKOS.prefLabel, Literal(str(term).rsplit("/", 1)[-1])))
        range_class = RANGE_CLASSES.get(match.group("name"))
        if range_class is not None:
            stated.add((term, RDF.type, range_class))
        tables.add(table)
    _describe_schemes(tables, stated)
    return described, stated
