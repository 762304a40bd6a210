"""Benchmark: what a producer waits for. Prints; asserts nothing.

Two catalogues, each committed in a temporary git repository: the demo with the real SNDS, and a
synthetic catalogue of N datasets. Timed: `catalogue validate ONE_FILE` as the pre-commit hook runs
it (the command itself, cold cache then warm), `catalogue check --base HEAD` after one dataset's
label is edited, and a full validation of the same tree (cold cache).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_catalogue import generate

from harvester.config import load_config
from harvester.pipeline.build import check
from harvester.review.change_check import check_change

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = str(Path(sys.executable).with_name("catalogue"))


def _commit(repo: Path) -> None:
    for args in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=b", "-c", "user.email=b@example.org", "commit", "-qm", "base"],
    ):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _validate_one(repo: Path, changed: Path) -> tuple[float, float]:
    """`catalogue validate FILE`, run as a producer runs it, cold (no cache) then warm."""
    shutil.copy(ROOT / "catalogue.yaml", repo / "catalogue.yaml")
    command = [CATALOGUE, "validate", str(changed.relative_to(repo))]
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(command, cwd=repo, capture_output=True, check=False)
        seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1]


def run(label: str, repo: Path, changed: Path, old: str, new: str) -> None:
    config = load_config(ROOT / "catalogue.yaml")
    sources = [repo / "catalogue_src"]
    cold, warm = _validate_one(repo, changed)
    print(f"{label}: catalogue validate {changed.name} (the hook) {cold:.1f} s cold, {warm:.1f} s warm")
    _commit(repo)
    changed.write_text(changed.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    started = time.perf_counter()
    outcome = check_change(config, repo, sources, "HEAD")
    incremental = time.perf_counter() - started
    started = time.perf_counter()
    check(config, sources, None)
    full = time.perf_counter() - started
    print(
        f"{label}: check of a one-dataset change {incremental:.1f} s ({len(outcome.validated_files)} of "
        f"{outcome.all_files} files validated, {len(outcome.diff.changes)} change(s)); full validation {full:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        demo = Path(directory) / "demo"
        shutil.copytree(ROOT / "catalogue_src", demo / "catalogue_src")
        dataset = demo / "catalogue_src" / "snds" / "snds-dcir.yaml"
        run("SNDS demo", demo, dataset, "  acronym: DCIR\n", "  acronym: DCIR (SNDS)\n")
        synthetic = Path(directory) / "synthetic"
        generate(synthetic / "catalogue_src", args.datasets, 2, 10, 1000)
        first = synthetic / "catalogue_src" / "jeu-0000" / "dataset.yaml"
        run(f"synthetic {args.datasets} datasets", synthetic, first, "numéro 0", "numéro zéro")


if __name__ == "__main__":
    main()
