"""Content-Security-Policy of the HTML this server sends: the site's pages and the API's docs.

Scripts run only from the server itself, plus the inline scripts the pages really hold, named by
their SHA-256 (mkdocs-material writes a few, one per page depth): a script a producer's text might
smuggle in has no hash on the list and does not run. The docs page (Swagger UI, served from
`site/vendor/swagger-ui/`, never a CDN) gets the hash of its one inline script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_INLINE_SCRIPT = re.compile(rb"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)
_NOT_RUN = (b"application/ld+json", b"application/json")  # data blocks: CSP does not govern them


def policy(script_hashes: Iterable[str]) -> bytes:
    hashes = " ".join(f"'sha256-{digest}'" for digest in sorted(set(script_hashes)))
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ).encode()


def inline_script_hashes(html: bytes) -> set[str]:
    found = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attributes = match.group("attributes")
        if b"src=" in attributes or any(kind in attributes for kind in _NOT_RUN):
            continue
        found.add(base64.b64encode(hashlib.sha256(match.group("body")).digest()).decode())
    return found


def site_policy(site_dir: Path) -> bytes:
    """The policy of a built site: read once when the server starts (about 0.1 s per 1,000 pages)."""
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        hashes |= inline_script_hashes(page.read_bytes())
    return policy(hashes)
