"""A source's mapping, applied to each record before it is written: filters, languages, defaults.

Configured per source in catalogue.yaml (`include`, `exclude`, `default_language`, `defaults`):
- filters keep or leave out a record by its themes, keywords or publisher, as the source wrote them;
- texts without a language (titles, descriptions, keywords, names) get the source's language; a
  tagged text keeps its own, so a record in Dutch and English stays in Dutch and English;
- defaults fill only what a record lacks (a record with a publisher keeps its publisher).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS, FOAF

from harvester.config import HarvestDefaults, HarvestFilter, HarvestSource
from harvester.core import vocabularies
from harvester.core.namespaces import DCAT, HEALTHDCATAP, VCARD
from harvester.graph.agents import add_organization
from harvester.graph.dataset_graph import licence_iri
from harvester.graph.unit import GraphUnit
from harvester.model.common import Organization
from harvester.remote.records import Draft, Line

TEXT_PREDICATES = frozenset(
    f"<{p}>"
    for p in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.alternative,
        DCAT.keyword,
        FOAF.name,
        VCARD.fn,
        SKOS.prefLabel,
        RDFS.label,
    )
)
PLAIN_STRING = "^^<http://www.w3.org/2001/XMLSchema#string>"
THEME, KEYWORD, PUBLISHER, NAME = (f"<{p}>" for p in (DCAT.theme, DCAT.keyword, DCTERMS.publisher, FOAF.name))
DISTRIBUTION, LICENSE, TYPE = (f"<{p}>" for p in (DCAT.distribution, DCTERMS.license, RDF.type))


def selected(drafts: list[Draft], source: HarvestSource) -> tuple[list[Draft], int]:
    """The drafts the source's filters keep, and how many they left out."""
    kept = [
        draft
        for draft in drafts
        if (source.include is None or _matches(draft, source.include))
        and (source.exclude is None or not _matches(draft, source.exclude))
    ]
    return kept, len(drafts) - len(kept)


def mapped(draft: Draft, source: HarvestSource, base_iri: str) -> Draft:
    """The draft with the source's language on untagged texts and its defaults where it has nothing."""
    lines = draft.lines
    if source.default_language:
        lines = [_tagged(line, source.default_language) for line in lines]
    defaults = _defaults(draft.term, lines, source.defaults, f"{base_iri}/source/{source.id}")
    return Draft(draft.term, draft.iri, draft.page, [*lines, *defaults], draft.identifiers)


def _matches(draft: Draft, wanted: HarvestFilter) -> bool:
    root = draft.term
    themes = {o for s, p, o in draft.lines if s == root and p == THEME}
    wanted_themes = {
        f"<{vocabularies.SCHEMES['data-theme']}{t}>" if "://" not in t else f"<{t}>" for t in wanted.themes
    }
    if themes & wanted_themes:
        return True
    keywords = {_literal_text(o).casefold() for s, p, o in draft.lines if s == root and p == KEYWORD}
    if keywords & {k.casefold() for k in wanted.keywords}:
        return True
    publishers = {o for s, p, o in draft.lines if s == root and p == PUBLISHER}
    names = {_literal_text(o) for s, p, o in draft.lines if s in publishers and p == NAME}
    return bool({f"<{p}>" for p in wanted.publishers} & publishers or set(wanted.publishers) & names)


def _literal_text(term: str) -> str:
    """The lexical form of an N-Triples literal (the text between its quotes, unescaped)."""
    if not term.startswith('"'):
        return ""
    for triple in ox.parse(input=f"<urn:x> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES):
        return str(triple.object.value)
    return ""


def _tagged(line: Line, language: str) -> Line:
    subject, predicate, value = line
    if predicate not in TEXT_PREDICATES or not value.startswith('"'):
        return line
    if value.endswith('"'):
        return subject, predicate, f"{value}@{language}"
    if value.endswith(PLAIN_STRING):
        return subject, predicate, f"{value[: -len(PLAIN_STRING)]}@{language}"
    return line


def _defaults(root: str, lines: list[Line], defaults: HarvestDefaults, base: str) -> list[Line]:
    present = {p for s, p, _ in lines if s == root}
    added: list[Line] = []

    def give(predicate: URIRef, values: list[URIRef]) -> None:
        if f"<{predicate}>" not in present:
            added.extend((root, f"<{predicate}>", f"<{value}>") for value in values)

    give(DCAT.theme, [vocabularies.iri("data-theme", t) for t in defaults.themes])
    if defaults.access_rights:
        give(DCTERMS.accessRights, [vocabularies.iri("access-right", defaults.access_rights)])
    give(
        HEALTHDCATAP.healthCategory,
        [vocabularies.iri("healthcategories", c) for c in defaults.health_categories],
    )
    for predicate, organization, name in (
        (DCTERMS.publisher, defaults.publisher, "publisher"),
        (HEALTHDCATAP.hdab, defaults.hdab, "hdab"),
    ):
        if organization is not None and f"<{predicate}>" not in present:
            agent = f"{base}/{name}"
            added.append((root, f"<{predicate}>", f"<{agent}>"))
            added += _organization_lines(URIRef(agent), organization)
    if defaults.licence:
        licence = licence_iri(defaults.licence)
        distributions = {o for s, p, o in lines if s == root and p == DISTRIBUTION}
        licensed = {s for s, p, _ in lines if s in distributions and p == LICENSE}
        for distribution in sorted(distributions - licensed):
            added.append((distribution, LICENSE, f"<{licence}>"))
        if distributions - licensed:
            added.append((f"<{licence}>", TYPE, f"<{DCTERMS.LicenseDocument}>"))
    return added


def _organization_lines(iri: URIRef, organization: Organization) -> list[Line]:
    unit = GraphUnit("default", "catalogue.yaml")
    add_organization(unit, iri, organization, ())
    text = unit.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return [
        (str(t.subject), str(t.predicate), str(t.object))
        for t in ox.parse(input=text, format=ox.RdfFormat.N_TRIPLES)
    ]
