"""Elasticsearch 9 through its official client: how to reach the cluster, the rest is ClusterBackend's."""

from __future__ import annotations

from typing import Any

from elasticsearch import (
    AuthenticationException,
    AuthorizationException,
    ConnectionError,
    Elasticsearch,
    NotFoundError,
    UnsupportedProductError,
)
from elasticsearch.helpers import streaming_bulk

from search_api.cluster_backend import ClusterBackend, Connection, Engine

ENGINE = Engine(
    name="elasticsearch",
    title="Elasticsearch",
    start_hint="make elasticsearch",
    # A server that is not Elasticsearch (OpenSearch, an older major) cannot be searched with this
    # client: said as unreachable, with the URL, rather than as a traceback.
    unreachable=(ConnectionError, UnsupportedProductError),
    missing=(NotFoundError,),
    refused=(AuthenticationException, AuthorizationException),
    bulk=streaming_bulk,
)


def elasticsearch_backend(connection: Connection) -> ClusterBackend:
    credentials = connection.credentials
    tls: dict[str, Any] = {"ca_certs": connection.ca_certs} if connection.ca_certs else {}
    client = Elasticsearch(
        connection.url,
        basic_auth=credentials.basic,
        api_key=credentials.api_key,
        verify_certs=connection.verify_tls,
        request_timeout=connection.timeout_s,
        **tls,
    )
    return ClusterBackend(ENGINE, client, connection)
