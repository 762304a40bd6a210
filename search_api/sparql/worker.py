"""The worker process: it opens the store read-only and answers one query at a time.

pyoxigraph cannot interrupt a query, so queries run here: the parent kills the process past the time
limit. The process's data segment is capped (RLIMIT_DATA): a query that needs more aborts this
process, never the server. Results are serialized into a counting buffer that stops at the size
limit, and every evaluation error (they surface lazily, while results are serialized) is an answer,
so the worker lives on. Queries are checked here too (no update, no SERVICE), each worker parsing
on its own: rdflib's parser is not thread-safe, and parsing costs the server's threads nothing here.
"""

from __future__ import annotations

import io
import os
import resource
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from search_api.accept import preferred
from search_api.sparql.checks import check_query
from search_api.sparql.errors import SparqlError

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


@dataclass(frozen=True)
class Request:
    query: str
    accept: str
    max_bytes: int


@dataclass(frozen=True)
class Reply:
    kind: str  # "ok", "error" (the query's fault), "too-large", "not-acceptable"
    body: bytes
    media_type: str = ""


def serve(store_dir: str, connection: Connection, memory_bytes: int, niceness: int) -> None:
    """The process's main loop (started with the `spawn` method). Workers of analytical queries run
    niced: they yield the CPU to the server's own threads, so search stays quick under SPARQL load."""
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    if niceness:
        os.nice(niceness)
    store = ox.Store.read_only(store_dir)
    while True:
        try:
            request: Request = connection.recv()
        except EOFError:  # the server closed its end: it is stopping, or replacing this worker
            return
        connection.send(answer(store, request))


def answer(store: ox.Store, request: Request) -> Reply:
    try:
        check_query(request.query)  # here, in the worker: rdflib's parser is not thread-safe
    except SparqlError as error:
        return Reply("error", str(error).encode())
    try:
        results = store.query(request.query)
    except SyntaxError as error:
        return Reply("error", f"invalid SPARQL: {error}".encode())
    except Exception as error:  # an evaluation error of the engine is the query's fault, not a crash
        return Reply("error", f"the query failed: {error}".encode())
    graph = isinstance(results, ox.QueryTriples)
    formats: Mapping[str, object] = GRAPH_FORMATS if graph else RESULT_FORMATS
    media_type = choose(request.accept, formats)
    if media_type is None:
        wanted = ", ".join(formats)
        return Reply("not-acceptable", f"results of this query can be sent as {wanted}".encode())
    out = _CappedBuffer(request.max_bytes)
    try:
        if isinstance(results, ox.QueryTriples):
            ox.serialize(results, out, format=GRAPH_FORMATS[media_type])
        else:
            results.serialize(out, format=RESULT_FORMATS[media_type])
    except _TooLarge:
        limit = request.max_bytes // 1024 // 1024
        return Reply("too-large", f"the results exceed {limit} MB: add LIMIT or aggregate".encode())
    except Exception as error:  # raised while the results are computed, as they are written
        return Reply("error", f"the query failed: {error}".encode())
    return Reply("ok", out.getvalue(), media_type)


def choose(accept: str, formats: Mapping[str, object]) -> str | None:
    """The first acceptable format; the first of `formats` when nothing is asked; None when nothing fits."""
    wanted = preferred(accept)
    if not wanted or any(media_type in ("*/*", "application/*", "text/*") for media_type in wanted):
        fallback = next(iter(formats))
    else:
        fallback = None
    return next((media_type for media_type in wanted if media_type in formats), fallback)


class _TooLarge(Exception):
    pass


class _CappedBuffer(io.BytesIO):
    """A byte buffer that refuses to grow past its cap (so does the worker's memory)."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, data: Any) -> int:
        if self.tell() + memoryview(data).nbytes > self.cap:
            raise _TooLarge(self.cap)
        return super().write(data)
