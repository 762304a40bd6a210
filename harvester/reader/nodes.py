"""Reading the built graph with pyoxigraph: a subject's properties, language-preferred texts, labels.

Predicates are given as the namespaces of `harvester.core.namespaces` spell them (`DCTERMS.title`);
they are compared as plain IRIs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from harvester.core.namespaces import PREFIXES

Predicate = URIRef | str
_SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


def rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    """A SELECT's solutions as {variable: IRI or lexical form}, "" where unbound; the catalogue's
    prefixes (dct:, dcat:, csvw:, skos:, hdc:…) are declared."""
    solutions = store.query(_SPARQL_PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        yield {name: (solution[name].value if solution[name] is not None else "") for name in names}


def last_segment(iri: str) -> str:
    """The last path segment or fragment of an IRI, percent-decoded: the identifier we minted there."""
    return unquote(re.split(r"[/#]", iri.rstrip("/"))[-1])


def year(value: str) -> int | None:
    """The year a date, gYear or dateTime starts with."""
    match = re.match(r"^(\d{4})", value)
    return int(match.group(1)) if match else None


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """An IRI or a lexical form; a blank node as `_:id`, so that it can be read as a node again."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)


class Node:
    """All the triples of one subject, read once ("" reads as a node that says nothing). The subject
    is an IRI, or a blank node as `_:id` (harvested records describe contact points, periods,
    distributions… with blank nodes)."""

    def __init__(self, store: ox.Store, iri: str) -> None:
        self.iri = iri
        self.props: dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]] = defaultdict(list)
        if not iri:
            return
        subject = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        for quad in store.quads_for_pattern(subject, None, None, None):
            if not isinstance(quad.object, ox.Triple):
                self.props[quad.predicate.value].append(quad.object)

    def literals(self, predicate: Predicate) -> list[ox.Literal]:
        return [term for term in self.props.get(str(predicate), []) if isinstance(term, ox.Literal)]

    def text(self, predicate: Predicate, lang: str = "fr") -> str:
        """French: the French text, else one without a language, else any. Other languages: exact."""
        values = self.literals(predicate)
        for wanted in (lang, None) if lang == "fr" else (lang,):
            for value in values:
                if value.language == wanted:
                    return str(value.value)
        if lang == "fr" and values:
            return str(values[0].value)
        return ""

    def first(self, predicate: Predicate) -> str:
        values = self.props.get(str(predicate), [])
        return _value(values[0]) if values else ""

    def all(self, predicate: Predicate) -> list[str]:
        return sorted({_value(term) for term in self.props.get(str(predicate), [])})

    def texts(self, predicate: Predicate, lang: str) -> list[str]:
        return sorted({str(v.value) for v in self.literals(predicate) if v.language == lang})


class Labels:
    """Labels of vocabulary terms (themes, access rights, countries…), cached."""

    PREDICATES = (SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS.title)

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
