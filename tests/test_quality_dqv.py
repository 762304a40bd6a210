"""Quality published in DQV: the same figures as before for YAML datasets, one measurement per metric
in the feed (SPARQL finds each dataset's score per dimension), a documented metric vocabulary, the
producer's declarations and certificates as HealthDCAT-AP asks, and the feed still at zero violations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from official_shapes import TIERS, dcat_ap_shapes, description, healthdcat_shapes, violations
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from harvester.config import Config
from harvester.core.namespaces import DCAT, DQV, HDCQ, OA, PREFIXES
from harvester.pipeline.build import BuildResult, build
from harvester.quality.dqv import LABEL_METRICS, SCORE_METRICS

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://catalogue.health-data-hub.fr"
AUTHORITY = "http://publications.europa.eu/resource/authority/access-right/"
# The figures of the demo's YAML datasets as the build wrote them before quality moved to DQV
# (build/quality.json of commit 89975fa). If the demo's YAML changes, write them again from a build
# of the commit before the change, not from the code under test.
BEFORE = Path(__file__).with_name("quality_figures_demo.json")
SCORE_KEYS = ("dataset", "score", "dimensions", "lost")
PER_DIMENSION = """
SELECT ?dataset ?dimension ?value WHERE {
  ?catalogue a dcat:Catalog ; dcat:dataset ?dataset .
  ?dataset dqv:hasQualityMeasurement ?m .
  ?m dqv:computedOn ?dataset ; dqv:isMeasurementOf ?metric ; dqv:value ?value .
  ?metric dqv:inDimension ?dimension . ?dimension dqv:inCategory hdcq:metadataQuality .
}"""
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _solutions(store: ox.Store, query: str) -> list[dict[str, str]]:
    found = store.query(SPARQL_PREFIXES + query)
    assert isinstance(found, ox.QuerySolutions)
    names = [v.value for v in found.variables]
    return [{n: s[n].value for n in names} for s in found]


def _feed_store(build_dir: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "dcat" / "catalog.nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_yaml_datasets_get_the_figures_they_had(demo_build: tuple[BuildResult, Path]) -> None:
    written = json.loads((demo_build[1] / "quality.json").read_text("utf-8"))
    before = json.loads(BEFORE.read_text("utf-8"))
    assert [{key: entry[key] for key in SCORE_KEYS} for entry in written] == before


def test_sparql_over_the_feed_gives_each_dataset_its_score_per_dimension(
    demo_build: tuple[BuildResult, Path],
) -> None:
    written = json.loads((demo_build[1] / "quality.json").read_text("utf-8"))
    found = {
        (row["dataset"].rsplit("/", 1)[-1], row["dimension"].removeprefix(str(HDCQ))): int(row["value"])
        for row in _solutions(_feed_store(demo_build[1]), PER_DIMENSION)
    }
    expected = {}
    for entry in written:
        expected[(entry["dataset"], "overall")] = entry["score"]
        for name, figures in entry["dimensions"].items():
            expected[(entry["dataset"], name)] = round(100 * figures["points"] / figures["max"])
    assert found == expected
    assert {d for d, _ in found} == set(demo_build[0].verdict.valid_datasets)


def test_the_draft_label_is_in_the_feed_with_its_evidence_and_marked_computed(
    demo_build: tuple[BuildResult, Path],
) -> None:
    rows = _solutions(
        _feed_store(demo_build[1]),
        """SELECT ?dataset ?metric ?value ?fr ?en WHERE {
             ?dataset dqv:hasQualityMeasurement ?m . ?m a hdcq:DraftLabelMeasurement ;
               dqv:isMeasurementOf ?metric ; dqv:value ?value ; rdfs:comment ?fr, ?en .
             FILTER(lang(?fr) = "fr" && lang(?en) = "en") }""",
    )
    written = {e["dataset"]: e for e in json.loads((demo_build[1] / "quality.json").read_text("utf-8"))}
    by_dataset: dict[str, dict[str, tuple[int, str, str]]] = {}
    for row in rows:
        metric = row["metric"].removeprefix(str(HDCQ))
        by_dataset.setdefault(row["dataset"].rsplit("/", 1)[-1], {})[metric] = (
            int(row["value"]),
            row["fr"],
            row["en"],
        )
    assert set(by_dataset) == set(written)
    for dataset, measured in by_dataset.items():
        label = {
            LABEL_METRICS[e["element"]]: (e["level"], e["fr"], e["en"]) for e in written[dataset]["label"]
        }
        assert measured == label
    # The DCIR documents its tables' variables and links code lists: its documentation is not missing.
    assert by_dataset["snds-dcir"]["ehdsDocumentationLevel"][0] >= 1


def test_the_metric_vocabulary_labels_every_term_in_french_and_english(
    demo_build: tuple[BuildResult, Path],
) -> None:
    vocabulary = Graph().parse(ROOT / "ontology" / "quality.ttl")
    terms = [
        s for cls in (DQV.Metric, DQV.Dimension, DQV.Category) for s in vocabulary.subjects(RDF.type, cls)
    ]
    assert len(terms) == len(SCORE_METRICS) * 2 + len(LABEL_METRICS) * 2 + 2
    for term in terms:
        languages = {label.language for label in vocabulary.objects(term, SKOS.prefLabel)}  # type: ignore[attr-defined]
        assert {"fr", "en"} <= languages, term
    metrics = set(vocabulary.subjects(RDF.type, DQV.Metric))
    used = {
        URIRef(row["metric"])
        for row in _solutions(
            _feed_store(demo_build[1]), "SELECT DISTINCT ?metric WHERE { ?m dqv:isMeasurementOf ?metric }"
        )
    }
    assert used == metrics


def _small_catalogue(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    # Without the SNDS, and without the register, whose uses name SNDS products.
    shutil.copytree(ROOT / "catalogue_src", src, ignore=shutil.ignore_patterns("snds", "projects"))
    return src


def test_declared_quality_and_a_certificate_reach_the_feed_without_violations(
    config: Config, tmp_path: Path
) -> None:
    src = _small_catalogue(tmp_path)
    path = src / "registre-cancers-isere" / "dataset.yaml"
    text = path.read_text("utf-8")
    reviewed = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    declared = (
        f"  modified: 2024-06-30\n  reviewed: {reviewed}\n  quality:\n"
        "    technical: {fr: Contrôles de complétude et de doublons à chaque livraison., en: Completeness and"
        " duplicate checks at each delivery.}\n"
        "    certificates: ['https://certification.example.org/registres/isere-2025']\n"
    )
    assert "  modified: 2024-06-30\n" in text
    path.write_text(text.replace("  modified: 2024-06-30\n", declared, 1), "utf-8")
    out = tmp_path / "build"
    result = build(config, [src], out)
    assert "registre-cancers-isere" in result.verdict.valid_datasets, [p.as_text() for p in result.problems]

    entry = next(
        e
        for e in json.loads((out / "quality.json").read_text("utf-8"))
        if e["dataset"] == "registre-cancers-isere"
    )
    levels = {e["element"]: e["level"] for e in entry["label"]}
    assert levels["technical_quality"] == 2 and levels["quality_management"] == 2
    assert entry["review"] == {
        "date": reviewed,
        "basis": "reviewed",
        "due": (
            dt.date.fromisoformat(reviewed).replace(year=dt.date.fromisoformat(reviewed).year + 1)
        ).isoformat(),
        "stale": False,
    }

    feed = Graph().parse(out / "dcat" / "catalog.ttl", format="turtle")
    dataset = URIRef(f"{BASE}/dataset/registre-cancers-isere")
    certificates = list(feed.objects(dataset, DQV.hasQualityAnnotation))
    assert len(certificates) == 1
    assert (certificates[0], RDF.type, DQV.QualityCertificate) in feed
    assert (
        certificates[0],
        OA.hasBody,
        URIRef("https://certification.example.org/registres/isere-2025"),
    ) in feed
    assert (certificates[0], OA.hasTarget, dataset) in feed
    assert violations(feed, dcat_ap_shapes()) == []
    for record, rights in feed.subject_objects(URIRef("http://purl.org/dc/terms/accessRights")):
        if (record, RDF.type, DCAT.Dataset) in feed:
            tier = TIERS[str(rights).removeprefix(AUTHORITY)]
            assert violations(description(feed, URIRef(str(record))), healthdcat_shapes(tier)) == [], record


@pytest.mark.parametrize(
    "field", ["reviewed: 2025-13-01", "reviewed: 2099-01-01", "quality: {certificates: [pas-une-url]}"]
)
def test_a_bad_quality_field_is_a_located_error_and_the_rest_is_published(
    config: Config, tmp_path: Path, field: str
) -> None:
    src = _small_catalogue(tmp_path)
    path = src / "registre-cancers-isere" / "dataset.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("  modified: 2024-06-30\n", f"  modified: 2024-06-30\n  {field}\n", 1), "utf-8"
    )
    result = build(config, [src], tmp_path / "build")
    errors = [p for p in result.problems if p.is_error]
    assert errors and all(p.source.endswith("registre-cancers-isere/dataset.yaml") for p in errors)
    assert errors[0].line is not None and errors[0].message_fr and errors[0].message_en
    assert "registre-cancers-isere" not in result.verdict.valid_datasets
    assert {"cohorte-constances", "entrepot-aphp"} <= set(result.verdict.valid_datasets)
