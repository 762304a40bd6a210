"""Refuse dangerous RDF/XML before any RDF parser sees it.

An RDF/XML parser expands the entities a DOCTYPE declares: nested entities ("billion laughs")
turn a few hundred bytes into gigabytes, and external ones read local files. Like defusedxml's
defaults, any DOCTYPE carrying declarations or an external DTD is refused, at its first byte,
before its internal subset is read. Deep nesting is refused too: the RDF/XML parser slows down
much faster than linearly with depth, and real catalogues nest a few dozen levels at most.
Expat reads the document with no entity expansion of its own (only start and end handlers).
"""

from __future__ import annotations

from xml.parsers import expat

MAX_DEPTH = 256


class UnsafeXml(Exception):
    """Why the document is refused (`reason` is "entities" or "depth"), and where."""

    def __init__(self, reason: str, line: int | None, column: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def check_rdf_xml(body: bytes) -> None:
    """Raise UnsafeXml when the document declares a DTD or nests too deeply; malformed XML passes
    through, for the RDF parser to report with its own position."""
    parser = expat.ParserCreate()
    depth = 0

    def refuse(reason: str) -> UnsafeXml:
        # Expat columns are 0-based; problems count from 1 like editors do.
        return UnsafeXml(reason, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start_doctype(name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        if internal or system_id or public_id:
            # Expat is past the name here; point at the declaration's first byte instead.
            start = body.rfind(b"<!DOCTYPE", 0, parser.CurrentByteIndex + 1)
            if start < 0:
                raise refuse("entities")
            line_start = body.rfind(b"\n", 0, start) + 1
            raise UnsafeXml("entities", body.count(b"\n", 0, start) + 1, start - line_start + 1)

    def declare_entity(*_: object) -> None:
        raise refuse("entities")  # unreachable after start_doctype; kept as a second lock

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise refuse("depth")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = start_doctype
    parser.EntityDeclHandler = declare_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(body, True)
    except expat.ExpatError:
        return
