"""Federation: other portals' records, harvested over real HTTP, become part of our catalogue.

Every dataset of the official DCAT-AP 3.0.1 and HealthDCAT-AP R8 examples is served as a source
(from ../shared, never copied) and either published or left out naming the official constraint it
breaks; the published feed then meets DCAT-AP 3.0.1 and each dataset's HealthDCAT-AP tier.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from harvest_server import LocalServer
from official_shapes import TIERS, dcat_ap_shapes, description, healthdcat_shapes, violations
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from harvester.config import Config, HarvestSource
from harvester.core import resources
from harvester.core.namespaces import DCAT, DQV
from harvester.core.vocabularies import AUTHORITY
from harvester.pipeline.build import BuildResult, build
from harvester.publish.pages import environment, write_page
from harvester.publish.site_pages import all_pages
from harvester.quality.dqv import LABEL_METRICS, SCORE_METRICS
from harvester.reader.catalogue import GraphReader
from harvester.remote.harvest import harvest_source
from harvester.remote.store import harvested_datasets

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
FOLDERS = {
    "dcat": SHARED / "dcat-ap-3" / "examples",
    "hvd": SHARED / "dcat-ap-3" / "examples-hvd-3.0.0",
    "health": SHARED / "healthdcat-ap" / "release-8" / "examples",
}
# Not valid Turtle (shared/reference/dcat-ap-3/README.md): refused at harvest, tested in test_harvest.py.
UNREADABLE = {
    "example-bee-population-dataset-series-api.ttl",
    "example-bee-population-dataset-series-combined.ttl",
    "example-bees_wasps_dataset.ttl",
}
BASE = "https://catalogue.example.org"
LOOPBACK = ["127.0.0.1/32"]


def examples() -> list[tuple[str, Path]]:
    """The examples holding datasets (some hold only a data service or a licence mapping)."""
    return [
        (folder, path)
        for folder, directory in FOLDERS.items()
        for path in sorted(directory.glob("*.ttl"))
        if path.name not in UNREADABLE and "dcat:Dataset" in path.read_text("utf-8")
    ]


def source_id(folder: str, path: Path) -> str:
    stem = path.stem.removeprefix("example-").replace("_", "-").lower()
    return f"{folder}-{stem}"[-40:].strip("-")  # the end tells the examples apart


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        for folder, directory in FOLDERS.items():
            running.add_directory(f"/{folder}", directory)
        yield running


@pytest.fixture(scope="module")
def federated(
    server: LocalServer, config: Config, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BuildResult, Path, list[HarvestSource]]:
    """Each example harvested as a source of its own, then one build of them all."""
    out = tmp_path_factory.mktemp("federation")
    sources = [
        HarvestSource(id=source_id(folder, path), url=server.url(f"/{folder}/{path.name}"), private=LOOPBACK)
        for folder, path in examples()
    ]
    for source in sources:
        result = harvest_source(source, out / "harvest", BASE)
        assert not result.failed, (source.id, result.problems)
    settings = config.model_copy(update={"base_iri": BASE, "harvest": sources})
    files = [d.path for d in harvested_datasets(out / "harvest", [s.id for s in sources])]
    return build(settings, [], out / "build", files), out, sources


def test_every_official_example_is_published_or_left_out_naming_the_official_rule(
    federated: tuple[BuildResult, Path, list[HarvestSource]],
) -> None:
    built, out, sources = federated
    datasets = harvested_datasets(out / "harvest", [s.id for s in sources])
    expected = {
        str(s)
        for _, path in examples()
        for s in Graph().parse(path, format="turtle").subjects(RDF.type, DCAT.Dataset)
    }
    assert {d.original_iri for d in datasets} == expected
    published = set(built.verdict.valid_datasets)
    # Two examples share an IRI: a problem points at the original IRI, so judge by IRI.
    by_iri: dict[str, set[str]] = {}
    for dataset in datasets:
        by_iri.setdefault(str(dataset.original_iri), set()).add(dataset.local_id)
    for iri, local_ids in by_iri.items():
        errors = [p for p in built.problems if p.is_error and p.source == iri]
        if local_ids <= published:
            assert errors == [], iri
            continue
        assert local_ids - published <= set(built.verdict.invalid_datasets)
        assert errors and all(p.rule.startswith("official:") for p in errors), (iri, errors)
        for problem in errors:  # which constraint, in both languages
            assert (
                problem.field and problem.field in problem.message_en and problem.field in problem.message_fr
            )
            assert "Record not published" in problem.message_en and "Notice non publiée" in problem.message_fr
    # Our producer rules (French title, HEAL theme…) reject nothing harvested: they advise.
    assert not [p for p in built.problems if p.is_error and not p.rule.startswith(("official:", "harvest"))]
    # The official HealthDCAT-AP example, in English, is published (it was rejected for want of French).
    health = next(d for d in datasets if d.source_id == "health-healthdcat-dataset")
    assert health.local_id in published, [p.message_en for p in built.problems if p.is_error]
    assert published == {health.local_id} or len(published) > 1


def test_the_feed_meets_dcat_ap_and_each_harvested_datasets_tier(
    federated: tuple[BuildResult, Path, list[HarvestSource]],
) -> None:
    built, out, _ = federated
    feed = Graph().parse(out / "build" / "dcat" / "catalog.ttl", format="turtle")
    assert violations(feed, dcat_ap_shapes()) == []
    tiers = 0
    for local_id in built.verdict.valid_datasets:
        dataset = URIRef(f"{BASE}/dataset/{local_id}")
        assert (URIRef(f"{BASE}/catalogue"), DCAT.dataset, dataset) in feed
        assert (dataset, PROV.wasDerivedFrom, None) in feed
        # Scored from the graph like a YAML dataset, and the score published in DQV.
        measurements = set(feed.objects(dataset, DQV.hasQualityMeasurement))
        assert len(measurements) == len(SCORE_METRICS) + len(LABEL_METRICS), dataset
        rights = str(feed.value(dataset, DCTERMS.accessRights) or "")
        tier = TIERS.get(rights.removeprefix(AUTHORITY + "access-right/"))
        if tier is not None:
            tiers += 1
            assert violations(description(feed, dataset), healthdcat_shapes(tier)) == [], dataset
    assert tiers >= 1
    # The HealthDCAT-AP example declares a quality certificate: the draft label's quality management
    # element counts it, and says so.
    original = URIRef("https://healthdcat-ap.example.org/release-7/example/dataset-oncology-ehrs-2024")
    health = str(next(feed.subjects(PROV.wasDerivedFrom, original))).rsplit("/", 1)[-1]
    entry = next(
        e for e in json.loads((out / "build" / "quality.json").read_text("utf-8")) if e["dataset"] == health
    )
    management = next(e for e in entry["label"] if e["element"] == "quality_management")
    assert management["level"] == 2 and "quality.example.org/certificates" in management["en"]


# A source's mapping: languages, defaults, filters, collection

PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DUTCH = (
    PREFIXES
    + """
<https://data.example.nl/catalog> a dcat:Catalog ; dct:title "Catalogus" ;
    dcat:dataset <https://data.example.nl/ds/kanker>, <https://data.example.nl/ds/intern> .
<https://data.example.nl/ds/kanker> a dcat:Dataset ;
    dct:title "Kankerregistratie" ; dct:description "Alle nieuwe kankerdiagnoses in Nederland." ;
    dcat:keyword "kanker" ; dcat:distribution <https://data.example.nl/ds/kanker/csv> ;
    dcat:contactPoint [ a vcard:Kind ; vcard:fn "Loket" ; vcard:hasEmail <mailto:loket@example.nl> ] ;
    dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ] .
<https://data.example.nl/ds/kanker/csv> a dcat:Distribution ; dcat:accessURL <https://data.example.nl/dl/kanker> .
<https://data.example.nl/ds/intern> a dcat:Dataset ;
    dct:title "Interne lijst" ; dct:description "Niet voor publicatie." ; dcat:keyword "Intern" .
"""
)
ENGLISH = (
    PREFIXES
    + """
<https://health.example.org/d/stroke> a dcat:Dataset ;
    dct:title "Stroke registry"@en, "Registre des AVC"@fr ; dct:description "Every stroke admission."@en ;
    dcat:theme theme:HEAL ;
    dct:publisher <https://health.example.org/org> .
<https://health.example.org/org> a foaf:Agent ; foaf:name "Health Example Institute"@en .
<https://health.example.org/d/roads> a dcat:Dataset ;
    dct:title "Roads"@en ; dct:description "Road network."@en ; dcat:theme theme:TRAN .
"""
)
PUBLISHER = {
    "name": {"fr": "Registre néerlandais", "en": "Dutch registry"},
    "type": "public-health-registry",
    "contact": {"email": "info@example.nl"},
}


def test_a_source_mapping_keeps_languages_fills_only_what_is_missing_and_filters(
    server: LocalServer, config: Config, tmp_path: Path
) -> None:
    from harvest_server import Route

    from harvester.sources.catalogue_source import find_source_files

    dutch = server.add("/nl/catalog.ttl", Route(DUTCH.encode(), "text/turtle"))
    english = server.add("/en/catalog.ttl", Route(ENGLISH.encode(), "text/turtle"))
    defaults = {"publisher": PUBLISHER, "themes": ["HEAL"], "licence": "CC-BY-4.0"}
    sources = [
        HarvestSource.model_validate(
            {
                "id": "nl",
                "url": dutch,
                "private": LOOPBACK,
                "default_language": "nl",
                "defaults": defaults,
                "exclude": {"keywords": ["intern"]},
                "collection": "snds",
            }
        ),
        HarvestSource.model_validate(
            {
                "id": "en",
                "url": english,
                "private": LOOPBACK,
                "defaults": defaults,
                "include": {"themes": ["HEAL"]},
            }
        ),
    ]
    results = [harvest_source(source, tmp_path / "harvest", BASE) for source in sources]
    assert [(r.written, r.filtered) for r in results] == [(1, 1), (1, 1)]
    settings = config.model_copy(update={"base_iri": BASE, "harvest": sources})
    collection_file = [p for p in find_source_files([Path("catalogue_src")]) if p.name == "snds.yaml"]
    files = [d.path for d in harvested_datasets(tmp_path / "harvest", ["nl", "en"])]
    built = build(settings, collection_file, tmp_path / "build", files)
    assert sorted(built.verdict.valid_datasets) == sorted(d.stem for d in files), built.problems

    feed = Graph().parse(tmp_path / "build" / "dcat" / "catalog.ttl", format="turtle")
    [kanker] = [URIRef(f"{BASE}/dataset/{f.stem}") for f in files if f.stem.startswith("nl--")]
    [stroke] = [URIRef(f"{BASE}/dataset/{f.stem}") for f in files if f.stem.startswith("en--")]
    # Languages: untagged Dutch texts are Dutch now; tagged ones keep theirs.
    assert {(t.value, t.language) for t in feed.objects(kanker, DCTERMS.title)} == {
        ("Kankerregistratie", "nl")
    }
    assert {(t.value, t.language) for t in feed.objects(stroke, DCTERMS.title)} == {
        ("Stroke registry", "en"),
        ("Registre des AVC", "fr"),
    }
    # Defaults fill what was missing only: the English record keeps its own publisher.
    assert feed.value(stroke, DCTERMS.publisher) == URIRef("https://health.example.org/org")
    publisher = feed.value(kanker, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}/source/nl/publisher")
    assert {(n.value, n.language) for n in feed.objects(publisher, FOAF.name)} >= {("Dutch registry", "en")}
    assert (kanker, DCAT.theme, URIRef(AUTHORITY + "data-theme/HEAL")) in feed
    distribution = feed.value(kanker, DCAT.distribution)
    assert feed.value(distribution, DCTERMS.license) is not None
    # Filed under the source's collection.
    assert (URIRef(f"{BASE}/collection/snds"), DCAT.dataset, kanker) in feed
    assert (URIRef(f"{BASE}/collection/snds"), DCAT.dataset, stroke) not in feed
    assert violations(feed, dcat_ap_shapes()) == []

    # Their pages say where they come from, in their languages.
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "build" / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    catalogue = GraphReader(store).catalogue()
    shown = {d.iri: d for d in catalogue.datasets}
    dutch_view = shown[str(kanker)]
    assert (dutch_view.title, dutch_view.title_lang, dutch_view.keywords) == (
        "Kankerregistratie",
        "nl",
        ["kanker"],
    )
    assert dutch_view.harvested is not None and dutch_view.harvested.source == "nl"
    assert dutch_view.harvested.original_iri == "https://data.example.nl/ds/kanker"
    # Blank nodes (the usual way to write a contact point or a period) are read as nodes too.
    assert dutch_view.contact is not None and dutch_view.contact.name == "Loket"
    assert dutch_view.temporal[0] == "2020-01-01"
    assert shown[str(stroke)].title == "Registre des AVC" and shown[str(stroke)].title_lang == ""
    bodies: dict[str, list[str]] = {}
    for page in all_pages(catalogue):
        write_page(environment(resources.site("templates")), tmp_path / "site", page, bodies)
    body = "".join(bodies[f"datasets/{kanker.rsplit('/', 1)[-1]}/index.md"])
    assert '<h1 lang="nl">Kankerregistratie</h1>' in body and "Notice moissonnée" in body
    assert 'href="https://data.example.nl/ds/kanker"' in body and f'href="{dutch}"' in body


def test_validate_with_the_official_profile_judges_our_own_datasets(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from harvester.cli.app import app

    files = sorted(str(p) for p in Path("catalogue_src/registre-cancers-isere").glob("*.yaml"))
    args = ["validate", "--format", "json", "--cache", str(tmp_path / "cache"), *files]
    ours = CliRunner().invoke(app, args)
    official = CliRunner().invoke(app, [*args, "--profile", "official"])
    assert ours.exit_code == official.exit_code == 0, official.output
    rules = [problem["rule"] for problem in json.loads(official.stdout)]
    assert not any(problem["rule"].startswith("official:") for problem in json.loads(ours.stdout))
    assert any(rule.startswith("official:") for rule in rules), rules


def test_a_source_mapping_that_does_not_fit_is_reported_at_its_lines(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from harvester.cli.app import app

    configuration = Path("catalogue.yaml").read_text("utf-8") + (
        "harvest:\n"
        "  - id: nl\n"
        "    url: https://data.example.nl/catalog.ttl\n"
        "    default_languag: nl\n"
        "    defaults:\n"
        "      access_rights: PUBLICK\n"
    )
    assert "\nharvest:" not in Path("catalogue.yaml").read_text("utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(configuration, "utf-8")
    lines = configuration.splitlines()
    done = CliRunner().invoke(app, ["validate", "--config", str(path)])
    assert done.exit_code == 2
    said = done.stderr
    assert f"{path}:{lines.index('    default_languag: nl') + 1}:5" in said and "'default_language'" in said
    assert f"{path}:{lines.index('      access_rights: PUBLICK') + 1}:" in said and "'PUBLIC'" in said
    assert "Vouliez-vous dire « default_language »" in said


def test_a_second_build_reuses_every_validation_of_harvested_records(
    federated: tuple[BuildResult, Path, list[HarvestSource]], config: Config
) -> None:
    """Blank nodes keep their labels from the harvested file: the same record is the same chunk."""
    _, out, sources = federated
    settings = config.model_copy(update={"base_iri": BASE, "harvest": sources})
    files = [d.path for d in harvested_datasets(out / "harvest", [s.id for s in sources])]
    again = build(settings, [], out / "build", files)
    assert again.verdict.chunks_validated == 0 and again.verdict.chunks_reused >= 2 * len(files)
