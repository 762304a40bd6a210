"""Searching the catalogue, whatever the backend: checked parameters in, the API's responses out.

The API and `catalogue search` both answer through here, so they print the same JSON. A code hit says
which code list it belongs to and which variables take their values from that list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from harvester.config import Config
from search_api import responses
from search_api.backend import (
    MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
    BackendHealth,
    Hit,
    SearchBackend,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
)
from search_api.documents import FACETS, OPEN_END, OPEN_START, TYPES, SearchDocument
from search_api.evidence import EvidenceFinder
from search_api.fresh_cache import fresh_cache
from search_api.query_plan import QueryError, plan
from search_api.ranking import closest_share
from search_api.responses import (
    Code,
    CodeListPage,
    DatasetDetail,
    Detail,
    SearchResults,
    Summary,
    TableDetail,
    VariableUse,
    Years,
)

MAX_FILTER_VALUES = 20
USES_SHOWN = 20


class NotFound(LookupError):
    """The dataset, table, variable or code list asked for is not in the index."""


@dataclass(frozen=True)
class SearchParameters:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year: int | None = None
    page: int = 1
    size: int = 20
    year_from: int | None = None  # available in at least one year of the range
    year_to: int | None = None


def open_backend(config: Config, build_dir: Path) -> SearchBackend:
    """The configured backend; a cluster's client is imported only when that cluster is used."""
    settings = config.search
    if settings.backend == "tantivy":
        from search_api.tantivy_backend import TantivyBackend

        return TantivyBackend(build_dir / "search" / "tantivy")
    from search_api.cluster_backend import Connection, Credentials

    connection = Connection(
        settings.url, settings.index, Credentials.from_environment(), settings.verify_tls, settings.ca_certs
    )
    if settings.backend == "opensearch":
        from search_api.opensearch_backend import opensearch_backend

        return opensearch_backend(connection)
    from search_api.elasticsearch_backend import elasticsearch_backend

    return elasticsearch_backend(connection)


class SearchService:
    def __init__(self, backend: SearchBackend, clock: Callable[[], float] = time.monotonic) -> None:
        self.backend = backend
        self._users = fresh_cache(self._users_uncached, maxsize=2048, clock=clock)
        self.evidence = EvidenceFinder(backend, self._users, clock)

    def search(self, parameters: SearchParameters) -> SearchResults:
        """The documents matching every word (in their text, or in the codes of their lists), then the
        closest ones (most of the words): a question worded otherwise than the catalogue still finds
        what it holds. Each hit says why it was found."""
        request = self._request(parameters)
        found = self.evidence.codes(request)
        request = replace(request, evidence=found.boosts, evidence_complete=found.complete)
        page = self.backend.search(request)
        least = closest_share(request.plan)
        complete = page.total
        if least:
            # The closest results continue the complete ones, page after page.
            skip = max(0, request.offset - page.total)
            wanted = request.size - len(page.hits)
            closest = self.backend.search(
                replace(request, closest=least, skip=skip, size=max(wanted, 0), page=1, snippets=wanted > 0)
            )
            hits = page.hits + closest.hits
            page = SearchPage(page.total + closest.total, hits, _summed(page.facets, closest.facets))
        why = self.evidence.explain(request, found, parameters.q.strip(), page.hits)
        return self._results(page, request, complete, why)

    def health(self) -> responses.Health:
        """Ready when the backend answers with an index of the version this catalogue reads."""
        try:
            state = self.backend.health()
        except SearchUnavailable as error:
            return responses.Health(
                status="unavailable",
                backend=self.backend.name,
                index="",
                version=None,
                expected_version="",
                documents={},
                message=str(error),
            )
        message = "" if state.ready else _stale_index(state)
        return responses.Health(
            status="ready" if state.ready else "unavailable", message=message, **asdict(state)
        )

    def suggest(self, q: str, limit: int = 10) -> list[Summary]:
        if not 1 <= limit <= 20:
            raise QueryError("limit must be between 1 and 20")
        return [_summary(document) for document in self.backend.suggest(plan(q), limit)]

    # --- the catalogue's structure, answered from the index ---------------------------------------

    def datasets(self, page: int, size: int) -> SearchResults:
        return self.search(SearchParameters(filters={"type": ("dataset",)}, page=page, size=size))

    def dataset(self, dataset_id: str) -> DatasetDetail:
        document = self._one({"type": ("dataset",), "dataset": (dataset_id,)})
        tables = self._all({"type": ("table",), "dataset": (dataset_id,)})
        return DatasetDetail(**_detail_fields(document), tables=[_summary(table) for table in tables])

    def table(self, dataset_id: str, table: str) -> TableDetail:
        document = self._one({"type": ("table",), "dataset": (dataset_id,)}, name=table)
        variables = [
            v for v in self._all({"type": ("variable",), "dataset": (dataset_id,)}) if v.table == table
        ]
        return TableDetail(
            **_detail_fields(document), variables=[_detail(variable) for variable in variables]
        )

    def variable(self, dataset_id: str, table: str, name: str) -> Detail:
        variables = self._all({"type": ("variable",), "dataset": (dataset_id,)})
        found = [v for v in variables if v.table == table and v.name == name]
        if not found:
            raise NotFound(f"no variable {name} in table {table} of dataset {dataset_id}")
        return _detail(found[0])

    def codelist(self, codelist_id: str, page: int, size: int) -> CodeListPage:
        codes = self.search(
            SearchParameters(filters={"type": ("code",), "code_list": (codelist_id,)}, page=page, size=size)
        )
        if codes.total == 0 and not self._uses(codelist_id):
            raise NotFound(f"no code list {codelist_id}")
        return CodeListPage(
            id=codelist_id,
            used_by=self._uses(codelist_id),
            total=codes.total,
            page=page,
            size=size,
            codes=[Code(code=hit.name, label=hit.label, id=hit.id) for hit in codes.results],
        )

    # --- helpers ----------------------------------------------------------------------------------

    def _request(self, parameters: SearchParameters) -> SearchRequest:
        if not 1 <= parameters.size <= MAX_PAGE_SIZE:
            raise QueryError(f"size must be between 1 and {MAX_PAGE_SIZE}")
        if parameters.page < 1 or parameters.page * parameters.size > MAX_RESULT_WINDOW:
            raise QueryError(f"page must be at least 1 and page × size at most {MAX_RESULT_WINDOW}")
        for facet, values in parameters.filters.items():
            if facet not in FACETS:
                raise QueryError(f"unknown filter '{facet}'; filters are {', '.join(FACETS)}")
            if len(values) > MAX_FILTER_VALUES or any(len(value) > 200 for value in values):
                raise QueryError(f"at most {MAX_FILTER_VALUES} values of at most 200 characters per filter")
        unknown_types = set(parameters.filters.get("type", ())) - set(TYPES)
        if unknown_types:
            raise QueryError(f"unknown type {sorted(unknown_types)}; types are {', '.join(TYPES)}")
        years = {"year": parameters.year, "year_from": parameters.year_from, "year_to": parameters.year_to}
        for name, value in years.items():
            if value is not None and not 1900 <= value <= 2100:
                raise QueryError(f"{name} must be between 1900 and 2100")
        if parameters.year_from and parameters.year_to and parameters.year_from > parameters.year_to:
            raise QueryError("year_from must not be after year_to")
        filters = {facet: values for facet, values in parameters.filters.items() if values}
        return SearchRequest(
            plan(parameters.q),
            filters,
            parameters.year,
            parameters.year_from,
            parameters.year_to,
            parameters.page,
            parameters.size,
        )

    def _results(
        self,
        page: SearchPage,
        request: SearchRequest,
        complete: int,
        why: Mapping[str, list[responses.Evidence]] | None = None,
    ) -> SearchResults:
        return SearchResults(
            total=page.total,
            complete=complete,
            page=request.page,
            size=request.size,
            results=[self._hit(hit, (why or {}).get(hit.document.id, [])) for hit in page.hits],
            facets=page.facets,
        )

    def _hit(self, hit: Hit, evidence: list[responses.Evidence]) -> responses.Hit:
        document = hit.document
        used_by = self._uses(document.code_list) if document.type == "code" else None
        return responses.Hit(
            **_summary_fields(document),
            snippet=hit.snippet,
            score=round(hit.score, 4),
            used_by=used_by,
            evidence=evidence,
        )

    def _uses(self, codelist_id: str) -> list[VariableUse]:
        return self._users(codelist_id)[:USES_SHOWN]

    def _users_uncached(self, codelist_id: str) -> list[VariableUse]:
        """Every variable taking its values from the list."""
        return [
            VariableUse(dataset=d.dataset, table=d.table, variable=d.name, label=d.label)
            for d in self._all({"type": ("variable",), "code_list": (codelist_id,)})
        ]

    def _one(self, filters: Mapping[str, tuple[str, ...]], name: str | None = None) -> SearchDocument:
        matches = [d for d in self._all(filters) if name is None or d.name == name]
        if not matches:
            wanted = ", ".join(f"{k}={v[0]}" for k, v in filters.items()) + (f", name={name}" if name else "")
            raise NotFound(f"nothing matches {wanted}")
        return matches[0]

    def _all(self, filters: Mapping[str, tuple[str, ...]]) -> list[SearchDocument]:
        documents: list[SearchDocument] = []
        page = 1
        while True:
            found = self.backend.search(
                SearchRequest(plan(""), filters, page=page, size=MAX_PAGE_SIZE, facets=(), snippets=False)
            )
            documents += [hit.document for hit in found.hits]
            if len(documents) >= found.total or not found.hits or page * MAX_PAGE_SIZE >= MAX_RESULT_WINDOW:
                return documents
            page += 1


def _stale_index(state: BackendHealth) -> str:
    if state.version is None:
        return f"no search index ({state.backend}): run `catalogue index`"
    return (
        f"the search index has schema version {state.version}, this catalogue reads "
        f"{state.expected_version}: run `catalogue index --full`"
    )


def _summary_fields(document: SearchDocument) -> dict[str, Any]:
    return {
        "type": document.type,
        "id": document.id,
        "dataset": document.dataset,
        "table": document.table,
        "name": document.name,
        "label": document.label,
        "code_list": document.code_list or None,
        "datatype": document.datatype or None,
        "uses": document.uses if document.type in ("dataset", "table", "variable") else None,
        "kind": document.kind or None,
        "status": document.status or None,
    }


def _summary(document: SearchDocument) -> Summary:
    return Summary(**_summary_fields(document))


def _detail_fields(document: SearchDocument) -> dict[str, Any]:
    years = Years(
        from_=document.year_from if document.year_from != OPEN_START else None,
        to=document.year_to if document.year_to != OPEN_END else None,
        missing=list(document.years_missing),
        ongoing=document.ongoing,
    )
    return {
        **_summary_fields(document),
        "label_en": document.label_en,
        "description": document.description,
        "publisher": document.publisher,
        "themes": list(document.themes),
        "access_rights": document.access_rights,
        "health_categories": list(document.health_categories),
        "years": years,
    }


def _detail(document: SearchDocument) -> Detail:
    return Detail(**_detail_fields(document))


def _summed(first: dict[str, dict[str, int]], second: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Facet counts of two disjoint sets of documents, added."""
    summed: dict[str, dict[str, int]] = {}
    for facets in (first, second):
        for facet, counts in facets.items():
            into = summed.setdefault(facet, {})
            for value, count in counts.items():
                into[value] = into.get(value, 0) + count
    return summed
