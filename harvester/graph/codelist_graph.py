"""Code lists as SKOS concept schemes. Codes are written straight to N-Triples: a nomenclature can
hold 60,000 codes and rdflib would spend most of the build adding them one by one."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from harvester.core.iris import Iris
from harvester.core.namespaces import HDC
from harvester.graph.unit import GraphUnit
from harvester.model.codelist import CodeList, CodeRow

_TYPE = ox.NamedNode(str(RDF.type))
_CONCEPT = ox.NamedNode(str(SKOS.Concept))
_IN_SCHEME = ox.NamedNode(str(SKOS.inScheme))
_NOTATION = ox.NamedNode(str(SKOS.notation))
_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
_BROADER = ox.NamedNode(str(SKOS.broader))


def build_codelist(
    unit: GraphUnit, iris: Iris, codelist: CodeList, index: int, rows: Iterable[CodeRow]
) -> int:
    """The scheme and its codes; `rows` may stop early (a broken CSV). Returns how many came."""
    scheme = unit.node(iris.codelist(codelist.id), ("codelists", index))
    add, text = unit.add, unit.text
    add(scheme, RDF.type, SKOS.ConceptScheme)
    add(scheme, DCTERMS.identifier, Literal(codelist.id))
    text(scheme, DCTERMS.title, codelist.title)
    text(scheme, SKOS.prefLabel, codelist.title)
    text(scheme, DCTERMS.description, codelist.description)
    if codelist.publisher:
        add(scheme, HDC.maintainer, Literal(codelist.publisher))
    if codelist.version:
        add(scheme, OWL.versionInfo, Literal(codelist.version))
    if codelist.source:
        add(scheme, DCTERMS.source, URIRef(codelist.source))
    text(scheme, HDC.emptyReason, codelist.empty_reason)
    count = _emit_codes(unit, iris, codelist.id, rows)
    add(scheme, HDC.codeCount, Literal(count, datatype=XSD.nonNegativeInteger))
    return count


def _emit_codes(unit: GraphUnit, iris: Iris, codelist_id: str, codes: Iterable[CodeRow]) -> int:
    scheme = ox.NamedNode(str(iris.codelist(codelist_id)))
    lines = unit.bulk_ntriples
    count = 0
    for code in codes:
        concept = ox.NamedNode(iris.code(codelist_id, *code.key))
        lines.append(f"{concept} {_TYPE} {_CONCEPT} .\n")
        lines.append(f"{concept} {_IN_SCHEME} {scheme} .\n")
        lines.append(f"{concept} {_NOTATION} {ox.Literal(code.code)} .\n")
        if code.label_fr:
            lines.append(f"{concept} {_PREF_LABEL} {ox.Literal(code.label_fr, language='fr')} .\n")
        if code.label_en:
            lines.append(f"{concept} {_PREF_LABEL} {ox.Literal(code.label_en, language='en')} .\n")
        if code.broader:
            lines.append(f"{concept} {_BROADER} {ox.NamedNode(iris.code(codelist_id, code.broader))} .\n")
        count += 1
    return count
