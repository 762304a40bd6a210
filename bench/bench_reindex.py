"""Benchmark: `catalogue index` in full against after a build that changed one dataset, per backend.

Takes a built graph (default build/graph.nt: the demo with the real SNDS), indexes it in full, changes
one dataset's title in a copy of the graph, and indexes again: only that dataset's documents are read
and replaced; then one use's title (its document and those of the datasets it names). Prints the time
to tell what changed, to read and to index, and the documents indexed.
Clusters are nodes of the tests' harness started for the run. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from support import elasticsearch_node, opensearch_node
from support.search_node import Node

from harvester.config import SearchSettings, load_config
from search_api.indexing import SearchReport, index_search

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nt")
    parser.add_argument("--dataset", default="snds-dcir", help="the dataset changed")
    parser.add_argument(
        "--use", default="anticoagulants-oraux-saignements", help="the use of the data changed"
    )
    parser.add_argument("--backends", default="tantivy,elasticsearch,opensearch")
    args = parser.parse_args()
    changes = {f"after {args.dataset} changed": _title("dataset", args.dataset)}
    changes[f"after use {args.use[:16]} changed"] = _title("use", args.use)
    with tempfile.TemporaryDirectory() as work, ExitStack() as nodes:
        Path(work).chmod(0o711)  # Elasticsearch runs as nobody when we are root: it must get in
        for name in args.backends.split(","):
            url = nodes.enter_context(_node(name, Path(work))).url if name != "tantivy" else ""
            config = load_config(ROOT / "catalogue.yaml")
            if url:
                config = config.model_copy(
                    update={"search": SearchSettings(backend=name, url=url, index="bench")}
                )
            build = Path(work) / f"build-{name}"
            build.mkdir()
            shutil.copyfile(args.graph, build / "graph.nt")
            _print(name, "full", index_search(config, build, full=True))
            for what, title in changes.items():
                changed = title.sub(
                    lambda m: m.group(1) + b"(changed) ", (build / "graph.nt").read_bytes(), count=1
                )
                (build / "graph.nt").write_bytes(changed)
                started = time.perf_counter()
                partial = index_search(config, build)
                _print(name, what, partial, time.perf_counter() - started)


def _title(kind: str, name: str) -> re.Pattern[bytes]:
    """The start of the title of that dataset or use, in the graph's lines."""
    return re.compile(
        rb"^(<[^>]*/"
        + kind.encode()
        + rb"/"
        + re.escape(name.encode())
        + rb"> <http://purl.org/dc/terms/title> \")",
        re.M,
    )


def _node(name: str, work: Path) -> Node:
    module = elasticsearch_node if name == "elasticsearch" else opensearch_node
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return module.start(module.ensure_distribution(), work / name, port)


def _print(name: str, what: str, report: SearchReport, total: float | None = None) -> None:
    seconds = total if total is not None else report.read_seconds + report.index_seconds
    print(
        f"  {name:<13} {what:<34} {seconds:6.1f} s (graph {report.read_seconds:5.1f} s, "
        f"index {report.index_seconds:5.1f} s): {report.documents:,} documents, {report.mode}"
    )


if __name__ == "__main__":
    main()
