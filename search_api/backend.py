"""What every search backend offers, whatever engine is behind it (one contract, tested on each)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from search_api.documents import FACETS, SearchDocument
from search_api.query_plan import QueryPlan

MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # page × size beyond this is refused: deep paging is a scan, not a search


class SearchUnavailable(RuntimeError):
    """The engine cannot answer (server down, index missing): the message says what to do."""


@dataclass(frozen=True)
class SearchRequest:
    plan: QueryPlan
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet → accepted values
    year: int | None = None  # available in that year
    # Available in at least one year of [year_from, year_to] (either bound may be open).
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    size: int = 20  # 0: no hits, only the total and the facets
    facets: tuple[str, ...] = FACETS  # counted per value; internal listings ask for none
    snippets: bool = True  # internal searches (evidence, listings) need none
    # 0: every group of the plan must match. n > 0: the closest results instead, the documents that
    # match at least n groups but not all of them (they follow the complete ones).
    closest: int = 0
    skip: int | None = None  # documents skipped, when not (page - 1) × size
    # Code list → boost: tables and variables taking values from a list whose codes match the words
    # are lifted, and count as matches: complete ones when the codes match every word
    # (evidence_complete), else closest ones (the service finds the lists first).
    evidence: Mapping[str, float] = field(default_factory=dict)
    evidence_complete: bool = True

    @property
    def years(self) -> tuple[int | None, int | None]:
        """The first and last year of which one must be available (`year` is both); None is open."""
        if self.year is not None:
            return self.year, self.year
        return self.year_from, self.year_to

    @property
    def offset(self) -> int:
        return self.skip if self.skip is not None else (self.page - 1) * self.size


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    score: float
    snippet: str  # HTML: the matched words in <b>, everything else escaped


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet → value → number of matching documents


@dataclass(frozen=True)
class BackendHealth:
    """What a readiness probe reports: which index, of which schema version, holding what."""

    backend: str
    index: str  # the folder or the alias searched
    version: str | None  # the index's schema version; None when there is no index yet
    expected_version: str  # the version this catalogue reads
    documents: dict[str, int]  # type → number of documents

    @property
    def ready(self) -> bool:
        return self.version == self.expected_version


class SearchBackend(Protocol):
    name: str

    def replace_all(
        self, documents: Iterable[SearchDocument], manifest: Mapping[str, str] | None = None
    ) -> int:
        """Index these documents in place of the current ones; searches see old or new, never a mix.
        `manifest` (scope → fingerprint of what was read) is kept with the index for the next run."""
        ...

    def replace_scopes(
        self, scopes: Collection[str], documents: Iterable[SearchDocument], manifest: Mapping[str, str]
    ) -> int:
        """Remove the documents of these scopes (SearchDocument.scope), index these in their place (all
        of those scopes), keep the new manifest; the other documents stay as they were."""
        ...

    def manifest(self) -> dict[str, str] | None:
        """The manifest kept by the last indexing; None when there is no index of this version."""
        ...

    def search(self, request: SearchRequest) -> SearchPage:
        """Relevance order (then sort key) for text; sort-key order for an empty text (a listing)."""
        ...

    def suggest(self, plan: QueryPlan, limit: int) -> list[SearchDocument]:
        """Autocomplete: documents whose name or label starts with the words typed."""
        ...

    def health(self) -> BackendHealth:
        """The index's state; raises SearchUnavailable when the engine cannot be reached."""
        ...

    def close(self) -> None: ...
