"""A unit of the graph: what one dataset or one code list contributes, and where each node came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from harvester.core.namespaces import DCAT, PREFIXES
from harvester.core.paths import FieldPath
from harvester.model.common import LocalizedText, Period


@dataclass(frozen=True)
class Origin:
    """The producer file and field path a graph node was built from."""

    source: str
    loc: FieldPath


@dataclass
class GraphUnit:
    key: str  # "dataset:<id>" or "codelist:<id>"
    source: str
    graph: Graph = field(default_factory=Graph)
    origins: dict[str, Origin] = field(default_factory=dict)
    terms: set[Node] = field(default_factory=set)
    # Bulk triples (codes) already in N-Triples form, kept out of rdflib for speed.
    bulk_ntriples: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def node(self, iri: URIRef, loc: FieldPath) -> URIRef:
        self.origins[str(iri)] = Origin(self.source, loc)
        return iri

    def add(self, subject: Node, predicate: Node, value: Node | None) -> None:
        if value is not None:
            self.graph.add((subject, predicate, value))

    def term(self, subject: Node, predicate: Node, term: URIRef) -> None:
        """Link to a controlled-vocabulary term, remembered so its description ships with the output."""
        self.terms.add(term)
        self.graph.add((subject, predicate, term))

    def text(self, subject: Node, predicate: Node, text: LocalizedText | None) -> None:
        if text is not None:
            for lang, value in text.items():
                self.graph.add((subject, predicate, Literal(value, lang=lang)))

    def date(self, subject: Node, predicate: Node, value: dt.date | None) -> None:
        if value is not None:
            self.graph.add((subject, predicate, Literal(value.isoformat(), datatype=XSD.date)))

    def period(self, node: Node, period: Period) -> None:
        """A dct:PeriodOfTime with its dates, as DCAT-AP wants them."""
        self.graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
        self.date(node, DCAT.startDate, period.start)
        self.date(node, DCAT.endDate, period.end)
