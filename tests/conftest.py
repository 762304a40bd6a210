from __future__ import annotations

import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from support import elasticsearch_node, opensearch_node
from support.chromium import CHROMIUM, CHROMIUM_ARGS

from harvester.config import Config, load_config
from harvester.pipeline.build import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT / "catalogue.yaml")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def elasticsearch_url() -> Iterator[str]:
    """A real Elasticsearch 9 node on 127.0.0.1, assembled from Maven Central, for the whole session.

    Its data directory is a fresh one in /tmp: as root the node runs as nobody, who cannot enter
    pytest's /tmp/pytest-of-root."""
    home = elasticsearch_node.ensure_distribution()
    with (
        tempfile.TemporaryDirectory(prefix="catalogue-es-") as data,
        elasticsearch_node.start(home, Path(data), free_port()) as node,
    ):
        yield node.url


@pytest.fixture(scope="session")
def opensearch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OpenSearch node on 127.0.0.1, assembled from Maven Central, for the whole session."""
    home = opensearch_node.ensure_distribution()
    with opensearch_node.start(home, tmp_path_factory.mktemp("opensearch"), free_port()) as node:
        yield node.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, one for the session: two sync Playwright drivers cannot share a
    process, so every module driving a browser (test_site, test_site_search) takes this one."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def demo_store(demo_build: tuple[BuildResult, Path]) -> ox.Store:
    """The whole built graph (1.5 M triples with the SNDS), queryable with SPARQL."""
    store = ox.Store()
    store.bulk_load(path=str(demo_build[1] / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="session")
def demo_sparql_store(demo_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo graph in an on-disk SPARQL store, as `catalogue index` loads it."""
    from search_api.sparql.endpoint import build_store

    store = tmp_path_factory.mktemp("sparql") / "store"
    build_store(demo_build[1] / "graph.nt", store)
    return store


@pytest.fixture(scope="session")
def demo_build(config: Config, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("demo-build")
    return build(config, [ROOT / "catalogue_src"], out), out


# Markers, so that a developer can run the fast part alone (`pytest -m "not slow"`); CI runs all.
_SLOW_FIXTURES = {"demo_build", "demo_store", "demo_sparql_store", "demo_site", "hostile_site", "snds_build"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "elasticsearch_url" in fixtures or "elasticsearch" in params.values() or "node" in fixtures:
            item.add_marker(pytest.mark.elasticsearch)
        if "opensearch_url" in fixtures or "opensearch" in params.values():
            item.add_marker(pytest.mark.opensearch)
        if "watched" in fixtures or "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if (
            fixtures & _SLOW_FIXTURES
            or item.get_closest_marker("elasticsearch")
            or item.get_closest_marker("opensearch")
        ):
            item.add_marker(pytest.mark.slow)
