"""The official DCAT-AP 3.0.1 and HealthDCAT-AP Release 8 shapes, loaded as the official validator does."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from harvester.core.namespaces import DCAT
from harvester.reader.closure import reachable

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
DCAT_AP = SHARED / "dcat-ap-3" / "shacl"
HEALTH = SHARED / "healthdcat-ap" / "release-8"
TIERS = {"PUBLIC": "public", "RESTRICTED": "restricted", "NON_PUBLIC": "non-public"}


@cache
def dcat_ap_shapes() -> Graph:
    shapes = Graph()
    for name in ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"):
        shapes.parse(DCAT_AP / name)
    return shapes


@cache
def healthdcat_shapes(tier: str) -> Graph:
    """DCAT-AP 3 shapes merged with one HealthDCAT-AP tier (the tier shapes reuse DCAT-AP's IRIs)."""
    shapes = Graph()
    shapes += dcat_ap_shapes()
    for path in (
        HEALTH / "ranges" / "range.ttl",
        HEALTH / "shapes" / f"{tier}-shapes.ttl",
        HEALTH / "controlled-vocabularies" / "mdr-vocabularies.shape.ttl",
    ):
        shapes.parse(path)
    # Known defect (shared/reference/healthdcat-ap/README.md): a property shape without sh:path
    # aborts pyshacl. Drop it; the rule it expresses (structured data ⇒ variables) is tested apart.
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if (prop, SH.path, None) not in shapes and (prop, SH["or"], None) in shapes:
            shapes.remove((shape, SH.property, prop))
    return shapes


def violations(data: Graph, shapes: Graph) -> list[str]:
    """Top-level Violations (nested sh:detail results are not counted), as readable lines."""
    from pyshacl import validate

    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
    found = []
    for top in report.subjects(SH.conforms, None):
        for result in report.objects(top, SH.result):
            if (result, SH.resultSeverity, SH.Violation) in report:
                found.append(
                    f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                    f"{report.value(result, SH.resultMessage)}"
                )
    return sorted(found)


def description(graph: Graph, root: URIRef) -> Graph:
    """One dataset's description in the feed (its series included, other records excluded)."""
    records = {s for cls in (DCAT.Dataset, DCAT.Catalog) for s in graph.subjects(RDF.type, cls)}
    series = set(graph.subjects(RDF.type, DCAT.DatasetSeries))
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for triple in graph:
        by_subject[triple[0]].append(triple)
    out = Graph()
    for triple in reachable(root, by_subject, records - series):
        out.add(triple)
    return out
