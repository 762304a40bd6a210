"""Which RDF syntax a page is in: from its Content-Type, else from its first bytes."""

from __future__ import annotations

import re
from typing import Final

from pyoxigraph import RdfFormat

HTML: Final = "html"  # what sniffing answers for a web page: certainly not RDF

MEDIA_TYPES: Final[dict[str, RdfFormat]] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
    "text/n3": RdfFormat.N3,
    "text/rdf+n3": RdfFormat.N3,
    "application/ld+json": RdfFormat.JSON_LD,
    # JSON-LD may be served as plain JSON (JSON-LD 1.1 §C), RDF/XML as plain XML: not wrong, no warning.
    "application/json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/xml": RdfFormat.RDF_XML,
    "text/xml": RdfFormat.RDF_XML,
}
HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})

# N-Triples, N-Quads, TriG and N3 read most Turtle-looking text; one family for fallbacks.
TURTLE_FAMILY: Final = frozenset(
    {RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.TRIG, RdfFormat.N_QUADS, RdfFormat.N3}
)
# The order in which an unlabelled page is tried when its first bytes say nothing clear.
FALLBACK_ORDER: Final = (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.JSON_LD, RdfFormat.RDF_XML)

_XML_START = re.compile(rb"<(\?xml|!--|!DOCTYPE\s+[\w.-]*:?RDF|[A-Za-z_][\w.-]*:RDF\b|RDF\b)")
_TURTLE_START = re.compile(rb"(@prefix|@base|prefix\s|base\s|#|<[^<>\"{}|^`\\\s]*>\s|_:)", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)


def declared_format(media_type: str | None) -> RdfFormat | str | None:
    """The syntax a Content-Type announces, HTML for a web page, None when it says nothing usable."""
    if media_type is None:
        return None
    if media_type in HTML_TYPES:
        return HTML
    return MEDIA_TYPES.get(media_type)


def sniff(body: bytes) -> RdfFormat | str | None:
    """A guess from the first bytes: JSON-LD, RDF/XML, Turtle, HTML, or None."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return RdfFormat.JSON_LD
    if _HTML_MARK.search(head[:1024]):
        return HTML
    if _XML_START.match(head):
        return RdfFormat.RDF_XML
    if _TURTLE_START.match(head):
        return RdfFormat.TURTLE
    return None


def same_family(one: RdfFormat, other: RdfFormat) -> bool:
    return one == other or (one in TURTLE_FAMILY and other in TURTLE_FAMILY)


def syntax_name(fmt: RdfFormat) -> str:
    return str(fmt.name)
