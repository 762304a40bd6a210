"""Benchmark: the quality stage of a build (assess every published dataset from the graph, then write
its DQV measurements), on a build's feed. Prints figures; asserts nothing.

    python bench/bench_quality.py --build build      # the demo (or any build, harvested records too)
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import pyoxigraph as ox

from harvester.core.iris import Iris
from harvester.core.namespaces import DQV, HDCQ
from harvester.pipeline.scores import assessments
from harvester.quality.dqv import quality_triples
from harvester.reader.catalogue import GraphReader
from harvester.reader.nodes import last_segment

_OURS = (str(DQV), str(HDCQ))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    feed = args.build / "dcat" / "catalog.nt"
    # The feed without what the quality stage added: the graph that stage reads in a build.
    triples = [
        t
        for t in ox.parse(path=str(feed), format=ox.RdfFormat.N_TRIPLES)
        if not (
            t.predicate.value.startswith(_OURS)
            or (isinstance(t.subject, ox.NamedNode) and "#quality-" in t.subject.value)
            or (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(str(HDCQ)))
        )
    ]
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    reader = GraphReader(store)
    iris = reader.dataset_iris()
    base = iris[0].rsplit("/dataset/", 1)[0] if iris else ""
    ids = [last_segment(iri) for iri in iris]
    timings, produced = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        assessed = assessments(store, Iris(base), ids, dt.date.today())
        middle = time.perf_counter()
        produced = len(quality_triples(assessed))
        timings.append((middle - started, time.perf_counter() - middle))
    assess_s = sorted(a for a, _ in timings)[len(timings) // 2]
    dqv_s = sorted(d for _, d in timings)[len(timings) // 2]
    print(f"datasets: {len(ids)}; feed triples without quality: {len(triples)}")
    print(
        f"assess (read views, score, label, review): {assess_s:.3f} s, {1000 * assess_s / max(1, len(ids)):.1f} ms/dataset"
    )
    print(
        f"DQV triples: {produced} ({produced / max(1, len(triples)):.1%} of the feed), written in {dqv_s:.3f} s"
    )


if __name__ == "__main__":
    main()
