"""Benchmark: build the static site (`catalogue site`) of the demo catalogue (3 datasets + the SNDS).

Prints the build time per stage, the number of pages, the size of the site (HTML, code-list data,
RDF) and the peak memory; the target is under 60 s. Builds the demo graph first when the build
directory has none. Asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from collections import Counter
from pathlib import Path

from harvester.build import build
from harvester.config import load_config
from harvester.publish.site import build_site

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0


def _sizes(site: Path) -> tuple[Counter[str], Counter[str]]:
    size: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = path.suffix.lstrip(".") or "other"
            size[kind] += path.stat().st_size
            count[kind] += 1
    return size, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="build directory with graph.nt")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if not (args.build / "graph.nt").is_file():
        config = load_config(ROOT / "catalogue.yaml")
        build(config, [ROOT / "catalogue_src"], args.build)
    with tempfile.TemporaryDirectory() as workdir:
        for run in range(1, args.runs + 1):
            result = build_site(args.build, Path(workdir) / "site")
            stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in result.timings.items())
            verdict = "within" if result.seconds < TARGET_SECONDS else "OVER"
            print(
                f"run {run}: {result.seconds:5.1f} s ({verdict} the {TARGET_SECONDS:.0f} s target), "
                f"{result.pages} pages, {len(result.problems)} problems; {stages}"
            )
        size, count = _sizes(Path(workdir) / "site")
        total = sum(size.values())
        print(f"site: {total / 1e6:,.1f} MB in {sum(count.values()):,} files")
        for kind, bytes_ in size.most_common(8):
            print(f"  {kind:>8}: {bytes_ / 1e6:8.1f} MB in {count[kind]:,} files")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
