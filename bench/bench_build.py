"""Benchmark: build and validation throughput and peak memory on a synthetic catalogue.

Prints figures; asserts nothing. Runs: a cold build (every dataset validated), a warm build (all
results reused from the cache), and a build after changing one dataset.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from synthetic_catalogue import generate

from harvester.build import build
from harvester.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--tables-per-dataset", type=int, default=20)
    parser.add_argument("--variables-per-table", type=int, default=50)
    parser.add_argument("--codes", type=int, default=100_000)
    args = parser.parse_args()
    config = load_config(ROOT / "catalogue.yaml")
    with tempfile.TemporaryDirectory() as workdir:
        src, out = Path(workdir) / "src", Path(workdir) / "build"
        generate(src, args.datasets, args.tables_per_dataset, args.variables_per_table, args.codes)
        variables = args.datasets * args.tables_per_dataset * args.variables_per_table
        print(
            f"scale: {args.datasets} datasets × {args.tables_per_dataset} tables × "
            f"{args.variables_per_table} variables = {variables:,} variables, {args.codes:,} codes"
        )
        for label in ("cold", "warm", "one dataset changed"):
            if label == "one dataset changed":
                changed = src / "jeu-0000" / "dataset.yaml"
                changed.write_text(changed.read_text(encoding="utf-8").replace("numéro 0", "numéro zéro"))
            started = time.perf_counter()
            result = build(config, [src], out)
            elapsed = time.perf_counter() - started
            triples = result.outputs.graph_triples if result.outputs else 0
            t = result.timings
            print(
                f"{label:>20}: {elapsed:6.1f} s total (assemble {t['assemble']:.1f} s, validate {t['validate']:.1f} s, "
                f"write {t['write']:.1f} s); {triples:,} triples, {triples / elapsed:,.0f} triples/s, "
                f"{variables / elapsed:,.0f} variables/s; chunks validated {result.verdict.chunks_validated}, "
                f"reused {result.verdict.chunks_reused}; errors {sum(p.is_error for p in result.problems)}"
            )
            del result  # one build in memory at a time, so the peak below is that of a single build
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {peak_self:,.0f} MB, largest validation worker {peak_children:,.0f} MB")


if __name__ == "__main__":
    main()
