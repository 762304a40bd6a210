"""One fetched page → its RDF triples, by Content-Type first, by sniffing when the type is wrong.

Parsing is lenient about IRIs and language tags (one bad IRI must not sink a whole page);
records.py re-checks each dataset's own triples strictly, so a bad value costs only its dataset.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from harvester.core.problems import Problem, ProblemError
from harvester.core.rules import harvest as rules
from harvester.remote.fetch import Response
from harvester.remote.formats import FALLBACK_ORDER, HTML, declared_format, same_family, sniff, syntax_name
from harvester.remote.jsonld import ContextError, RemoteContexts
from harvester.remote.text import one_line
from harvester.remote.xml_safety import MAX_DEPTH, UnsafeXml, check_rdf_xml


@dataclass
class ParsedPage:
    triples: list[ox.Triple]
    syntax: ox.RdfFormat
    warnings: list[Problem] = field(default_factory=list)


class BrokenPage(ProblemError):
    """The page cannot be read as RDF. `salvaged` holds the triples read before the error:
    not trusted as datasets, but enough to find the link to the next page."""

    def __init__(self, problem: Problem, salvaged: list[ox.Triple] | None = None) -> None:
        super().__init__(problem)
        self.salvaged = salvaged or []


class RefusedPage(BrokenPage):
    """Refused for safety: never retried in another syntax."""


def parse_page(response: Response, contexts: RemoteContexts) -> ParsedPage:
    declared = declared_format(response.media_type)
    sniffed = sniff(response.body)
    if isinstance(declared, ox.RdfFormat):
        try:
            return ParsedPage(_parse(response, declared, contexts), declared)
        except RefusedPage:
            raise
        except BrokenPage as broken:
            # A server that labels JSON-LD as Turtle: the error of the announced syntax is not the story.
            if isinstance(sniffed, ox.RdfFormat) and not same_family(sniffed, declared):
                return _fallback(response, [sniffed], contexts, broken)
            raise
    if sniffed == HTML or (declared == HTML and sniffed is None):
        raise BrokenPage(
            rules.NOT_RDF.at(response.url, what="HTML", declared=response.media_type or "absent")
        )
    candidates = [sniffed] if isinstance(sniffed, ox.RdfFormat) else []
    candidates += [fmt for fmt in FALLBACK_ORDER if fmt not in candidates]
    return _fallback(response, candidates, contexts, None)


def _fallback(
    response: Response,
    candidates: list[ox.RdfFormat],
    contexts: RemoteContexts,
    first_error: BrokenPage | None,
) -> ParsedPage:
    for fmt in candidates:
        try:
            triples = _parse(response, fmt, contexts)
        except RefusedPage:
            raise
        except BrokenPage as broken:
            first_error = first_error or broken
            continue
        warning = rules.CONTENT_TYPE_FALLBACK.at(
            response.url, declared=response.media_type or "absent", used=syntax_name(fmt)
        )
        return ParsedPage(triples, fmt, [warning])
    if first_error is None:  # cannot happen: there is always a candidate
        raise BrokenPage(rules.NOT_RDF.at(response.url, what="?", declared=response.media_type or "absent"))
    raise first_error  # the error in the likeliest syntax tells the most


def _parse(response: Response, fmt: ox.RdfFormat, contexts: RemoteContexts) -> list[ox.Triple]:
    body = response.body
    positions = True
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(response)
    elif fmt == ox.RdfFormat.JSON_LD:
        body, inlined = _inline_contexts(response, contexts)
        positions = not inlined  # the parser then sees our re-serialized JSON: its lines are not the page's
    triples: list[ox.Triple] = []
    try:
        base = response.url
        ox.NamedNode(base)
    except ValueError:
        base = None
    try:
        for quad in ox.parse(input=body, format=fmt, base_iri=base, lenient=True):
            triples.append(quad.triple)  # named graphs (TriG, N-Quads, JSON-LD) merge into one
    except SyntaxError as error:
        line, column = (error.lineno, error.offset) if positions else (None, None)
        detail = one_line(_without_position(str(error.msg)))
        problem = rules.RDF_SYNTAX.at(
            response.url, line=line, column=column, syntax=syntax_name(fmt), detail=detail
        )
        raise BrokenPage(problem, triples) from error
    return triples


def _without_position(message: str) -> str:
    """The parser's message without its "at line 3 column 9" prefix: the problem carries the position."""
    return re.sub(r"^Parser error (at|between) [^:]*: ", "", message)


def _check_xml(response: Response) -> None:
    try:
        check_rdf_xml(response.body)
    except UnsafeXml as unsafe:
        if unsafe.reason == "depth":
            raise RefusedPage(
                rules.XML_DEPTH.at(response.url, line=unsafe.line, column=unsafe.column, limit=MAX_DEPTH)
            ) from unsafe
        raise RefusedPage(
            rules.XML_ENTITIES.at(response.url, line=unsafe.line, column=unsafe.column)
        ) from unsafe


def _inline_contexts(response: Response, contexts: RemoteContexts) -> tuple[bytes, bool]:
    try:
        document = json.loads(response.body)
    except json.JSONDecodeError as error:
        detail = one_line(error.msg)
        problem = rules.RDF_SYNTAX.at(
            response.url, line=error.lineno, column=error.colno, syntax="JSON_LD", detail=detail
        )
        raise BrokenPage(problem) from error
    except (ValueError, RecursionError) as error:  # bad UTF-8, or nesting deeper than Python's stack
        raise BrokenPage(
            rules.RDF_SYNTAX.at(response.url, syntax="JSON_LD", detail=one_line(str(error)))
        ) from error
    try:
        document, changed = contexts.inline(document, response.url)
    except ContextError as error:
        raise BrokenPage(
            rules.JSONLD_CONTEXT.at(response.url, context=error.url, detail=one_line(error.detail))
        ) from error
    except RecursionError as error:
        raise BrokenPage(
            rules.JSONLD_CONTEXT.at(response.url, context="?", detail="contexts nested too deeply")
        ) from error
    if not changed:
        return response.body, False
    return json.dumps(document, ensure_ascii=False).encode("utf-8"), True
