"""The feed, IRIs and SPARQL, fetched from a real server on 127.0.0.1 as a harvester or a client would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from official_shapes import TIERS, dcat_ap_shapes, description, healthdcat_shapes, violations
from rdflib import RDF, Graph, Namespace, URIRef
from support.live_server import live_server

from harvester.config import SparqlSettings
from harvester.pipeline.build import BuildResult
from search_api.api import create_app
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.service import SearchService
from search_api.sparql.endpoint import SparqlEndpoint
from search_api.tantivy_backend import TantivyBackend

BASE = "https://catalogue.health-data-hub.fr"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(scope="module")
def server(
    demo_build: tuple[BuildResult, Path], demo_sparql_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    build = demo_build[1]
    sparql = SparqlEndpoint(demo_sparql_store, SparqlSettings(time_limit_s=3.0))
    port = free_port()
    feed = Feed(build / "dcat" / "catalog.nt", f"{BASE}/catalogue")
    data = LinkedData(feed, BASE, f"http://127.0.0.1:{port}", sparql)
    service = SearchService(TantivyBackend(tmp_path_factory.mktemp("search")))
    with live_server(create_app(service, data), port) as url:
        yield url
    sparql.close()


def _get(url: str, accept: str = "text/turtle", **headers: str) -> httpx.Response:
    return httpx.get(url, headers={"Accept": accept, **headers}, timeout=60)


def _pages(first: str) -> Iterator[Graph]:
    url: str | None = first
    seen = set()
    while url:
        assert url not in seen, "the next links loop"
        seen.add(url)
        response = _get(url)
        assert response.status_code == 200, response.text
        page = Graph().parse(data=response.text, format="turtle")
        yield page
        following = list(page.objects(None, HYDRA.next))
        url = str(following[0]) if following else None


def test_following_next_links_visits_every_dataset_once(
    server: str, demo_build: tuple[BuildResult, Path]
) -> None:
    visited: list[URIRef] = []
    totals = set()
    for page in _pages(f"{server}/catalog?page_size=4"):
        visited += [
            d for d in page.objects(URIRef(f"{BASE}/catalogue"), DCAT.dataset) if isinstance(d, URIRef)
        ]
        totals |= {int(t) for t in page.objects(None, HYDRA.totalItems)}
    whole = Graph().parse(demo_build[1] / "dcat" / "catalog.ttl", format="turtle")
    listed = set(whole.objects(URIRef(f"{BASE}/catalogue"), DCAT.dataset))
    assert len(visited) == len(set(visited))
    assert set(visited) == listed
    assert totals == {len(listed)}


def test_every_page_conforms_to_dcat_ap_and_healthdcat_ap(server: str) -> None:
    for page in _pages(f"{server}/catalog?page_size=6"):
        assert violations(page, dcat_ap_shapes()) == []
        for dataset, rights in page.subject_objects(DCT.accessRights):
            if (dataset, RDF.type, DCAT.Dataset) not in page:
                continue
            tier = TIERS[str(rights).removeprefix(AUTHORITY + "access-right/")]
            assert violations(description(page, URIRef(str(dataset))), healthdcat_shapes(tier)) == [], dataset


def test_formats_paging_links_and_filters(server: str) -> None:
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ):
        response = _get(f"{server}/catalog?page_size=2", accept)
        assert response.headers["content-type"].startswith(accept)
        assert len(Graph().parse(data=response.content, format=fmt)) > 0
    for suffix, fmt in (("rdf", "xml"), ("jsonld", "json-ld"), ("nt", "nt"), ("ttl", "turtle")):
        page = Graph().parse(data=_get(f"{server}/catalog.{suffix}?page_size=3", "*/*").content, format=fmt)
        following = next(iter(page.objects(None, HYDRA.next)))
        assert str(following).startswith(f"{server}/catalog.{suffix}?page=2&page_size=3")
    proxied = Graph().parse(data=_get(f"{server}/catalog?page_size=3").text, format="turtle")
    assert all(str(link).startswith(server) for link in proxied.objects(None, HYDRA.last))
    future = Graph().parse(data=_get(f"{server}/catalog?modified_since=2999-01-01").text, format="turtle")
    assert {int(t) for t in future.objects(None, HYDRA.totalItems)} == {0}
    assert _get(f"{server}/catalog?page_size=100000").status_code == 422
    assert _get(f"{server}/catalog.pdf").status_code == 404


def test_conditional_requests_and_gzip(server: str) -> None:
    first = _get(f"{server}/catalog?page_size=5")
    again = _get(f"{server}/catalog?page_size=5", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    since = _get(f"{server}/catalog?page_size=5", **{"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    raw = httpx.get(f"{server}/catalog?page_size=5", headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert raw.headers["content-encoding"] == "gzip"
    assert Graph().parse(data=raw.content, format="turtle")  # httpx decoded it


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/dataset/snds-dcir", (f"{BASE}/dataset/snds-dcir", str(DCT.title))),
        (
            "/dataset/snds-dcir/table/ER_PRS_F",
            (f"{BASE}/dataset/snds-dcir/table/ER_PRS_F", "http://www.w3.org/ns/csvw#column"),
        ),
        (
            "/dataset/snds-dcir/table/ER_PRS_F/variable/BEN_NIR_PSA",
            (
                f"{BASE}/dataset/snds-dcir/table/ER_PRS_F/variable/BEN_NIR_PSA",
                "http://www.w3.org/ns/csvw#name",
            ),
        ),
        ("/codelist/IR_SEX_V", (f"{BASE}/codelist/IR_SEX_V", str(DCT.title))),
        (
            "/codelist/MS_CIM_V/code/E11",
            (f"{BASE}/codelist/MS_CIM_V/code/E11", "http://www.w3.org/2004/02/skos/core#notation"),
        ),
        ("/collection/snds", (f"{BASE}/collection/snds", str(DCAT.dataset))),
    ],
)
def test_iris_dereference(server: str, path: str, expected: tuple[str, str]) -> None:
    subject, predicate = expected
    for suffix, accept, fmt in (
        ("", "text/turtle", "turtle"),
        (".jsonld", "*/*", "json-ld"),
        ("", "application/rdf+xml", "xml"),
    ):
        response = _get(f"{server}{path}{suffix}", accept)
        assert response.status_code == 200, response.text
        graph = Graph().parse(data=response.content, format=fmt)
        assert (URIRef(subject), URIRef(predicate), None) in graph


def test_unknown_iris_are_404_problems(server: str) -> None:
    for path in ("/dataset/nope", "/codelist/NOPE/code/1", "/elsewhere/x"):
        response = _get(f"{server}{path}")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def _select(server: str, query: str) -> list[dict[str, str]]:
    response = httpx.get(
        f"{server}/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


PREFIXES = "PREFIX csvw: <http://www.w3.org/ns/csvw#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#> "


def test_sparql_query_suite(server: str) -> None:
    count = _select(
        server,
        PREFIXES
        + f'SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a csvw:Table ; dct:isPartOf ?d FILTER(STRSTARTS(STR(?d), "{BASE}/dataset/snds-")) }}',
    )
    assert count == [{"n": "188"}]
    columns = _select(
        server,
        PREFIXES
        + f"SELECT ?name WHERE {{ <{BASE}/dataset/snds-dcir/table/ER_PHA_F> csvw:column ?c . ?c csvw:name ?name }} ORDER BY ?name",
    )
    assert "PHA_PRS_C13" in {row["name"] for row in columns}
    users = _select(
        server,
        PREFIXES
        + f"SELECT DISTINCT ?dataset WHERE {{ ?c hdc:codeList <{BASE}/codelist/IR_SEX_V> ; dct:isPartOf/dct:isPartOf/dct:identifier ?dataset }}",
    )
    assert {"snds-dcir", "snds-beneficiaire"} <= {row["dataset"] for row in users}
    posted = httpx.post(
        f"{server}/sparql",
        content="ASK { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert posted.json()["boolean"] is True
    as_csv = httpx.get(
        f"{server}/sparql",
        params={"query": "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/dcat#Catalog> } LIMIT 1"},
        headers={"Accept": "text/csv"},
        timeout=60,
    )
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("s\r\n")
    construct = httpx.get(
        f"{server}/sparql",
        params={
            "query": f"CONSTRUCT {{ <{BASE}/dataset/snds-dcir> ?p ?o }} WHERE {{ <{BASE}/dataset/snds-dcir> ?p ?o }}"
        },
        headers={"Accept": "text/turtle"},
        timeout=60,
    )
    assert len(Graph().parse(data=construct.text, format="turtle")) > 10


def test_sparql_gives_each_datasets_score_per_dimension(
    server: str, demo_build: tuple[BuildResult, Path]
) -> None:
    """The quality measurements (DQV, ontology/quality.ttl) through the endpoint, as a portal asks."""
    rows = _select(
        server,
        "PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX hdcq: <https://w3id.org/health-data-catalogue/quality#> "
        "SELECT ?dataset ?dimension ?value WHERE { ?dataset dqv:hasQualityMeasurement ?m . "
        "?m dqv:isMeasurementOf ?metric ; dqv:value ?value . "
        "?metric dqv:inDimension ?dimension . ?dimension dqv:inCategory hdcq:metadataQuality }",
    )
    found = {
        (r["dataset"].rsplit("/", 1)[-1], r["dimension"].rsplit("#", 1)[-1]): int(r["value"]) for r in rows
    }
    for entry in json.loads((demo_build[1] / "quality.json").read_text("utf-8")):
        assert found[(entry["dataset"], "overall")] == entry["score"]
        for name, figures in entry["dimensions"].items():
            assert found[(entry["dataset"], name)] == round(100 * figures["points"] / figures["max"])
    assert len(found) == 7 * len(demo_build[0].verdict.valid_datasets)


def test_sparql_refuses_updates_and_stops_runaway_queries(server: str) -> None:
    update = httpx.get(
        f"{server}/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=60
    )
    assert update.status_code == 400 and "read-only" in update.json()["detail"]
    form = httpx.post(f"{server}/sparql", data={"update": "DROP ALL"}, timeout=60)
    assert form.status_code == 403
    syntax = httpx.get(f"{server}/sparql", params={"query": "SELECT WHERE {"}, timeout=60)
    assert syntax.status_code == 400 and json.loads(syntax.text)["detail"].startswith("invalid SPARQL")
    runaway = httpx.get(
        f"{server}/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
        timeout=60,
    )
    assert runaway.status_code == 503 and "was stopped" in runaway.json()["detail"]
    after = _select(server, "SELECT (1 AS ?one) WHERE {}")
    assert after == [{"one": "1"}]  # a fresh worker answers after the runaway one was killed


def test_browsers_are_sent_to_the_site(demo_build: tuple[BuildResult, Path], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    page = tmp_path / "site" / "datasets" / "snds-dcir" / "tables" / "ER_PRS_F"
    page.mkdir(parents=True)
    (page / "index.html").write_text("<html><body>ER_PRS_F</body></html>", "utf-8")
    (tmp_path / "site" / "index.html").write_text("<html><body>accueil</body></html>", "utf-8")
    feed = Feed(demo_build[1] / "dcat" / "catalog.nt", f"{BASE}/catalogue")
    data = LinkedData(feed, BASE, "http://testserver", site_dir=tmp_path / "site")
    client = TestClient(
        create_app(SearchService(TantivyBackend(tmp_path / "search")), data), follow_redirects=False
    )
    html = {"Accept": "text/html,application/xhtml+xml;q=0.9"}
    redirect = client.get("/dataset/snds-dcir/table/ER_PRS_F/variable/BEN_NIR_PSA", headers=html)
    assert redirect.status_code == 303
    assert redirect.headers["location"].endswith("/site/datasets/snds-dcir/tables/ER_PRS_F/#var-BEN_NIR_PSA")
    assert client.get("/site/datasets/snds-dcir/tables/ER_PRS_F/").text.count("ER_PRS_F") == 1
    assert client.get("/").headers["location"] == "/site/"
    assert client.get("/site/catalogue-api.json").json() == {"search": "/api/search"}
    assert client.get("/dataset/snds-dcir", headers={"Accept": "text/turtle"}).status_code == 200
