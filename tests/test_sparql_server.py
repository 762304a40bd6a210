"""SPARQL at scale on a real server: Apache Jena Fuseki from Maven Central on 127.0.0.1. `catalogue
index` loads the graph there as a named graph swapped atomically; `/sparql` forwards queries with the
same refusals and limits as the embedded store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from fastapi.testclient import TestClient
from support import fuseki_node
from support.listener import Listener

from harvester.config import Config, SparqlServer, SparqlSettings
from harvester.pipeline.build import build
from search_api.api import create_app
from search_api.indexing import load_sparql
from search_api.linked_data import open_linked_data
from search_api.service import SearchService
from search_api.sparql.remote import current_graph
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("codelists", "cohorte-constances", "entrepot-aphp", "registre-cancers-isere")
TABLES = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <http://www.w3.org/ns/csvw#Table> }"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuseki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fuseki_node.FusekiNode]:
    lib = fuseki_node.ensure_distribution()
    with fuseki_node.start(lib, free_port(), tmp_path_factory.mktemp("fuseki") / "fuseki.log", 5.0) as node:
        yield node


@pytest.fixture(scope="module")
def served(
    fuseki: fuseki_node.FusekiNode, config: Config, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Config, Path]:
    sources = tmp_path_factory.mktemp("sources")
    for part in PARTS:
        shutil.copytree(ROOT / "catalogue_src" / part, sources / part)
    out = tmp_path_factory.mktemp("build")
    assert build(config, [sources], out).ok
    server = SparqlServer(query_url=fuseki.query_url, data_url=fuseki.data_url)
    settings = SparqlSettings(server=server, time_limit_s=5.0, max_result_mb=1, workers=2)
    return config.model_copy(update={"sparql": settings}), out


def _client(served: tuple[Config, Path]) -> TestClient:
    config, out = served
    data = open_linked_data(config, out, "http://testserver")
    return TestClient(create_app(SearchService(TantivyBackend(out / "search")), data))


def _count(client: TestClient, query: str = TABLES) -> int:
    answer = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_index_loads_the_graph_and_sparql_answers_from_the_server(
    served: tuple[Config, Path], fuseki: fuseki_node.FusekiNode
) -> None:
    config, out = served
    triples = load_sparql(config, out / "graph.nt", out)
    assert triples == len({line for line in (out / "graph.nt").open("rb") if line.strip()})
    first = current_graph(out)
    assert first and first.startswith(f"{config.iri_base()}/graph/catalogue/")
    client = _client(served)
    assert _count(client) == 11  # the tables of the three hand-written datasets
    turtle = client.get("/codelist/sexe", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "skos:ConceptScheme" in turtle.text

    # A new index is a new graph, made current once complete; the old one is dropped.
    load_sparql(config, out / "graph.nt", out)
    second = current_graph(out)
    assert second and second != first
    named = httpx.post(
        fuseki.query_url,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()["results"]["bindings"]
    assert [row["g"]["value"] for row in named] == [second]
    assert _count(client) == 11


def test_the_server_gets_the_same_refusals_and_limits(served: tuple[Config, Path]) -> None:
    config, out = served
    if current_graph(out) is None:
        load_sparql(config, out / "graph.nt", out)
    client = _client(served)
    listener = Listener()
    target = f"http://127.0.0.1:{listener.port}/"
    service = client.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"}
    )
    assert service.status_code == 400 and "SERVICE is refused" in service.json()["detail"]
    update = client.get("/sparql", params={"query": "DROP ALL"})
    assert update.status_code == 400 and "read-only" in update.json()["detail"]
    huge = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert huge.status_code == 413
    # FROM cannot reach another graph: the protocol's dataset (the current graph) overrides it.
    other = "SELECT (COUNT(*) AS ?n) FROM <urn:x:other> WHERE { ?s ?p ?o }"
    assert _count(client, other) == _count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    runaway = client.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
    )
    assert runaway.status_code == 503
    assert _count(client) == 11  # and the next query is answered
    assert listener.connections == 0
    listener.close()
