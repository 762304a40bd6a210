"""A remote DCAT catalogue to harvest, as listed under `harvest:` in catalogue.yaml."""

from __future__ import annotations

import hashlib
import re
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

# No "--": local dataset ids are `<source id>--<slug>`, so the separator stays unambiguous.
SOURCE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MEGABYTE = 1024 * 1024


class HarvestSource(BaseModel):
    """One catalogue to harvest and the limits that protect us from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(
        pattern=SOURCE_ID_PATTERN,
        max_length=40,
        description="Lower-case identifier of the source (letters, digits, single dashes); "
        "prefix of the local ids of its datasets and name of its folder under build/harvest/.",
    )
    type: Literal["dcat"] = Field(
        default="dcat", description="Kind of source: a DCAT feed in any RDF syntax."
    )
    url: HttpUrl = Field(description="First page of the catalogue (http or https).")
    schedule: str | None = Field(
        default=None,
        max_length=100,
        description="Hint for whatever runs harvests periodically ('daily', 'weekly', a cron line); "
        "the harvester itself does not schedule.",
    )
    max_pages: int = Field(
        default=1000, ge=1, le=100_000, description="Stop following Hydra pages after this many."
    )
    timeout_s: float = Field(
        default=20.0, gt=0, le=600, description="Connect and read timeout: the longest silence accepted."
    )
    deadline_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Longest time one response may take, a slow trickle included.",
    )
    max_bytes: int = Field(
        default=50 * MEGABYTE,
        ge=1024,
        le=2048 * MEGABYTE,
        description="Largest response body read, decompressed.",
    )
    retries: int = Field(
        default=1, ge=0, le=5, description="Retries of a page answered 429, 502, 503 or 504."
    )


def source_from_url(url: str) -> HarvestSource:
    """A source for a bare URL given on the command line, its id derived from the host.

    A URL with a path gets a short hash of the whole URL in its id, so that two catalogues on one
    host do not share a folder; the same URL always gives the same id (stable across harvests).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    host = re.sub(r"[^a-z0-9]+", "-", parts.hostname.lower()).strip("-") or "source"
    if parts.port is not None:
        host = f"{host}-{parts.port}"
    source_id = host[:30].strip("-")
    if parts.path.strip("/") or parts.query:
        source_id = f"{source_id}-{hashlib.sha256(url.encode()).hexdigest()[:6]}"
    return HarvestSource(id=source_id, url=HttpUrl(url))


def sources_for_urls(urls: list[str], configured: list[HarvestSource]) -> list[HarvestSource]:
    """The sources named on the command line: a configured source when its URL matches, else a new one."""
    known = {str(source.url): source for source in configured}
    chosen: list[HarvestSource] = []
    for url in urls:
        normalized = str(HttpUrl(url)) if url.startswith(("http://", "https://")) else url
        chosen.append(known.get(normalized) or source_from_url(url))
    return chosen
