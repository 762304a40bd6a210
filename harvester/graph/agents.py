"""Agents (publisher, HDAB, custodian) and contact points."""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from harvester.core import vocabularies
from harvester.core.namespaces import CV, VCARD
from harvester.core.paths import FieldPath
from harvester.graph.unit import GraphUnit
from harvester.model.common import Contact, Organization


def add_organization(unit: GraphUnit, iri: URIRef, org: Organization, loc: FieldPath) -> URIRef:
    agent = unit.node(iri, loc)
    unit.add(agent, RDF.type, FOAF.Agent)
    unit.add(agent, RDF.type, FOAF.Organization)
    unit.text(agent, FOAF.name, org.name)
    if org.description:
        # HealthDCAT-AP allows one description per publisher: the French one.
        unit.add(agent, DCTERMS.description, Literal(org.description.fr, lang="fr"))
    unit.term(agent, DCTERMS.type, vocabularies.iri("publisher-type", org.type))
    if org.url:
        unit.add(agent, FOAF.homepage, URIRef(str(org.url)))
    contact = unit.node(URIRef(f"{iri}-contact"), (*loc, "contact"))
    unit.add(agent, CV.contactPoint, contact)
    unit.add(contact, RDF.type, CV.ContactPoint)
    if org.contact.email:
        unit.add(contact, CV.email, Literal(org.contact.email))
    if org.contact.url:
        unit.add(contact, CV.contactPage, URIRef(str(org.contact.url)))
    if org.contact.telephone:
        unit.add(contact, CV.telephone, Literal(org.contact.telephone))
    return agent


def add_vcard(unit: GraphUnit, iri: URIRef, contact: Contact, loc: FieldPath) -> URIRef:
    """A dataset's contact point, as DCAT-AP wants it (vcard:Kind)."""
    kind = unit.node(iri, loc)
    unit.add(kind, RDF.type, VCARD.Kind)
    unit.add(kind, RDF.type, VCARD.Organization)
    if contact.name:
        unit.add(kind, VCARD.fn, Literal(contact.name.fr))
    if contact.email:
        unit.add(kind, VCARD.hasEmail, URIRef(f"mailto:{contact.email}"))
    if contact.url:
        unit.add(kind, VCARD.hasURL, URIRef(str(contact.url)))
    if contact.telephone:
        unit.add(kind, VCARD.hasTelephone, Literal(contact.telephone, datatype=XSD.string))
    return kind
