"""A read-only SPARQL endpoint over the whole graph, with a time limit and a result-size limit.

The graph lives in an on-disk pyoxigraph store under build/ (`catalogue index` loads it), opened
read-only. pyoxigraph cannot interrupt a query, so queries run in a worker process: past the time limit
the worker is killed and a fresh one started. Updates are refused before reaching the store; the store
is read-only besides. Note: the store canonicalizes derived integer types (xsd:nonNegativeInteger and
xsd:positiveInteger come back as xsd:integer, same value); the DCAT feed is served from the exact triples.
For bigger deployments, load build/graph.nt into any SPARQL 1.1 server (Virtuoso, Fuseki, QLever).
"""

from __future__ import annotations

import multiprocessing as mp
import re
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from search_api.accept import preferred

TIME_LIMIT_S = 10.0
MAX_RESULT_BYTES = 20 * 1024 * 1024
MAX_QUERY_CHARS = 20_000
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\s+)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


class SparqlError(ValueError):
    """The query is not accepted (syntax, update, too long): a 400 with the reason."""


class SparqlTimeout(RuntimeError):
    """The query ran past the time limit and was stopped."""


class SparqlTooLarge(RuntimeError):
    """The results are larger than the limit: the query should page (LIMIT/OFFSET) or aggregate."""


@dataclass(frozen=True)
class SparqlAnswer:
    body: bytes
    media_type: str


def build_store(graph_file: Path, directory: Path) -> int:
    """A fresh on-disk store of the graph, loaded in bulk; returns its number of triples."""
    shutil.rmtree(directory, ignore_errors=True)
    store = ox.Store(str(directory))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    count = len(store)
    del store
    return count


def check_query(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise SparqlError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if _UPDATE.match(query):
        raise SparqlError("this endpoint is read-only: SPARQL updates are refused")


class SparqlEndpoint:
    """One worker process at a time answers queries; a runaway query costs a worker restart."""

    def __init__(
        self, store_dir: Path, time_limit_s: float = TIME_LIMIT_S, max_bytes: int = MAX_RESULT_BYTES
    ):
        self._store_dir = store_dir
        self._time_limit = time_limit_s
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._worker: mp.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def query(self, query: str, accept: str) -> SparqlAnswer:
        check_query(query)
        with self._lock:
            connection = self._ensure_worker()
            connection.send((query, accept, self._max_bytes))
            if not connection.poll(self._time_limit):
                self._stop_worker()
                raise SparqlTimeout(f"the query ran for more than {self._time_limit:g} s and was stopped")
            kind, payload, media_type = connection.recv()
        if kind == "error":
            raise SparqlError(payload.decode("utf-8"))
        if kind == "too-large":
            raise SparqlTooLarge(payload.decode("utf-8"))
        return SparqlAnswer(payload, media_type)

    def close(self) -> None:
        with self._lock:
            self._stop_worker()

    def _ensure_worker(self) -> Connection:
        if self._worker is None or not self._worker.is_alive() or self._connection is None:
            parent, child = mp.get_context("spawn").Pipe()
            self._worker = mp.get_context("spawn").Process(
                target=_serve, args=(str(self._store_dir), child), daemon=True
            )
            self._worker.start()
            self._connection = parent
        return self._connection

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.join(timeout=5)
        self._worker, self._connection = None, None


def _serve(store_dir: str, connection: Connection) -> None:
    store = ox.Store.read_only(store_dir)
    while True:
        query, accept, max_bytes = connection.recv()
        connection.send(_answer(store, query, accept, max_bytes))


def _answer(store: ox.Store, query: str, accept: str, max_bytes: int) -> tuple[str, bytes, str]:
    try:
        results = store.query(query)
    except SyntaxError as error:
        return "error", f"invalid SPARQL: {error}".encode(), ""
    except Exception as error:  # an evaluation error of the engine is the query's fault, not a crash
        return "error", f"the query failed: {error}".encode(), ""
    if isinstance(results, ox.QueryTriples):
        media_type = _choose(accept, GRAPH_FORMATS, "text/turtle")
        body = ox.serialize(results, format=GRAPH_FORMATS[media_type]) or b""
    else:
        media_type = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        body = results.serialize(format=RESULT_FORMATS[media_type]) or b""
    if len(body) > max_bytes:
        return (
            "too-large",
            f"the results exceed {max_bytes // 1024 // 1024} MB: add LIMIT or aggregate".encode(),
            "",
        )
    return "ok", body, media_type


def _choose(accept: str, formats: Mapping[str, object], default: str) -> str:
    return next((media_type for media_type in preferred(accept) if media_type in formats), default)
