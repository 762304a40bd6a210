"""Benchmark: harvest, judge, build and index a synthetic Hydra-paged DCAT catalogue from a local server.

Prints figures; asserts nothing. The server runs in a child process (it does not share the
harvester's interpreter lock) and serves pages prepared in advance. Runs: a cold harvest (every
dataset new), a warm one (nothing changed: no file rewritten), the official-rules judgement
`catalogue harvest` makes (cold cache), then `catalogue build` of the demo catalogue with and without
the harvested datasets (the share spent on them), and `catalogue index` of the result.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Graph

from harvester.config import HarvestSource
from harvester.remote.harvest import HarvestResult, harvest_source

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://catalogue.example.org"
MEDIA_TYPES = {"turtle": "text/turtle", "json-ld": "application/ld+json", "xml": "application/rdf+xml"}
PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
@prefix access: <http://publications.europa.eu/resource/authority/access-right/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix lang: <http://publications.europa.eu/resource/authority/language/> .
@prefix freq: <http://publications.europa.eu/resource/authority/frequency/> .
@prefix filetype: <http://publications.europa.eu/resource/authority/file-type/> .
"""


def dataset(number: int) -> str:
    """A DCAT-AP description of realistic size: about 40 triples, two blank nodes, two distributions.
    One in ten says it is RESTRICTED, and is then judged by that HealthDCAT-AP tier too (which asks
    for much more: those are left out); the others by DCAT-AP 3.0.1."""
    iri = f"https://source.example.org/dataset/{number}"
    rights = "\n    dct:accessRights access:RESTRICTED ;" if number % 10 == 0 else ""
    return f"""
<{iri}> a dcat:Dataset ;
    dct:identifier "jeu-{number:05d}" ;
    dct:title "Jeu de données de santé numéro {number}"@fr, "Health dataset number {number}"@en ;
    dct:description "Description détaillée du jeu {number} : séjours, actes et diagnostics."@fr,
        "Detailed description of dataset {number}: stays, procedures and diagnoses."@en ;
    dcat:keyword "hospitalisation"@fr, "diagnostic"@fr, "hospital stays"@en ;
    dcat:theme theme:HEAL ;{rights}
    dct:spatial country:FRA ;
    dct:language lang:FRA ;
    dct:accrualPeriodicity freq:ANNUAL ;
    dct:issued "2020-01-15"^^xsd:date ;
    dct:modified "2024-06-30T12:00:00Z"^^xsd:dateTime ;
    dcat:landingPage <https://source.example.org/page/{number}> ;
    dct:publisher <https://source.example.org/org/agency> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Service des données {number}"@fr ;
        vcard:hasEmail <mailto:data{number}@source.example.org> ] ;
    dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2010-01-01"^^xsd:date ;
        dcat:endDate "2023-12-31"^^xsd:date ] ;
    dcat:distribution <{iri}/csv>, <{iri}/parquet> .
<https://source.example.org/page/{number}> a foaf:Document .
<{iri}/csv> a dcat:Distribution ; dct:title "CSV"@fr ; dcat:accessURL <https://source.example.org/dl/{number}.csv> ;
    dct:format filetype:CSV ; dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence> .
<{iri}/parquet> a dcat:Distribution ; dct:title "Parquet"@fr ;
    dcat:accessURL <https://source.example.org/dl/{number}.parquet> ; dct:format filetype:PARQUET ;
    dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence> .
"""


def pages(base: str, datasets: int, page_count: int, syntax: str) -> dict[str, bytes]:
    per_page = -(-datasets // page_count)
    result: dict[str, bytes] = {}
    for index in range(page_count):
        url = f"{base}/catalog?page={index + 1}"
        numbers = range(index * per_page + 1, min(datasets, (index + 1) * per_page) + 1)
        hydra = f"<{url}> a hydra:PartialCollectionView ; hydra:next <{base}/catalog?page={index + 2}> .\n"
        text = (
            PREFIXES
            + (hydra if index + 1 < page_count else "")
            + '<https://source.example.org/org/agency> a foaf:Organization ; foaf:name "Agence"@fr .\n'
            + "<https://www.etalab.gouv.fr/licence-ouverte-open-licence> a dct:LicenseDocument .\n"
            + "".join(dataset(n) for n in numbers)
        )
        body = (
            text.encode()
            if syntax == "turtle"
            else Graph().parse(data=text, format="turtle").serialize(format=syntax, encoding="utf-8")
        )
        result[f"/catalog?page={index + 1}"] = body
    return result


def serve(port: int, content: dict[str, bytes], media_type: str) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real portal would

        def do_GET(self) -> None:
            body = content.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def report(label: str, result: HarvestResult, elapsed: float, size: int) -> None:
    print(
        f"{label:>5}: {elapsed:6.2f} s; {result.written:,} datasets ({result.changed:,} files written), "
        f"{result.pages_fetched} pages, {result.triples:,} triples; {result.written / elapsed:,.0f} datasets/s, "
        f"{result.triples / elapsed:,.0f} triples/s, {result.pages_fetched / elapsed:,.1f} pages/s, "
        f"{size / elapsed / 1e6:,.1f} MB/s read; problems {len(result.problems)}"
    )


def build_and_index(workdir: Path, harvested: int) -> None:
    from harvester.config import load_config
    from harvester.pipeline.build import build
    from harvester.remote.store import harvested_files
    from harvester.remote.verdict import judge_sources
    from harvester.sources.catalogue_source import find_source_files
    from search_api.indexing import index_build

    config = load_config(ROOT / "catalogue.yaml").model_copy(
        update={"base_iri": BASE, "build_dir": workdir / "build"}
    )
    paths = find_source_files([ROOT / "catalogue_src"])
    started = time.perf_counter()
    verdict = judge_sources(config, workdir / "harvest", ["bench"], workdir / "build" / "cache")["bench"]
    elapsed = time.perf_counter() - started
    print(
        f"judge: {elapsed:6.2f} s for {harvested:,} records by the official rules and ours (cold cache), "
        f"{harvested / elapsed:,.0f} records/s; published {verdict.published:,}, left out {verdict.left_out:,}"
    )
    for rule, count in verdict.rejected.most_common(8):
        print(f"    left out by {rule}: {count:,}")
    files = harvested_files(workdir / "harvest", ["bench"])
    timings: dict[str, float] = {}
    for label, harvested_set in (("demo alone", []), ("demo + harvested", files)):
        started = time.perf_counter()
        built = build(config, paths, workdir / "build", harvested_set)
        timings[label] = time.perf_counter() - started
        print(
            f"build {label}: {timings[label]:6.2f} s, {len(built.verdict.valid_datasets):,} datasets published, "
            f"{built.summary()['triples']:,} triples"
        )
    share = (timings["demo + harvested"] - timings["demo alone"]) / timings["demo + harvested"]
    print(f"share of the build spent on harvested records (warm validation cache): {share:.0%}")
    started = time.perf_counter()
    indexed = index_build(config, workdir / "build")
    print(f"index: {time.perf_counter() - started:6.2f} s ({indexed.search.documents:,} documents)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--syntax", choices=sorted(MEDIA_TYPES), default="turtle")
    parser.add_argument("--build", action="store_true", help="Also judge, build and index (slow).")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    content = pages(base, args.datasets, args.pages, args.syntax)
    size = sum(map(len, content.values()))
    server = multiprocessing.Process(
        target=serve, args=(port, content, MEDIA_TYPES[args.syntax]), daemon=True
    )
    server.start()
    time.sleep(0.5)
    print(f"scale: {args.datasets:,} datasets on {args.pages} {args.syntax} pages, {size / 1e6:.1f} MB")
    source = HarvestSource.model_validate({"id": "bench", "url": f"{base}/catalog?page=1", "private": True})
    try:
        # Under build/, where harvests really go: the temporary folder may sit on a slower disk.
        (ROOT / "build").mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=ROOT / "build", prefix="bench-harvest-") as workdir:
            for label in ("cold", "warm"):
                started = time.perf_counter()
                result = harvest_source(source, Path(workdir) / "harvest", BASE)
                report(label, result, time.perf_counter() - started, size)
            if args.build:
                build_and_index(Path(workdir), result.written)
    finally:
        server.terminate()
    print(
        f"peak RSS of the harvesting process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    )


if __name__ == "__main__":
    main()
