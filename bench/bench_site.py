"""Benchmark: build the static site (`catalogue site`) of the demo catalogue (3 datasets + the SNDS).

Prints the build time per stage, the number of pages, the size of the site (HTML, code-list data,
RDF) and the peak memory; the target is under 60 s. Builds the demo graph first when the build
directory has none. Asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import resource
import shutil
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright
from support.chromium import CHROMIUM, CHROMIUM_ARGS
from synthetic_catalogue import generate

from harvester.config import load_config
from harvester.pipeline.build import build
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
    parser.add_argument(
        "--synthetic", type=int, default=0, help="also N synthetic datasets × 10 tables × 10 variables"
    )
    args = parser.parse_args()
    if not (args.build / "graph.nt").is_file():
        config = load_config(ROOT / "catalogue.yaml")
        build(config, [ROOT / "catalogue_src"], args.build)
    first_render(args.build)
    one_dataset_changed()
    if args.synthetic:
        synthetic_site(args.synthetic)
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request: the benchmark prints its figures only."""


def first_render(build_dir: Path) -> None:
    """Time to the load event of the largest table page, in headless Chromium, from a local server."""
    with tempfile.TemporaryDirectory() as workdir:
        site = Path(workdir) / "site"
        build_site(build_dir, site)
        pages = sorted(site.glob("datasets/*/tables/*/index.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1].parent.relative_to(site).as_posix()
        handler = functools.partial(_QuietHandler, directory=str(site))
        with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            url = f"http://127.0.0.1:{server.server_address[1]}/{largest}/"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page()
                timings = []
                for _ in range(3):
                    started = time.perf_counter()
                    page.goto(url, wait_until="load")
                    timings.append(time.perf_counter() - started)
                browser.close()
            server.shutdown()
        print(
            f"largest table page {largest} ({pages[-1].stat().st_size / 1e3:,.0f} kB): first render "
            f"{timings[0] * 1000:.0f} ms cold, {min(timings[1:]) * 1000:.0f} ms warm"
        )


def one_dataset_changed() -> None:
    """The producer's loop: edit one dataset, rebuild the graph, rebuild the site (cache warm)."""
    config = load_config(ROOT / "catalogue.yaml")
    with tempfile.TemporaryDirectory() as workdir:
        src, build_dir = Path(workdir) / "src", Path(workdir) / "build"
        shutil.copytree(ROOT / "catalogue_src", src)
        build(config, [src], build_dir)
        cold = build_site(build_dir, build_dir / "site")
        changed = src / "snds" / "snds-dcir.yaml"
        changed.write_text(
            changed.read_text(encoding="utf-8").replace("  acronym: DCIR\n", "  acronym: DCIR (SNDS)\n", 1)
        )
        build(config, [src], build_dir)
        warm = build_site(build_dir, build_dir / "site")
        print(
            f"SNDS demo site: first build {cold.seconds:.1f} s; after one dataset changed {warm.seconds:.1f} s "
            f"(target 10 s)"
        )


def synthetic_site(datasets: int) -> None:
    config = load_config(ROOT / "catalogue.yaml")
    with tempfile.TemporaryDirectory() as workdir:
        src, build_dir = Path(workdir) / "src", Path(workdir) / "build"
        generate(src, datasets, 10, 10, 1000)
        started = time.perf_counter()
        build(config, [src], build_dir)
        built = time.perf_counter() - started
        result = build_site(build_dir, build_dir / "site")
        size, count = _sizes(build_dir / "site")
        print(
            f"synthetic {datasets:,} datasets / {datasets * 100:,} variables: catalogue build {built:.0f} s; "
            f"site {result.seconds:.1f} s, {result.pages:,} pages, {sum(size.values()) / 1e6:,.1f} MB "
            f"in {sum(count.values()):,} files"
        )


if __name__ == "__main__":
    main()
