"""Every search backend a suite runs on: the embedded one, and real Elasticsearch and OpenSearch nodes
started by the session fixtures (`elasticsearch_url`, `opensearch_url` in conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_api.backend import SearchBackend
from search_api.cluster_backend import Connection
from search_api.elasticsearch_backend import elasticsearch_backend
from search_api.opensearch_backend import opensearch_backend
from search_api.tantivy_backend import TantivyBackend

BACKENDS = ("tantivy", "elasticsearch", "opensearch")


def open_backend(name: str, request: pytest.FixtureRequest, folder: Path, alias: str) -> SearchBackend:
    """The backend `name`: tantivy in `folder`, a cluster's index behind `alias` (its node is started
    once per session, when a test first asks for it)."""
    if name == "tantivy":
        return TantivyBackend(folder)
    connection = Connection(request.getfixturevalue(f"{name}_url"), alias, timeout_s=120.0)
    return elasticsearch_backend(connection) if name == "elasticsearch" else opensearch_backend(connection)
