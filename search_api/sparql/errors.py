"""What a SPARQL request can end with, besides an answer; each maps to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SparqlAnswer:
    body: bytes
    media_type: str


class SparqlError(ValueError):
    """The query is not accepted or failed on its own terms (syntax, update, federation): a 400."""


class SparqlTimeout(RuntimeError):
    """The query ran past the time limit and was stopped: a 503."""


class SparqlTooLarge(RuntimeError):
    """The results are larger than the limit: the query should page (LIMIT/OFFSET) or aggregate (413)."""


class SparqlBusy(RuntimeError):
    """Too many queries waiting, or none of the workers free in time: a 503 with Retry-After."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class SparqlWorkerLost(RuntimeError):
    """The worker answering the query died (its memory limit, most often): a 503; a new one starts."""


class SparqlNotAcceptable(ValueError):
    """No format the client accepts can carry these results: a 406."""
