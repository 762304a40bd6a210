"""When the engine cannot answer, users get a 503 / an exit code and a sentence, not a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from fastapi.testclient import TestClient
from support.cli import CATALOGUE

from search_api.api import create_app
from search_api.elasticsearch_backend import ElasticsearchBackend
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]


def test_api_answers_503_when_elasticsearch_is_down() -> None:
    client = TestClient(create_app(SearchService(ElasticsearchBackend("http://127.0.0.1:9", "nothing", 2.0))))
    response = client.get("/api/search", params={"q": "naissance"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "does not answer" in response.json()["detail"]


def test_api_answers_503_before_the_first_index(tmp_path: Path) -> None:
    client = TestClient(create_app(SearchService(TantivyBackend(tmp_path / "empty"))))
    response = client.get("/api/suggest", params={"q": "nai"})
    assert response.status_code == 503
    assert "catalogue index" in response.json()["detail"]


def test_cli_index_says_when_elasticsearch_is_down(tmp_path: Path) -> None:
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
            "CATALOGUE_SEARCH": "elasticsearch",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9",
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
