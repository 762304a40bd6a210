"""Harvested datasets flow through the pipeline like YAML ones: validated, published in the feed, searchable."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from harvest_server import LocalServer, Route
from rdflib import Graph, Namespace, URIRef

from harvester.config import Config, HarvestSource
from harvester.pipeline.build import BuildResult, build
from harvester.remote.harvest import harvest_source
from harvester.remote.store import harvested_files
from search_api.documents import documents_from_graph
from search_api.feed import Feed

BASE = "https://catalogue.health-data-hub.fr"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def test_a_harvested_health_dataset_is_validated_published_and_indexed(
    demo_build: tuple[BuildResult, Path], config: Config, tmp_path: Path
) -> None:
    # The remote portal: another catalogue publishing one of our demo datasets under its own IRI.
    feed = Feed(demo_build[1] / "dcat" / "catalog.nt", f"{BASE}/catalogue")
    record = feed.description(ox.NamedNode(f"{BASE}/dataset/registre-cancers-isere"))
    remote = ox.serialize(record, format=ox.RdfFormat.TURTLE) or b""
    remote = remote.replace(
        f"{BASE}/dataset/registre-cancers-isere>".encode(), b"https://portail.example/jeux/42>"
    )
    with LocalServer() as server:
        url = server.add("/catalogue.ttl", Route(remote, "text/turtle"))
        result = harvest_source(
            HarvestSource(id="portail", type="dcat", url=url, private=True), tmp_path / "harvest", BASE
        )
    assert result.problems == [] or all(not p.is_error for p in result.problems), result.problems

    files = harvested_files(tmp_path / "harvest", ["portail"])
    assert len(files) == 1
    built = build(config, [], tmp_path / "build", files)
    errors = [p.as_text() for p in built.problems if p.is_error]
    assert errors == [], "\n".join(errors)
    local_id = files[0].stem
    assert built.verdict.valid_datasets == [local_id]

    published = Graph().parse(tmp_path / "build" / "dcat" / "catalog.ttl", format="turtle")
    ours = URIRef(f"{BASE}/dataset/{local_id}")
    assert (URIRef(f"{BASE}/catalogue"), DCAT.dataset, ours) in published
    assert (ours, PROV.wasDerivedFrom, URIRef("https://portail.example/jeux/42")) in published
    documents = documents_from_graph(tmp_path / "build" / "graph.nt")
    assert [d.name for d in documents if d.type == "dataset"] == [local_id]
    # Quality is read from the graph: the harvested record is scored like a YAML one.
    scores = json.loads((tmp_path / "build" / "quality.json").read_text("utf-8"))
    assert [entry["dataset"] for entry in scores] == [local_id] and 0 < scores[0]["score"] <= 100
