"""The demo catalogue: valid, conformant to the official profiles, and complete in the graph."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from official_shapes import TIERS, dcat_ap_shapes, description, healthdcat_shapes, violations
from rdflib import RDF, Graph, URIRef

from harvester.core.namespaces import CSVW, DCAT
from harvester.core.vocabularies import AUTHORITY
from harvester.pipeline.build import BuildResult

ROOT = Path(__file__).resolve().parents[1]


def test_demo_catalogue_has_no_errors(demo_build: tuple[BuildResult, Path]) -> None:
    result, _ = demo_build
    errors = [p.as_text() for p in result.problems if p.is_error]
    assert errors == []
    assert sorted(result.verdict.valid_datasets) == sorted(result.assembly.datasets)
    assert result.verdict.invalid_datasets == []


@pytest.fixture(scope="module")
def feed(demo_build: tuple[BuildResult, Path]) -> Graph:
    _, out = demo_build
    return Graph().parse(out / "dcat" / "catalog.ttl")


def test_feed_conforms_to_dcat_ap_3(feed: Graph) -> None:
    assert violations(feed, dcat_ap_shapes()) == []


def test_each_dataset_conforms_to_its_healthdcat_ap_tier(feed: Graph) -> None:
    datasets = sorted(feed.subjects(RDF.type, DCAT.Dataset))
    assert datasets
    for dataset in datasets:
        rights = str(feed.value(dataset, URIRef("http://purl.org/dc/terms/accessRights")))
        tier = TIERS[rights.removeprefix(AUTHORITY + "access-right/")]
        assert violations(description(feed, dataset), healthdcat_shapes(tier)) == [], dataset


def test_structured_data_implies_variables(feed: Graph) -> None:
    """The rule removed from the official shapes (pathless property shape), checked here."""
    has_structured = URIRef("http://healthdataportal.eu/ns/health#hasStructuredData")
    has_variables = URIRef("http://healthdataportal.eu/ns/health#hasVariables")
    for dataset, flag in feed.subject_objects(has_structured):
        assert bool(flag.toPython()) == ((dataset, has_variables, None) in feed), dataset


def _yaml_counts() -> dict[str, int]:
    counts = {"datasets": 0, "tables": 0, "variables": 0, "codes": 0}
    for path in sorted((ROOT / "catalogue_src").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dataset = data.get("dataset")
        if dataset:
            counts["datasets"] += 1
            counts["tables"] += len(dataset.get("tables", []))
            counts["variables"] += sum(len(t["variables"]) for t in dataset.get("tables", []))
        for codelist in data.get("codelists", []):
            if "codes" in codelist:
                counts["codes"] += len(codelist["codes"])
            elif "file" in codelist:  # else a list without codes that says why (empty_reason)
                spec = codelist["file"]
                with (path.parent / spec["path"]).open(encoding="utf-8", newline="") as stream:
                    reader = csv.DictReader(stream, delimiter=spec.get("delimiter", ","))
                    key = spec.get("key_columns") or [spec["code_column"]]
                    rows = (row for row in reader if row[spec["code_column"]].strip())  # empty: no code
                    counts["codes"] += len({tuple(row[column].strip() for column in key) for row in rows})
    return counts


def test_round_trip_every_item_is_in_the_graph(demo_store: ox.Store) -> None:
    def count(where: str) -> int:
        result = demo_store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}")
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))["n"].value)

    in_graph = {
        # Releases are datasets too; count the datasets that carry the dictionary or are not releases.
        "datasets": count(f'?s a <{DCAT.Dataset}> FILTER(!CONTAINS(STR(?s), "/release/"))'),
        "tables": count(f"?s a <{CSVW.Table}>"),
        "variables": count(f"?s a <{CSVW.Column}>"),
        # Vocabulary terms are SKOS concepts too; codes are those under a code list's IRI.
        "codes": count(
            '?s a <http://www.w3.org/2004/02/skos/core#Concept> FILTER(CONTAINS(STR(?s), "/codelist/"))'
        ),
    }
    assert in_graph == _yaml_counts()


def test_feed_is_published_in_three_serializations(demo_build: tuple[BuildResult, Path], feed: Graph) -> None:
    _, out = demo_build
    for suffix, fmt in (("jsonld", "json-ld"), ("rdf", "xml")):
        other = Graph().parse(out / "dcat" / f"catalog.{suffix}", format=fmt)
        assert len(other) == len(feed)
