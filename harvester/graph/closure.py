"""Cut the catalogue graph into one description per dataset (for per-dataset profile validation)."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from harvester.graph.namespaces import DCAT

RECORD_CLASSES = (DCAT.Dataset, DCAT.DatasetSeries, DCAT.Catalog)


def description(graph: Graph, root: URIRef) -> Graph:
    """The root's triples and those of every node it reaches, without crossing into other records."""
    records = {s for cls in RECORD_CLASSES for s in graph.subjects(RDF.type, cls)}
    out = Graph()
    seen: set[Node] = {root}
    todo: list[Node] = [root]
    while todo:
        node = todo.pop()
        for predicate, value in graph.predicate_objects(node):
            out.add((node, predicate, value))
            if value in records and (value, RDF.type, DCAT.DatasetSeries) not in graph:
                continue  # another dataset has its own description; a series is part of this one
            if value not in seen:
                seen.add(value)
                todo.append(value)
    return out
