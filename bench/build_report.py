"""Run a build and print its figures, the same way for every benchmark."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from harvester.config import Config
from harvester.pipeline.assemble import count_items
from harvester.pipeline.build import build


def timed_build(label: str, config: Config, sources: list[Path], out: Path) -> None:
    started = time.perf_counter()
    result = build(config, sources, out)
    elapsed = time.perf_counter() - started
    triples = result.outputs.graph_triples if result.outputs else 0
    variables = count_items(result.assembly)["variables"]
    t = result.timings
    print(
        f"{label:>20}: {elapsed:6.1f} s total (assemble {t['assemble']:.1f} s, validate {t['validate']:.1f} s, "
        f"write {t['write']:.1f} s); {triples:,} triples, {triples / elapsed:,.0f} triples/s, "
        f"{variables / elapsed:,.0f} variables/s; chunks validated {result.verdict.chunks_validated}, "
        f"reused {result.verdict.chunks_reused}; errors {sum(p.is_error for p in result.problems)}"
    )


def print_peak_memory() -> None:
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {peak_self:,.0f} MB, largest validation worker {peak_children:,.0f} MB")
