"""Point SHACL results back at the producer's YAML: file, line, column and field path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from rdflib import RDFS, SKOS
from rdflib.namespace import DCTERMS, FOAF

from harvester.core.namespaces import CSVW, CV, DCAT, DCATAP, DPV, HDC, HEALTHDCATAP, VCARD
from harvester.core.paths import dotted
from harvester.core.problems import Problem, Severity
from harvester.core.rules.base import Family, Text
from harvester.graph.unit import Origin
from harvester.sources.yaml_document import YamlDocument
from harvester.validation.shacl import ShaclResult

# Graph property → the producer's field name (relative to the node's own YAML object).
FIELDS: dict[str, str] = {
    str(p): f
    for p, f in (
        (DCTERMS.title, "title"),
        (DCTERMS.description, "description"),
        (DCTERMS.identifier, "id"),
        (DCTERMS.publisher, "publisher"),
        (DCTERMS.accessRights, "access_rights"),
        (DCTERMS.accrualPeriodicity, "frequency"),
        (DCTERMS.spatial, "spatial"),
        (DCTERMS.temporal, "temporal"),
        (DCTERMS.language, "language"),
        (DCTERMS.provenance, "provenance"),
        (DCTERMS.type, "type"),
        (DCTERMS.license, "licence"),
        (DCTERMS.format, "format"),
        (DCTERMS.issued, "issued"),
        (DCTERMS.modified, "modified"),
        (DCTERMS.conformsTo, "health.standards"),
        (DCAT.keyword, "keywords"),
        (DCAT.theme, "themes"),
        (DCAT.contactPoint, "contact_point"),
        (DCAT.distribution, "distributions"),
        (DCAT.landingPage, "landing_page"),
        (DCAT.accessURL, "access_url"),
        (DCAT.downloadURL, "download_url"),
        (DCAT.mediaType, "media_type"),
        (DCAT.byteSize, "byte_size"),
        (DCATAP.applicableLegislation, "applicable_legislation"),
        (HEALTHDCATAP.healthCategory, "health.categories"),
        (HEALTHDCATAP.hdab, "health.hdab"),
        (HEALTHDCATAP.populationCoverage, "health.population_coverage"),
        (HEALTHDCATAP.hasCodingSystem, "health.coding_systems"),
        (HEALTHDCATAP.retentionPeriod, "health.retention_period"),
        (HEALTHDCATAP.hasVariables, "tables"),
        (DPV.hasPurpose, "health.purpose"),
        (DPV.hasLegalBasis, "health.legal_basis"),
        (DPV.hasPersonalData, "health.personal_data"),
        (FOAF.name, "name"),
        (CV.contactPoint, "contact"),
        (CV.email, "email"),
        (VCARD.hasEmail, "email"),
        (VCARD.hasURL, "url"),
        (CSVW.name, "name"),
        (CSVW.title, "label"),
        (CSVW.datatype, "datatype"),
        (CSVW.column, "variables"),
        (CSVW.primaryKey, "primary_key"),
        (HDC.codeList, "code_list"),
        (HDC.yearCreated, "history.created"),
        (HDC.yearDeleted, "history.deleted"),
        (HDC.column, "columns"),
        (HDC.referencedTable, "table"),
        (HDC.referencedColumn, "referenced_columns"),
        (RDFS.label, ""),
        (SKOS.prefLabel, "title"),
    )
}

SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def problem_from_result(
    result: ShaclResult,
    origins: Mapping[str, Origin],
    documents: Mapping[str, YamlDocument],
    fallback: Origin,
    family: Family,
) -> Problem:
    """A SHACL result as the producer's problem, `{family}{field}` (our shapes: `catalogue:code_list`)."""
    located = result.value if result.on_value and result.value else result.focus
    origin = origins.get(located) or origins.get(located.split("#", 1)[0]) or fallback
    field = FIELDS.get(result.path or "", "")
    document = documents.get(origin.source)
    loc = (*origin.loc, *[part for part in field.split(".") if part])
    line, column = document.locate(loc) if document else (None, None)
    loc = document.original(loc) if document else loc
    english = result.message_en or "Constraint not met."
    french = result.message_fr or f"Contrainte {family.prefix.rstrip(':')} non respectée : {english}"
    shown = result.value.rstrip("/").rsplit("/", 1)[-1] if result.value else ""
    if shown and shown not in english:
        english = f"{english} (value: {shown})"
        french = f"{french} (valeur : {shown})"
    rule = field or result.shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    text = Text(french, english)
    severity = SEVERITY[result.severity]
    found = family.problem(
        rule, origin.source, text, line=line, column=column, field=dotted(loc), severity=severity
    )
    return replace(found, focus=result.focus)
