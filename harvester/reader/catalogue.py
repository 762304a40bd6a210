"""The typed views of harvester.reader.views, read from the built graph (never from the YAML).

A dataset is known by the id in its IRI (`{base}/dataset/{id}`): for a harvested dataset that is our
local id, not the source's dct:identifier, so its page, its search entry and its IRI agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from harvester.core.namespaces import (
    CSVW,
    CV,
    DCAT,
    DCATAP,
    DPV,
    DQV,
    GEODCATAP,
    HDC,
    HDCQ,
    HEALTHDCATAP,
    OA,
    VCARD,
)
from harvester.reader.nodes import Labels, Node, last_segment, rows, year
from harvester.reader.uses import read_use, use_iris, use_refs
from harvester.reader.views import (
    Agent,
    Catalogue,
    CodeList,
    Collection,
    Dataset,
    Distribution,
    ForeignKey,
    Harvested,
    History,
    Release,
    Table,
    Term,
    Use,
    Variable,
    VariableRef,
)

_TABLE_IRI = re.compile(r"/dataset/([^/#]+)/table/([^/#]+)")
IDENTIFYING = {"DirectIdentifier": "direct", "IndirectIdentifier": "indirect", "NotIdentifying": "no"}


class GraphReader:
    """Typed views of the datasets, tables, variables and code lists of a graph in a pyoxigraph store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.labels = Labels(store)

    def catalogue(self) -> Catalogue:
        """The whole catalogue: its datasets (sorted by id), collections and code lists."""
        node = Node(self.store, self._root_catalogue())
        catalogue = Catalogue(
            title=node.text(DCTERMS.title) or "Catalogue",
            title_en=node.text(DCTERMS.title, "en"),
            description=node.text(DCTERMS.description),
            description_en=node.text(DCTERMS.description, "en"),
            licence=node.first(DCTERMS.license),
        )
        collections = [self._collection(iri) for iri in node.all(DCAT.catalog)]
        member_of = {d: c.id for c in collections for d in c.datasets}
        for iri in self.dataset_iris():
            dataset = self.dataset(iri)
            dataset.collection = member_of.get(dataset.id, "")
            catalogue.datasets.append(dataset)
        catalogue.datasets.sort(key=lambda d: d.id)
        catalogue.collections = sorted(collections, key=lambda c: c.id)
        catalogue.codelists = self._codelists(catalogue)
        catalogue.uses = self.uses()
        return catalogue

    def uses(self) -> list[Use]:
        """The data-use register: every use (project, pilot, challenge), sorted by id."""
        return [self.use(iri) for iri in use_iris(self.store)]

    def use(self, iri: str) -> Use:
        return read_use(self.store, iri, self._agent)

    def dataset_iris(self) -> list[str]:
        """Every dataset that is not a release of another (releases are read with their dataset); a
        harvested dataset in a series of its source's is a dataset of its own."""
        found = rows(
            self.store,
            "SELECT DISTINCT ?d WHERE { ?d a dcat:Dataset FILTER NOT EXISTS { ?p dcat:hasVersion ?d } "
            "FILTER(isIRI(?d)) }",
        )
        return sorted(row["d"] for row in found)

    def dataset(self, iri: str) -> Dataset:
        node = Node(self.store, iri)
        text, first, terms = node.text, node.first, self._terms
        dataset = Dataset(
            id=last_segment(iri),
            identifier=first(DCTERMS.identifier),
            iri=iri,
            title=text(DCTERMS.title),
            title_en=text(DCTERMS.title, "en"),
            acronym=first(DCTERMS.alternative),
            description=text(DCTERMS.description),
            description_en=text(DCTERMS.description, "en"),
            publisher=self._agent(first(DCTERMS.publisher)),
            contact=self._agent(first(DCAT.contactPoint)),
            hdab=self._agent(first(HEALTHDCATAP.hdab)),
            custodian=self._agent(first(GEODCATAP.custodian)),
            access_rights=self._term(first(DCTERMS.accessRights)),
            legislation=terms(node.all(DCATAP.applicableLegislation)),
            spatial=terms(node.all(DCTERMS.spatial)),
            population=text(HEALTHDCATAP.populationCoverage),
            records=first(HEALTHDCATAP.numberOfRecords),
            individuals=first(HEALTHDCATAP.numberOfUniqueIndividuals),
            ages=(first(HEALTHDCATAP.minTypicalAge), first(HEALTHDCATAP.maxTypicalAge)),
            themes=terms(node.all(DCAT.theme)),
            health_categories=terms(node.all(HEALTHDCATAP.healthCategory)),
            coding_systems=terms(node.all(HEALTHDCATAP.hasCodingSystem)),
            personal_data=terms(node.all(DPV.hasPersonalData)),
            frequency=self._term(first(DCTERMS.accrualPeriodicity)),
            keywords=node.texts(DCAT.keyword, "fr") or _other_languages(node.literals(DCAT.keyword)),
            keywords_en=node.texts(DCAT.keyword, "en"),
            landing_page=first(DCAT.landingPage),
            documentation=node.all(FOAF.page),
            issued=first(DCTERMS.issued),
            modified=first(DCTERMS.modified),
            reviewed=first(HDCQ.reviewed),
            version=first(DCAT.version),
            technical_quality=text(HDCQ.technicalQuality),
            quality_management=text(HDCQ.qualityManagement),
        )
        dataset.quality_certificates = self._certificates(node)
        dataset.title_lang = _shown_language(node.literals(DCTERMS.title), dataset.title)
        dataset.description_lang = _shown_language(node.literals(DCTERMS.description), dataset.description)
        dataset.harvested = self._harvested(node)
        dataset.uses = use_refs(self.store, node)
        dataset.legal_basis = self._described(first(DPV.hasLegalBasis))
        dataset.purpose = self._described(first(DPV.hasPurpose))
        provenance = first(DCTERMS.provenance)
        if provenance:
            dataset.provenance = Node(self.store, provenance).text(RDFS.label)
        temporal = first(DCTERMS.temporal)
        if temporal:
            period = Node(self.store, temporal)
            dataset.temporal = (period.first(DCAT.startDate), period.first(DCAT.endDate))
        dataset.distributions = [self._distribution(d) for d in node.all(DCAT.distribution)]
        releases = (self._release(r) for r in node.all(DCAT.hasVersion))
        dataset.releases = sorted(releases, key=lambda r: r.year)
        dictionary = first(HEALTHDCATAP.hasVariables)
        if dictionary:
            tables = [self._table(t) for t in Node(self.store, dictionary).all(CSVW.table)]
            dataset.tables = sorted(tables, key=lambda t: t.name)
        return dataset

    # --- parts of a dataset -------------------------------------------------------------------

    def _certificates(self, dataset: Node) -> list[str]:
        """The bodies of the dataset's quality certificates (HealthDCAT-AP dqv:hasQualityAnnotation)."""
        found = []
        for annotation in dataset.all(DQV.hasQualityAnnotation):
            node = Node(self.store, annotation)
            if str(DQV.QualityCertificate) in node.all(RDF.type):
                found += node.all(OA.hasBody) or [annotation]
        return sorted(found)

    def _harvested(self, dataset: Node) -> Harvested | None:
        activity = dataset.first(PROV.wasGeneratedBy)
        if not activity:
            return None
        harvest = Node(self.store, activity)
        if str(HDC.Harvest) not in harvest.all(RDF.type):
            return None
        return Harvested(
            source=harvest.first(RDFS.label).removeprefix("catalogue harvest "),
            source_url=harvest.first(PROV.used),
            original_iri=dataset.first(PROV.wasDerivedFrom),
            harvested_at=harvest.first(PROV.endedAtTime),
        )

    def _root_catalogue(self) -> str:
        """The catalogue no other catalogue lists (collections are sub-catalogues)."""
        quads = self.store.quads_for_pattern
        typed = quads(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DCAT.Catalog)))
        catalogs = {q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}
        listed = quads(None, ox.NamedNode(str(DCAT.catalog)), None)
        children = {q.object.value for q in listed if isinstance(q.object, ox.NamedNode)}
        roots = sorted(catalogs - children)
        return roots[0] if roots else ""

    def _collection(self, iri: str) -> Collection:
        node = Node(self.store, iri)
        return Collection(
            id=node.first(DCTERMS.identifier) or last_segment(iri),
            title=node.text(DCTERMS.title),
            title_en=node.text(DCTERMS.title, "en"),
            description=node.text(DCTERMS.description),
            homepage=node.first(FOAF.homepage),
            datasets=sorted(last_segment(d) for d in node.all(DCAT.dataset)),
        )

    def _agent(self, iri: str) -> Agent | None:
        if not iri:
            return None
        node = Node(self.store, iri)
        agent = Agent(
            name=node.text(FOAF.name) or node.text(VCARD.fn),
            name_en=node.text(FOAF.name, "en"),
            url=node.first(FOAF.homepage) or node.first(VCARD.hasURL),
            email=(node.first(VCARD.hasEmail) or node.first(FOAF.mbox)).removeprefix("mailto:"),
            telephone=node.first(VCARD.hasTelephone),
        )
        contact_iri = node.first(CV.contactPoint)
        if contact_iri:
            contact = Node(self.store, contact_iri)
            agent.email = agent.email or contact.first(CV.email)
            agent.contact_url = contact.first(CV.contactPage)
            agent.telephone = agent.telephone or contact.first(CV.telephone)
        return agent if (agent.name or agent.email or agent.url) else None

    def _described(self, iri: str) -> str:
        return Node(self.store, iri).text(DCTERMS.description) if iri else ""

    def _terms(self, iris: list[str]) -> list[Term]:
        return [Term(last_segment(i), self.labels(i), self.labels(i, "en"), i) for i in iris]

    def _term(self, iri: str) -> Term | None:
        return self._terms([iri])[0] if iri else None

    def _release(self, iri: str) -> Release:
        node = Node(self.store, iri)
        release = Release(
            year=node.first(DCAT.version) or last_segment(iri),
            title=node.text(DCTERMS.title),
            issued=node.first(DCTERMS.issued),
        )
        release.distributions = [self._distribution(d) for d in node.all(DCAT.distribution)]
        for distribution in release.distributions:
            distribution.release = release.year
        return release

    def _distribution(self, iri: str) -> Distribution:
        node = Node(self.store, iri)
        file_format = node.first(DCTERMS["format"])
        return Distribution(
            id=node.first(DCTERMS.identifier) or last_segment(iri),
            title=node.text(DCTERMS.title),
            description=node.text(DCTERMS.description),
            access_url=node.first(DCAT.accessURL),
            download_url=node.first(DCAT.downloadURL),
            format=last_segment(file_format) if file_format else "",
            media_type=node.first(DCAT.mediaType).rsplit("media-types/", 1)[-1],
            licence=self._term(node.first(DCTERMS.license)),
            byte_size=node.first(DCAT.byteSize),
        )

    def _table(self, iri: str) -> Table:
        node = Node(self.store, iri)
        match = _TABLE_IRI.search(iri)
        table = Table(
            dataset=unquote(match.group(1)) if match else "",
            name=node.first(DCTERMS.identifier),
            title=node.text(DCTERMS.title),
            title_en=node.text(DCTERMS.title, "en"),
            description=node.text(DCTERMS.description),
            scope=node.text(SKOS.scopeNote),
            note=node.text(SKOS.note),
            name_pattern=node.first(HDC.namePattern),
            primary_key=[str(v.value) for v in node.literals(CSVW.primaryKey)],
            history=_history(node),
            iri=iri,
        )
        table.foreign_keys = [self._foreign_key(fk) for fk in node.all(CSVW.foreignKey)]
        variables = [_variable(Node(self.store, c)) for c in node.all(CSVW.column)]
        table.variables = sorted(variables, key=lambda v: (v.ordinal, v.name))
        return table

    def _foreign_key(self, iri: str) -> ForeignKey:
        """Local and referenced column names (RDF keeps no order: sorted, as every reader sees them)."""
        node = Node(self.store, iri)
        target = node.first(HDC.referencedTable)
        match = _TABLE_IRI.search(target)
        return ForeignKey(
            columns=[last_segment(c) for c in node.all(HDC.column)] or node.all(CSVW.columnReference),
            dataset=unquote(match.group(1)) if match else "",
            table=unquote(match.group(2)) if match else last_segment(target),
            referenced_columns=[last_segment(c) for c in node.all(HDC.referencedColumn)],
        )

    def _codelists(self, catalogue: Catalogue) -> list[CodeList]:
        used: dict[str, list[VariableRef]] = defaultdict(list)
        for dataset in catalogue.datasets:
            for table in dataset.tables:
                for variable in table.variables:
                    if variable.code_list:
                        reference = VariableRef(dataset.id, table.name, variable.name, variable.label)
                        used[variable.code_list].append(reference)
        query = "SELECT DISTINCT ?s WHERE { ?s a skos:ConceptScheme FILTER(CONTAINS(STR(?s), '/codelist/')) }"
        codelists = []
        for row in rows(self.store, query):
            node = Node(self.store, row["s"])
            ident = node.first(DCTERMS.identifier) or last_segment(row["s"])
            codelists.append(
                CodeList(
                    id=ident,
                    iri=row["s"],
                    title=node.text(DCTERMS.title) or node.text(SKOS.prefLabel) or ident,
                    title_en=node.text(DCTERMS.title, "en"),
                    description=node.text(DCTERMS.description),
                    maintainer=node.first(HDC.maintainer),
                    empty_reason=node.text(HDC.emptyReason),
                    empty_reason_en=node.text(HDC.emptyReason, "en"),
                    version=node.first(OWL.versionInfo),
                    source=node.first(DCTERMS.source),
                    count=int(node.first(HDC.codeCount) or 0),
                    used_by=used.get(ident, []),
                )
            )
        return sorted(codelists, key=lambda c: c.id)


def _history(node: Node) -> History:
    missing = tuple(sorted({y for y in (year(v) for v in node.all(HDC.yearMissing)) if y}))
    return History(year(node.first(HDC.yearCreated)), year(node.first(HDC.yearDeleted)), missing)


def _variable(node: Node) -> Variable:
    identifying = node.first(HDC.identifying)
    label = node.text(CSVW.title)
    description = node.text(DCTERMS.description)
    code_list = node.first(HDC.codeList)
    return Variable(
        name=node.first(CSVW.name),
        label=label,
        label_en=node.text(CSVW.title, "en"),
        # The graph repeats the label as description when there is none (HealthDCAT-AP wants one).
        description="" if description == label else description,
        datatype=node.first(CSVW.datatype),
        unit=node.first(HDC.unit),
        length=node.first(HDC.length),
        storage_type=node.first(HDC.storageType),
        format=node.first(HDC["format"]),
        code_list=last_segment(code_list) if code_list else "",
        identifying=IDENTIFYING.get(last_segment(identifying), "") if identifying else "",
        history=_history(node),
        ordinal=int(node.first(HDC.ordinal) or 0),
        iri=node.iri,
    )


def _shown_language(values: list[ox.Literal], shown: str) -> str:
    """The language of the text shown, when it is not French ("" for French or none)."""
    language = next((value.language or "" for value in values if str(value.value) == shown), "")
    return "" if language == "fr" else language


def _other_languages(values: list[ox.Literal]) -> list[str]:
    """When there is no French keyword: those in a language other than English (shown apart), or none."""
    return sorted({str(value.value) for value in values if value.language != "en"})
