"""`GET /api/joins` over every ordered pair of SNDS tables, through a real HTTP server (uvicorn on
loopback, one keep-alive client), and the in-process path computation alone.

    python bench_joins.py --build DIR [--limit N]

DIR is a build (`catalogue build --out DIR`) holding graph.nt. Prints the number of pairs, how many
are joined, and latency percentiles (p50, p95, p99, max).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from harvester.config import load_config
from harvester.reader.graph_file import read_catalogue
from harvester.selection.joins import KeyGraph
from search_api.api import create_app
from search_api.selection_api import SelectionData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100)
    return f"p50 {cut[49] * 1000:.2f} ms, p95 {cut[94] * 1000:.2f} ms, p99 {cut[98] * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="At most this many pairs (0: all).")
    args = parser.parse_args()
    graph_file = args.build / "graph.nt"
    started = time.perf_counter()
    catalogue = read_catalogue(graph_file)
    graph = KeyGraph.of(catalogue)
    print(
        f"graph read in {time.perf_counter() - started:.1f} s: {len(graph.tables)} tables, {len(graph.keys)} keys"
    )
    tables = [t for t in graph.tables if t.dataset.startswith("snds-")]
    pairs = [(a, b) for a in tables for b in tables if a != b]
    if args.limit:
        pairs = pairs[: args.limit]

    timings = []
    for start, end in pairs:
        began = time.perf_counter()
        graph.path(start, end)
        timings.append(time.perf_counter() - began)
    print(f"in process, {len(pairs)} pairs: {_percentiles(timings)}")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    selection = SelectionData(graph_file, load_config(ROOT / "catalogue.yaml").access_bodies)
    selection.get()  # loaded before timing, as a running server has it
    app = create_app(SearchService(TantivyBackend(args.build / "search" / "tantivy")), selection=selection)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    found = 0
    timings = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for start, end in pairs:
            began = time.perf_counter()
            answer = client.get("/api/joins", params={"from": str(start), "to": str(end)})
            timings.append(time.perf_counter() - began)
            found += answer.status_code == 200
    server.should_exit = True
    thread.join()
    print(
        f"over HTTP, {len(pairs)} pairs ({found} joined, {len(pairs) - found} answered 404): {_percentiles(timings)}"
    )


if __name__ == "__main__":
    main()
