"""Quality scores of built datasets, read from their graph like every other reader of the build."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from harvester.core.iris import Iris
from harvester.graph.unit import GraphUnit
from harvester.quality.score import QualityScore, score
from harvester.reader.catalogue import GraphReader


def quality_scores(graph: ox.Store, iris: Iris, dataset_ids: Iterable[str]) -> list[QualityScore]:
    reader = GraphReader(graph)
    return [score(reader.dataset(str(iris.dataset(dataset_id)))) for dataset_id in dataset_ids]


def units_store(units: Iterable[GraphUnit]) -> ox.Store:
    """The triples of some units (datasets not built into a graph file yet, e.g. a pull request's)."""
    store = ox.Store()
    for unit in units:
        store.bulk_load(unit.graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store
