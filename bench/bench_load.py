"""Load on `catalogue serve`, loopback only, bounded in time: /api/search at concurrency 16, alone and
while runaway SPARQL queries run (by GET and POST), and DCAT feed pages per second.

    python bench_load.py [--build DIR | --url URL] [--seconds 15] [--concurrency 16]

Without --build, builds and indexes the demo catalogue into a temporary folder first (a few minutes).
Prints throughput and latency percentiles for each scenario.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = str(Path(sys.executable).with_name("catalogue"))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUERIES = [
    "diagnostic principal",
    "sexe du bénéficiaire",
    "BEN_NIR_PSA",
    "séjours hospitaliers",
    "AVC",
    "cancer",
]


def _served(build: Path, port: int) -> subprocess.Popen[bytes]:
    config = build / "bench-catalogue.yaml"
    settings = yaml.safe_load((ROOT / "catalogue.yaml").read_text("utf-8"))
    config.write_text(yaml.safe_dump({**settings, "build_dir": str(build)}, allow_unicode=True), "utf-8")
    command = [CATALOGUE, "serve", "--build", str(build), "--port", str(port), "--config", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(
                    f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=5
                ).status_code
                == 200
            ):
                return process
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def _load(seconds: float, concurrency: int, request: Callable[[httpx.Client, int], int]) -> dict[str, float]:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        nonlocal failures
        with httpx.Client(timeout=60) as client:
            count = 0
            while time.monotonic() < stop:
                started = time.monotonic()
                status = request(client, index * 100_000 + count)
                elapsed = time.monotonic() - started
                with lock:
                    latencies.append(elapsed)
                    failures += status != 200
                count += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "per_s": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "failures": failures,
    }


def _runaways(base: str, stop: threading.Event) -> threading.Thread:
    def loop() -> None:
        with httpx.Client(timeout=60) as client:
            turn = 0
            while not stop.is_set():
                if turn % 2:
                    client.get(f"{base}/sparql", params={"query": RUNAWAY})
                else:
                    client.post(
                        f"{base}/sparql",
                        content=RUNAWAY,
                        headers={"Content-Type": "application/sparql-query"},
                    )
                turn += 1

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", type=Path, help="a built and indexed catalogue (catalogue build + index)")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--url", help="an already running server to load instead (e.g. another version)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as work:
        build = args.build
        if build is None and args.url is None:
            build = Path(work) / "build"
            print("building and indexing the demo catalogue…", flush=True)
            subprocess.run(
                [CATALOGUE, "build", "--out", str(build)], cwd=ROOT, check=False, capture_output=True
            )
            subprocess.run(
                [CATALOGUE, "index", "--build", str(build)], cwd=ROOT, check=True, capture_output=True
            )
        base = args.url or f"http://127.0.0.1:{args.port}"
        server = _served(build.resolve(), args.port) if args.url is None else None
        try:

            def search(client: httpx.Client, n: int) -> int:
                return client.get(f"{base}/api/search", params={"q": QUERIES[n % len(QUERIES)]}).status_code

            def feed(client: httpx.Client, n: int) -> int:
                return client.get(
                    f"{base}/catalog",
                    params={"page": 1 + n % 3, "page_size": 5},
                    headers={"Accept": "text/turtle"},
                ).status_code

            rows = [("/api/search alone", _load(args.seconds, args.concurrency, search))]
            stop = threading.Event()
            heavy = [_runaways(base, stop) for _ in range(3)]
            time.sleep(0.5)
            rows.append(("/api/search + 3 runaway SPARQL", _load(args.seconds, args.concurrency, search)))
            stop.set()
            for thread in heavy:
                thread.join(timeout=30)
            rows.append(("/catalog pages (5 datasets)", _load(args.seconds, args.concurrency, feed)))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    print(
        f"\nconcurrency {args.concurrency}, {args.seconds:g} s per scenario, loopback, 2 cores shared with the load"
    )
    print(f"{'scenario':<34} {'req':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'fail':>5}")
    for name, row in rows:
        print(
            f"{name:<34} {row['requests']:>6.0f} {row['per_s']:>7.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['failures']:>5.0f}"
        )


if __name__ == "__main__":
    main()
