"""What the routes need of a SPARQL endpoint, whichever answers: the embedded store or a server."""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from search_api.sparql.errors import SparqlAnswer


class SparqlService(Protocol):
    def query(self, query: str, accept: str) -> SparqlAnswer:
        """Raises SparqlError, SparqlNotAcceptable, SparqlTooLarge, SparqlBusy, SparqlTimeout or
        SparqlWorkerLost; never anything else for a client's query."""
        ...

    def describe(self, iri: str) -> list[ox.Triple]:
        """The triples whose subject is `iri` (ValueError when it is no IRI)."""
        ...

    def close(self) -> None: ...
