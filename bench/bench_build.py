"""Benchmark: build and validation throughput and peak memory on a synthetic catalogue.

Prints figures; asserts nothing. Runs: a cold build (every dataset validated), a warm build (all
results reused from the cache), and a build after changing one dataset.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from build_report import print_peak_memory, timed_build
from synthetic_catalogue import generate

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
            timed_build(label, config, [src], out)
    print_peak_memory()


if __name__ == "__main__":
    main()
