"""OpenSearch 2/3 through opensearch-py: how to reach the cluster, the rest is ClusterBackend's."""

from __future__ import annotations

from opensearchpy import (
    AuthenticationException,
    AuthorizationException,
    ConnectionError,
    NotFoundError,
    OpenSearch,
)
from opensearchpy.helpers import streaming_bulk

from search_api.backend import SearchUnavailable
from search_api.cluster_backend import API_KEY_VARIABLE, ClusterBackend, Connection, Engine

ENGINE = Engine(
    name="opensearch",
    title="OpenSearch",
    start_hint="make opensearch",
    unreachable=(ConnectionError,),
    missing=(NotFoundError,),
    refused=(AuthenticationException, AuthorizationException),
    bulk=streaming_bulk,
)


def opensearch_backend(connection: Connection) -> ClusterBackend:
    credentials = connection.credentials
    if credentials.api_key:
        # OpenSearch's security plugin authenticates users (basic auth), it has no API keys.
        raise SearchUnavailable(f"OpenSearch takes no API key: unset {API_KEY_VARIABLE}, set a user")
    client = OpenSearch(
        hosts=[connection.url],
        http_auth=credentials.basic,
        use_ssl=connection.url.startswith("https:"),
        verify_certs=connection.verify_tls,
        ca_certs=connection.ca_certs,
        timeout=connection.timeout_s,
    )
    return ClusterBackend(ENGINE, client, connection)
