"""The site's model (harvester.reader.views) read from the built graph, never from the YAML."""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import unquote

import pyoxigraph as ox

from harvester.reader.nodes import (
    CSVW,
    CV,
    DCAT,
    DCATAP,
    DCT,
    DPV,
    FOAF,
    GEODCATAP,
    HDC,
    HEALTH,
    OWL_VERSION,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS,
    VCARD,
    Labels,
    Node,
    last_segment,
    rows,
    value,
)
from harvester.reader.views import (
    Agent,
    Catalogue,
    CodeList,
    Collection,
    Dataset,
    Distribution,
    ForeignKey,
    History,
    Release,
    Table,
    Term,
    Variable,
    VariableRef,
)

_TABLE_IRI = re.compile(r"/dataset/([^/#]+)/table/([^/#]+)")
IDENTIFYING = {"DirectIdentifier": "direct", "IndirectIdentifier": "indirect", "NotIdentifying": "no"}


def read_catalogue(store: ox.Store) -> Catalogue:
    labels = Labels(store)
    catalogue_iri = _root_catalogue(store)
    node = Node(store, catalogue_iri)
    catalogue = Catalogue(
        title=node.text(f"{DCT}title") or "Catalogue",
        title_en=node.text(f"{DCT}title", "en"),
        description=node.text(f"{DCT}description"),
        description_en=node.text(f"{DCT}description", "en"),
        licence=node.first(f"{DCT}license"),
    )
    collections = [_collection(store, iri) for iri in node.all(f"{DCAT}catalog")]
    member_of = {d: c.id for c in collections for d in c.datasets}
    for iri in _top_datasets(store):
        dataset = _dataset(store, labels, iri)
        dataset.collection = member_of.get(dataset.id, "")
        catalogue.datasets.append(dataset)
    catalogue.datasets.sort(key=lambda d: d.id)
    catalogue.collections = sorted(collections, key=lambda c: c.id)
    catalogue.codelists = _codelists(store, catalogue)
    return catalogue


def _root_catalogue(store: ox.Store) -> str:
    """The catalogue no other catalogue lists (collections are sub-catalogues)."""
    catalogs = {
        value(q.subject)
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(f"{DCAT}Catalog"))
    }
    children = {value(q.object) for q in store.quads_for_pattern(None, ox.NamedNode(f"{DCAT}catalog"), None)}
    roots = sorted(catalogs - children)
    return roots[0] if roots else ""


def _top_datasets(store: ox.Store) -> list[str]:
    found = rows(
        store,
        """SELECT DISTINCT ?d WHERE { ?d a dcat:Dataset ; dct:identifier ?id .
           FILTER NOT EXISTS { ?d dcat:inSeries ?s } }""",
    )
    return sorted(row["d"] for row in found)


def _collection(store: ox.Store, iri: str) -> Collection:
    node = Node(store, iri)
    datasets = [Node(store, d).first(f"{DCT}identifier") for d in node.all(f"{DCAT}dataset")]
    return Collection(
        id=node.first(f"{DCT}identifier") or last_segment(iri),
        title=node.text(f"{DCT}title"),
        title_en=node.text(f"{DCT}title", "en"),
        description=node.text(f"{DCT}description"),
        homepage=node.first(f"{FOAF}homepage"),
        datasets=sorted(d for d in datasets if d),
    )


def _agent(store: ox.Store, iri: str) -> Agent | None:
    if not iri:
        return None
    node = Node(store, iri)
    name = node.text(f"{FOAF}name") or node.text(f"{VCARD}fn")
    agent = Agent(name=name, name_en=node.text(f"{FOAF}name", "en"), url=node.first(f"{FOAF}homepage"))
    agent.url = agent.url or node.first(f"{VCARD}hasURL")
    agent.email = node.first(f"{VCARD}hasEmail").removeprefix("mailto:")
    agent.telephone = node.first(f"{VCARD}hasTelephone")
    contact_iri = node.first(f"{CV}contactPoint")
    if contact_iri:
        contact = Node(store, contact_iri)
        agent.email = agent.email or contact.first(f"{CV}email")
        agent.contact_url = contact.first(f"{CV}contactPage")
        agent.telephone = agent.telephone or contact.first(f"{CV}telephone")
    return agent if (agent.name or agent.email or agent.url) else None


def _terms(labels: Labels, iris: list[str]) -> list[Term]:
    return [Term(last_segment(i), labels(i), labels(i, "en"), i) for i in iris]


def _term(labels: Labels, iri: str) -> Term | None:
    return _terms(labels, [iri])[0] if iri else None


def _dataset(store: ox.Store, labels: Labels, iri: str) -> Dataset:
    node = Node(store, iri)
    text = node.text
    dataset = Dataset(
        id=node.first(f"{DCT}identifier"),
        iri=iri,
        title=text(f"{DCT}title"),
        title_en=text(f"{DCT}title", "en"),
        acronym=node.first(f"{DCT}alternative"),
        description=text(f"{DCT}description"),
        description_en=text(f"{DCT}description", "en"),
        publisher=_agent(store, node.first(f"{DCT}publisher")),
        contact=_agent(store, node.first(f"{DCAT}contactPoint")),
        hdab=_agent(store, node.first(f"{HEALTH}hdab")),
        custodian=_agent(store, node.first(f"{GEODCATAP}custodian")),
        access_rights=_term(labels, node.first(f"{DCT}accessRights")),
        legislation=_terms(labels, node.all(f"{DCATAP}applicableLegislation")),
        spatial=_terms(labels, node.all(f"{DCT}spatial")),
        population=text(f"{HEALTH}populationCoverage"),
        records=node.first(f"{HEALTH}numberOfRecords"),
        individuals=node.first(f"{HEALTH}numberOfUniqueIndividuals"),
        ages=(node.first(f"{HEALTH}minTypicalAge"), node.first(f"{HEALTH}maxTypicalAge")),
        themes=_terms(labels, node.all(f"{DCAT}theme")),
        health_categories=_terms(labels, node.all(f"{HEALTH}healthCategory")),
        coding_systems=_terms(labels, node.all(f"{HEALTH}hasCodingSystem")),
        personal_data=_terms(labels, node.all(f"{DPV}hasPersonalData")),
        frequency=_term(labels, node.first(f"{DCT}accrualPeriodicity")),
        keywords=node.texts(f"{DCAT}keyword", "fr"),
        keywords_en=node.texts(f"{DCAT}keyword", "en"),
        landing_page=node.first(f"{DCAT}landingPage"),
        documentation=node.all(f"{FOAF}page"),
        issued=node.first(f"{DCT}issued"),
        modified=node.first(f"{DCT}modified"),
        version=node.first(f"{DCAT}version"),
    )
    for predicate, attribute in ((f"{DPV}hasLegalBasis", "legal_basis"), (f"{DPV}hasPurpose", "purpose")):
        target = node.first(predicate)
        if target:
            setattr(dataset, attribute, Node(store, target).text(f"{DCT}description"))
    provenance = node.first(f"{DCT}provenance")
    if provenance:
        dataset.provenance = Node(store, provenance).text(RDFS_LABEL)
    temporal = node.first(f"{DCT}temporal")
    if temporal:
        period = Node(store, temporal)
        dataset.temporal = (period.first(f"{DCAT}startDate"), period.first(f"{DCAT}endDate"))
    dataset.distributions = [_distribution(store, labels, d) for d in node.all(f"{DCAT}distribution")]
    dataset.releases = sorted(
        (_release(store, labels, r) for r in node.all(f"{DCAT}hasVersion")), key=lambda r: r.year
    )
    dictionary = node.first(f"{HEALTH}hasVariables")
    if dictionary:
        tables = [_table(store, t) for t in Node(store, dictionary).all(f"{CSVW}table")]
        dataset.tables = sorted(tables, key=lambda t: t.name)
    return dataset


def _release(store: ox.Store, labels: Labels, iri: str) -> Release:
    node = Node(store, iri)
    release = Release(
        year=node.first(f"{DCAT}version") or last_segment(iri),
        title=node.text(f"{DCT}title"),
        issued=node.first(f"{DCT}issued"),
    )
    release.distributions = [_distribution(store, labels, d) for d in node.all(f"{DCAT}distribution")]
    for distribution in release.distributions:
        distribution.release = release.year
    return release


def _distribution(store: ox.Store, labels: Labels, iri: str) -> Distribution:
    node = Node(store, iri)
    return Distribution(
        id=node.first(f"{DCT}identifier") or last_segment(iri),
        title=node.text(f"{DCT}title"),
        description=node.text(f"{DCT}description"),
        access_url=node.first(f"{DCAT}accessURL"),
        download_url=node.first(f"{DCAT}downloadURL"),
        format=last_segment(node.first(f"{DCT}format")) if node.first(f"{DCT}format") else "",
        media_type=node.first(f"{DCAT}mediaType").rsplit("media-types/", 1)[-1],
        licence=_term(labels, node.first(f"{DCT}license")),
        byte_size=node.first(f"{DCAT}byteSize"),
    )


def _year(value: str) -> int | None:
    match = re.match(r"^(\d{4})", value)
    return int(match.group(1)) if match else None


def _history(node: Node) -> History:
    missing = tuple(sorted({y for y in (_year(v) for v in node.all(f"{HDC}yearMissing")) if y}))
    return History(_year(node.first(f"{HDC}yearCreated")), _year(node.first(f"{HDC}yearDeleted")), missing)


def _table(store: ox.Store, iri: str) -> Table:
    node = Node(store, iri)
    match = _TABLE_IRI.search(iri)
    table = Table(
        dataset=unquote(match.group(1)) if match else "",
        name=node.first(f"{DCT}identifier"),
        title=node.text(f"{DCT}title"),
        title_en=node.text(f"{DCT}title", "en"),
        description=node.text(f"{DCT}description"),
        scope=node.text(f"{SKOS}scopeNote"),
        note=node.text(f"{SKOS}note"),
        name_pattern=node.first(f"{HDC}namePattern"),
        primary_key=[str(v.value) for v in node.literals(f"{CSVW}primaryKey")],
        history=_history(node),
    )
    table.foreign_keys = [_foreign_key(store, fk) for fk in node.all(f"{CSVW}foreignKey")]
    variables = [_variable(Node(store, c)) for c in node.all(f"{CSVW}column")]
    table.variables = sorted(variables, key=lambda v: (v.ordinal, v.name))
    return table


def _foreign_key(store: ox.Store, iri: str) -> ForeignKey:
    """Local and referenced column names (RDF keeps no order: sorted, as every reader sees them)."""
    node = Node(store, iri)
    target = node.first(f"{HDC}referencedTable")
    match = _TABLE_IRI.search(target)
    return ForeignKey(
        columns=[last_segment(c) for c in node.all(f"{HDC}column")] or node.all(f"{CSVW}columnReference"),
        dataset=unquote(match.group(1)) if match else "",
        table=unquote(match.group(2)) if match else last_segment(target),
        referenced_columns=[last_segment(c) for c in node.all(f"{HDC}referencedColumn")],
    )


def _variable(node: Node) -> Variable:
    identifying = last_segment(node.first(f"{HDC}identifying")) if node.first(f"{HDC}identifying") else ""
    label = node.text(f"{CSVW}title")
    description = node.text(f"{DCT}description")
    code_list = node.first(f"{HDC}codeList")
    return Variable(
        name=node.first(f"{CSVW}name"),
        label=label,
        label_en=node.text(f"{CSVW}title", "en"),
        description="" if description == label else description,
        datatype=node.first(f"{CSVW}datatype"),
        unit=node.first(f"{HDC}unit"),
        length=node.first(f"{HDC}length"),
        storage_type=node.first(f"{HDC}storageType"),
        format=node.first(f"{HDC}format"),
        code_list=last_segment(code_list) if code_list else "",
        identifying=IDENTIFYING.get(identifying, ""),
        history=_history(node),
        ordinal=int(node.first(f"{HDC}ordinal") or 0),
    )


def _codelists(store: ox.Store, catalogue: Catalogue) -> list[CodeList]:
    used: dict[str, list[VariableRef]] = defaultdict(list)
    for dataset in catalogue.datasets:
        for table in dataset.tables:
            for variable in table.variables:
                if variable.code_list:
                    used[variable.code_list].append(
                        VariableRef(dataset.id, table.name, variable.name, variable.label)
                    )
    found = rows(
        store, "SELECT DISTINCT ?s WHERE { ?s a skos:ConceptScheme FILTER(CONTAINS(STR(?s), '/codelist/')) }"
    )
    codelists = []
    for row in found:
        node = Node(store, row["s"])
        ident = node.first(f"{DCT}identifier") or last_segment(row["s"])
        codelists.append(
            CodeList(
                id=ident,
                iri=row["s"],
                title=node.text(f"{DCT}title") or node.text(f"{SKOS}prefLabel") or ident,
                title_en=node.text(f"{DCT}title", "en"),
                description=node.text(f"{DCT}description"),
                maintainer=node.first(f"{HDC}maintainer"),
                version=node.first(OWL_VERSION),
                source=node.first(f"{DCT}source"),
                count=int(node.first(f"{HDC}codeCount") or 0),
                used_by=used.get(ident, []),
            )
        )
    return sorted(codelists, key=lambda c: c.id)
