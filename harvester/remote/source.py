"""Harvest sources named on the command line: a configured source, or a new one for a bare URL."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from pydantic import HttpUrl

from harvester.config import HarvestSource


def source_from_url(url: str, *, private: bool = False) -> HarvestSource:
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
    return HarvestSource(id=source_id, url=HttpUrl(url), private=private)


def sources_for_urls(
    urls: list[str], configured: list[HarvestSource], *, private: bool = False
) -> list[HarvestSource]:
    """The sources named on the command line: a configured source when its URL matches, else a new
    one (`private`: which may be on a non-public address)."""
    known = {str(source.url): source for source in configured}
    chosen: list[HarvestSource] = []
    for url in urls:
        normalized = str(HttpUrl(url)) if url.startswith(("http://", "https://")) else url
        chosen.append(known.get(normalized) or source_from_url(url, private=private))
    return chosen
