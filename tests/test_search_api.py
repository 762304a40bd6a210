"""The search API over the embedded backend: JSON shape, problem+json errors, and no 500 for any input."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance
from search_corpus import corpus

from search_api.api import create_app
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend


def _app(directory: Path) -> FastAPI:
    backend = TantivyBackend(directory)
    backend.replace_all(corpus())
    return create_app(SearchService(backend))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(_app(tmp_path_factory.mktemp("api")))


def test_search_answers_in_the_documented_shape(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "diagnostic", "type": "variable", "size": 5})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "complete", "page", "size", "results", "facets"}
    assert body["total"] == body["complete"] == 2
    first = body["results"][0]
    assert {"type", "id", "dataset", "table", "name", "label", "snippet", "score"} <= set(first)
    assert first["dataset"] == "pmsi-mco" and first["table"] == "T_MCOaaB"
    assert "<b>" in first["snippet"]
    assert body["facets"]["type"] == {"variable": 2}


def test_filters_by_facet_and_year(client: TestClient) -> None:
    body = client.get(
        "/api/search", params=[("dataset", "dcir"), ("dataset", "open-damir"), ("type", "variable")]
    ).json()
    assert body["total"] == 6
    variables_in_2012 = {"q": "mode entrée", "year": 2012, "type": "variable"}
    assert client.get("/api/search", params=variables_in_2012).json()["complete"] == 0


def test_no_result_with_every_word_gives_the_closest_ones_after_the_complete_ones(client: TestClient) -> None:
    """Words the catalogue does not hold do not empty the page: what matches most of them follows."""
    every = client.get("/api/search", params={"q": "diagnostic", "type": "variable"}).json()
    worded = client.get("/api/search", params={"q": "diagnostic introuvablexyz", "type": "variable"}).json()
    assert worded["complete"] == 0 and worded["total"] == every["total"] > 0
    assert [r["id"] for r in worded["results"]] == [r["id"] for r in every["results"]]
    assert worded["facets"] == every["facets"]
    # Complete ones first, then the closest, across pages.
    mixed = client.get("/api/search", params={"q": "diagnostic séjour", "size": 1}).json()
    assert 0 < mixed["complete"] < mixed["total"]
    ids = [
        client.get("/api/search", params={"q": "diagnostic séjour", "size": 1, "page": page}).json()[
            "results"
        ][0]["id"]
        for page in range(1, mixed["total"] + 1)
    ]
    assert len(set(ids)) == mixed["total"]


def test_structure_endpoints(client: TestClient) -> None:
    assert client.get("/api/datasets").json()["total"] == 3
    dataset = client.get("/api/datasets/pmsi-mco").json()
    assert [t["name"] for t in dataset["tables"]] == ["T_MCOaaB"]
    table = client.get("/api/datasets/pmsi-mco/tables/T_MCOaaB").json()
    assert "DGN_PAL" in [v["name"] for v in table["variables"]]
    variable = client.get("/api/datasets/pmsi-mco/tables/T_MCOaaB/variables/ENT_MOD").json()
    assert variable["years"] == {"from": 2010, "to": 2015, "missing": [2012], "ongoing": False}
    codes = client.get("/api/codelists/CIM10", params={"size": 2}).json()
    assert codes["total"] == 3 and len(codes["codes"]) == 2
    assert {use["variable"] for use in codes["used_by"]} == {"DGN_PAL", "DGN_REL"}
    suggestions = client.get("/api/suggest", params={"q": "naiss"}).json()
    assert suggestions[0]["name"] == "BEN_NAI_ANN"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/search", {"q": "x" * 300}, 422),
        ("/api/search", {"q": "x" * 10_000}, 414),
        ("/api/search", {"size": 1000}, 422),
        ("/api/search", {"page": 500, "size": 100}, 400),
        ("/api/search", {"type": "unicorn"}, 400),
        ("/api/search", {"year": "last"}, 422),
        ("/api/datasets/nope", {}, 404),
        ("/api/datasets/dcir/tables/nope", {}, 404),
        ("/api/codelists/nope", {}, 404),
        ("/api/nothing-here", {}, 404),
    ],
)
def test_errors_are_problem_json(
    client: TestClient, path: str, params: dict[str, object], status: int
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status and response.json()["detail"]


def test_writes_and_huge_urls_are_refused(client: TestClient) -> None:
    assert client.post("/api/search").status_code == 405
    assert client.get("/api/search", params={"q": "a" * 5000}).status_code == 414


schema = schemathesis.openapi.from_asgi("/openapi.json", _app(Path(tempfile.mkdtemp(prefix="search-api-"))))


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case: schemathesis.Case) -> None:
    """No 500, and every answer (errors included) is what /openapi.json documents."""
    case.call_and_validate(checks=[not_a_server_error, content_type_conformance, response_schema_conformance])
