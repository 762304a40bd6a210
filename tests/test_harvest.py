"""Harvest of other catalogues' DCAT feeds, against a real HTTP server on 127.0.0.1.

The server serves the official DCAT-AP 3 examples (read from ../shared at test time, never copied),
paged catalogues of our own, and broken sources: invalid Turtle, a billion-laughs RDF/XML file, a
200 MB answer, slow and trickling servers, a 500 in the middle of the paging, wrong content types.
No assertion is on wall time.
"""

from __future__ import annotations

import io
import json
import re
import resource
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from harvest_server import LocalServer, Route
from pydantic import ValidationError
from rdflib import RDF, Graph, Literal, URIRef
from rdflib import namespace as ns
from rich.console import Console

from harvester.cli.harvest import harvest_sources
from harvester.config import Config, HarvestSource
from harvester.core.namespaces import ADMS, DCAT, HDC
from harvester.core.problems import Problem, Severity
from harvester.remote.harvest import HarvestResult, harvest_source
from harvester.remote.identity import LOCAL_ID, MAX_LOCAL_ID, mint_local_id
from harvester.remote.source import source_from_url, sources_for_urls
from harvester.remote.store import harvested_files

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "reference" / "dcat-ap-3" / "examples"
# Known defects of the official examples (shared/reference/dcat-ap-3/README.md): not valid Turtle.
INVALID_EXAMPLES = {
    "example-bee-population-dataset-series-api.ttl",
    "example-bee-population-dataset-series-combined.ttl",
}
BASE = "https://catalogue.example.org"
T1 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
T2 = datetime(2025, 1, 7, 8, 0, tzinfo=UTC)
T3 = datetime(2025, 1, 8, 8, 0, tzinfo=UTC)
PAGES = [[1, 2, 3, 4], [5, 6, 7], [8, 9, 10]]
MEGABYTE = 1024 * 1024

PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
AGENCY = '<https://source.example.org/org/agency> a foaf:Agent ; foaf:name "Agence source"@fr .\n'


# The server and the catalogues it serves


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        running.add_directory("/examples", EXAMPLES)
        yield running


@pytest.fixture
def prefix(request: pytest.FixtureRequest) -> str:
    """A path prefix of the test's own, so that tests sharing the server never share routes."""
    return "/" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "harvest"


def dataset_iri(number: int, scheme: str = "dataset") -> str:
    return f"https://source.example.org/{scheme}/{number}"


def dataset_turtle(number: int, scheme: str = "dataset", *, title: str | None = None) -> str:
    iri = dataset_iri(number, scheme)
    return f"""
<{iri}> a dcat:Dataset ;
    dct:identifier "ds-{number}" ;
    dct:title "{title or f"Jeu de données {number}"}"@fr, "Dataset {number}"@en ;
    dct:description "Description du jeu {number}."@fr ;
    dct:publisher <https://source.example.org/org/agency> ;
    dcat:contactPoint [ a vcard:Kind ; vcard:fn "Contact {number}" ;
        vcard:hasEmail <mailto:contact{number}@source.example.org> ] ;
    dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ] ;
    dcat:distribution <{iri}/distribution/csv> .
<{iri}/distribution/csv> a dcat:Distribution ;
    dcat:accessURL <https://source.example.org/download/{number}.csv> .
"""


def turtle_page(
    page_url: str,
    numbers: list[int],
    next_url: str | None,
    *,
    scheme: str = "dataset",
    old_hydra: bool = False,
    extra: str = "",
) -> str:
    if next_url is None:
        hydra = ""
    elif old_hydra:  # ckanext-dcat's way: hydra:PagedCollection, the next page as a string literal
        hydra = (
            f'<{page_url}> a hydra:PagedCollection ; hydra:itemsPerPage 4 ; hydra:nextPage "{next_url}" .\n'
        )
    else:
        hydra = f"<{page_url}> a hydra:PartialCollectionView ; hydra:next <{next_url}> .\n"
    listed = "".join(f" ; dcat:dataset <{dataset_iri(n, scheme)}>" for n in numbers)
    catalogue = f'<https://source.example.org/catalog> a dcat:Catalog ; dct:title "Source"@fr{listed} .\n'
    return PREFIXES + hydra + catalogue + AGENCY + "".join(dataset_turtle(n, scheme) for n in numbers) + extra


def page_urls(server: LocalServer, prefix: str, count: int) -> list[str]:
    return [server.url(f"{prefix}/catalog?page={index}") for index in range(1, count + 1)]


def serve_catalogue(
    server: LocalServer, prefix: str, pages: list[list[int]], scheme: str = "dataset"
) -> list[str]:
    """A Hydra-paged Turtle catalogue; returns the URLs of its pages."""
    urls = page_urls(server, prefix, len(pages))
    for index, numbers in enumerate(pages):
        following = urls[index + 1] if index + 1 < len(pages) else None
        text = turtle_page(urls[index], numbers, following, scheme=scheme)
        server.add(urls[index].removeprefix(server.base), Route(text.encode()))
    return urls


def source(url: str, **limits: object) -> HarvestSource:
    """A source on the local test server: loopback, so it must say it may be private."""
    return HarvestSource.model_validate({"id": "src", "url": url, "private": ["127.0.0.1/32"], **limits})


# Reading what the harvest wrote


def written_graphs(out: Path, source_id: str = "src") -> dict[str, Graph]:
    graphs = {}
    for path in sorted((out / source_id / "datasets").glob("*.nt")):
        graphs[path.stem] = Graph().parse(path, format="nt")
    return graphs


def state(out: Path, source_id: str = "src") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((out / source_id / "state.json").read_text(encoding="utf-8"))
    return loaded


def originals(out: Path, source_id: str = "src") -> set[str]:
    return {
        str(g.value(URIRef(our_iri(local_id)), ns.PROV.wasDerivedFrom))
        for local_id, g in written_graphs(out, source_id).items()
    }


def our_iri(local_id: str) -> str:
    return f"{BASE}/dataset/{local_id}"


def only(result: HarvestResult, rule: str) -> Problem:
    found = [problem for problem in result.problems if problem.rule == rule]
    assert len(found) == 1, result.problems
    return found[0]


def peak_rss_mb() -> float:
    """The process's peak so far: a rise during a test bounds what that test used."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The official DCAT-AP 3 examples


def rdflib_datasets(path: Path) -> set[str]:
    """The example's datasets, read by another parser than the harvester's."""
    graph = Graph().parse(path, format="turtle")
    return {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.ttl")), ids=lambda p: p.stem)
def test_each_official_example_is_harvested_or_precisely_refused(
    server: LocalServer, out: Path, example: Path
) -> None:
    url = server.url(f"/examples/{example.name}")
    result = harvest_source(source(url), out, BASE, T1)
    if example.name in INVALID_EXAMPLES:
        assert result.failed and result.written == 0
        problem = only(result, "harvest-rdf-syntax")
        assert (problem.source, problem.severity) == (url, Severity.ERROR)
        assert problem.line is not None and problem.column is not None
        bad_line = example.read_text(encoding="utf-8").splitlines()[problem.line - 1]
        assert re.search(r"[\w-]+:[\w]+/", bad_line), bad_line  # a prefixed name with "/"
        assert not (out / "src" / "state.json").exists()
        return
    expected = rdflib_datasets(example)
    assert result.ok and result.complete and not result.failed, result.problems
    assert result.written == len(expected) == len(written_graphs(out))
    assert originals(out) == expected
    for local_id, graph in written_graphs(out).items():
        assert LOCAL_ID.match(local_id) and len(local_id) <= MAX_LOCAL_ID
        assert (URIRef(our_iri(local_id)), RDF.type, DCAT.Dataset) in graph


def test_official_examples_chained_as_one_paged_catalogue(
    server: LocalServer, out: Path, prefix: str
) -> None:
    """Every example file as one page, chained by HTTP `Link: rel=next` headers: the broken pages are
    reported, and the pages after them are still read."""
    files = sorted(EXAMPLES.glob("*.ttl"))
    urls = [server.url(f"{prefix}/page/{index}") for index in range(len(files))]
    for index, file in enumerate(files):
        headers = {"Link": f'<{urls[index + 1]}>; rel="next"'} if index + 1 < len(files) else {}
        server.add(f"{prefix}/page/{index}", Route(file.read_bytes(), "text/turtle", headers=headers))
    result = harvest_source(source(urls[0]), out, BASE, T1)

    expected = set().union(*(rdflib_datasets(f) for f in files if f.name not in INVALID_EXAMPLES))
    assert originals(out) == expected  # nothing valid lost; one file per dataset IRI, no duplicate
    assert result.written == len(expected)
    assert (result.pages_fetched, result.pages_failed) == (len(files) - 2, 2)
    broken = {urls[files.index(EXAMPLES / name)] for name in INVALID_EXAMPLES}
    assert {p.source for p in result.problems if p.rule == "harvest-rdf-syntax"} == broken
    assert not result.complete  # two pages unread: nothing may be deleted on that basis


def test_json_ld_with_the_official_remote_context(server: LocalServer, out: Path, prefix: str) -> None:
    """A JSON-LD page whose @context is the official examples' context.jsonld, fetched by URL."""
    document = {
        "@context": server.url("/examples/context.jsonld"),
        "@id": "example-ds:BeePopulation",
        "@type": "Dataset",
        "title": {"en": "Bee population"},
        "description": {"en": "A dataset about bee population in Greece"},
        "publisher": "example-ag:GreekEnvironmentAgency",
    }
    url = server.add(f"{prefix}/bees.jsonld", Route(json.dumps(document).encode(), "application/ld+json"))
    result = harvest_source(source(url), out, BASE, T1)
    assert result.ok and result.written == 1, result.problems
    [(local_id, graph)] = written_graphs(out).items()
    dataset = URIRef(our_iri(local_id))
    assert (dataset, ns.DCTERMS.title, Literal("Bee population", lang="en")) in graph
    assert (
        dataset,
        ns.DCTERMS.publisher,
        URIRef("https://agencies.gov.gr/id/GreekEnvironmentAgency"),
    ) in graph
    assert originals(out) == {"https://data.gov.gr/id/dataset/BeePopulation"}


def test_unreachable_json_ld_context_is_reported(server: LocalServer, out: Path, prefix: str) -> None:
    document = {"@context": server.url(f"{prefix}/missing-context.jsonld"), "@id": "https://x.org/d"}
    url = server.add(f"{prefix}/page.jsonld", Route(json.dumps(document).encode(), "application/ld+json"))
    result = harvest_source(source(url), out, BASE, T1)
    problem = only(result, "harvest-jsonld-context")
    assert problem.source == url and "404" in problem.message_en and result.failed


# Paging


def test_hydra_paged_catalogue(server: LocalServer, out: Path, prefix: str) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    result = harvest_source(source(urls[0]), out, BASE, T1)
    assert result.ok and result.complete, result.problems
    assert (result.pages_fetched, result.pages_failed, result.written) == (3, 0, 10)
    assert originals(out) == {dataset_iri(n) for n in range(1, 11)}
    assert [page["url"] for page in state(out)["pages"]] == urls


def test_old_hydra_vocabulary_and_three_syntaxes(server: LocalServer, out: Path, prefix: str) -> None:
    """hydra:PagedCollection / hydra:nextPage as literals; page 1 Turtle, page 2 JSON-LD, page 3 RDF/XML."""
    urls = page_urls(server, prefix, 3)
    syntaxes = [("turtle", "text/turtle"), ("json-ld", "application/ld+json"), ("xml", "application/rdf+xml")]
    for index, (numbers, (fmt, media_type)) in enumerate(zip(PAGES, syntaxes, strict=True)):
        following = urls[index + 1] if index < 2 else None
        text = turtle_page(urls[index], numbers, following, old_hydra=True)
        body = Graph().parse(data=text, format="turtle").serialize(format=fmt, encoding="utf-8")
        server.add(urls[index].removeprefix(server.base), Route(body, media_type))
    result = harvest_source(source(urls[0]), out, BASE, T1)
    assert result.ok and result.complete and result.written == 10, result.problems
    assert originals(out) == {dataset_iri(n) for n in range(1, 11)}


def test_paging_loop_and_page_limit_stop_without_deleting(
    server: LocalServer, out: Path, prefix: str
) -> None:
    urls = page_urls(server, prefix, 2)
    server.add(urls[0].removeprefix(server.base), Route(turtle_page(urls[0], [1, 2], urls[1]).encode()))
    server.add(urls[1].removeprefix(server.base), Route(turtle_page(urls[1], [3], urls[0]).encode()))
    looped = harvest_source(source(urls[0]), out, BASE, T1)
    assert looped.written == 3 and not looped.complete
    assert "loop" in only(looped, "harvest-paging").message_en

    limited = harvest_source(source(urls[0], max_pages=1), out, BASE, T2)
    assert only(limited, "harvest-max-pages").severity is Severity.WARNING
    assert (limited.written, limited.kept, limited.deleted) == (2, 1, 0)


def test_paging_never_leaves_the_catalogue_host(server: LocalServer, out: Path, prefix: str) -> None:
    url = server.url(f"{prefix}/catalog")
    elsewhere = url.replace("127.0.0.1", "localhost") + "?page=2"
    server.add(f"{prefix}/catalog", Route(turtle_page(url, [1], elsewhere).encode()))
    result = harvest_source(source(url), out, BASE, T1)
    assert result.written == 1 and "another host" in only(result, "harvest-paging").message_en


# Broken sources


def test_invalid_turtle_in_one_page(server: LocalServer, out: Path, prefix: str) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    good = turtle_page(urls[1], PAGES[1], urls[2])
    broken = good + '<https://source.example.org/dataset/99> dct:title "unterminated .\n'
    server.add(urls[1].removeprefix(server.base), Route(broken.encode()))
    result = harvest_source(source(urls[0]), out, BASE, T1)

    problem = only(result, "harvest-rdf-syntax")
    assert (problem.source, problem.line) == (urls[1], len(good.splitlines()) + 1)
    assert problem.severity is Severity.ERROR and "Turtle" in problem.message_en
    # The link to page 3 came before the error: pages 1 and 3 are harvested.
    assert originals(out) == {dataset_iri(n) for n in [*PAGES[0], *PAGES[2]]}
    assert (result.pages_fetched, result.pages_failed) == (2, 1) and not result.complete


def test_billion_laughs_is_refused_before_parsing(server: LocalServer, out: Path, prefix: str) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10)
    ]
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"'
        ' xmlns:dcat="http://www.w3.org/ns/dcat#">\n'
        '<dcat:Dataset rdf:about="https://source.example.org/dataset/lol"><dct:title>&lol9;</dct:title>'
        "</dcat:Dataset>\n</rdf:RDF>\n"
    ).encode()
    before = peak_rss_mb()
    for media_type in ("application/rdf+xml", "text/plain"):  # announced, or found by sniffing
        url = server.add(f"{prefix}/laughs-{media_type.replace('/', '-')}", Route(laughs, media_type))
        result = harvest_source(source(url), out, BASE, T1)
        problem = only(result, "harvest-xml-entities")
        assert (problem.source, problem.line, problem.column) == (url, 2, 1)
        assert result.failed and result.written == 0
    assert peak_rss_mb() - before < 100  # 10⁹ "lol"s would be gigabytes


def test_deeply_nested_xml_is_refused(server: LocalServer, out: Path, prefix: str) -> None:
    depth = 5000
    nested = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="http://x.org/">'
        + "<rdf:Description><p:p>" * depth
        + "</p:p></rdf:Description>" * depth
        + "</rdf:RDF>"
    ).encode()
    url = server.add(f"{prefix}/deep.rdf", Route(nested, "application/rdf+xml"))
    result = harvest_source(source(url), out, BASE, T1)
    assert only(result, "harvest-xml-depth").source == url


def test_200_mb_response_is_cut_at_the_cap(server: LocalServer, out: Path, prefix: str) -> None:
    def two_hundred_megabytes() -> Iterator[bytes]:
        line = b"# padding " + b"x" * (MEGABYTE - 11) + b"\n"
        for _ in range(200):
            yield line

    streamed = server.add(f"{prefix}/huge.ttl", Route(two_hundred_megabytes))
    announced = server.add(
        f"{prefix}/announced.ttl", Route(two_hundred_megabytes, content_length=200 * MEGABYTE)
    )
    limits = {"max_bytes": 8 * MEGABYTE}
    before = peak_rss_mb()

    result = harvest_source(source(streamed, **limits), out, BASE, T1)
    problem = only(result, "harvest-too-large")
    assert problem.source == streamed and "8 MB" in problem.message_en and result.failed

    result = harvest_source(source(announced, **limits), out, BASE, T1)
    assert "announced as 209,715,200 bytes" in only(result, "harvest-too-large").message_en

    time.sleep(0.2)  # let the server notice the closed connections before counting what it sent
    assert server.sent[f"{prefix}/huge.ttl"] < 64 * MEGABYTE
    assert server.sent[f"{prefix}/announced.ttl"] < 64 * MEGABYTE
    assert peak_rss_mb() - before < 150


def test_slow_and_trickling_servers_time_out(server: LocalServer, out: Path, prefix: str) -> None:
    page = turtle_page("http://x.org/", [1], None).encode()
    slow = server.add(f"{prefix}/slow.ttl", Route(page, delay_s=3))

    def trickle() -> Iterator[bytes]:
        yield PREFIXES.encode()
        for _ in range(100):
            time.sleep(0.2)
            yield b"# still coming\n"

    trickling = server.add(f"{prefix}/trickle.ttl", Route(trickle))
    result = harvest_source(source(slow, timeout_s=1), out, BASE, T1)
    problem = only(result, "harvest-timeout")
    assert problem.source == slow and "stopped answering" in problem.message_en

    result = harvest_source(source(trickling, timeout_s=1, deadline_s=1), out, BASE, T1)
    assert "too slow" in only(result, "harvest-timeout").message_en


def test_500_on_page_3_keeps_its_datasets_from_the_last_harvest(
    server: LocalServer, out: Path, prefix: str
) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    first = harvest_source(source(urls[0]), out, BASE, T1)
    assert first.complete and first.written == 10
    page_3_files = {
        path.name: path.read_bytes()
        for path in (out / "src" / "datasets").glob("*.nt")
        if any(f"<{dataset_iri(n)}>" in path.read_text(encoding="utf-8") for n in PAGES[2])
    }
    assert len(page_3_files) == 3

    server.add(urls[2].removeprefix(server.base), Route(b"boom", "text/plain", status=500))
    second = harvest_source(source(urls[0]), out, BASE, T2)
    problem = only(second, "harvest-http-500")
    assert (problem.source, problem.severity) == (urls[2], Severity.ERROR)
    assert (second.pages_fetched, second.pages_failed) == (2, 1)
    assert (second.written, second.kept, second.deleted) == (7, 3, 0)
    assert only(second, "harvest-incomplete").severity is Severity.WARNING
    for name, content in page_3_files.items():  # untouched, not deleted
        assert (out / "src" / "datasets" / name).read_bytes() == content
    assert originals(out) == {dataset_iri(n) for n in range(1, 11)}
    seen = {entry["local_id"]: entry["seen_at"] for entry in state(out)["datasets"]}
    assert sorted(seen.values()) == ["2025-01-06T08:00:00Z"] * 3 + ["2025-01-07T08:00:00Z"] * 7


def test_wrong_content_types_are_read_by_sniffing_with_a_warning(
    server: LocalServer, out: Path, prefix: str
) -> None:
    turtle = turtle_page("http://x.org/", [1], None).encode()
    json_ld = Graph().parse(data=turtle, format="turtle").serialize(format="json-ld", encoding="utf-8")
    cases = {
        "turtle-as-text-plain": (turtle, "text/plain"),
        "turtle-as-octet-stream": (turtle, "application/octet-stream"),
        "turtle-without-type": (turtle, None),
        "json-ld-as-turtle": (json_ld, "text/turtle"),
    }
    for name, (body, media_type) in cases.items():
        url = server.add(f"{prefix}/{name}", Route(body, media_type))
        result = harvest_source(source(url), out, BASE, T1)
        assert result.written == 1 and originals(out) == {dataset_iri(1)}, (name, result.problems)
        warning = only(result, "harvest-content-type")
        assert (warning.source, warning.severity) == (url, Severity.WARNING), name
        assert result.ok

    html = server.add(
        f"{prefix}/html", Route(b"<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html")
    )
    result = harvest_source(source(html), out / "html", BASE, T1)
    problem = only(result, "harvest-content-type")
    assert problem.severity is Severity.ERROR and "HTML" in problem.message_en and result.failed


def test_one_broken_record_does_not_stop_the_others(server: LocalServer, out: Path, prefix: str) -> None:
    extra = """
<https://source.example.org/catalog> dcat:dataset "a literal, not a dataset" .
<https://source.example.org/dataset/bad> a dcat:Dataset ; dct:identifier "bad" ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://source.example.org/has space.csv> ] .
"""
    url = server.url(f"{prefix}/catalog")
    server.add(f"{prefix}/catalog", Route(turtle_page(url, [1, 2], None, extra=extra).encode()))
    result = harvest_source(source(url), out, BASE, T1)
    broken = sorted(p.source for p in result.problems if p.rule == "harvest-record-broken")
    assert broken == sorted([url, "https://source.example.org/dataset/bad"])
    assert originals(out) == {dataset_iri(1), dataset_iri(2)} and result.written == 2


def test_blank_node_datasets_and_rdf_1_2_terms(server: LocalServer, out: Path, prefix: str) -> None:
    extra = """
[] a dcat:Dataset ; dct:identifier "anonymous-1" ; dct:title "Sans IRI"@fr .
[] a dcat:Dataset ; dct:title "Sans IRI ni identifiant"@fr .
<https://source.example.org/dataset/new> a dcat:Dataset ; dct:identifier "new" ;
    dct:title "Titre"@fr--ltr ; dct:relation << <https://x.org/a> <https://x.org/b> <https://x.org/c> >> .
"""
    url = server.url(f"{prefix}/catalog")
    server.add(f"{prefix}/catalog", Route(turtle_page(url, [1], None, extra=extra).encode()))
    first = harvest_source(source(url), out, BASE, T1)
    second = harvest_source(source(url), out, BASE, T2)
    assert first.local_ids == second.local_ids and second.changed == 0  # stable, even without IRI
    assert {"src--ds-1", "src--anonymous-1", "src--new"} < set(first.local_ids) and first.written == 4
    assert only(first, "harvest-no-identity").severity is Severity.WARNING
    assert only(first, "harvest-unsupported-term").source == "https://source.example.org/dataset/new"
    graph = written_graphs(out)["src--new"]  # readable by rdflib: no RDF 1.2 syntax left
    assert (URIRef(our_iri("src--new")), ns.DCTERMS.title, Literal("Titre", lang="fr")) in graph


def test_duplicate_identifiers_keep_the_first_dataset(server: LocalServer, out: Path, prefix: str) -> None:
    twin = dataset_turtle(1, "copy")  # another IRI, same dct:identifier "ds-1"
    url = server.url(f"{prefix}/catalog")
    server.add(f"{prefix}/catalog", Route(turtle_page(url, [1, 2], None, extra=twin).encode()))
    result = harvest_source(source(url), out, BASE, T1)
    problem = only(result, "harvest-duplicate")
    assert problem.source == dataset_iri(1, "copy") and problem.severity is Severity.WARNING
    assert originals(out) == {dataset_iri(1), dataset_iri(2)}


def test_only_http_and_https(server: LocalServer, out: Path, prefix: str) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/catalog.ttl"):
        with pytest.raises(ValidationError):
            source(url)
    redirect = server.add(
        f"{prefix}/redirect", Route(b"", None, status=302, headers={"Location": "file:///etc/passwd"})
    )
    result = harvest_source(source(redirect), out, BASE, T1)
    problem = only(result, "harvest-scheme")
    assert problem.source == "file:///etc/passwd" and redirect in problem.message_en


# Identity, deletions, failures across harvests


def test_stable_identity_when_the_source_changes_its_iris(
    server: LocalServer, out: Path, prefix: str
) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    first = harvest_source(source(urls[0]), out, BASE, T1)
    files = {p.name: p.read_bytes() for p in (out / "src" / "datasets").glob("*.nt")}

    again = harvest_source(source(urls[0]), out, BASE, T2)
    assert again.changed == 0  # an unchanged description keeps its file, byte for byte (and its time)
    assert {p.name: p.read_bytes() for p in (out / "src" / "datasets").glob("*.nt")} == files

    serve_catalogue(server, prefix, PAGES, scheme="id/dataset")  # new IRIs, same dct:identifier
    moved = harvest_source(source(urls[0]), out, BASE, T3)
    assert moved.local_ids == first.local_ids and (moved.written, moved.deleted) == (10, 0)
    assert sorted(p.name for p in (out / "src" / "datasets").glob("*.nt")) == sorted(files)
    assert originals(out) == {dataset_iri(n, "id/dataset") for n in range(1, 11)}
    assert moved.changed == 10


def test_deletions_at_the_source_propagate(server: LocalServer, out: Path, prefix: str) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    first = harvest_source(source(urls[0]), out, BASE, T1)
    serve_catalogue(server, prefix, [[1, 2, 3, 4], [6, 7], [8, 9, 10]])
    second = harvest_source(source(urls[0]), out, BASE, T2)
    problem = only(second, "harvest-deleted")
    assert problem.source == dataset_iri(5) and problem.severity is Severity.WARNING
    [gone] = set(first.local_ids) - set(second.local_ids)
    assert gone in problem.message_en and not (out / "src" / "datasets" / f"{gone}.nt").exists()
    assert (second.written, second.deleted, second.kept) == (9, 1, 0)
    assert {entry["local_id"] for entry in state(out)["datasets"]} == set(second.local_ids)


def test_a_source_failing_entirely_keeps_its_last_good_harvest(
    server: LocalServer, out: Path, prefix: str
) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    harvest_source(source(urls[0]), out, BASE, T1)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    server.add(urls[0].removeprefix(server.base), Route(b"", status=503))
    failed = harvest_source(source(urls[0], retries=0), out, BASE, T2)
    assert failed.failed and failed.kept == 10 and len(failed.local_ids) == 10
    assert only(failed, "harvest-http-503").source == urls[0]
    assert "2025-01-06T08:00:00Z" in only(failed, "harvest-source-failed").message_en
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    attempt = Path("src/last-attempt.json")
    assert after.pop(attempt) and after == before  # state and files untouched; the failure noted aside

    server.add(urls[0].removeprefix(server.base), Route(turtle_page(urls[0], [], None).encode()))
    empty = harvest_source(source(urls[0]), out, BASE, T3)  # valid RDF, but no dataset at all
    assert empty.failed and only(empty, "harvest-no-datasets").is_error
    assert len(written_graphs(out)) == 10

    serve_catalogue(server, prefix, PAGES)
    recovered = harvest_source(source(urls[0]), out, BASE, T3)
    assert recovered.ok and not (out / attempt).exists()


def test_unreachable_server(out: Path) -> None:
    from conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/catalog.ttl"
    result = harvest_source(source(url, timeout_s=2), out, BASE, T1)
    assert only(result, "harvest-unreachable").source == url and result.failed


# The files: the graph is the contract


def test_written_files_hold_our_iris_and_provenance(server: LocalServer, out: Path, prefix: str) -> None:
    urls = serve_catalogue(server, prefix, PAGES)
    result = harvest_source(source(urls[0]), out, BASE, T1)
    graphs = written_graphs(out)
    assert sorted(graphs) == result.local_ids and harvested_files(out) == sorted(
        (out / "src" / "datasets").glob("*.nt")
    )
    blank_labels: list[set[str]] = []
    for local_id, graph in graphs.items():
        number = int(local_id.removeprefix("src--ds-"))
        dataset, activity = URIRef(our_iri(local_id)), URIRef(our_iri(local_id) + "#harvest")
        original = URIRef(dataset_iri(number))
        assert local_id == f"src--ds-{number}"  # the identifier, verbatim: no hash needed
        assert (dataset, ns.DCTERMS.identifier, Literal(f"ds-{number}")) in graph  # kept as given
        assert (original, None, None) not in graph  # re-minted: the source's IRI is no subject
        assert (dataset, ns.PROV.wasDerivedFrom, original) in graph
        identifier = graph.value(dataset, ADMS.identifier)
        assert (identifier, RDF.type, ADMS.Identifier) in graph
        assert graph.value(identifier, ns.SKOS.notation) == Literal(str(original), datatype=ns.XSD.anyURI)
        assert (dataset, ns.PROV.wasGeneratedBy, activity) in graph
        assert set(graph.objects(activity, RDF.type)) == {ns.PROV.Activity, HDC.Harvest}
        assert graph.value(activity, ns.PROV.used) == URIRef(urls[0])
        assert graph.value(activity, ns.PROV.endedAtTime) == Literal(
            "2025-01-06T08:00:00Z", datatype=ns.XSD.dateTime
        )
        # The description came along: distribution, shared publisher, blank contact point and period.
        assert graph.value(graph.value(dataset, DCAT.distribution), DCAT.accessURL) is not None
        assert graph.value(
            graph.value(dataset, ns.DCTERMS.publisher), URIRef("http://xmlns.com/foaf/0.1/name")
        )
        assert graph.value(
            graph.value(dataset, DCAT.contactPoint), URIRef("http://www.w3.org/2006/vcard/ns#fn")
        )
        assert graph.value(graph.value(dataset, ns.DCTERMS.temporal), DCAT.startDate)
        text = (out / "src" / "datasets" / f"{local_id}.nt").read_text(encoding="utf-8")
        blank_labels.append(set(re.findall(r"_:\w+", text)))
        assert "hydra" not in text and "https://source.example.org/catalog" not in text
    # Blank node labels differ from file to file: the files can be concatenated as text.
    assert sum(map(len, blank_labels)) == len(set().union(*blank_labels)) == 20


def test_provenance_adds_no_dcat_ap_violation(server: LocalServer, out: Path, prefix: str) -> None:
    from official_shapes import dcat_ap_shapes, violations

    urls = serve_catalogue(server, prefix, [[1]])
    harvest_source(source(urls[0]), out, BASE, T1)
    [graph] = written_graphs(out).values()
    ours = (
        "#harvest",
        "#source-identifier",
        str(ADMS.identifier),
        str(ns.PROV.wasGeneratedBy),
        str(ns.SKOS.notation),
    )
    assert [line for line in violations(graph, dcat_ap_shapes()) if any(term in line for term in ours)] == []


def test_local_ids() -> None:
    assert mint_local_id("src", "ds-1", from_iri=False) == "src--ds-1"
    assert re.fullmatch(
        r"src--bee-population-[0-9a-f]{10}", mint_local_id("src", "Bee Population", from_iri=False)
    )
    from_iri = mint_local_id("src", "https://data.gov.gr/id/dataset/BeePopulation2022", from_iri=True)
    assert re.fullmatch(r"src--beepopulation2022-[0-9a-f]{10}", from_iri)
    assert mint_local_id("src", "A", from_iri=False) != mint_local_id("src", "a", from_iri=False)
    long = mint_local_id("src", "x" * 500, from_iri=False)
    assert LOCAL_ID.match(long) and len(long) == MAX_LOCAL_ID
    assert LOCAL_ID.match(mint_local_id("src", "…", from_iri=False))


# The command line


def test_sources_from_the_command_line() -> None:
    assert source_from_url("https://data.gov.gr/").id == "data-gov-gr"
    assert re.fullmatch(r"data-gov-gr-[0-9a-f]{6}", source_from_url("https://data.gov.gr/catalog.ttl").id)
    assert source_from_url("http://127.0.0.1:8080/").id == "127-0-0-1-8080"
    configured = HarvestSource(id="greece", url="https://data.gov.gr/catalog.ttl")
    assert sources_for_urls(["https://data.gov.gr/catalog.ttl"], [configured]) == [configured]
    with pytest.raises(ValueError, match="not an http"):
        source_from_url("ftp://data.gov.gr/")


def test_harvest_command(
    server: LocalServer, out: Path, prefix: str, capsys: pytest.CaptureFixture[str], config: Config
) -> None:
    config = config.model_copy(update={"base_iri": BASE, "build_dir": out / "build"})
    urls = serve_catalogue(server, prefix, PAGES)
    broken = server.add(f"{prefix}/broken", Route(b"", status=404))
    captured = io.StringIO()
    console = Console(file=captured, width=200)
    good = HarvestSource(id="good", url=urls[0], private=True)
    assert harvest_sources([good], out, config, console=console) == 0
    capsys.readouterr()  # its warnings: our producers' rules the records do not follow
    bad = HarvestSource(id="bad", url=broken, private=True)
    assert harvest_sources([good, bad], out, config, console=console, output_format="json") == 1
    reported = json.loads(capsys.readouterr().out)
    assert [p["rule"] for p in reported if p["severity"] == "error"] == ["harvest-http-404"]
    # Not a terminal: one whole line per source, nothing cut.
    lines = captured.getvalue().splitlines()
    good_line = [line for line in lines if line.startswith("source=good ")][-1]
    count = sum(len(page) for page in PAGES)
    assert f"fetched={count}" in good_line and f"published={count}" in good_line, good_line
    [bad_line] = [line for line in lines if line.startswith("source=bad ")]
    assert "outcome=failed, last good harvest kept" in bad_line and "published=0" in bad_line

    # One page with problems both with a line (the syntax error) and without (the source failed).
    invalid = HarvestSource(
        id="invalid", url=server.url(f"/examples/{sorted(INVALID_EXAMPLES)[0]}"), private=True
    )
    for output_format, expected in (
        ("text", "harvest-rdf-syntax"),
        ("json", "harvest-rdf-syntax"),
        ("markdown", "Invalid Turtle"),
    ):
        assert harvest_sources([invalid], out, config, console=console, output_format=output_format) == 1
        assert expected in capsys.readouterr().out


# Safe fetching: nothing is read from a non-public address unless the source says it may be private


@pytest.fixture(scope="module")
def internal() -> Iterator[LocalServer]:
    """Another loopback address, standing for a machine of our own network: it must see no request."""
    with LocalServer("127.0.0.2") as running:
        running.add("/secret.ttl", Route((PREFIXES + dataset_turtle(99)).encode()))
        running.add("/context.jsonld", Route(b'{"@context": {"t": "http://purl.org/dc/terms/title"}}'))
        yield running


def test_a_loopback_source_is_refused_unless_it_may_be_private(
    server: LocalServer, out: Path, prefix: str
) -> None:
    url = server.add(f"{prefix}/catalog.ttl", Route(turtle_page(server.url("/"), [1], None).encode()))
    refused = harvest_source(HarvestSource(id="src", url=url), out, BASE, T1)
    problem = only(refused, "harvest-private-address")
    assert problem.source == url and "127.0.0.1" in problem.message_en and refused.failed
    assert server.hits[f"{prefix}/catalog.ttl"] == 0
    for name in ("localhost", "[::1]"):  # a name, or IPv6, that leads to loopback is refused the same way
        other = url.replace("127.0.0.1", name)
        assert only(
            harvest_source(HarvestSource(id="src", url=other), out, BASE, T1), "harvest-private-address"
        )
    assert server.hits[f"{prefix}/catalog.ttl"] == 0
    assert harvest_source(source(url), out, BASE, T1).written == 1  # declared: read


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/catalog.ttl", "internal"]
)
def test_a_redirect_to_a_non_public_address_is_refused(
    server: LocalServer, internal: LocalServer, out: Path, prefix: str, target: str
) -> None:
    location = internal.url("/secret.ttl") if target == "internal" else target
    url = server.add(f"{prefix}/moved", Route(b"", None, status=302, headers={"Location": location}))
    # The source may be on 127.0.0.1, and on nothing else of ours.
    result = harvest_source(source(url), out, BASE, T1)
    problem = only(result, "harvest-private-address")
    assert problem.source == location and url in problem.message_en and result.failed
    assert "Redirect" in problem.message_en and "Redirection" in problem.message_fr
    assert internal.hits["/secret.ttl"] == 0 and not written_graphs(out)


def test_a_remote_context_on_a_non_public_address_is_refused(
    server: LocalServer, internal: LocalServer, out: Path, prefix: str
) -> None:
    document = {"@context": internal.url("/context.jsonld"), "@id": "https://x.org/d", "t": "Titre"}
    url = server.add(f"{prefix}/page.jsonld", Route(json.dumps(document).encode(), "application/ld+json"))
    result = harvest_source(source(url), out, BASE, T1)
    problem = only(result, "harvest-jsonld-context")
    assert "127.0.0.2" in problem.message_en and "Non-public address refused" in problem.message_en
    assert internal.hits["/context.jsonld"] == 0


def test_a_redirect_never_widens_the_hosts_later_pages_come_from(
    server: LocalServer, internal: LocalServer, out: Path, prefix: str
) -> None:
    """The first page redirects to another host (allowed here): its next page there is not followed."""
    first = internal.url(f"{prefix}/page1")
    internal.add(f"{prefix}/page1", Route(turtle_page(first, [1], internal.url(f"{prefix}/page2")).encode()))
    internal.add(f"{prefix}/page2", Route(turtle_page(first, [2], None).encode()))
    url = server.add(f"{prefix}/start", Route(b"", None, status=301, headers={"Location": first}))
    result = harvest_source(source(url, private=True), out, BASE, T1)
    assert result.written == 1 and "another host" in only(result, "harvest-paging").message_en
    assert internal.hits[f"{prefix}/page1"] == 1 and internal.hits[f"{prefix}/page2"] == 0


def test_address_policy() -> None:
    from ipaddress import ip_address, ip_network

    from harvester.remote.addresses import AddressPolicy

    public = AddressPolicy()
    refused = ["10.0.0.5", "169.254.169.254", "127.0.0.1", "::1", "::ffff:127.0.0.1", "fe80::1"]
    refused += ["224.0.0.1", "100.64.0.1", "0.0.0.0", "192.168.1.1", "fd00::1", "240.0.0.1"]
    assert [a for a in refused if public.allows(ip_address(a))] == []
    assert public.allows(ip_address("8.8.8.8")) and public.allows(ip_address("2a00:1450::1"))
    office = AddressPolicy([ip_network("10.20.0.0/16")])
    assert office.allows(ip_address("10.20.3.4")) and not office.allows(ip_address("10.21.0.1"))
    assert AddressPolicy(True).allows(ip_address("127.0.0.1"))


def test_one_harvest_of_a_source_at_a_time(server: LocalServer, out: Path, prefix: str) -> None:
    from harvester.remote.store import SourceFolder

    url = server.add(f"{prefix}/catalog.ttl", Route(turtle_page(server.url("/"), [1], None).encode()))
    with SourceFolder(out / "src").locked() as mine:
        assert mine
        busy = harvest_source(source(url), out, BASE, T1)
    assert busy.failed and "already being harvested" in only(busy, "harvest-locked").message_en
    assert server.hits[f"{prefix}/catalog.ttl"] == 0 and not (out / "src" / "state.json").exists()
    assert harvest_source(source(url), out, BASE, T1).written == 1  # released


def test_the_command_refuses_a_loopback_url_unless_told_it_may_be_private(
    server: LocalServer, tmp_path: Path, prefix: str
) -> None:
    from typer.testing import CliRunner

    from harvester.cli.app import app

    url = server.add(f"{prefix}/catalog.ttl", Route(turtle_page(server.url("/"), [1], None).encode()))
    configuration = tmp_path / "catalogue.yaml"
    configuration.write_text(
        Path("catalogue.yaml")
        .read_text("utf-8")
        .replace("\nbuild_dir: build\n", f"\nbuild_dir: {tmp_path}/build\n"),
        "utf-8",
    )
    args = ["harvest", url, "--config", str(configuration), "--format", "json"]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1
    assert next(p["rule"] for p in json.loads(refused.stdout)) == "harvest-private-address"
    assert server.hits[f"{prefix}/catalog.ttl"] == 0
    allowed = CliRunner().invoke(app, [*args, "--private"])
    assert server.hits[f"{prefix}/catalog.ttl"] == 1, allowed.output
    assert "published=1" in allowed.stderr, allowed.stderr
