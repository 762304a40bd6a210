"""The `dcat:Catalog` node: described by `catalogue.yaml`, listing every published dataset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from harvester import vocabularies
from harvester.config import Config
from harvester.graph.agents import add_organization
from harvester.graph.dataset_graph import add_legislation, licence_iri
from harvester.graph.iris import Iris
from harvester.graph.namespaces import DCAT
from harvester.graph.unit import GraphUnit


def build_catalogue(config: Config, datasets: Iterable[URIRef], modified: dt.date) -> GraphUnit:
    settings = config.catalogue
    iris = Iris(config.iri_base())
    unit = GraphUnit("catalogue", "catalogue.yaml")
    catalogue = unit.node(iris.catalogue(), ("catalogue",))
    unit.add(catalogue, RDF.type, DCAT.Catalog)
    unit.add(catalogue, DCTERMS.identifier, Literal(settings.id))
    unit.text(catalogue, DCTERMS.title, settings.title)
    unit.text(catalogue, DCTERMS.description, settings.description)
    publisher = add_organization(
        unit, URIRef(f"{iris.catalogue()}#publisher"), settings.publisher, ("catalogue", "publisher")
    )
    unit.add(catalogue, DCTERMS.publisher, publisher)
    if settings.homepage:
        homepage = URIRef(str(settings.homepage))
        unit.add(catalogue, FOAF.homepage, homepage)
        unit.add(homepage, RDF.type, FOAF.Document)
    for language in settings.languages:
        unit.term(catalogue, DCTERMS.language, vocabularies.iri("language", language))
    for country in settings.spatial:
        unit.term(catalogue, DCTERMS.spatial, vocabularies.iri("country", country))
    licence = licence_iri(settings.licence)
    unit.term(catalogue, DCTERMS.license, licence)
    unit.add(licence, RDF.type, DCTERMS.LicenseDocument)
    theme_scheme = URIRef(vocabularies.AUTHORITY + "data-theme")
    unit.add(catalogue, DCAT.themeTaxonomy, theme_scheme)
    unit.add(theme_scheme, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"))
    add_legislation(unit, catalogue, ["EHDS"])
    unit.add(catalogue, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date))
    for dataset in datasets:
        unit.add(catalogue, DCAT.dataset, dataset)
    return unit
