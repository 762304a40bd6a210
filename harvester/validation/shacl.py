"""Run SHACL shapes with pyshacl on chunks of the graph, in parallel, with a cache per chunk.

DESIGN.md measured pyshacl fastest with inference off, on per-dataset chunks in two processes.
A chunk's results depend only on its triples and the shapes, so they are cached under their hash:
a pull request that changes one dataset revalidates that dataset only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from harvester.core.namespaces import HDC
from harvester.core.ntriples import parse_ntriples

SEVERITIES = {str(SH.Violation): "error", str(SH.Warning): "warning", str(SH.Info): "info"}


@dataclass(frozen=True)
class ShaclResult:
    focus: str
    path: str | None
    value: str | None
    severity: str  # error | warning | info
    message_fr: str
    message_en: str
    shape: str
    # The constraint is about the value (a column found from its table): locate the problem there.
    on_value: bool = False
    component: str = ""  # the SHACL constraint component, e.g. "MinCount", "Class", "Node"
    parameter: str = ""  # its parameter: the count, class, datatype, or the vocabulary required


class ShapesSet:
    """One set of shapes files (ours, or an official profile) and the hash that keys its cache."""

    def __init__(self, name: str, files: Sequence[Path], vocabulary_files: Sequence[Path] = ()) -> None:
        self.name = name
        self.files = list(files)
        self.vocabulary_files = list(vocabulary_files)
        digest = hashlib.sha256(name.encode())
        for path in [*self.files, *self.vocabulary_files]:
            digest.update(path.read_bytes())
        self.digest = digest.hexdigest()

    def load(self) -> tuple[Graph, Graph | None]:
        shapes = Graph()
        for path in self.files:
            shapes.parse(path)
        _drop_pathless_properties(shapes)
        vocabulary = None
        if self.vocabulary_files:
            vocabulary = Graph()
            for path in self.vocabulary_files:
                vocabulary.parse(path)
        return shapes, vocabulary


def _drop_pathless_properties(shapes: Graph) -> None:
    """A property shape without sh:path is not SHACL, and pyshacl refuses the whole run on one: the
    HealthDCAT-AP R8 tiers hold such a shape (ontology/official/README.md)."""
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if (prop, SH.path, None) not in shapes:
            shapes.remove((shape, SH.property, prop))


_LOADED: dict[str, tuple[Graph, Graph | None]] = {}


def _shapes(shapes_set: ShapesSet) -> tuple[Graph, Graph | None]:
    if shapes_set.digest not in _LOADED:
        _LOADED[shapes_set.digest] = shapes_set.load()
    return _LOADED[shapes_set.digest]


def validate_chunk(shapes_set: ShapesSet, ntriples: str) -> list[ShaclResult]:
    data = parse_ntriples(Graph(), data=ntriples)
    shapes, vocabulary = _shapes(shapes_set)
    if vocabulary is not None:
        data += vocabulary
    _, report, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, abort_on_first=False, allow_warnings=True
    )
    return _results(report, shapes)


def _results(report: Graph, shapes: Graph) -> list[ShaclResult]:
    results: list[ShaclResult] = []
    # Top-level results only: those nested under sh:detail explain an alternative (sh:or, sh:node)
    # that another one satisfied, or repeat the result they belong to.
    top = [
        result
        for validation in report.subjects(SH.conforms, None)
        for result in report.objects(validation, SH.result)
    ]
    for result in top:
        shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        messages = _messages(report, result, shapes, value)
        english = messages.get("en") or messages.get(None) or next(iter(messages.values()), "")
        path = report.value(result, SH.resultPath)
        results.append(
            ShaclResult(
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                value=str(value) if value is not None else None,
                severity=_severity(report, result, shapes),
                message_fr=messages.get("fr", ""),
                message_en=english,
                shape=str(shape) if isinstance(shape, URIRef) else "",
                on_value=_locate_on_value(report, result, shapes),
                component=_component(report, result),
                parameter=_parameter(report, result, shapes),
            )
        )
    return sorted(results, key=lambda r: (r.focus, r.path or "", r.message_en))


# Constraint component → the shape's parameter worth naming in a message.
_PARAMETERS = {
    "MinCount": SH.minCount,
    "MaxCount": SH.maxCount,
    "Class": SH["class"],
    "Datatype": SH.datatype,
    "NodeKind": SH.nodeKind,
    "HasValue": SH.hasValue,
    "Node": SH.node,
}


def _component(report: Graph, result: Node) -> str:
    component = report.value(result, SH.sourceConstraintComponent)
    return str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else ""


def _parameter(report: Graph, result: Node, shapes: Graph) -> str:
    predicate = _PARAMETERS.get(_component(report, result))
    shape = report.value(result, SH.sourceShape)
    value = shapes.value(shape, predicate) if predicate is not None and shape is not None else None
    if value is not None and predicate == SH.node:
        # A vocabulary restriction (DCAT-AP's mdr shapes): name the vocabulary it requires.
        for restriction in shapes.objects(value, SH.property):
            scheme = shapes.value(restriction, SH.hasValue)
            if scheme is not None:
                return str(scheme)
    return str(value) if value is not None else ""


def _locate_on_value(report: Graph, result: Node, shapes: Graph) -> bool:
    constraint = report.value(result, SH.sourceConstraint)
    return constraint is not None and (constraint, HDC.locateOnValue, Literal(True)) in shapes


def _severity(report: Graph, result: Node, shapes: Graph) -> str:
    # pyshacl reports a SPARQL constraint at its shape's severity; ours may set their own.
    constraint = report.value(result, SH.sourceConstraint)
    declared = shapes.value(constraint, SH.severity) if constraint is not None else None
    return SEVERITIES.get(str(declared or report.value(result, SH.resultSeverity)), "error")


def _messages(report: Graph, result: Node, shapes: Graph, value: Node | None) -> dict[str | None, str]:
    """Messages by language. pyshacl drops the language tags of SPARQL constraints' messages when it
    fills in {?value}, so those are read again from the shapes graph."""
    constraint = report.value(result, SH.sourceConstraint)
    source = (shapes, constraint) if constraint is not None else (report, result)
    predicate = SH.message if constraint is not None else SH.resultMessage
    messages: dict[str | None, str] = {}
    for message in source[0].objects(source[1], predicate):
        if isinstance(message, Literal):
            shown = str(value).rstrip("/").rsplit("/", 1)[-1] if value is not None else ""
            messages[message.language] = str(message).replace("{?value}", shown).replace("{$value}", shown)
    return messages


class ChunkValidator:
    """Validates many chunks against one shapes set, reusing cached results where possible."""

    def __init__(self, shapes_set: ShapesSet, cache_dir: Path | None, workers: int | None = None) -> None:
        self.shapes_set = shapes_set
        self.cache_dir = cache_dir / "shacl" / shapes_set.name if cache_dir else None
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.validated = 0
        self.reused = 0

    def key(self, ntriples: str) -> str:
        digest = hashlib.sha256(self.shapes_set.digest.encode())
        digest.update(ntriples.encode())
        return digest.hexdigest()

    def run(self, chunks: dict[str, str]) -> dict[str, list[ShaclResult]]:
        """Chunks by name → their N-Triples (sorted lines, so equal content gives an equal key)."""
        results: dict[str, list[ShaclResult]] = {}
        todo: dict[str, str] = {}
        for name, ntriples in chunks.items():
            cached = self._cached(ntriples)
            if cached is None:
                todo[name] = ntriples
            else:
                results[name] = cached
                self.reused += 1
        names = list(todo)
        if len(names) > 1 and self.workers > 1:
            with ProcessPoolExecutor(self.workers) as pool:
                computed = list(
                    pool.map(validate_chunk, [self.shapes_set] * len(names), [todo[n] for n in names])
                )
        else:
            computed = [validate_chunk(self.shapes_set, todo[name]) for name in names]
        for name, found in zip(names, computed, strict=True):
            results[name] = found
            self._store(todo[name], found)
            self.validated += 1
        return results

    def _cache_file(self, ntriples: str) -> Path | None:
        return self.cache_dir / f"{self.key(ntriples)}.json" if self.cache_dir else None

    def _cached(self, ntriples: str) -> list[ShaclResult] | None:
        path = self._cache_file(ntriples)
        if path is None or not path.exists():
            return None
        try:
            return [ShaclResult(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return None

    def _store(self, ntriples: str, results: list[ShaclResult]) -> None:
        path = self._cache_file(ntriples)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False), encoding="utf-8")
