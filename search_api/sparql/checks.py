"""What a query may ask before it reaches a store: a read, of this store only.

The query is parsed (rdflib's SPARQL 1.1 grammar) and its parse tree searched for `SERVICE`, the one
SPARQL construct that makes the engine send requests elsewhere; pyoxigraph would otherwise POST to any
address a client names, loopback and private networks included. Text matching would be fooled by
comments, strings and prefixed names; the tree is not. A query rdflib cannot parse is refused: this
endpoint speaks SPARQL 1.1.
"""

from __future__ import annotations

from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from search_api.sparql.errors import SparqlError

MAX_QUERY_CHARS = 20_000
FEDERATION = {"ServiceGraphPattern"}
GRAPH_FORMS = {"ConstructQuery", "DescribeQuery"}


def check_length(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise SparqlError(f"the query is longer than {MAX_QUERY_CHARS} characters")


def check_query(query: str) -> bool:
    """True for a query that gives a graph (CONSTRUCT, DESCRIBE), False for results (SELECT, ASK).
    Raises SparqlError for a query too long, an update, a federated query or invalid SPARQL.
    Not thread-safe (rdflib's parser): call it from one thread, as each SPARQL worker does."""
    check_length(query)
    try:
        tree = parseQuery(query)
    except ParseException as error:
        if _is_update(query):
            raise SparqlError("this endpoint is read-only: SPARQL updates are refused") from error
        raise SparqlError(f"invalid SPARQL: {error}") from error
    except RecursionError as error:
        raise SparqlError("invalid SPARQL: the query is nested too deeply") from error
    if _contains(tree, FEDERATION):
        raise SparqlError(
            "SERVICE is refused: this endpoint only queries its own graph, never another server"
        )
    form = tree[-1]
    return isinstance(form, CompValue) and form.name in GRAPH_FORMS


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except (ParseException, RecursionError):
        return False
    return True


def _contains(node: Any, names: set[str]) -> bool:
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, CompValue):
            if current.name in names:
                return True
            todo.extend(current.values())
        elif isinstance(current, list | tuple | ParseResults):
            todo.extend(current)
    return False
