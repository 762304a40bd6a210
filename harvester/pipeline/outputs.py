"""Write the build outputs: the whole graph, the DCAT feed files and the validation report.

rdflib builds and validates the (small) per-dataset graphs; pyoxigraph serializes the assembled
outputs, since DESIGN.md measured its Turtle and JSON-LD writers 50–100× faster than rdflib's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from harvester.core.namespaces import PREFIX_IRIS
from harvester.core.problems import Problem
from harvester.core.vocabularies import describe_terms
from harvester.graph.unit import GraphUnit
from harvester.pipeline.assemble import Assembly

FEED_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,  # exact triples, the one the API serves from (pages, descriptions)
}


@dataclass(frozen=True)
class OutputStats:
    graph_triples: int
    feed_triples: int
    # The published graph but the codes: what the quality score and other readers of the build need.
    described: ox.Store = field(repr=False, compare=False, default_factory=ox.Store)


@dataclass
class Described:
    """What a build publishes, before it is written: each unit's N-Triples, and the same as triples
    and as a store for the readers that derive more from it (the quality measurements)."""

    units: list[GraphUnit]
    texts: list[bytes]  # N-Triples of the vocabulary terms, then of each unit
    triples: dict[str, ox.Triple]
    store: ox.Store


def describe(
    assembly: Assembly,
    catalogue: GraphUnit,
    datasets: list[str],
    codelists: list[str],
    uses: Sequence[str] = (),
) -> Described:
    units = [
        catalogue,
        *(assembly.datasets[d] for d in datasets),
        *(assembly.codelists[c] for c in codelists),
        *(assembly.uses[u] for u in uses),
    ]
    vocabulary = describe_terms(set().union(*(unit.terms for unit in units)))
    # Serialized once: the same text goes to graph.nt and, without the bulk codes, to the feed.
    texts = [
        graph.serialize(format="nt", encoding="utf-8") for graph in [vocabulary, *(u.graph for u in units)]
    ]
    # Parsed into plain triples, not an ox.Store: the store canonicalizes datatypes
    # (xsd:nonNegativeInteger becomes xsd:integer), which the official shapes then reject.
    triples: dict[str, ox.Triple] = {}
    for text in texts:
        for triple in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
            triples[str(triple)] = triple
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples.values())
    return Described(units, texts, triples, store)


def write_outputs(out_dir: Path, described: Described, derived: list[ox.Triple]) -> OutputStats:
    """graph.nt and the feed files: what `described` holds, plus the triples `derived` from it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    extra = ox.serialize(derived, format=ox.RdfFormat.N_TRIPLES) or b""
    graph_triples = _write_graph(out_dir / "graph.nt", [*described.texts, extra], described.units)
    feed = dict(described.triples)
    feed.update((str(triple), triple) for triple in derived)
    feed_dir = out_dir / "dcat"
    feed_dir.mkdir(exist_ok=True)
    # Sorted so each subject's triples are written together, and the files are reproducible.
    triples = [feed[key] for key in sorted(feed)]
    for suffix, rdf_format in FEED_FORMATS.items():
        target = feed_dir / f"catalog.{suffix}"
        with_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD)
        ox.serialize(triples, str(target), format=rdf_format, prefixes=PREFIX_IRIS if with_prefixes else None)
    described.store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in derived)
    return OutputStats(graph_triples, len(feed), described.store)


def _write_graph(path: Path, described: list[bytes], units: Iterable[GraphUnit]) -> int:
    count = 0
    with path.open("wb") as out:
        for text in described:
            out.write(text)
            count += text.count(b"\n")
    with path.open("a", encoding="utf-8") as out:
        for unit in units:
            out.writelines(unit.bulk_ntriples)
            count += len(unit.bulk_ntriples)
    return count


def write_report(path: Path, problems: list[Problem], summary: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"summary": summary, "problems": [p.as_dict() for p in sorted(problems)]}
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
