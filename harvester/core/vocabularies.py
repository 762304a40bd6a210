"""Controlled vocabularies (EU authority tables, HealthDCAT-AP lists) shipped in `ontology/vocabularies/`.

Producers write short codes (`RESTRICTED`, `ANNUAL`, `EHRS`, `ICD-10`); the model checks them against
these files and the graph builder turns them into the official IRIs, copying each used term's
description (type, scheme, labels) into the output so the official shapes can check it.
"""

from __future__ import annotations

from functools import cache

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from harvester.core import resources

AUTHORITY = "http://publications.europa.eu/resource/authority/"
HEALTH_AUTHORITY = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
DPV_PD = "https://w3id.org/dpv/dpv-pd#"

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
    "legislation": "http://data.europa.eu/eli/",
    "personal-data": DPV_PD,
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
    prefix = SCHEMES[scheme]
    graph = vocabulary_graph()
    found: dict[str, URIRef] = {}
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
    for scheme in schemes:
        for predicate, value in source.predicate_objects(scheme):
            if predicate in (RDF.type, SKOS.prefLabel, DCTERMS.title):
                out.add((scheme, predicate, value))
            if predicate == SKOS.prefLabel and (scheme, DCTERMS.title, None) not in source:
                out.add((scheme, DCTERMS.title, value))  # DCAT-AP wants a dct:title on schemes
    return out
