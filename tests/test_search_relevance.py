"""Relevance over the real SNDS demo, on every backend, through the service as the API answers:
topic questions phrased as analysts phrase them, and precise queries (names, labels, codes).

The queries and expected answers are in tests/relevance_queries.yaml, written from the SNDS schema and
its nomenclatures (each with why), not from any engine's answers. The test prints success@5,
success@10 and MRR per group and backend, and every miss, and fails below the floors stated here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.backends import BACKENDS, open_backend
from support.relevance import evaluate, load_queries, summary

from harvester.pipeline.build import BuildResult
from search_api.backend import SearchBackend, SearchRequest
from search_api.documents import SearchDocument, documents_from_graph
from search_api.query_plan import plan
from search_api.service import SearchService

FLOOR_TOPIC_SUCCESS_AT_10 = 0.8
FLOOR_PRECISE_SUCCESS_AT_5 = 0.95


@pytest.fixture(scope="module")
def snds_documents(demo_build: tuple[BuildResult, Path]) -> list[SearchDocument]:
    """The SNDS part of the demo (its datasets and the code lists): the queries are about the SNDS."""
    documents = documents_from_graph(demo_build[1] / "graph.nt")
    return [d for d in documents if d.type == "code" or d.dataset.startswith("snds-")]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest,
    snds_documents: list[SearchDocument],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SearchBackend]:
    engine = open_backend(request.param, request, tmp_path_factory.mktemp("relevance"), "relevance")
    engine.replace_all(snds_documents)
    yield engine
    engine.close()


def test_the_suite_looks_like_users() -> None:
    queries = load_queries()
    topics = [query for query in queries if query.group == "topic"]
    assert len(queries) >= 80 and len(topics) >= 30
    assert all(query.expected and query.why for query in queries)


def test_relevance_on_the_snds(backend: SearchBackend, capsys: pytest.CaptureFixture[str]) -> None:
    reports = evaluate(SearchService(backend), load_queries())
    with capsys.disabled():
        print("\n" + "\n".join(summary(backend.name, reports)))
    topic, precise = reports["topic"], reports["precise"]
    # Every query has a relevant document in the demo: none may find nothing.
    assert [o.query.text for r in reports.values() for o in r.empty] == []
    assert topic.success_at(10) >= FLOOR_TOPIC_SUCCESS_AT_10, [o.query.text for o in topic.misses(10)]
    assert precise.success_at(5) >= FLOOR_PRECISE_SUCCESS_AT_5, [o.query.text for o in precise.misses(5)]


def test_an_open_end_stops_at_the_last_delivered_year(backend: SearchBackend) -> None:
    """The SNDS declares no end: its variables are available up to its last delivered year (this year
    at most), not forever."""
    variables = {"type": ("variable",), "dataset": ("snds-dcir",)}
    assert backend.search(SearchRequest(plan(""), variables, year=2030, facets=())).total == 0
    assert backend.search(SearchRequest(plan(""), variables, year=2015, facets=())).total > 100
    assert backend.search(SearchRequest(plan(""), variables, year_from=2029, facets=())).total == 0
