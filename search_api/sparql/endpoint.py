"""SPARQL over the build's own store: an on-disk pyoxigraph store under build/sparql/, opened
read-only by worker processes (`catalogue index` loads it).

Analytical queries and point lookups (the description of one IRI) have workers of their own, so a
lookup never waits behind an aggregate. Note: the store canonicalizes derived integer types
(xsd:nonNegativeInteger and xsd:positiveInteger come back as xsd:integer, same value); the DCAT feed
is served from the exact triples. For graphs past a few million triples, point `sparql.endpoint` at
a SPARQL server (search_api/sparql/remote.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from harvester.config import SparqlSettings
from search_api.sparql.checks import check_length
from search_api.sparql.errors import SparqlAnswer, SparqlError, SparqlNotAcceptable, SparqlTooLarge
from search_api.sparql.pool import WorkerPool
from search_api.sparql.worker import Reply, Request

MEGABYTE = 1024 * 1024
DESCRIPTION_MAX_BYTES = 20 * MEGABYTE
ANALYTICAL_NICENESS = 10  # point lookups keep the server's priority


def build_store(graph_file: Path, directory: Path) -> int:
    """A fresh on-disk store of the graph, loaded in bulk; returns its number of triples."""
    shutil.rmtree(directory, ignore_errors=True)
    store = ox.Store(str(directory))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    count = len(store)
    del store
    return count


class SparqlEndpoint:
    def __init__(self, store_dir: Path, settings: SparqlSettings | None = None) -> None:
        self.settings = settings or SparqlSettings()
        limits = self.settings
        memory = limits.memory_mb * MEGABYTE
        waiting = (limits.max_waiting, limits.max_wait_s)
        self._queries = WorkerPool(store_dir, limits.workers, memory, *waiting, niceness=ANALYTICAL_NICENESS)
        self._lookups = WorkerPool(store_dir, 1, memory, *waiting)

    def query(self, query: str, accept: str) -> SparqlAnswer:
        check_length(query)  # the rest of the checks run in the worker (sparql/worker.py)
        request = Request(query, accept, self.settings.max_result_mb * MEGABYTE)
        return _answer(self._queries.ask(request, self.settings.time_limit_s))

    def describe(self, iri: str) -> list[ox.Triple]:
        """The triples whose subject is `iri` (codes, which the feed files do not hold)."""
        node = ox.NamedNode(iri)  # raises ValueError for a string that is no IRI
        request = Request(
            f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}",
            "application/n-triples",
            DESCRIPTION_MAX_BYTES,
        )
        answer = _answer(self._lookups.ask(request, self.settings.time_limit_s))
        return list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))

    def close(self) -> None:
        self._queries.close()
        self._lookups.close()


def _answer(reply: Reply) -> SparqlAnswer:
    message = reply.body.decode("utf-8", errors="replace")
    if reply.kind == "error":
        raise SparqlError(message)
    if reply.kind == "too-large":
        raise SparqlTooLarge(message)
    if reply.kind == "not-acceptable":
        raise SparqlNotAcceptable(message)
    return SparqlAnswer(reply.body, reply.media_type)
