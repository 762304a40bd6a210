"""Benchmark: import the real SNDS dictionary, then build the whole demo catalogue with it.

Prints import time, build time (YAML → graph → validation → outputs) and peak memory; asserts
nothing. The import runs as the CLI in a child process, so its peak memory is measured apart.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from build_report import print_peak_memory, timed_build

from harvester.config import load_config

ROOT = Path(__file__).resolve().parents[1]
SNDS_COMMIT = "fe17ef8348aeb74f38c29016f49e65f82a6168b6"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snds", type=Path, default=ROOT.parent / "shared" / "data" / "snds")
    args = parser.parse_args()
    config = load_config(ROOT / "catalogue.yaml")
    with tempfile.TemporaryDirectory() as workdir:
        snds = Path(workdir) / "snds"
        shutil.copytree(ROOT / "catalogue_src" / "snds", snds)  # the hand-written metadata
        for generated in ["nomenclatures", "import-manifest.json"]:
            target = snds / generated
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "catalogue"),
                "import",
                "tableschema",
                str(args.snds / "schemas"),
                "--dataset",
                "snds",
                "--per-product",
                "--nomenclatures",
                str(args.snds / "nomenclatures"),
                "--out",
                str(snds),
                "--repository",
                "https://github.com/indsante/schema-snds",
                "--commit",
                SNDS_COMMIT,
                "--licence",
                "MPL-2.0",
                "--force",
                "--format",
                "json",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        import_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{'import':>20}: {time.perf_counter() - started:6.1f} s, peak RSS {import_peak:,.0f} MB")
        sources = [p for p in sorted((ROOT / "catalogue_src").iterdir()) if p.is_dir() and p.name != "snds"]
        out = Path(workdir) / "build"
        for label in ("cold build", "warm build"):
            timed_build(label, config, [*sources, snds], out)
    print_peak_memory()


if __name__ == "__main__":
    main()
