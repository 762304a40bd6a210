"""Reading N-Triples into rdflib without renaming blank nodes.

rdflib gives every blank node a fresh label on each parse. Our N-Triples files (harvested records)
carry stable labels already, and the validation cache keys a chunk by its text: fresh labels would
make every chunk new at every run, and results would name nodes that exist nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph


class _SameLabels(dict[str, str]):
    """rdflib's blank-node context, asked `get(label)`: the label itself, so `_:x` stays `_:x`."""

    def get(self, key: str, default: object = None) -> str:
        return key


def parse_ntriples(graph: Graph, *, path: Path | None = None, data: str | None = None) -> Graph:
    """Add the triples of a file or a text to `graph`, blank node labels kept."""
    if path is not None:
        graph.parse(path, format="nt", bnode_context=_SameLabels())
    else:
        graph.parse(data=data, format="nt", bnode_context=_SameLabels())
    return graph
