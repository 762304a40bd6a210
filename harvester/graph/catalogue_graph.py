"""The `dcat:Catalog` node: described by `catalogue.yaml`, listing every published dataset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from harvester.config import CatalogueSettings, Config
from harvester.core import vocabularies
from harvester.core.iris import Iris
from harvester.core.namespaces import DCAT
from harvester.core.paths import FieldPath
from harvester.graph.agents import add_organization
from harvester.graph.dataset_graph import add_legislation, licence_iri
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
    _describe_catalog(unit, catalogue, settings, ("catalogue", "publisher"))
    for language in settings.languages:
        unit.term(catalogue, DCTERMS.language, vocabularies.iri("language", language))
    for country in settings.spatial:
        unit.term(catalogue, DCTERMS.spatial, vocabularies.iri("country", country))
    licence = licence_iri(settings.licence)
    unit.term(catalogue, DCTERMS.license, licence)
    unit.add(licence, RDF.type, DCTERMS.LicenseDocument)
    theme_scheme = URIRef(vocabularies.AUTHORITY + "data-theme")
    unit.add(catalogue, DCAT.themeTaxonomy, theme_scheme)
    unit.add(theme_scheme, RDF.type, SKOS.ConceptScheme)
    add_legislation(unit, catalogue, ["EHDS"])
    unit.add(catalogue, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date))
    # Every dataset is listed at the top too: harvesters that ignore sub-catalogues still find it.
    for dataset in datasets:
        unit.add(catalogue, DCAT.dataset, dataset)
    for published in collections:
        unit.add(catalogue, DCAT.catalog, _collection(unit, iris, published))
    return unit


def _describe_catalog(
    unit: GraphUnit, subject: URIRef, described: CatalogueSettings | Collection, loc: FieldPath
) -> None:
    """What the catalogue and its collections (sub-catalogues) both say: id, title, publisher, homepage."""
    unit.add(subject, RDF.type, DCAT.Catalog)
    unit.add(subject, DCTERMS.identifier, Literal(described.id))
    unit.text(subject, DCTERMS.title, described.title)
    unit.text(subject, DCTERMS.description, described.description)
    publisher = add_organization(unit, URIRef(f"{subject}#publisher"), described.publisher, loc)
    unit.add(subject, DCTERMS.publisher, publisher)
    if described.homepage:
        homepage = URIRef(str(described.homepage))
        unit.add(subject, FOAF.homepage, homepage)
        unit.add(homepage, RDF.type, FOAF.Document)


def _collection(unit: GraphUnit, iris: Iris, published: PublishedCollection) -> URIRef:
    """A collection is a sub-catalogue (`dcat:catalog`) listing its datasets."""
    collection = published.collection
    subject = iris.collection(collection.id)
    _describe_catalog(unit, subject, collection, ("collection",))
    for dataset in published.datasets:
        unit.add(subject, DCAT.dataset, dataset)
    return subject
