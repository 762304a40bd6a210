"""Indexing a build: search documents into the configured backend, the graph into the SPARQL store."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from harvester.config import Config
from search_api.documents import documents_from_graph
from search_api.service import open_backend
from search_api.sparql.endpoint import build_store
from search_api.sparql.remote import load_graph


def load_sparql(config: Config, graph: Path, build_dir: Path) -> int:
    """The graph into the SPARQL store of the build, or onto the configured SPARQL server."""
    server = config.sparql.server
    if server is None:
        return build_store(graph, build_dir / "sparql")
    prefix = server.graph or f"{config.iri_base()}/graph/catalogue"
    return load_graph(server, prefix, graph, build_dir).triples


@dataclass(frozen=True)
class IndexReport:
    backend: str
    documents: int
    read_seconds: float  # reading the documents from the graph
    index_seconds: float
    triples: int  # loaded into the SPARQL store
    store_seconds: float


def index_build(config: Config, build_dir: Path) -> IndexReport:
    """Raises SearchUnavailable when the backend cannot take the documents."""
    graph = build_dir / "graph.nt"
    started = time.perf_counter()
    documents = documents_from_graph(graph)
    read = time.perf_counter()
    backend = open_backend(config, build_dir)
    try:
        count = backend.replace_all(documents)
    finally:
        backend.close()
    indexed = time.perf_counter()
    triples = load_sparql(config, graph, build_dir)
    stored = time.perf_counter()
    return IndexReport(backend.name, count, read - started, indexed - read, triples, stored - indexed)
