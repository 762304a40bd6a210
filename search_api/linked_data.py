"""The catalogue on the web of data: the paged DCAT feed, dereferenceable IRIs and the SPARQL endpoint.

Every IRI the catalogue mints is `{base_iri}/{path}`; served at `{public base}/{path}`, it answers with its
description in the negotiated RDF format (`.ttl`, `.rdf`, `.jsonld`, `.nt` suffixes too). Responses carry
an ETag and Last-Modified (the build's), and answer conditional requests with 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from harvester.config import Config
from harvester.core.iris import Iris
from harvester.core.namespaces import PREFIX_IRIS
from harvester.core.site_urls import codelist_dir, dataset_dir, table_url, variable_anchor
from search_api.accept import preferred
from search_api.feed import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Feed, hydra_view
from search_api.problem_json import problem
from search_api.sparql.endpoint import SparqlEndpoint
from search_api.sparql.errors import (
    SparqlBusy,
    SparqlError,
    SparqlNotAcceptable,
    SparqlTimeout,
    SparqlTooLarge,
    SparqlWorkerLost,
)
from search_api.sparql.remote import RemoteSparqlEndpoint
from search_api.sparql.service import SparqlService

SUFFIXES = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
}
MEDIA_TYPES = {media_type: suffix for suffix, (media_type, _) in SUFFIXES.items()}
# What /openapi.json says these routes answer: RDF, not JSON models.
RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "RDF, in the negotiated syntax.", "content": {t: {} for t in MEDIA_TYPES}},
    304: {"description": "Not modified since the ETag or date given."},
}
SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), in the negotiated format.",
        "content": {
            t: {}
            for t in (
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                *MEDIA_TYPES,
            )
        },
    },
    413: {"description": "The result is larger than the limit."},
}
HTML = "text/html"


class NotDescribed(LookupError):
    """No resource of the catalogue has this IRI."""


@dataclass(frozen=True)
class LinkedData:
    feed: Feed
    base_iri: str
    # Where users reach this server: the base of every absolute link written (paging, redirects).
    # From configuration, never from a request's Host header (responses are cached publicly).
    public_base_url: str
    sparql: SparqlService | None = None
    site_dir: Path | None = None  # the static site, where browsers are sent

    def public_url(self, path: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/{path.lstrip('/')}"


def open_linked_data(config: Config, build_dir: Path, served_at: str) -> LinkedData:
    """The feed, IRIs and SPARQL store of a build (the feed file must exist: `catalogue build`).
    `served_at`: the address the server listens on, the public URL when none is configured."""
    return LinkedData(
        Feed(build_dir / "dcat" / "catalog.nt", str(Iris(config.iri_base()).catalogue())),
        config.iri_base(),
        config.public_base_url or served_at,
        _sparql_service(config, build_dir),
        build_dir / "site",
    )


def _sparql_service(config: Config, build_dir: Path) -> SparqlService | None:
    if config.sparql.server is not None:
        return RemoteSparqlEndpoint(config.sparql.server, build_dir, config.sparql)
    store = build_dir / "sparql"
    return SparqlEndpoint(store, config.sparql) if store.is_dir() else None


def negotiate(request: Request, suffix: str | None) -> str:
    """A suffix wins; else the Accept header's first RDF or HTML type (q-values in order); Turtle when
    nothing is asked or anything will do; NotAcceptable when only other types are."""
    if suffix:
        return suffix
    wanted = preferred(request.headers.get("accept", ""))
    for media_type in wanted:
        if media_type in MEDIA_TYPES:
            return MEDIA_TYPES[media_type]
        if media_type in (HTML, "application/xhtml+xml"):
            return "html"
        if media_type in ("*/*", "text/*", "application/*"):
            return "ttl"
    if wanted:
        raise NotAcceptable(f"descriptions are served as {', '.join(MEDIA_TYPES)} (or HTML for browsers)")
    return "ttl"


class NotAcceptable(ValueError):
    """None of the types the client accepts is one this server writes: a 406."""


def rdf_response(
    request: Request, triples: list[ox.Triple], suffix: str, last_modified: dt.datetime
) -> Response:
    media_type, rdf_format = SUFFIXES[suffix]
    tag = hashlib.sha256(f"{last_modified.isoformat()}|{request.url}|{suffix}".encode()).hexdigest()[:32]
    headers = {
        "ETag": f'"{tag}"',
        "Last-Modified": format_datetime(last_modified, usegmt=True),
        "Vary": "Accept",
        "Cache-Control": "public, max-age=300",
    }
    if _not_modified(request, tag, last_modified):
        return Response(status_code=304, headers=headers)
    with_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD)
    body = ox.serialize(triples, format=rdf_format, prefixes=PREFIX_IRIS if with_prefixes else None) or b""
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, tag: str, last_modified: dt.datetime) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return (
            f'"{tag}"' in [value.strip() for value in if_none_match.split(",")]
            or if_none_match.strip() == "*"
        )
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def router(data: LinkedData) -> APIRouter:
    routes = APIRouter()

    @routes.get(
        "/catalog", summary="The DCAT catalogue, paged (Hydra), content-negotiated", responses=RDF_RESPONSES
    )
    @routes.get("/catalog.{suffix}", summary="The DCAT catalogue in one format", responses=RDF_RESPONSES)
    def catalog(
        request: Request,
        suffix: str | None = None,
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
        modified_since: Annotated[dt.date | None, Query(description="Only datasets modified since.")] = None,
    ) -> Response:
        chosen = _suffix(request, suffix)
        if chosen == "html":
            chosen = "ttl"
        feed_page = data.feed.page(page, page_size, modified_since)
        path = f"catalog.{suffix}" if suffix else "catalog"
        extra = f"&modified_since={modified_since.isoformat()}" if modified_since else ""
        link = data.public_url(path) + f"?page={{page}}&page_size={page_size}{extra}"
        view = hydra_view(data.feed.catalogue.value, feed_page, link.format(page=page), link)
        return rdf_response(request, feed_page.triples + view, chosen, data.feed.last_modified)

    @routes.get("/sparql", summary="SPARQL 1.1 query endpoint (read-only)", responses=SPARQL_RESPONSES)
    def sparql_get(request: Request, query: Annotated[str, Query(max_length=20_000)]) -> Response:
        return _sparql(data, query, request.headers.get("accept", ""))

    @routes.post(
        "/sparql",
        summary="SPARQL 1.1 query endpoint (read-only), query in the body",
        responses=SPARQL_RESPONSES,
    )
    async def sparql_post(request: Request) -> Response:
        body = await request.body()
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        if content_type == "application/sparql-query":
            query = body.decode("utf-8", errors="replace")
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"))
            if "update" in form:
                return problem(403, "Forbidden", "this endpoint is read-only: SPARQL updates are refused")
            query = (form.get("query") or [""])[0]
        else:
            return problem(
                415, "Unsupported Media Type", "send application/sparql-query or a form with `query`"
            )
        return await run_in_threadpool(_sparql, data, query, request.headers.get("accept", ""))

    @routes.get("/{kind}/{rest:path}", summary="Dereference an IRI of the catalogue", include_in_schema=False)
    def describe(request: Request, kind: str, rest: str) -> Response:
        path, suffix = _split_suffix(f"{kind}/{rest}")
        chosen = _suffix(request, suffix)
        if chosen == "html":
            if data.site_dir is not None and data.site_dir.is_dir():
                return RedirectResponse(data.public_url(f"site/{site_path(path)}"), status_code=303)
            chosen = "ttl"
        iri = f"{data.base_iri}/{path}"
        if kind not in ("dataset", "collection", "codelist", "catalogue"):
            raise NotDescribed(f"no resource has the IRI {iri}")
        triples = _description(data, iri)
        if not triples:
            raise NotDescribed(f"no resource has the IRI {iri}")
        return rdf_response(request, triples, chosen, data.feed.last_modified)

    return routes


def site_path(path: str) -> str:
    """Where the site shows the resource of an IRI path (dataset/x/table/t → datasets/x/tables/t/)."""
    parts = path.split("/")
    if parts[0] == "dataset" and len(parts) >= 2:
        if len(parts) >= 4 and parts[2] == "table":
            page = table_url(parts[1], parts[3])
            return page + (
                f"#{variable_anchor(parts[5])}" if len(parts) >= 6 and parts[4] == "variable" else ""
            )
        return dataset_dir(parts[1]) + "/"
    if parts[0] == "codelist" and len(parts) >= 2:
        return codelist_dir(parts[1]) + "/"
    return ""  # the catalogue and its collections: the home page


def _suffix(request: Request, suffix: str | None) -> str:
    if suffix is not None and suffix not in SUFFIXES:
        raise NotDescribed(f"no format '.{suffix}': use .ttl, .rdf, .jsonld or .nt")
    return negotiate(request, suffix)


def _split_suffix(path: str) -> tuple[str, str | None]:
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in SUFFIXES and "/" not in suffix:
        return stem, suffix
    return path, None


def _description(data: LinkedData, iri: str) -> list[ox.Triple]:
    """Records, tables and variables from the exact feed triples; codes from the store."""
    try:
        node = ox.NamedNode(iri)
    except ValueError as error:  # characters no IRI may hold (space, <, ", {…): nothing has it
        raise NotDescribed(f"no resource has the IRI {iri}") from error
    if data.feed.knows(iri):
        return data.feed.description(node)
    if data.sparql is None:
        return []
    try:
        return data.sparql.describe(iri)
    except SparqlFailure as error:
        raise SparqlUnavailable(str(error)) from error


def _sparql(data: LinkedData, query: str, accept: str) -> Response:
    if data.sparql is None:
        return problem(503, "Service Unavailable", "no SPARQL store: run `catalogue index`")
    try:
        answer = data.sparql.query(query, accept)
    except SparqlError as error:
        return problem(400, "Bad Request", str(error))
    except SparqlNotAcceptable as error:
        return problem(406, "Not Acceptable", str(error))
    except SparqlTooLarge as error:
        return problem(413, "Content Too Large", str(error))
    except SparqlBusy as error:
        headers = {"Retry-After": str(error.retry_after_s)}
        return problem(503, "Service Unavailable", str(error), headers=headers)
    except (SparqlTimeout, SparqlWorkerLost) as error:
        return problem(503, "Service Unavailable", str(error))
    return Response(answer.body, media_type=answer.media_type)


SparqlFailure = (SparqlError, SparqlTooLarge, SparqlBusy, SparqlTimeout, SparqlWorkerLost)


class SparqlUnavailable(RuntimeError):
    """A code's description could not be read from the store in time: a 503."""
