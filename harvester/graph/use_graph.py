"""A use of the data as RDF: a PROV activity (and a schema.org ResearchProject for projects and pilots)
that used datasets, tables and variables (each with a qualified usage carrying the years requested)
and generated outputs typed with FaBiO. Only what none of PROV-O, DCAT, DCTERMS, DPV, schema.org and
FaBiO has is in ontology/hdc.ttl (kinds, statuses, the authorisation's references, the opened role)."""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, XSD

from harvester.core.iris import Iris
from harvester.core.namespaces import ADMS, DCAT, DPV, FABIO, HDC, SCHEMA
from harvester.core.paths import FieldPath
from harvester.graph.agents import add_vcard
from harvester.graph.unit import GraphUnit
from harvester.model.use import OutputKind, Use, UseKind, UseStatus, Years

ROOT: FieldPath = ("use",)
KINDS = {UseKind.PROJECT: HDC.ProjectUse, UseKind.PILOT: HDC.PilotUse, UseKind.CHALLENGE: HDC.ChallengeUse}
STATUSES = {
    UseStatus.REQUESTED: HDC.Requested,
    UseStatus.AUTHORISED: HDC.Authorised,
    UseStatus.RUNNING: HDC.Running,
    UseStatus.FINISHED: HDC.Finished,
}
OUTPUT_CLASSES = {
    OutputKind.PUBLICATION: FABIO.ResearchPaper,
    OutputKind.CODE: FABIO.ComputerProgram,
    OutputKind.RESULTS: FABIO.WebPage,
    OutputKind.REPORT: FABIO.ReportDocument,
    OutputKind.OTHER: FABIO.Work,
}


def build_use(unit: GraphUnit, iris: Iris, use: Use, source: str) -> URIRef:
    subject = unit.node(iris.use(use.id), ROOT)
    add, text = unit.add, unit.text
    add(subject, RDF.type, PROV.Activity)
    add(subject, RDF.type, HDC.DataUse)
    if use.kind is not UseKind.CHALLENGE:
        add(subject, RDF.type, SCHEMA.ResearchProject)
    add(subject, DCTERMS.identifier, Literal(use.id))
    add(subject, DCTERMS.type, KINDS[use.kind])
    add(subject, ADMS.status, STATUSES[use.status])
    text(subject, DCTERMS.title, use.title)
    text(subject, DCTERMS.description, use.summary)
    for word in use.keywords:
        add(subject, DCAT.keyword, Literal(word, lang="fr"))
    text(subject, HDC.publicInterest, use.public_interest)
    add(subject, HDC.sourceFile, Literal(source))
    purpose = unit.node(iris.use_part(use.id, "purpose"), (*ROOT, "purpose"))
    add(subject, DPV.hasPurpose, purpose)
    add(purpose, RDF.type, DPV.Purpose)
    text(purpose, DCTERMS.description, use.purpose)
    period = unit.node(iris.use_part(use.id, "period"), (*ROOT, "period"))
    add(subject, DCTERMS.temporal, period)
    unit.period(period, use.period)
    for index, organisation in enumerate(use.organisations):
        agent = unit.node(iris.use_part(use.id, f"organisation-{index + 1}"), (*ROOT, "organisations", index))
        add(subject, PROV.wasAssociatedWith, agent)
        add(agent, RDF.type, PROV.Agent)
        add(agent, RDF.type, FOAF.Organization)
        text(agent, FOAF.name, organisation.name)
        if organisation.url:
            add(agent, FOAF.homepage, URIRef(str(organisation.url)))
        if organisation.email:
            add(agent, FOAF.mbox, URIRef(f"mailto:{organisation.email}"))
    contact = add_vcard(unit, iris.use_part(use.id, "contact-point"), use.contact, (*ROOT, "contact"))
    add(subject, DCAT.contactPoint, contact)
    _legal(unit, iris, use, subject)
    _usages(unit, iris, use, subject)
    for index, output in enumerate(use.outputs):
        node = unit.node(iris.use_part(use.id, f"output-{index + 1}"), (*ROOT, "outputs", index))
        add(subject, PROV.generated, node)
        add(node, RDF.type, PROV.Entity)
        add(node, RDF.type, OUTPUT_CLASSES[output.type])
        add(node, PROV.wasGeneratedBy, subject)
        text(node, DCTERMS.title, output.title)
        if output.doi:
            add(node, DCTERMS.identifier, Literal(output.doi))
            add(node, FOAF.page, URIRef(f"https://doi.org/{output.doi}"))
        if output.url:
            add(node, FOAF.page, URIRef(str(output.url)))
        if output.issued:
            issued = str(output.issued)
            add(node, DCTERMS.issued, Literal(issued, datatype=XSD.gYear if len(issued) == 4 else XSD.date))
    if use.challenge:
        window = unit.node(iris.use_part(use.id, "submissions"), (*ROOT, "challenge", "submissions"))
        add(subject, HDC.submissionPeriod, window)
        unit.period(window, use.challenge.submissions)
    return subject


def _legal(unit: GraphUnit, iris: Iris, use: Use, subject: URIRef) -> None:
    legal = use.legal
    loc: FieldPath = (*ROOT, "legal")
    if legal.authorisation:
        unit.add(subject, HDC.authorisation, Literal(legal.authorisation))
    unit.date(subject, HDC.authorisationDate, legal.authorisation_date)
    unit.date(subject, HDC.cesreesOpinion, legal.cesrees_opinion)
    if legal.methodology:
        unit.add(subject, DCTERMS.conformsTo, HDC[legal.methodology])
    if legal.legal_basis:
        basis = unit.node(iris.use_part(use.id, "legal-basis"), (*loc, "legal_basis"))
        unit.add(subject, DPV.hasLegalBasis, basis)
        unit.add(basis, RDF.type, DPV.LegalBasis)
        unit.text(basis, DCTERMS.description, legal.legal_basis)


def _usages(unit: GraphUnit, iris: Iris, use: Use, subject: URIRef) -> None:
    """prov:used for each dataset, table and variable named, and a prov:Usage with its years."""
    count = 0

    def usage(
        entity: URIRef, years: Years | None, loc: FieldPath, *, dataset: bool = False, opened: bool = False
    ) -> None:
        nonlocal count
        count += 1
        node = unit.node(iris.use_part(use.id, f"usage-{count}"), loc)
        unit.add(subject, PROV.used, entity)
        if dataset:  # DCAT-AP's dct:isReferencedBy: the feed says which uses a dataset has
            unit.add(entity, DCTERMS.isReferencedBy, subject)
        unit.add(subject, PROV.qualifiedUsage, node)
        unit.add(node, RDF.type, PROV.Usage)
        unit.add(node, PROV.entity, entity)
        if opened:
            unit.add(node, PROV.hadRole, HDC.OpenedDataset)
        if years is not None:
            node_years = URIRef(f"{node}-years")
            unit.add(node, DCTERMS.temporal, node_years)
            unit.add(node_years, RDF.type, DCTERMS.PeriodOfTime)
            unit.add(node_years, DCAT.startDate, Literal(str(years.start), datatype=XSD.gYear))
            unit.add(node_years, DCAT.endDate, Literal(str(years.end), datatype=XSD.gYear))

    for d, used in enumerate(use.datasets):
        dloc: FieldPath = (*ROOT, "datasets", d)
        usage(iris.dataset(used.dataset), used.years, dloc, dataset=True)
        for t, table in enumerate(used.tables):
            tloc: FieldPath = (*dloc, "tables", t)
            table_years = table.years or used.years
            usage(iris.table(used.dataset, table.name), table_years, tloc)
            for v, variable in enumerate(table.variables):
                entity = iris.variable(used.dataset, table.name, variable.name)
                usage(entity, variable.years or table_years, (*tloc, "variables", v))
    if use.challenge:
        for index, dataset in enumerate(use.challenge.opens):
            usage(
                iris.dataset(dataset), None, (*ROOT, "challenge", "opens", index), dataset=True, opened=True
            )
