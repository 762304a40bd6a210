"""Benchmark: search indexing throughput, API latency percentiles and memory, on every backend (tantivy,
Elasticsearch and OpenSearch nodes started for the run).

Scales: `snds` (documents read from a built graph: the demo with the real SNDS) and `synthetic`
(N variables in datasets of 100 tables × 100 variables, with French labels, plus N/10 codes, generated
as search documents directly: building a 1 M-variable graph is the build benchmark's job).
Latency: 1,000 mixed queries (words, names, codes, phrases, filters, years, autocomplete) over HTTP
(keep-alive) to the API served by uvicorn as `catalogue serve` configures it, in a thread of this process,
so it includes the server, the API, the service and the engine (Starlette's TestClient was used before:
it starts a thread portal per request, ~7 ms that no deployment pays). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import socket
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from support import elasticsearch_node, opensearch_node
from support.live_server import live_server

from search_api.api import create_app
from search_api.backend import SearchBackend
from search_api.cluster_backend import Connection
from search_api.documents import SearchDocument, documents_from_graph
from search_api.elasticsearch_backend import elasticsearch_backend
from search_api.opensearch_backend import opensearch_backend
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]
CONCEPTS = [
    "date de naissance",
    "sexe",
    "diagnostic principal",
    "diagnostic associé",
    "mode d'entrée",
    "mode de sortie",
    "durée de séjour",
    "montant remboursé",
    "code postal",
    "commune de résidence",
    "département",
    "poids",
    "taille",
    "tension artérielle",
    "glycémie",
    "hémoglobine glyquée",
    "traitement anticoagulant",
    "acte CCAM",
    "code CIP",
    "spécialité du prescripteur",
    "date de décès",
    "cause de décès",
    "nombre de séances",
    "type de prise en charge",
    "numéro FINESS",
    "affection de longue durée",
    "régime d'affiliation",
]
QUALIFIERS = [
    "du patient",
    "de la mère",
    "à l'admission",
    "à la sortie",
    "du séjour",
    "de l'acte",
    "déclaré",
    "calculé",
]
WORDS = [
    "naissance",
    "diagnostic",
    "séjour",
    "décès",
    "remboursement",
    "pharmacie",
    "hôpital",
    "urgences",
    "biologie",
    "transport",
    "glycémie",
    "AVC",
    "ALD",
    "CIP",
    "GHM",
    "diabete",
    "diagnostique",
    "naisance",
]


def synthetic_documents(variables: int) -> Iterator[SearchDocument]:
    rng = random.Random(7)
    for index in range(variables):
        dataset, table = f"jeu-{index // 10_000:03d}", f"T_{(index // 100) % 100:02d}"
        concept, qualifier = rng.choice(CONCEPTS), rng.choice(QUALIFIERS)
        created = rng.choice([0, 2005, 2010, 2015])
        yield SearchDocument(
            id=f"https://example.org/dataset/{dataset}/table/{table}/variable/V{index}",
            type="variable",
            name=f"{concept.split()[0][:3].upper()}_{qualifier.split()[-1][:3].upper()}_{index}",
            label=f"{concept} {qualifier}".capitalize(),
            description=f"{concept.capitalize()} {qualifier}, relevé {rng.choice(['mensuellement', 'à chaque visite', 'une fois'])}.",
            dataset=dataset,
            dataset_title=f"Jeu de données {dataset}",
            table=table,
            code_list=f"NOMENCLATURE_{index % 50}" if index % 3 == 0 else "",
            lists=(f"NOMENCLATURE_{index % 50}",) if index % 3 == 0 else (),
            datatype=rng.choice(["string", "integer", "date", "decimal"]),
            publisher=f"Producteur {index // 100_000}",
            themes=("HEAL",),
            access_rights=rng.choice(["PUBLIC", "RESTRICTED", "NON_PUBLIC"]),
            health_categories=("HRAD",),
            year_from=created,
        )
    for index in range(variables // 10):
        yield SearchDocument(
            id=f"https://example.org/codelist/NOMENCLATURE_{index % 50}/code/C{index}",
            type="code",
            name=f"C{index:06d}",
            label=f"{rng.choice(CONCEPTS)} {rng.choice(QUALIFIERS)}",
            code_list=f"NOMENCLATURE_{index % 50}",
            linked=True,
        )


def mixed_requests(count: int) -> list[tuple[str, dict[str, object]]]:
    rng = random.Random(42)
    requests: list[tuple[str, dict[str, object]]] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            requests.append(("/api/search", {"q": rng.choice(CONCEPTS + WORDS)}))
        elif kind < 0.65:
            requests.append(
                (
                    "/api/search",
                    {"q": rng.choice(WORDS), "type": "variable", "year": rng.choice([2008, 2016])},
                )
            )
        elif kind < 0.75:
            requests.append(
                ("/api/search", {"q": rng.choice(CONCEPTS), "access_rights": "PUBLIC", "size": 50})
            )
        elif kind < 0.85:
            requests.append(("/api/suggest", {"q": rng.choice(CONCEPTS + WORDS)[: rng.randint(3, 6)]}))
        elif kind < 0.95:
            requests.append(
                ("/api/search", {"q": f"{rng.choice(CONCEPTS)} {rng.choice(QUALIFIERS)}", "page": 2})
            )
        else:
            requests.append(("/api/search", {"q": "", "type": "code", "page": rng.randint(1, 50)}))
    return requests


def open_backend(name: str, workdir: Path, url: str | None) -> SearchBackend:
    if name == "tantivy":
        return TantivyBackend(workdir / "tantivy")
    assert url
    connection = Connection(url, "bench", timeout_s=300.0)
    return elasticsearch_backend(connection) if name == "elasticsearch" else opensearch_backend(connection)


def run(name: str, documents: list[SearchDocument], workdir: Path, url: str | None) -> None:
    backend = open_backend(name, workdir, url)
    started = time.perf_counter()
    count = backend.replace_all(documents)
    indexing = time.perf_counter() - started
    with live_server(create_app(SearchService(backend)), _free_port()) as base:
        latencies = _latencies(base, mixed_requests(1000))
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"  {name:<13} index {count:,} docs in {indexing:6.1f} s ({count / indexing:,.0f} docs/s); "
        f"API latency over {len(latencies)} mixed queries (facets counted): p50 {cuts[49]:.1f} ms, "
        f"p95 {cuts[94]:.1f} ms, p99 {cuts[98]:.1f} ms"
    )
    backend.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["snds", "synthetic"], default="snds")
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nt", help="for --scale snds")
    parser.add_argument("--variables", type=int, default=1_000_000, help="for --scale synthetic")
    parser.add_argument("--backends", default="tantivy,elasticsearch,opensearch")
    parser.add_argument("--heap", default="2g", help="of each search node")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.scale == "snds":
        documents = documents_from_graph(args.graph)
        print(
            f"snds: {len(documents):,} documents read from {args.graph} in {time.perf_counter() - started:.1f} s"
        )
    else:
        documents = list(synthetic_documents(args.variables))
        print(f"synthetic: {args.variables:,} variables + {args.variables // 10:,} codes generated")
    backends = args.backends.split(",")
    with tempfile.TemporaryDirectory() as workdir:
        Path(workdir).chmod(0o711)  # Elasticsearch runs as nobody when we are root: it must get in
        if "tantivy" in backends:
            run("tantivy", documents, Path(workdir), None)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  {'':<13} peak RSS of this process (documents + tantivy) {peak:,.0f} MB")
        for name in ("elasticsearch", "opensearch"):
            if name in backends:
                run_on_node(name, documents, Path(workdir), args.heap)


def _latencies(base: str, requests: list[tuple[str, dict[str, object]]]) -> list[float]:
    """Milliseconds per request, one keep-alive connection, after a warm-up."""
    with httpx.Client(base_url=base, timeout=60) as client:
        for path, params in requests[:50]:
            client.get(path, params=params)  # type: ignore[arg-type]
        latencies = []
        for path, params in requests:
            started = time.perf_counter()
            response = client.get(path, params=params)  # type: ignore[arg-type]
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, params, response.text)
    return latencies


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_on_node(name: str, documents: list[SearchDocument], workdir: Path, heap: str) -> None:
    """A node of the engine started for the run (the tests' harness), with `heap`."""
    module = elasticsearch_node if name == "elasticsearch" else opensearch_node
    # The full JIT (the harness starts nodes with C1 only, for start-up time) for comparable figures.
    options = f"-Xms{heap} -Xmx{heap} -XX:TieredStopAtLevel=4"
    os.environ["ES_JAVA_OPTS" if name == "elasticsearch" else "OPENSEARCH_JAVA_OPTS"] = options
    home = module.ensure_distribution()
    with module.start(home, workdir / name, _free_port()) as node:
        run(name, documents, workdir, node.url)
        rss = _rss_mb(node.process.pid)
        print(f"  {'':<13} {name} node RSS after the queries {rss:,.0f} MB (heap {heap})")


def _rss_mb(pid: int) -> float:
    """The resident memory of a process and its descendants (bin/elasticsearch runs its JVMs as
    children of a launcher)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total_kb, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    return total_kb / 1024


if __name__ == "__main__":
    main()
