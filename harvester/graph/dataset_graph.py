"""A dataset's DCAT-AP 3 / HealthDCAT-AP description: dataset, distributions, series of releases."""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from harvester import vocabularies
from harvester.graph.agents import add_organization, add_vcard
from harvester.graph.dictionary_graph import add_dictionary
from harvester.graph.iris import Iris
from harvester.graph.namespaces import ADMS, DCAT, DCATAP, DPV, ELI, GEODCATAP, HEALTHDCATAP
from harvester.graph.unit import GraphUnit
from harvester.model.common import LocalizedText, Period
from harvester.model.dataset import Dataset, Distribution, Release
from harvester.sources.yaml_document import FieldPath

ROOT: FieldPath = ("dataset",)
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"


def add_legislation(unit: GraphUnit, subject: URIRef, laws: list[str]) -> None:
    """Short names (EHDS, GDPR) or any legal text's IRI, typed as the DCAT-AP range requires."""
    terms = vocabularies.terms("legislation")
    for law in laws:
        iri = terms[law] if law in terms else URIRef(law)
        unit.term(subject, DCATAP.applicableLegislation, iri)
        unit.add(iri, RDF.type, ELI.LegalResource)


def licence_iri(value: str) -> URIRef:
    terms = vocabularies.terms("licence")
    return terms[value] if value in terms else URIRef(value)


def build_dataset(unit: GraphUnit, iris: Iris, dataset: Dataset) -> URIRef:
    subject = unit.node(iris.dataset(dataset.id), ROOT)
    _describe(unit, iris, dataset, subject)
    for index, distribution in enumerate(dataset.distributions):
        iri = iris.distribution(dataset.id, distribution.id)
        _describe_distribution(unit, iri, dataset, distribution, (*ROOT, "distributions", index))
    if dataset.tables:
        unit.add(subject, HEALTHDCATAP.hasVariables, add_dictionary(unit, iris, dataset))
    if dataset.releases:
        _series(unit, iris, dataset, subject)
    return subject


def _describe(
    unit: GraphUnit,
    iris: Iris,
    dataset: Dataset,
    subject: URIRef,
    *,
    release: Release | None = None,
) -> None:
    """The DCAT-level description, shared by the dataset and each of its yearly releases."""
    add, text, term = unit.add, unit.text, unit.term
    ident = dataset.id if release is None else f"{dataset.id}-{release.year}"
    add(subject, RDF.type, DCAT.Dataset)
    add(subject, DCTERMS.identifier, Literal(ident))
    if release is None:
        text(subject, DCTERMS.title, dataset.title)
        text(subject, DCTERMS.description, dataset.description)
    else:
        text(subject, DCTERMS.title, _suffixed(dataset.title, str(release.year)))
        text(subject, DCTERMS.description, release.description or dataset.description)
        add(subject, DCAT.version, Literal(str(release.year)))
        if dataset.tables:  # a release shares the dataset's dictionary
            add(subject, HEALTHDCATAP.hasVariables, iris.dictionary(dataset.id))
    if dataset.acronym:
        add(subject, DCTERMS.alternative, Literal(dataset.acronym))
    term(subject, DCTERMS.type, vocabularies.iri("dataset-type", dataset.type))
    add(subject, DCTERMS.publisher, iris.part(dataset.id, "publisher"))
    add(subject, DCAT.contactPoint, iris.part(dataset.id, "contact-point"))
    for theme in dataset.themes:
        term(subject, DCAT.theme, vocabularies.iri("data-theme", theme))
    for lang, words in (("fr", dataset.keywords.fr), ("en", dataset.keywords.en)):
        for word in words:
            add(subject, DCAT.keyword, Literal(word, lang=lang))
    term(subject, DCTERMS.accessRights, vocabularies.iri("access-right", dataset.access_rights))
    for country in dataset.spatial:
        term(subject, DCTERMS.spatial, vocabularies.iri("country", country))
    for language in dataset.language:
        term(subject, DCTERMS.language, vocabularies.iri("language", language))
    if dataset.frequency:
        term(subject, DCTERMS.accrualPeriodicity, vocabularies.iri("frequency", dataset.frequency))
    if dataset.landing_page:
        _document(unit, subject, DCAT.landingPage, URIRef(str(dataset.landing_page)))
    for page in dataset.documentation:
        _document(unit, subject, FOAF.page, URIRef(str(page)))
    add_legislation(unit, subject, dataset.applicable_legislation)
    add(subject, DCTERMS.provenance, iris.part(dataset.id, "provenance"))
    issued = release.issued if release and release.issued else dataset.issued
    _date(unit, subject, DCTERMS.issued, issued)
    _date(unit, subject, DCTERMS.modified, dataset.modified)
    if dataset.version and release is None:
        add(subject, DCAT.version, Literal(dataset.version))
    if release is not None:
        period = Period(start=dt.date(release.year, 1, 1), end=dt.date(release.year, 12, 31))
        _period(
            unit, subject, DCTERMS.temporal, iris.part(dataset.id, f"temporal-{release.year}"), period, ()
        )
    elif dataset.temporal:
        _period(
            unit,
            subject,
            DCTERMS.temporal,
            iris.part(dataset.id, "temporal"),
            dataset.temporal,
            ("temporal",),
        )
    _health(unit, iris, dataset, subject)
    distributions = [iris.distribution(dataset.id, d.id) for d in dataset.distributions]
    if release is not None and release.distributions:
        distributions = [
            iris.distribution(dataset.id, f"{release.year}-{d.id}") for d in release.distributions
        ]
    for distribution in distributions:
        add(subject, DCAT.distribution, distribution)
    if release is None:
        _parties(unit, iris, dataset)


def _parties(unit: GraphUnit, iris: Iris, dataset: Dataset) -> None:
    """Nodes described once per dataset, whatever the number of releases pointing at them."""
    add_organization(unit, iris.part(dataset.id, "publisher"), dataset.publisher, (*ROOT, "publisher"))
    add_vcard(unit, iris.part(dataset.id, "contact-point"), dataset.contact_point, (*ROOT, "contact_point"))
    provenance = unit.node(iris.part(dataset.id, "provenance"), (*ROOT, "provenance"))
    unit.add(provenance, RDF.type, DCTERMS.ProvenanceStatement)
    unit.text(provenance, RDFS.label, dataset.provenance)
    health = dataset.health
    hloc: FieldPath = (*ROOT, "health")
    if health.hdab:
        add_organization(unit, iris.part(dataset.id, "hdab"), health.hdab, (*hloc, "hdab"))
    if dataset.custodian:
        add_organization(unit, iris.part(dataset.id, "custodian"), dataset.custodian, (*ROOT, "custodian"))
    for name, cls, value in (
        ("legal-basis", DPV.LegalBasis, health.legal_basis),
        ("purpose", DPV.Purpose, health.purpose),
    ):
        node = unit.node(iris.part(dataset.id, name), (*hloc, name.replace("-", "_")))
        unit.add(node, RDF.type, cls)
        unit.text(node, DCTERMS.description, value)
    if health.retention_period:
        _period(
            unit,
            None,
            None,
            iris.part(dataset.id, "retention-period"),
            health.retention_period,
            ("health", "retention_period"),
        )


def _health(unit: GraphUnit, iris: Iris, dataset: Dataset, subject: URIRef) -> None:
    add, term = unit.add, unit.term
    health = dataset.health
    for category in health.categories:
        term(subject, HEALTHDCATAP.healthCategory, vocabularies.iri("healthcategories", category))
    if health.hdab:
        add(subject, HEALTHDCATAP.hdab, iris.part(dataset.id, "hdab"))
    if dataset.custodian:
        add(subject, GEODCATAP.custodian, iris.part(dataset.id, "custodian"))
    add(subject, DPV.hasLegalBasis, iris.part(dataset.id, "legal-basis"))
    add(subject, DPV.hasPurpose, iris.part(dataset.id, "purpose"))
    for category in health.personal_data:
        term(subject, DPV.hasPersonalData, vocabularies.iri("personal-data", category))
    unit.text(subject, HEALTHDCATAP.populationCoverage, health.population_coverage)
    for prop, number in (
        (HEALTHDCATAP.numberOfRecords, health.number_of_records),
        (HEALTHDCATAP.numberOfUniqueIndividuals, health.number_of_unique_individuals),
        (HEALTHDCATAP.minTypicalAge, health.min_typical_age),
        (HEALTHDCATAP.maxTypicalAge, health.max_typical_age),
    ):
        if number is not None:
            add(subject, prop, Literal(number, datatype=XSD.nonNegativeInteger))
    for system in health.coding_systems:
        term(subject, HEALTHDCATAP.hasCodingSystem, vocabularies.iri("coding-system", system))
    for standard in health.standards:
        term(subject, DCTERMS.conformsTo, vocabularies.iri("standard", standard))
    if health.retention_period:
        add(subject, HEALTHDCATAP.retentionPeriod, iris.part(dataset.id, "retention-period"))
    add(subject, HEALTHDCATAP.hasStructuredData, Literal(bool(dataset.tables)))


def _describe_distribution(
    unit: GraphUnit, iri: URIRef, dataset: Dataset, dist: Distribution, loc: FieldPath
) -> None:
    add, term = unit.add, unit.term
    subject = unit.node(iri, loc)
    add(subject, RDF.type, DCAT.Distribution)
    add(subject, DCTERMS.identifier, Literal(dist.id))
    unit.text(subject, DCTERMS.title, dist.title)
    unit.text(subject, DCTERMS.description, dist.description)
    add(subject, DCAT.accessURL, URIRef(str(dist.access_url)))
    if dist.download_url:
        add(subject, DCAT.downloadURL, URIRef(str(dist.download_url)))
    if dist.format:
        term(subject, DCTERMS.format, vocabularies.iri("file-type", dist.format))
    if dist.media_type:
        media = URIRef(IANA_MEDIA_TYPES + dist.media_type)
        add(subject, DCAT.mediaType, media)
        add(media, RDF.type, DCTERMS.MediaType)
    licence = dist.licence or dataset.licence
    if licence:
        licence_node = licence_iri(licence)
        term(subject, DCTERMS.license, licence_node)
        add(licence_node, RDF.type, DCTERMS.LicenseDocument)
    if dist.byte_size is not None:
        add(subject, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger))
    if dist.status:
        term(subject, ADMS.status, vocabularies.iri("distribution-status", dist.status))
    if dist.availability:
        term(subject, DCATAP.availability, vocabularies.iri("planned-availability", dist.availability))
    add_legislation(unit, subject, dataset.applicable_legislation)
    _date(unit, subject, DCTERMS.issued, dist.issued)
    _date(unit, subject, DCTERMS.modified, dist.modified)


def _series(unit: GraphUnit, iris: Iris, dataset: Dataset, parent: URIRef) -> None:
    """Yearly releases as members of a `dcat:DatasetSeries` (DCAT-AP 3 dataset series)."""
    series = unit.node(iris.series(dataset.id), (*ROOT, "releases"))
    add, text = unit.add, unit.text
    add(series, RDF.type, DCAT.DatasetSeries)
    add(series, DCTERMS.identifier, Literal(f"{dataset.id}-series"))
    text(series, DCTERMS.title, dataset.title)
    text(series, DCTERMS.description, dataset.description)
    add(series, DCTERMS.publisher, iris.part(dataset.id, "publisher"))
    add_legislation(unit, series, dataset.applicable_legislation)
    if dataset.frequency:
        unit.term(series, DCTERMS.accrualPeriodicity, vocabularies.iri("frequency", dataset.frequency))
    ordered = sorted(enumerate(dataset.releases), key=lambda pair: pair[1].year)
    previous: URIRef | None = None
    for index, release in ordered:
        member = unit.node(iris.release(dataset.id, release.year), (*ROOT, "releases", index))
        _describe(unit, iris, dataset, member, release=release)
        add(member, DCAT.inSeries, series)
        add(member, DCTERMS.isVersionOf, parent)
        add(parent, DCAT.hasVersion, member)
        if previous is not None:
            add(member, DCAT.prev, previous)
        previous = member
        for d_index, dist in enumerate(release.distributions):
            loc = (*ROOT, "releases", index, "distributions", d_index)
            iri = iris.distribution(dataset.id, f"{release.year}-{dist.id}")
            _describe_distribution(unit, iri, dataset, dist, loc)
    add(series, DCAT.first, iris.release(dataset.id, ordered[0][1].year))
    add(series, DCAT.last, iris.release(dataset.id, ordered[-1][1].year))


def _suffixed(text: LocalizedText, suffix: str) -> LocalizedText:
    return LocalizedText(fr=f"{text.fr} — {suffix}", en=f"{text.en} — {suffix}" if text.en else None)


def _document(unit: GraphUnit, subject: URIRef, predicate: URIRef, page: URIRef) -> None:
    unit.add(subject, predicate, page)
    unit.add(page, RDF.type, FOAF.Document)


def _date(unit: GraphUnit, subject: URIRef, predicate: URIRef, value: dt.date | None) -> None:
    if value is not None:
        unit.add(subject, predicate, Literal(value.isoformat(), datatype=XSD.date))


def _period(
    unit: GraphUnit,
    subject: URIRef | None,
    predicate: URIRef | None,
    iri: URIRef,
    period: Period,
    loc: FieldPath,
) -> None:
    node = unit.node(iri, (*ROOT, *loc)) if loc else iri
    if subject is not None and predicate is not None:
        unit.add(subject, predicate, node)
    unit.add(node, RDF.type, DCTERMS.PeriodOfTime)
    _date(unit, node, DCAT.startDate, period.start)
    _date(unit, node, DCAT.endDate, period.end)
