"""Fetching catalogue pages safely: http(s) only, timeouts, a hard cap on the bytes read.

Redirects are followed by hand so that each hop is checked (a redirect to `file:` or `ftp:` is
refused, not attempted). Bodies are streamed and reading stops at the cap, so a 200 MB answer costs
at most `max_bytes` of memory; the cap counts decompressed bytes, which also stops gzip bombs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urldefrag, urljoin

import httpcore
import httpx

from harvester.config import MEGABYTE, HarvestSource
from harvester.core.problems import Problem, ProblemError
from harvester.core.rules import harvest as rules
from harvester.remote.addresses import AddressPolicy, AddressRefused, GuardedBackend
from harvester.remote.text import one_line

# Turtle first: the most common DCAT syntax, and the one whose parse errors are the most precise.
RDF_ACCEPT = (
    "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, application/n-triples;q=0.8, "
    "application/trig;q=0.6, application/n-quads;q=0.6, */*;q=0.1"
)
JSONLD_ACCEPT = "application/ld+json, application/json;q=0.9, */*;q=0.1"
USER_AGENT = "health-data-catalogue-harvester/0.1 (DCAT-AP harvester)"
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_WAIT_S = 30.0


@dataclass(frozen=True)
class Response:
    """A page read whole and within limits."""

    requested_url: str
    url: str  # after redirects: the base of the page's relative IRIs
    media_type: str | None  # lower case, without parameters
    body: bytes
    next_link: str | None  # an HTTP `Link: <…>; rel="next"` header, already absolute


class FetchError(ProblemError):
    """The page could not be read; `problem` says why, precisely."""

    def __init__(self, problem: Problem, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.retry_after = retry_after  # set when the failure is worth retrying


def is_http_url(url: str) -> bool:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


class Fetcher:
    """One HTTP client per harvest: connections are reused from page to page."""

    def __init__(self, source: HarvestSource) -> None:
        self._limits = source
        self._client = httpx.Client(
            transport=_guarded_transport(AddressPolicy(source.private)),
            timeout=httpx.Timeout(source.timeout_s),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,  # a proxy from the environment would connect where the guard cannot see
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._client.close()

    def get(self, url: str, accept: str = RDF_ACCEPT) -> Response:
        """The page at `url`, or FetchError; transient statuses are retried `retries` times."""
        attempts = self._limits.retries + 1
        for attempt in range(attempts):
            try:
                return self._get_once(url, accept)
            except FetchError as error:
                if error.retry_after is None or attempt + 1 == attempts:
                    raise
                time.sleep(min(error.retry_after, MAX_RETRY_WAIT_S))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _get_once(self, url: str, accept: str) -> Response:
        current = urldefrag(url).url
        deadline = time.monotonic() + self._limits.deadline_s
        for _ in range(MAX_REDIRECTS + 1):
            if not is_http_url(current):
                refused = (
                    rules.SCHEME_PAGE.at(current)
                    if current == url
                    else rules.SCHEME_REDIRECT.at(current, origin=url)
                )
                raise FetchError(refused)
            try:
                with self._client.stream("GET", current, headers={"Accept": accept}) as response:
                    if response.is_redirect and "location" in response.headers:
                        # urljoin, not httpx: it keeps the Location as written, for the report.
                        current = urldefrag(urljoin(current, response.headers["location"])).url
                        continue
                    self._check_status(current, response)
                    body = self._read(current, response, deadline)
                    return Response(url, current, _media_type(response), body, _next_link(response))
            except AddressRefused as error:
                raise FetchError(self._refused(url, current, error)) from error
            except httpx.TimeoutException as error:
                raise FetchError(self._timeout_problem(current, error)) from error
            except httpx.ConnectError as error:
                raise FetchError(rules.UNREACHABLE.at(current, detail=_detail(error))) from error
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
                raise FetchError(rules.SCHEME_REFUSED.at(current, detail=_detail(error))) from error
            except httpx.HTTPError as error:
                raise FetchError(rules.NETWORK.at(current, detail=_detail(error))) from error
        raise FetchError(rules.REDIRECTS.at(url, limit=MAX_REDIRECTS))

    def _check_status(self, url: str, response: httpx.Response) -> None:
        if response.status_code < 400 and not response.is_redirect:
            return
        said = rules.HTTP_STATUS_TEXT.format(status=response.status_code, reason=response.reason_phrase)
        problem = rules.HTTP_STATUS.problem(str(response.status_code), url, said)
        retry_after: float | None = None
        if response.status_code in RETRY_STATUSES:
            retry_after = _retry_after(response.headers.get("retry-after"))
        raise FetchError(problem, retry_after)

    def _read(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        limit = self._limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(
                rules.TOO_LARGE_ANNOUNCED.at(url, declared=int(declared), megabytes=limit / MEGABYTE)
            )
        chunks: list[bytes] = []
        size = 0
        # No chunk_size: httpx would then hold pieces back until it has that much, and a trickle
        # would never reach the deadline check below.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(rules.TOO_LARGE_CUT.at(url, megabytes=limit / MEGABYTE))
            # The read timeout bounds each silence; this bounds a server that trickles bytes forever.
            if time.monotonic() > deadline:
                raise FetchError(rules.TIMEOUT_TRICKLE.at(url, seconds=self._limits.deadline_s))
            chunks.append(chunk)
        return b"".join(chunks)

    def _refused(self, requested: str, current: str, error: AddressRefused) -> Problem:
        if current == requested:
            return rules.PRIVATE_ADDRESS.at(current, host=error.host, address=error.address)
        return rules.PRIVATE_REDIRECT.at(current, host=error.host, address=error.address, origin=requested)

    def _timeout_problem(self, url: str, error: httpx.TimeoutException) -> Problem:
        seconds = self._limits.timeout_s
        if isinstance(error, httpx.ConnectTimeout):
            return rules.TIMEOUT_CONNECT.at(url, seconds=seconds)
        return rules.TIMEOUT_SILENT.at(url, seconds=seconds)


def _guarded_transport(policy: AddressPolicy) -> httpx.HTTPTransport:
    """httpx's transport, its connections made through GuardedBackend. httpx has no parameter for
    the network backend; its pool has one, set here (tests/test_harvest.py proves the refusal)."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    if not isinstance(pool, httpcore.ConnectionPool):
        raise TypeError(f"unexpected httpx pool {type(pool).__name__}")
    pool._network_backend = GuardedBackend(policy)
    return transport


def _detail(error: Exception) -> str:
    return one_line(str(error) or type(error).__name__)


def _media_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return value or None


def _next_link(response: httpx.Response) -> str | None:
    link = response.links.get("next")
    if not link or not link.get("url"):
        return None
    return str(response.url.join(link["url"]))


def _retry_after(value: str | None) -> float:
    """Seconds to wait before a retry; HTTP dates are not worth parsing for a one-off retry."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return 1.0
