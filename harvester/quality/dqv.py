"""The quality of each dataset in DQV (W3C Data Quality Vocabulary), for the feed and the dataset
descriptions: one dqv:QualityMeasurement per metric of ontology/quality.ttl, attached with
dqv:hasQualityMeasurement, as data.europa.eu's metadata quality assessment publishes its own.

    <dataset> dqv:hasQualityMeasurement <dataset#quality-findabilityScore> .
    <dataset#quality-findabilityScore> a dqv:QualityMeasurement ; dqv:computedOn <dataset> ;
        dqv:isMeasurementOf hdcq:findabilityScore ; dqv:value 85 .

The label's measurements are also hdcq:DraftLabelMeasurement and carry their evidence (rdfs:comment):
computed from the description, not certified.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from harvester.core import resources
from harvester.core.namespaces import DQV, HDCQ
from harvester.quality.assessment import Assessment

_TYPE = ox.NamedNode(str(RDF.type))
_MEASUREMENT = ox.NamedNode(str(DQV.QualityMeasurement))
_DRAFT = ox.NamedNode(str(HDCQ.DraftLabelMeasurement))
_HAS = ox.NamedNode(str(DQV.hasQualityMeasurement))
_ON = ox.NamedNode(str(DQV.computedOn))
_OF = ox.NamedNode(str(DQV.isMeasurementOf))
_VALUE = ox.NamedNode(str(DQV.value))
_COMMENT = ox.NamedNode(str(RDFS.comment))
_INTEGER = ox.NamedNode(str(XSD.integer))
_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))

# The score's dimensions (harvester.quality.score) and the label's elements, to their metrics.
SCORE_METRICS = {
    "overall": "metadataScore",
    "findability": "findabilityScore",
    "accessibility": "accessibilityScore",
    "interoperability": "interoperabilityScore",
    "reusability": "reusabilityScore",
    "contextuality": "contextualityScore",
    "dictionary": "dictionaryScore",
}
LABEL_METRICS = {
    "documentation": "ehdsDocumentationLevel",
    "technical_quality": "ehdsTechnicalQualityLevel",
    "quality_management": "ehdsQualityManagementLevel",
    "coverage": "ehdsCoverageLevel",
    "access": "ehdsAccessLevel",
    "enrichments": "ehdsEnrichmentsLevel",
}


@cache
def vocabulary() -> tuple[ox.Triple, ...]:
    """ontology/quality.ttl: the metrics, dimensions and categories the measurements point to."""
    return tuple(ox.parse(path=str(resources.ontology("quality.ttl")), format=ox.RdfFormat.TURTLE))


@cache
def dimension_labels() -> dict[str, tuple[str, str]]:
    """The French and English labels of the score's dimensions, from the vocabulary."""
    labels: dict[str, dict[str, str]] = {}
    for triple in vocabulary():
        subject, value = triple.subject, triple.object
        if (
            triple.predicate == _PREF_LABEL
            and isinstance(subject, ox.NamedNode)
            and isinstance(value, ox.Literal)
        ):
            labels.setdefault(subject.value, {})[value.language or ""] = value.value
    found = {}
    for dimension, metric in SCORE_METRICS.items():
        of_metric = labels.get(f"{HDCQ}{dimension}", {})
        found[dimension] = (of_metric.get("fr", metric), of_metric.get("en", metric))
    return found


def quality_triples(assessments: Iterable[Assessment]) -> list[ox.Triple]:
    """The measurements of every assessed dataset, and the vocabulary once."""
    triples = list(vocabulary())
    for assessment in assessments:
        triples += _measurements(assessment)
    return triples


def _measurements(assessment: Assessment) -> Iterator[ox.Triple]:
    dataset = ox.NamedNode(assessment.iri)
    values = {"overall": assessment.score.score} | {
        name: round(100 * got / possible) if possible else 0
        for name, (got, possible) in assessment.score.dimensions().items()
    }
    for dimension, value in values.items():
        yield from _measurement(dataset, SCORE_METRICS[dimension], value)
    for element in assessment.label:
        node = ox.NamedNode(f"{assessment.iri}#quality-{LABEL_METRICS[element.name]}")
        yield from _measurement(dataset, LABEL_METRICS[element.name], int(element.level))
        yield ox.Triple(node, _TYPE, _DRAFT)
        yield ox.Triple(node, _COMMENT, ox.Literal(element.evidence_fr, language="fr"))
        yield ox.Triple(node, _COMMENT, ox.Literal(element.evidence_en, language="en"))


def _measurement(dataset: ox.NamedNode, metric: str, value: int) -> Iterator[ox.Triple]:
    node = ox.NamedNode(f"{dataset.value}#quality-{metric}")
    yield ox.Triple(dataset, _HAS, node)
    yield ox.Triple(node, _TYPE, _MEASUREMENT)
    yield ox.Triple(node, _ON, dataset)
    yield ox.Triple(node, _OF, ox.NamedNode(f"{HDCQ}{metric}"))
    yield ox.Triple(node, _VALUE, ox.Literal(str(value), datatype=_INTEGER))
