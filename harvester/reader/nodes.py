"""Reading the built graph with pyoxigraph: a subject's properties, language-preferred texts, labels."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import unquote

import pyoxigraph as ox

CSVW = "http://www.w3.org/ns/csvw#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
HDC = "https://w3id.org/health-data-catalogue/ns#"
HEALTH = "http://healthdataportal.eu/ns/health#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VCARD = "http://www.w3.org/2006/vcard/ns#"
CV = "http://data.europa.eu/m8g/"
DPV = "https://w3id.org/dpv#"
DCATAP = "http://data.europa.eu/r5r/"
GEODCATAP = "http://data.europa.eu/930/"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"

PREFIXES = """
PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        yield {name: (solution[name].value if solution[name] is not None else "") for name in names}


def value(term: object) -> str:
    """The IRI or lexical form of a term ("" for anything else, such as a quoted triple)."""
    return str(term.value) if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else ""


def last_segment(iri: str) -> str:
    return unquote(re.split(r"[/#]", iri.rstrip("/"))[-1])


class Node:
    """All the triples of one subject, read once."""

    def __init__(self, store: ox.Store, iri: str) -> None:
        self.iri = iri
        self.props: dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]] = defaultdict(list)
        for quad in store.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            if not isinstance(quad.object, ox.Triple):
                self.props[quad.predicate.value].append(quad.object)

    def literals(self, predicate: str) -> list[ox.Literal]:
        return [term for term in self.props.get(predicate, []) if isinstance(term, ox.Literal)]

    def text(self, predicate: str, lang: str = "fr") -> str:
        """French: the French text, else one without a language, else any. Other languages: exact."""
        values = self.literals(predicate)
        for wanted in (lang, None) if lang == "fr" else (lang,):
            for value in values:
                if value.language == wanted:
                    return str(value.value)
        if lang == "fr" and values:
            return str(values[0].value)
        return ""

    def first(self, predicate: str) -> str:
        values = self.props.get(predicate, [])
        return str(values[0].value) if values else ""

    def all(self, predicate: str) -> list[str]:
        return sorted({str(term.value) for term in self.props.get(predicate, [])})

    def texts(self, predicate: str, lang: str) -> list[str]:
        return sorted({str(v.value) for v in self.literals(predicate) if v.language == lang})


class Labels:
    """Labels of vocabulary terms (themes, access rights, countries…), cached."""

    PREDICATES = (f"{SKOS}prefLabel", RDFS_LABEL, f"{FOAF}name", f"{DCT}title")

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, iri: str, lang: str = "fr") -> str:
        key = (iri, lang)
        if key not in self.cache:
            node = Node(self.store, iri)
            found = ""
            for predicate in self.PREDICATES:
                found = node.text(predicate, lang)
                if found:
                    break
            self.cache[key] = found or (last_segment(iri) if lang == "fr" else "")
        return self.cache[key]
