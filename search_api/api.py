"""The search API (FastAPI): search, autocomplete, and the catalogue's datasets, tables, variables, code lists.

Errors are `application/problem+json` (RFC 9457). Limits: query length, page size, result window,
filter values, URL length; user text never reaches an engine's query syntax (see query_plan).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from harvester.core import resources
from search_api.backend import MAX_PAGE_SIZE, SearchUnavailable
from search_api.content_policy import inline_script_hashes, policy, site_policy
from search_api.documents import TYPES
from search_api.guards import GuardLimits, Guards
from search_api.linked_data import LinkedData, NotAcceptable, NotDescribed, SparqlUnavailable, router
from search_api.problem_json import problem
from search_api.query_plan import MAX_QUERY_CHARS, QueryError
from search_api.responses import (
    ERROR_RESPONSES,
    CodeListPage,
    DatasetDetail,
    Detail,
    Health,
    SearchResults,
    Summary,
    TableDetail,
)
from search_api.selection_api import SelectionData, selection_router
from search_api.service import NotFound, SearchParameters, SearchService

LOG = logging.getLogger(__name__)
DOCS_PAGE = get_swagger_ui_html(
    openapi_url="/openapi.json",
    title="Health data catalogue — API",
    swagger_js_url="/docs/assets/swagger-ui-bundle.js",
    swagger_css_url="/docs/assets/swagger-ui.css",
    swagger_favicon_url="/docs/assets/favicon-32x32.png",
)

Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Words to search, in French or English.")]
Page = Annotated[int, Query(ge=1, le=10_000)]
Size = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Values = Annotated[list[str] | None, Query(max_length=20)]


def create_app(
    service: SearchService,
    linked_data: LinkedData | None = None,
    limits: GuardLimits | None = None,
    selection: SelectionData | None = None,
) -> FastAPI:
    app = FastAPI(
        title="Health data catalogue — search API",
        version="1",
        description="Search datasets, tables, variables and codes of the health data catalogue; "
        "its DCAT feed (/catalog), dereferenceable IRIs and a read-only SPARQL endpoint (/sparql).",
        responses=ERROR_RESPONSES,
        docs_url=None,  # served below from local assets: the default page loads Swagger UI from a CDN
        redoc_url=None,
    )
    site = linked_data.site_dir if linked_data is not None else None
    policies = {"/docs": policy(inline_script_hashes(bytes(DOCS_PAGE.body)))}
    if site is not None and site.is_dir():
        policies["/site"] = site_policy(site)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(Guards, limits=limits or GuardLimits(), policies=policies)
    _error_handlers(app)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return DOCS_PAGE

    app.mount(
        "/docs/assets", StaticFiles(directory=resources.site("vendor", "swagger-ui")), name="docs-assets"
    )

    @app.get("/api/search", summary="Search datasets, tables, variables, codes and uses of the data")
    def search(
        q: Text = "",
        type: Annotated[
            list[str] | None, Query(max_length=len(TYPES), description=f"One of {', '.join(TYPES)}.")
        ] = None,
        dataset: Values = None,
        publisher: Values = None,
        theme: Values = None,
        access_rights: Values = None,
        health_category: Values = None,
        datatype: Values = None,
        code_list: Values = None,
        kind: Values = None,
        status: Values = None,
        organisation: Values = None,
        year: Annotated[int | None, Query(ge=1900, le=2100, description="Available in that year.")] = None,
        year_from: Annotated[
            int | None, Query(ge=1900, le=2100, description="Available in at least one year from this one.")
        ] = None,
        year_to: Annotated[
            int | None, Query(ge=1900, le=2100, description="Available in at least one year up to this one.")
        ] = None,
        page: Page = 1,
        size: Size = 20,
    ) -> SearchResults:
        given = {
            "type": type,
            "dataset": dataset,
            "publisher": publisher,
            "theme": theme,
            "access_rights": access_rights,
            "health_category": health_category,
            "datatype": datatype,
            "code_list": code_list,
            "kind": kind,
            "status": status,
            "organisation": organisation,
        }
        filters = {facet: tuple(values) for facet, values in given.items() if values}
        return service.search(SearchParameters(q, filters, year, page, size, year_from, year_to))

    @app.get(
        "/api/health",
        summary="Readiness: the search backend answers with an index of the expected version",
        response_model=Health,
        responses={503: {"model": Health, "description": "Not ready: the message says what to do"}},
    )
    def health() -> JSONResponse:
        state = service.health()
        return JSONResponse(state.model_dump(), status_code=200 if state.status == "ready" else 503)

    @app.get("/api/suggest", summary="Autocomplete on names and labels")
    def suggest(q: Text, limit: Annotated[int, Query(ge=1, le=20)] = 10) -> list[Summary]:
        return service.suggest(q, limit)

    @app.get("/api/datasets", summary="The datasets, paged")
    def datasets(page: Page = 1, size: Size = 20) -> SearchResults:
        return service.datasets(page, size)

    @app.get("/api/datasets/{dataset_id}", summary="A dataset and its tables")
    def dataset(dataset_id: str) -> DatasetDetail:
        return service.dataset(dataset_id)

    @app.get("/api/datasets/{dataset_id}/tables/{table}", summary="A table and its variables")
    def table(dataset_id: str, table: str) -> TableDetail:
        return service.table(dataset_id, table)

    @app.get("/api/datasets/{dataset_id}/tables/{table}/variables/{name}", summary="A variable")
    def variable(dataset_id: str, table: str, name: str) -> Detail:
        return service.variable(dataset_id, table, name)

    @app.get(
        "/api/codelists/{codelist_id}", summary="A code list: its codes (paged) and the variables using it"
    )
    def codelist(codelist_id: str, page: Page = 1, size: Size = 50) -> CodeListPage:
        return service.codelist(codelist_id, page, size)

    if selection is not None:
        app.include_router(selection_router(selection))

    if linked_data is not None:
        if site is not None and site.is_dir():

            @app.get("/site/catalogue-api.json", include_in_schema=False)
            def site_api() -> dict[str, str]:
                """Tells the site's search page that this API answers (the static file says null)."""
                return {"search": "/api/search"}

            app.mount("/site", StaticFiles(directory=site, html=True), name="site")

            @app.get("/", include_in_schema=False)
            def home() -> RedirectResponse:
                return RedirectResponse("/site/", status_code=307)

        app.include_router(
            router(linked_data)
        )  # after the API and the site: its catch-all IRI route comes last
    return app


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def bad_query(_: Request, error: QueryError) -> JSONResponse:
        return problem(400, "Bad Request", str(error))

    @app.exception_handler(SearchUnavailable)
    async def unavailable(_: Request, error: SearchUnavailable) -> JSONResponse:
        return problem(503, "Service Unavailable", str(error))

    @app.exception_handler(NotDescribed)
    async def not_described(_: Request, error: NotDescribed) -> JSONResponse:
        return problem(404, "Not Found", str(error))

    @app.exception_handler(NotAcceptable)
    async def not_acceptable(_: Request, error: NotAcceptable) -> JSONResponse:
        return problem(406, "Not Acceptable", str(error))

    @app.exception_handler(SparqlUnavailable)
    async def sparql_unavailable(_: Request, error: SparqlUnavailable) -> JSONResponse:
        return problem(503, "Service Unavailable", str(error))

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return problem(404, "Not Found", str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()
        )
        return problem(422, "Unprocessable Content", details)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        return problem(error.status_code, str(error.detail), str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        LOG.exception("unexpected error on %s", request.url.path, exc_info=error)
        return problem(500, "Internal Server Error", "the search failed; the error was logged")
