"""When the engine cannot answer, users get a 503 / an exit code and a sentence, not a traceback; the
readiness probe says the same."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from support.backends import BACKENDS
from support.backends import open_backend as open_test_backend
from support.cli import CATALOGUE

from search_api.api import create_app
from search_api.backend import SearchUnavailable
from search_api.cluster_backend import ClusterBackend, Connection, Credentials
from search_api.elasticsearch_backend import elasticsearch_backend
from search_api.opensearch_backend import opensearch_backend
from search_api.service import SearchService
from search_api.tantivy_backend import STAMP_FILE, TantivyBackend

ROOT = Path(__file__).resolve().parents[1]


DOWN = Connection("http://127.0.0.1:9", "nothing", timeout_s=2.0)


@pytest.mark.parametrize("backend", [elasticsearch_backend, opensearch_backend])
def test_api_answers_503_when_the_cluster_is_down(backend: Callable[[Connection], ClusterBackend]) -> None:
    client = TestClient(create_app(SearchService(backend(DOWN))))
    response = client.get("/api/search", params={"q": "naissance"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "does not answer" in response.json()["detail"]
    health = client.get("/api/health")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable" and "does not answer" in health.json()["message"]


def test_health_before_and_after_the_first_index(tmp_path: Path) -> None:
    from search_corpus import corpus

    client = TestClient(create_app(SearchService(TantivyBackend(tmp_path / "index"))))
    before = client.get("/api/health")
    assert before.status_code == 503
    assert before.json()["version"] is None and "catalogue index" in before.json()["message"]
    TantivyBackend(tmp_path / "index").replace_all(corpus())
    after = client.get("/api/health")
    assert after.status_code == 200
    body = after.json()
    assert body["status"] == "ready" and body["version"] == body["expected_version"]
    assert body["documents"] == {"dataset": 3, "table": 1, "variable": 11, "code": 5, "use": 1}
    assert str(tmp_path) not in after.text  # no server paths in a public answer


def test_opensearch_takes_no_api_key() -> None:
    with pytest.raises(SearchUnavailable, match="no API key"):
        opensearch_backend(Connection("http://127.0.0.1:9", "x", Credentials(api_key="k")))


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOGUE_SEARCH_USERNAME", "reader")
    monkeypatch.setenv("CATALOGUE_SEARCH_PASSWORD", "secret")
    monkeypatch.delenv("CATALOGUE_SEARCH_API_KEY", raising=False)
    credentials = Credentials.from_environment()
    assert credentials.basic == ("reader", "secret") and credentials.api_key is None


def test_api_answers_503_before_the_first_index(tmp_path: Path) -> None:
    client = TestClient(create_app(SearchService(TantivyBackend(tmp_path / "empty"))))
    response = client.get("/api/suggest", params={"q": "nai"})
    assert response.status_code == 503
    assert "catalogue index" in response.json()["detail"]


def test_cli_index_says_when_the_cluster_is_down(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / "graph.nt").write_text("", encoding="utf-8")
    result = subprocess.run(
        [CATALOGUE, "index", "--build", str(build)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "CATALOGUE_SEARCH": "opensearch",
            "CATALOGUE_SEARCH_URL": "http://127.0.0.1:9",
        },
        check=False,
    )
    assert result.returncode == 1
    assert "does not answer" in result.stderr and "Traceback" not in result.stderr


def test_a_server_started_before_the_index_answers_once_another_process_indexed(tmp_path: Path) -> None:
    from search_corpus import corpus

    served = TantivyBackend(tmp_path / "index")
    client = TestClient(create_app(SearchService(served)))
    assert client.get("/api/search", params={"q": "naissance"}).status_code == 503
    TantivyBackend(tmp_path / "index").replace_all(corpus())  # `catalogue index`, elsewhere
    response = client.get("/api/search", params={"q": "naissance"})
    assert response.status_code == 200 and response.json()["results"][0]["name"] == "BEN_NAI_ANN"


@pytest.mark.parametrize("name", BACKENDS)
def test_an_index_of_another_schema_version_is_refused_with_what_to_do(
    name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from search_corpus import corpus

    open_test_backend(name, request, tmp_path / "index", "older").replace_all(corpus())
    _as_an_older_catalogue_left_it(name, request, tmp_path / "index", "older")
    client = TestClient(
        create_app(SearchService(open_test_backend(name, request, tmp_path / "index", "older")))
    )
    health = client.get("/api/health")
    assert health.status_code == 503
    assert health.json()["version"] == "2" and "catalogue index --full" in health.json()["message"]
    assert client.get("/api/search", params={"q": "naissance"}).status_code == 503


def _as_an_older_catalogue_left_it(
    name: str, request: pytest.FixtureRequest, folder: Path, alias: str
) -> None:
    """The index stamped with schema version 2, as the catalogue before this one wrote it."""
    if name == "tantivy":
        (folder / STAMP_FILE).write_text("2", encoding="utf-8")
        return
    url = request.getfixturevalue(f"{name}_url")
    if name == "elasticsearch":
        from elasticsearch import Elasticsearch

        client: Any = Elasticsearch(url)
    else:
        from opensearchpy import OpenSearch

        client = OpenSearch(hosts=[url])
    client.indices.put_mapping(index=alias, body={"_meta": {"schema_version": "2"}})
