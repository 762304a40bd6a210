"""Hydra paging: the link from one page of a catalogue to the next.

Both generations of the Hydra core vocabulary (same namespace) are read: `hydra:PagedCollection`
with `hydra:nextPage` (what ckanext-dcat publishes, often as a string literal), and
`hydra:PartialCollectionView` with `hydra:next`. An HTTP `Link: rel="next"` header is the fallback.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

import pyoxigraph as ox

from harvester.core.namespaces import HYDRA

# Some feeds write the namespace with https: read both.
HYDRA_NAMESPACES = (str(HYDRA), str(HYDRA).replace("http://", "https://", 1))
NEXT_PREDICATES = frozenset(ns + term for ns in HYDRA_NAMESPACES for term in ("next", "nextPage"))


def next_page(
    triples: list[ox.Triple], page_url: str, requested_url: str, link_header: str | None
) -> str | None:
    """The absolute URL of the next page, or None on the last page."""
    candidates: list[tuple[str | None, str]] = []
    for triple in triples:
        if triple.predicate.value not in NEXT_PREDICATES:
            continue
        target = triple.object
        if isinstance(target, ox.NamedNode):
            url = target.value
        elif isinstance(target, ox.Literal) and target.value.strip():
            url = urljoin(page_url, target.value.strip())
        else:
            continue
        subject = triple.subject.value if isinstance(triple.subject, ox.NamedNode) else None
        candidates.append((subject, urldefrag(url).url))
    if not candidates:
        return link_header
    # Several collections on one page: the view describing this very page wins.
    for subject, url in candidates:
        if subject in (page_url, requested_url):
            return url
    return sorted(url for _, url in candidates)[0]
