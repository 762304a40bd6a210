"""Benchmark: DCAT feed paging and SPARQL latency. Prints figures; asserts nothing.

- Feed: a synthetic catalogue of N datasets (DCAT triples written directly: the build benchmark
  measures building), every page fetched through the API in Turtle: pages/s, triples/s, peak memory.
- SPARQL: the query suite on the SNDS demo (build/graph.nt) and on a synthetic graph of M triples
  (tables, columns, code lists), each query run 20 times through the endpoint's worker: p50/p95.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from harvester.config import SparqlSettings
from search_api.api import create_app
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.service import SearchService
from search_api.sparql.endpoint import SparqlEndpoint, build_store
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://example.org"
DCAT, DCT, RDF = (
    "http://www.w3.org/ns/dcat#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
)
CSVW, HDC = "http://www.w3.org/ns/csvw#", "https://w3id.org/health-data-catalogue/ns#"


def write_feed(path: Path, datasets: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        catalogue = f"<{BASE}/catalogue>"
        out.write(f"{catalogue} <{RDF}type> <{DCAT}Catalog> .\n")
        out.write(f'{catalogue} <{DCT}title> "Catalogue"@fr .\n')
        for index in range(datasets):
            dataset = f"<{BASE}/dataset/jeu-{index:05d}>"
            distribution = f"<{BASE}/dataset/jeu-{index:05d}/distribution/d>"
            out.write(f"{catalogue} <{DCAT}dataset> {dataset} .\n")
            out.write(f"{dataset} <{RDF}type> <{DCAT}Dataset> .\n")
            out.write(f'{dataset} <{DCT}identifier> "jeu-{index:05d}" .\n')
            out.write(f'{dataset} <{DCT}title> "Jeu de données {index}"@fr .\n')
            out.write(f'{dataset} <{DCT}description> "Description du jeu {index}, en quelques mots."@fr .\n')
            out.write(
                f'{dataset} <{DCT}modified> "2026-0{1 + index % 9}-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
            )
            out.write(f"{dataset} <{DCAT}distribution> {distribution} .\n")
            out.write(f"{distribution} <{RDF}type> <{DCAT}Distribution> .\n")
            out.write(f"{distribution} <{DCAT}accessURL> <https://example.org/acces/{index}> .\n")


def bench_feed(datasets: int, workdir: Path) -> None:
    feed_file = workdir / "catalog.nt"
    write_feed(feed_file, datasets)
    started = time.perf_counter()
    feed = Feed(feed_file, f"{BASE}/catalogue")
    loaded = time.perf_counter() - started
    data = LinkedData(feed, BASE, "http://testserver")
    client = TestClient(create_app(SearchService(TantivyBackend(workdir / "search")), data))
    started = time.perf_counter()
    pages = triples = 0
    url: str | None = "/catalog?page_size=100"
    while url:
        response = client.get(url, headers={"Accept": "application/n-triples"})
        pages += 1
        lines = response.text.splitlines()
        triples += len(lines)
        following = [line.split()[2][1:-1] for line in lines if "hydra/core#next>" in line]
        url = following[0].removeprefix("http://testserver") if following else None
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"feed: {datasets:,} datasets loaded in {loaded:.1f} s; {pages} pages of 100 in {elapsed:.1f} s "
        f"({pages / elapsed:.1f} pages/s, {triples / elapsed:,.0f} triples/s); peak RSS {peak:,.0f} MB"
    )


def write_graph(path: Path, triples: int) -> None:
    """Datasets of 20 tables × 50 columns, each column ~10 triples, a code list for every 5th column."""
    written = 0
    index = 0
    with path.open("w", encoding="utf-8") as out:
        while written < triples:
            dataset = f"{BASE}/dataset/jeu-{index // 1000:04d}"
            table = f"{dataset}/table/T{(index // 50) % 20:02d}"
            column = f"{table}/variable/V{index}"
            lines = []
            if index % 50 == 0:  # a new table (and every 1,000 columns a new dataset)
                lines += [
                    f"<{table}> <{RDF}type> <{CSVW}Table> .",
                    f"<{table}> <{DCT}isPartOf> <{dataset}> .",
                ]
                if index % 1000 == 0:
                    lines.append(f'<{dataset}> <{DCT}identifier> "jeu-{index // 1000:04d}" .')
            lines += [
                f"<{table}> <{CSVW}column> <{column}> .",
                f"<{column}> <{RDF}type> <{CSVW}Column> .",
                f'<{column}> <{CSVW}name> "V{index}" .',
                f'<{column}> <{CSVW}title> "Variable {index}"@fr .',
                f"<{column}> <{DCT}isPartOf> <{table}> .",
                f'<{column}> <{CSVW}datatype> "string" .',
                f'<{column}> <{HDC}yearCreated> "2010"^^<http://www.w3.org/2001/XMLSchema#gYear> .',
            ]
            if index % 5 == 0:
                lines.append(f"<{column}> <{HDC}codeList> <{BASE}/codelist/L{index % 100}> .")
            out.write("\n".join(lines) + "\n")
            written += len(lines)
            index += 1


SUITE = {
    "count tables": "SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{csvw}Table> }}",
    "columns of a table": "SELECT ?name WHERE {{ <{table}> <{csvw}column> ?c . ?c <{csvw}name> ?name }}",
    "datasets using a code list": (
        "SELECT DISTINCT ?d WHERE {{ ?c <{hdc}codeList> <{codelist}> ; <{dct}isPartOf>/<{dct}isPartOf> ?d }}"
    ),
    "columns per dataset (top 10)": (
        "SELECT ?d (COUNT(?c) AS ?n) WHERE {{ ?c a <{csvw}Column> ; <{dct}isPartOf>/<{dct}isPartOf> ?d }} "
        "GROUP BY ?d ORDER BY DESC(?n) LIMIT 10"
    ),
}


def bench_sparql(label: str, graph: Path, table: str, codelist: str, workdir: Path) -> None:
    started = time.perf_counter()
    count = build_store(graph, workdir / f"store-{label}")
    print(f"sparql {label}: {count:,} triples loaded in {time.perf_counter() - started:.1f} s")
    endpoint = SparqlEndpoint(workdir / f"store-{label}", SparqlSettings(time_limit_s=120))
    for name, template in SUITE.items():
        query = template.format(csvw=CSVW, dct=DCT, hdc=HDC, table=table, codelist=codelist)
        endpoint.query(query, "application/sparql-results+json")  # the worker's start is not the query's
        timings: list[float] = []
        budget = time.perf_counter() + 60  # 20 runs, or fewer for a query slower than 3 s
        while len(timings) < 20 and (len(timings) < 3 or time.perf_counter() < budget):
            started = time.perf_counter()
            endpoint.query(query, "application/sparql-results+json")
            timings.append((time.perf_counter() - started) * 1000)
        high = max(timings) if len(timings) < 20 else statistics.quantiles(timings, n=20)[18]
        print(
            f"  {name:<30} p50 {statistics.median(timings):8.1f} ms  p95 {high:8.1f} ms  ({len(timings)} runs)"
        )
    endpoint.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--triples", type=int, default=5_000_000)
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        bench_feed(args.datasets, workdir)
        snds = "https://catalogue.health-data-hub.fr"
        if args.graph.is_file():
            bench_sparql(
                "snds demo",
                args.graph,
                f"{snds}/dataset/snds-dcir/table/ER_PRS_F",
                f"{snds}/codelist/IR_SEX_V",
                workdir,
            )
        synthetic = workdir / "synthetic.nt"
        write_graph(synthetic, args.triples)
        bench_sparql(
            "synthetic", synthetic, f"{BASE}/dataset/jeu-0001/table/T03", f"{BASE}/codelist/L40", workdir
        )


if __name__ == "__main__":
    main()
