"""The official profiles a published record must meet: DCAT-AP 3.0.1, and the HealthDCAT-AP R8 tier
of its access rights (ontology/official/README.md says what is loaded and why)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import DCTERMS, Graph, URIRef

from harvester.core import resources
from harvester.core.namespaces import PREFIX_IRIS
from harvester.core.rules import official as rules
from harvester.core.rules.base import Text
from harvester.core.vocabularies import AUTHORITY
from harvester.validation.shacl import ShaclResult, ShapesSet

DCAT_AP_FILES = ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")
TIER_FILES = ("range.ttl", "{tier}-shapes.ttl", "mdr-vocabularies.shape.ttl")
# Access right → HealthDCAT-AP tier.
TIERS = {"PUBLIC": "public", "RESTRICTED": "restricted", "NON_PUBLIC": "non-public"}


@dataclass(frozen=True)
class Profile:
    name: str  # "dcat-ap" or "healthdcat-ap-<tier>": the key of its validation cache
    label: str  # as people name it
    shapes: ShapesSet


@cache
def profile(tier: str | None) -> Profile:
    """DCAT-AP 3.0.1 alone (`tier` None), or merged with one HealthDCAT-AP tier."""
    files = [resources.ontology("official", "dcat-ap-3.0.1", name) for name in DCAT_AP_FILES]
    if tier is None:
        return Profile("dcat-ap", "DCAT-AP 3.0.1", ShapesSet("dcat-ap", files))
    files += [resources.ontology("official", "healthdcat-ap-r8", n.format(tier=tier)) for n in TIER_FILES]
    name = f"healthdcat-ap-{tier}"
    return Profile(name, f"HealthDCAT-AP R8 ({tier})", ShapesSet(name, files))


@cache
def class_hierarchy() -> Graph:
    """The subclass statements the range shapes need (ontology/official/class-hierarchy.ttl)."""
    return Graph().parse(resources.ontology("official", "class-hierarchy.ttl"))


def profile_of(graph: Graph, record: URIRef) -> Profile:
    """The profile a record is judged by: the tier of its access rights, else DCAT-AP alone."""
    rights = str(graph.value(record, DCTERMS.accessRights) or "")
    return profile(TIERS.get(rights.removeprefix(AUTHORITY + "access-right/")))


def broken_text(result: ShaclResult, record: str) -> Text:
    """What the record breaks, from the constraint itself, in both languages."""
    on = rules.ON.format(focus=result.focus) if result.focus != record else Text("", "")
    values = {
        "path": compact(result.path or ""),
        "parameter": compact(result.parameter),
        "component": result.component,
        "detail": result.message_en,
    }
    template = rules.BROKEN.get(result.component, rules.OTHER)
    return Text(template.fr.format(**values, on=on.fr), template.en.format(**values, on=on.en))


def judged_text(result: ShaclResult, record: str, label: str) -> Text:
    """The message of an official result: left out when it is a violation, else published anyway."""
    broken = broken_text(result, record)
    frame = rules.LEFT_OUT if result.severity == "error" else rules.NOT_MET
    return Text(
        frame.fr.format(profile=label, broken=broken.fr), frame.en.format(profile=label, broken=broken.en)
    )


def compact(iri: str) -> str:
    """`dct:title` for an IRI of a known namespace, else the IRI."""
    best = ""
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIX_IRIS.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIX_IRIS[best]) :]}" if best else iri
