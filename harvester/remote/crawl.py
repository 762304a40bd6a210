"""Read a catalogue page after page, isolating failures: a bad page is reported, the rest is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox

from harvester.config import HarvestSource
from harvester.core.problems import Problem
from harvester.core.rules import harvest as rules
from harvester.remote.fetch import Fetcher, FetchError, is_http_url
from harvester.remote.jsonld import RemoteContexts
from harvester.remote.paging import next_page
from harvester.remote.parse import BrokenPage, parse_page
from harvester.remote.records import Draft, extract_records
from harvester.remote.state import PageEntry


@dataclass(frozen=True)
class PageProgress:
    """Reported after each page, for a progress line."""

    number: int
    url: str
    datasets: int  # found so far


@dataclass
class Crawl:
    drafts: dict[str, Draft] = field(default_factory=dict)  # by original term, merged across pages
    pages: list[PageEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken_iris: set[str] = field(default_factory=set)  # records met but unreadable
    records_met: int = 0
    # Every page was read to the last: only then is a dataset missing from the source deleted here.
    complete: bool = True

    @property
    def pages_ok(self) -> int:
        return sum(page.status == "ok" for page in self.pages)

    @property
    def pages_failed(self) -> int:
        return sum(page.status == "failed" for page in self.pages)


def crawl(source: HarvestSource, fetcher: Fetcher, on_page: Callable[[PageProgress], None] | None) -> Crawl:
    result = Crawl()
    contexts = RemoteContexts(fetcher.get)
    start = str(source.url)
    visited: set[str] = set()
    # Only the configured host: a redirect is followed for its own request (the guard checks each
    # hop), but never decides where later pages may be read.
    hosts = {httpx.URL(start).host}
    url: str | None = start
    while url is not None:
        if len(result.pages) >= source.max_pages:
            result.problems.append(rules.MAX_PAGES.at(url, limit=source.max_pages))
            result.complete = False
            break
        visited.add(url)
        try:
            response = fetcher.get(url)
        except FetchError as error:
            _fail(result, url, error.problem)
            break
        visited.add(response.url)
        try:
            parsed = parse_page(response, contexts)
        except BrokenPage as broken:
            _fail(result, response.url, broken.problem)
            triples = broken.salvaged  # not trusted for datasets, but may still say where page 2 is
        else:
            triples = parsed.triples
            result.problems += parsed.warnings
            _add_records(result, parsed.triples, response.url)
        following = next_page(triples, response.url, url, response.next_link)
        # Past the first page (whose failure fails the whole source), say that later pages were lost.
        if following is None and result.pages[-1].status == "failed" and len(result.pages) > 1:
            result.problems.append(rules.PAGING_UNREADABLE_PAGE.at(response.url))
        if on_page is not None:
            on_page(PageProgress(len(result.pages), response.url, len(result.drafts)))
        url = _next_url(result, following, (url, response.url), hosts, visited)
    return result


def _fail(result: Crawl, url: str, problem: Problem) -> None:
    result.problems.append(problem)
    result.pages.append(PageEntry(url, "failed", 0))
    result.complete = False


def _add_records(result: Crawl, triples: list[ox.Triple], page_url: str) -> None:
    found = extract_records(triples, page_url, len(result.pages))
    result.problems += found.problems
    result.broken_iris |= found.broken_iris
    result.records_met += len(found.drafts) + len(found.broken_iris)
    for draft in found.drafts:
        known = result.drafts.get(draft.term)
        if known is None:
            result.drafts[draft.term] = draft
        else:  # the same IRI on two pages: one resource, its statements merge
            known.lines += draft.lines
            known.identifiers |= draft.identifiers
    result.pages.append(PageEntry(page_url, "ok", len(found.drafts)))


def _next_url(
    result: Crawl, following: str | None, current: tuple[str, str], hosts: set[str], visited: set[str]
) -> str | None:
    if following is None or following in current:  # a last page that names itself as next
        return None
    stop: Problem | None = None
    if following in visited:
        stop = rules.PAGING_LOOP.at(current[1], url=following)
    elif not is_http_url(following):
        stop = rules.SCHEME_NEXT.at(following, origin=current[1])
    elif httpx.URL(following).host not in hosts:
        # Paging never leaves the catalogue's host: a feed must not send the harvester elsewhere.
        stop = rules.PAGING_OTHER_HOST.at(current[1], url=following)
    if stop is not None:
        result.problems.append(stop)
        result.complete = False
        return None
    return following
