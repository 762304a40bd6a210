"""The data-use register's views (harvester.reader.views.Use), read from the built graph: what
harvester/graph/use_graph.py writes (PROV-O, DCTERMS, DPV, FaBiO and the few hdc: terms)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF

from harvester.core.namespaces import ADMS, DCAT, DPV, FABIO, HDC
from harvester.reader.nodes import Node, last_segment, rows, year
from harvester.reader.views import Agent, LegalFramework, Output, Use, UsedItem, UseRef

KINDS = {str(HDC.ProjectUse): "project", str(HDC.PilotUse): "pilot", str(HDC.ChallengeUse): "challenge"}
STATUSES = {
    str(HDC.Requested): "requested",
    str(HDC.Authorised): "authorised",
    str(HDC.Running): "running",
    str(HDC.Finished): "finished",
}
OUTPUT_KINDS = {
    str(FABIO.ResearchPaper): "publication",
    str(FABIO.ComputerProgram): "code",
    str(FABIO.WebPage): "results",
    str(FABIO.ReportDocument): "report",
}
_ITEM_IRI = re.compile(r"/dataset/([^/#]+)(?:/table/([^/#]+)(?:/variable/([^/#]+))?)?$")

AgentReader = Callable[[str], Agent | None]


def use_iris(store: ox.Store) -> list[str]:
    return sorted(row["u"] for row in rows(store, "SELECT DISTINCT ?u WHERE { ?u a hdc:DataUse }"))


def read_use(store: ox.Store, iri: str, agent: AgentReader) -> Use:
    node = Node(store, iri)
    text, first = node.text, node.first
    purpose = Node(store, first(DPV.hasPurpose))
    period = Node(store, first(DCTERMS.temporal))
    window = Node(store, first(HDC.submissionPeriod))
    organisations = [agent(o) for o in node.all(PROV.wasAssociatedWith)]
    return Use(
        id=last_segment(iri),
        iri=iri,
        kind=KINDS.get(first(DCTERMS.type), ""),
        status=STATUSES.get(first(ADMS.status), ""),
        title=text(DCTERMS.title),
        title_en=text(DCTERMS.title, "en"),
        summary=text(DCTERMS.description),
        summary_en=text(DCTERMS.description, "en"),
        purpose=purpose.text(DCTERMS.description),
        purpose_en=purpose.text(DCTERMS.description, "en"),
        public_interest=text(HDC.publicInterest),
        public_interest_en=text(HDC.publicInterest, "en"),
        organisations=[o for o in organisations if o is not None],
        contact=agent(first(DCAT.contactPoint)),
        legal=LegalFramework(
            authorisation=first(HDC.authorisation),
            authorisation_date=first(HDC.authorisationDate),
            cesrees_opinion=first(HDC.cesreesOpinion),
            methodology=last_segment(first(DCTERMS.conformsTo)) if first(DCTERMS.conformsTo) else "",
            legal_basis=Node(store, first(DPV.hasLegalBasis)).text(DCTERMS.description),
        ),
        period=(period.first(DCAT.startDate), period.first(DCAT.endDate)),
        submissions=(window.first(DCAT.startDate), window.first(DCAT.endDate)),
        keywords=node.texts(DCAT.keyword, "fr"),
        used=_used(store, node),
        outputs=sorted((_output(store, o) for o in node.all(PROV.generated)), key=_output_order),
        source=first(HDC.sourceFile),
    )


def use_refs(store: ox.Store, dataset: Node) -> list[UseRef]:
    """The uses a dataset is referenced by (dct:isReferencedBy), sorted by id."""
    found = []
    for iri in dataset.all(DCTERMS.isReferencedBy):
        node = Node(store, iri)
        if str(HDC.DataUse) not in node.all(RDF.type):
            continue
        found.append(
            UseRef(
                id=last_segment(iri),
                iri=iri,
                kind=KINDS.get(node.first(DCTERMS.type), ""),
                status=STATUSES.get(node.first(ADMS.status), ""),
                title=node.text(DCTERMS.title),
                title_en=node.text(DCTERMS.title, "en"),
                outputs=len(node.all(PROV.generated)),
            )
        )
    return sorted(found, key=lambda ref: ref.id)


def _used(store: ox.Store, use: Node) -> list[UsedItem]:
    items: dict[tuple[str, str, str, bool], UsedItem] = {}
    for usage_iri in use.all(PROV.qualifiedUsage):
        usage = Node(store, usage_iri)
        match = _ITEM_IRI.search(usage.first(PROV.entity))
        if not match:
            continue
        dataset, table, variable = (unquote(part) if part else "" for part in match.groups())
        years = Node(store, usage.first(DCTERMS.temporal))
        opened = usage.first(PROV.hadRole) == str(HDC.OpenedDataset)
        item = UsedItem(
            dataset=dataset,
            table=table,
            variable=variable,
            years=(year(years.first(DCAT.startDate)), year(years.first(DCAT.endDate))),
            opened=opened,
            iri=usage.first(PROV.entity),
        )
        items.setdefault((dataset, table, variable, opened), item)
    return [items[key] for key in sorted(items)]


def _output(store: ox.Store, iri: str) -> Output:
    node = Node(store, iri)
    doi = node.first(DCTERMS.identifier)
    pages = [page for page in node.all(FOAF.page) if not page.startswith("https://doi.org/")]
    kind = next((OUTPUT_KINDS[t] for t in node.all(RDF.type) if t in OUTPUT_KINDS), "other")
    return Output(
        kind=kind,
        title=node.text(DCTERMS.title),
        title_en=node.text(DCTERMS.title, "en"),
        url=pages[0] if pages else (f"https://doi.org/{doi}" if doi else ""),
        doi=doi,
        issued=node.first(DCTERMS.issued),
        iri=iri,
    )


def _output_order(output: Output) -> int:
    """The producer's order (outputs are minted `#output-1`, `#output-2`…)."""
    number = output.iri.rsplit("-", 1)[-1]
    return int(number) if number.isdigit() else 0
