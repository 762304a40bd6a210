"""Datasets harvested from other catalogues (`catalogue harvest`), read back as graph units.

The harvester writes one N-Triples file per dataset under `build/harvest/<source>/datasets/`, already
under our IRIs and with its provenance; from here they are validated, indexed and published like the
datasets written in YAML (the graph is the contract).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib.exceptions import ParserError

from harvester.core.iris import Iris
from harvester.core.ntriples import parse_ntriples
from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.core.vocabularies import recognize_terms
from harvester.graph.unit import GraphUnit


def harvested_units(
    files: list[Path], iris: Iris, problems: list[Problem]
) -> Iterator[tuple[str, GraphUnit]]:
    """(dataset id, unit) for each readable file; an unreadable one is a problem and is skipped."""
    for path in files:
        dataset_id = path.stem
        unit = GraphUnit(f"dataset:{dataset_id}", str(path))
        try:
            parse_ntriples(unit.graph, path=path)
        except (ParserError, SyntaxError, UnicodeDecodeError, OSError) as error:
            problems.append(rules.HARVESTED_UNREADABLE.at(str(path), error=error))
            continue
        unit.node(iris.dataset(dataset_id), ("dataset",))
        # Vocabulary terms it uses ship with it, as ours do (the official shapes check them).
        described, stated = recognize_terms(set(unit.graph.objects()))
        unit.terms |= described
        unit.graph += stated
        yield dataset_id, unit
