"""The `dcat:Catalog` node: described by `catalogue.yaml`, listing every published dataset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from harvester import vocabularies
from harvester.config import Config
from harvester.graph.agents import add_organization
from harvester.graph.dataset_graph import add_legislation, licence_iri
from harvester.graph.iris import Iris
from harvester.graph.namespaces import DCAT
from harvester.graph.unit import GraphUnit
from harvester.model.collection import Collection


@dataclass(frozen=True)
class PublishedCollection:
    collection: Collection
    datasets: list[URIRef]


def build_catalogue(
    config: Config,
    datasets: Iterable[URIRef],
    collections: Iterable[PublishedCollection],
    modified: dt.date,
) -> GraphUnit:
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
    # Every dataset is listed at the top too: harvesters that ignore sub-catalogues still find it.
    for dataset in datasets:
        unit.add(catalogue, DCAT.dataset, dataset)
    for published in collections:
        unit.add(catalogue, DCAT.catalog, _collection(unit, iris, published))
    return unit


def _collection(unit: GraphUnit, iris: Iris, published: PublishedCollection) -> URIRef:
    """A collection is a sub-catalogue (`dcat:catalog`) listing its datasets."""
    collection = published.collection
    subject = iris.collection(collection.id)
    unit.add(subject, RDF.type, DCAT.Catalog)
    unit.add(subject, DCTERMS.identifier, Literal(collection.id))
    unit.text(subject, DCTERMS.title, collection.title)
    unit.text(subject, DCTERMS.description, collection.description)
    publisher = add_organization(unit, URIRef(f"{subject}#publisher"), collection.publisher, ("collection",))
    unit.add(subject, DCTERMS.publisher, publisher)
    if collection.homepage:
        homepage = URIRef(str(collection.homepage))
        unit.add(subject, FOAF.homepage, homepage)
        unit.add(homepage, RDF.type, FOAF.Document)
    for dataset in published.datasets:
        unit.add(subject, DCAT.dataset, dataset)
    return subject
