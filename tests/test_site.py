"""The static documentation site (issue 6): built from the demo graph (3 datasets + the SNDS), checked
with a link checker, JSON-LD checks, and headless Chromium (Playwright) on a local static server.

Chromium is the Debian package (`apt-get install -y chromium`); tests skip when it is missing.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpx
import pyoxigraph as ox
import pytest
import typer
import yaml
from conftest import free_port
from support.live_server import live_server
from typer.testing import CliRunner

from harvester.cli.site import site_command
from harvester.config import Config
from harvester.core import resources
from harvester.pipeline.build import BuildResult, build
from harvester.publish.pages import environment, write_page
from harvester.publish.site import SiteResult, build_site
from harvester.publish.site_pages import all_pages
from harvester.reader.views import Agent, Catalogue, Dataset, Distribution, Term
from search_api.api import create_app
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "build" / "screenshots"
SCHEMA_ORG_FIELDS = (
    "name",
    "description",
    "variableMeasured",
    "includedInDataCatalog",
    "license",
    "creator",
    "temporalCoverage",
    "spatialCoverage",
    "isAccessibleForFree",
)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def demo_site(demo_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    return build_site(demo_build[1], tmp_path_factory.mktemp("demo-site") / "site")


@pytest.fixture(scope="session")
def hostile_site(config: Config, tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """A copy of a demo dataset whose texts carry script, event-handler and javascript: payloads."""
    src = tmp_path_factory.mktemp("hostile-src")
    shutil.copytree(ROOT / "catalogue_src" / "codelists", src / "codelists")
    shutil.copytree(ROOT / "catalogue_src" / "registre-cancers-isere", src / "registre")
    payloads = yaml.safe_load((Path(__file__).parent / "site_fixtures" / "payloads.yaml").read_text())
    path = src / "registre" / "dataset.yaml"
    document = yaml.safe_load(path.read_text())
    dataset = document["dataset"]
    dataset["title"]["fr"] = payloads["title"]
    dataset["description"] = {"fr": payloads["description"], "en": payloads["description"]}
    table = dataset["tables"][0]
    table["description"] = {"fr": payloads["description"]}
    table["variables"][0]["label"] = {"fr": payloads["label"]}
    table["variables"][0]["description"] = {"fr": payloads["description"]}
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    out = tmp_path_factory.mktemp("hostile-build")
    result = build(config, [src], out)
    assert "registre-cancers-isere" in (out / "graph.nt").read_text(encoding="utf-8"), result
    return build_site(out, out / "site")


class _Handler(SimpleHTTPRequestHandler):
    api_payload: dict[str, Any] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        """With a payload, this server plays `catalogue serve`: it says an API answers, and answers it."""
        answers = {"/catalogue-api.json": {"search": "/api/search"}, "/api/search": self.api_payload}
        answer = next((body for path, body in answers.items() if self.path.startswith(path)), None)
        if answer is not None and self.api_payload is not None:
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(directory: Path, api_payload: dict[str, Any] | None = None) -> str:
        handler = type("Handler", (_Handler,), {"api_payload": api_payload})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Watched:
    """A page with its console errors, page errors, failed and external requests recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="networkidle")
        return self.page

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    def _failed(self, request: Any) -> None:
        # A request the page's own navigation cancelled (a reload while the favicon loads) is not a
        # broken resource (a missing one is a 404, which Chromium reports as a console error).
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} ({request.failure})")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.external == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Any]:
    pages: list[Watched] = []

    def new() -> Watched:
        pages.append(Watched(browser))
        return pages[-1]

    yield new
    for page in pages:
        page.close()


# ---------------------------------------------------------------- HTML helpers


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")
        if tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


@functools.lru_cache(maxsize=4096)
def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file an internal link points at, and its fragment; None for external links."""
    page_url = "/" + page.relative_to(site).as_posix()
    absolute = urljoin(page_url, link)
    parts = urlsplit(absolute)
    if parts.scheme or parts.netloc:
        return None
    path = site / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def _largest_codelist(site: Path) -> tuple[Path, list[list[str]]]:
    """The code list with the most codes: its folder and its rows."""
    folder = max(
        site.glob("codelists/*/codes.json"), key=lambda p: p.read_text(encoding="utf-8").count('"],["')
    ).parent
    return folder, json.loads((folder / "codes.json").read_text(encoding="utf-8"))["rows"]


def _largest_table(site: Path) -> Path:
    pages = list(site.glob("datasets/*/tables/*/index.html"))
    return max(pages, key=lambda p: p.read_text(encoding="utf-8").count('<tr id="var-'))


# ---------------------------------------------------------------- build and files


def test_demo_site_builds_completely(demo_site: SiteResult, demo_store: ox.Store) -> None:
    site = demo_site.out_dir
    assert demo_site.problems == []
    datasets = {p.parent.name for p in site.glob("datasets/*/index.html")}
    tables = list(site.glob("datasets/*/tables/*/index.html"))
    codelists = list(site.glob("codelists/*/index.html"))
    assert {"snds-dcir", "snds-pmsi-mco", "cohorte-constances", "entrepot-aphp"} <= datasets
    assert len(datasets) == _count(demo_store, DATASETS)
    assert len(tables) == _count(demo_store, "?x a csvw:Table")
    assert len(codelists) == _count(demo_store, CODE_LISTS)
    for page in codelists:
        assert (page.parent / "codes.json").is_file() and (page.parent / "codes.csv").is_file()
    assert demo_site.pages == len(_pages(site)) - 1  # every page but mkdocs' 404.html
    for required in ("index.html", "guide/index.html", "search/index.html", "assets/search-index.json"):
        assert (site / required).is_file(), required


PREFIXES = """PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
DATASETS = "?x a dcat:Dataset FILTER NOT EXISTS { ?x dcat:inSeries ?series }"
CODE_LISTS = "?x a skos:ConceptScheme FILTER(CONTAINS(STR(?x), '/codelist/'))"


def _count(store: ox.Store, pattern: str) -> int:
    """How many nodes of the built graph match: what the site must show, counted independently."""
    query = f"{PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
    return int(next(iter(store.query(query)))["n"].value)


def test_code_lists_are_data_not_html(demo_site: SiteResult, demo_store: ox.Store) -> None:
    site = demo_site.out_dir
    biggest, rows = _largest_codelist(site)
    query = f"SELECT (MAX(?n) AS ?n) WHERE {{ ?x hdc:codeCount ?n . {CODE_LISTS} }}"
    assert len(rows) == int(next(iter(demo_store.query(PREFIXES + query)))["n"].value)
    html = (biggest / "index.html").read_text(encoding="utf-8")
    assert len(html) < 200_000
    assert html.count("<tr") < 1000
    assert (biggest / "codes.csv").read_text(encoding="utf-8").count("\n") == len(rows) + 1


def test_dataset_rdf_downloads_parse(demo_site: SiteResult) -> None:
    page = demo_site.out_dir / "datasets" / "snds-dcir"
    iri = ox.NamedNode("https://catalogue.health-data-hub.fr/dataset/snds-dcir")
    for name, rdf_format in (("dataset.ttl", ox.RdfFormat.TURTLE), ("dataset.jsonld", ox.RdfFormat.JSON_LD)):
        triples = list(ox.parse(path=str(page / name), format=rdf_format))
        assert any(t.subject == iri for t in triples), name
        assert len(triples) > 1000
    head = (page / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert '<link rel="alternate" type="text/turtle" href="dataset.ttl"' in head
    assert '<link rel="alternate" type="application/ld+json" href="dataset.jsonld"' in head


def test_schema_org_jsonld_in_every_dataset_page(demo_site: SiteResult, demo_store: ox.Store) -> None:
    pages = sorted(demo_site.out_dir.glob("datasets/*/index.html"))
    assert len(pages) == _count(demo_store, DATASETS)
    for page in pages:
        blocks = [t for a, t in _parse(page).scripts if a.get("type") == "application/ld+json"]
        assert len(blocks) == 1, page
        data = json.loads(blocks[0])
        assert data["@type"] == "Dataset" and data["@context"].startswith("https://schema.org")
        missing = [f for f in SCHEMA_ORG_FIELDS if f not in data or data[f] in ("", [], None)]
        assert missing == [], (page, missing)
        assert data["includedInDataCatalog"]["@type"] == "DataCatalog"
        assert data["creator"]["name"]
        assert isinstance(data["isAccessibleForFree"], bool)
    dcir = json.loads(
        next(
            t for a, t in _parse(demo_site.out_dir / "datasets/snds-dcir/index.html").scripts if a.get("type")
        )
    )
    assert len(dcir["variableMeasured"]) > 100


def test_every_internal_link_resolves(demo_site: SiteResult) -> None:
    site = demo_site.out_dir
    broken: list[str] = []
    checked = 0
    for page in _pages(site):
        if page.name == "404.html":
            continue
        for link in _parse(page).links:
            target = _target(site, page, link)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
            elif fragment and path.suffix == ".html" and fragment not in _parse(path).ids:
                broken.append(f"{page.relative_to(site)} → {link} (no #{fragment})")
    assert checked > 10_000
    assert broken == []


def test_no_external_resources(demo_site: SiteResult) -> None:
    """Offline: no CDN script, stylesheet or font in any page (links to producers' sites are fine)."""
    for page in [demo_site.out_dir / "index.html", *demo_site.out_dir.glob("datasets/*/index.html")]:
        for tag, name, value in _parse(page).attributes:
            if name == "src" or (tag == "link" and name == "href"):
                assert not (value or "").startswith(("http:", "https:", "//")), (page, tag, value)


# ---------------------------------------------------------------- in the browser


def test_pages_render_without_console_errors(demo_site: SiteResult, serve: Any, watched: Any) -> None:
    site = demo_site.out_dir
    base = serve(site)
    view = watched()
    home = view.open(base)
    assert "jeux de données" in home.inner_text(".hdc-counts")
    view.screenshot("home")

    dataset = view.open(base + "datasets/snds-dcir/")
    # mkdocs-material draws the diagram into a closed shadow root of div.mermaid (was pre.mermaid)
    dataset.wait_for_selector("div.mermaid", timeout=30_000)
    dataset.wait_for_function("document.querySelector('div.mermaid').getBoundingClientRect().height > 100")
    assert dataset.locator('a[href="dataset.ttl"]').count() == 1
    view.screenshot("dataset-snds-dcir")

    table_page = _largest_table(site)
    table = view.open(base + table_page.parent.relative_to(site).as_posix() + "/")
    rows = table.locator("#hdc-variables tbody tr")
    assert rows.count() >= 100
    table.fill("[data-hdc-filter]", rows.first.get_attribute("id").removeprefix("var-"))
    table.wait_for_timeout(400)
    assert table.locator("#hdc-variables tbody tr:not([hidden])").count() < rows.count()
    view.screenshot("table-largest")
    view.assert_clean()


def test_pages_work_under_the_servers_content_security_policy(
    demo_site: SiteResult, demo_build: tuple[BuildResult, Path], watched: Any, tmp_path: Path
) -> None:
    """Served by `catalogue serve`, pages carry a CSP naming only their own inline scripts: nothing the
    site needs may be blocked (a violation is a console error), and a script a producer's text
    could smuggle in would not run."""
    feed = Feed(demo_build[1] / "dcat" / "catalog.nt", "https://catalogue.health-data-hub.fr/catalogue")
    port = free_port()
    data = LinkedData(
        feed, "https://catalogue.health-data-hub.fr", f"http://127.0.0.1:{port}", site_dir=demo_site.out_dir
    )
    app = create_app(SearchService(TantivyBackend(tmp_path / "search")), data)
    biggest, _ = _largest_codelist(demo_site.out_dir)
    with live_server(app, port) as base:
        view = watched()
        home = view.open(f"{base}/site/")
        assert (
            "script-src 'self' 'sha256-"
            in httpx.get(f"{base}/site/", timeout=30).headers["content-security-policy"]
        )
        assert "jeux de données" in home.inner_text(".hdc-counts")
        dataset = view.open(f"{base}/site/datasets/snds-dcir/")
        dataset.wait_for_selector("div.mermaid", timeout=30_000)
        dataset.wait_for_function(
            "document.querySelector('div.mermaid').getBoundingClientRect().height > 100"
        )
        codes = view.open(f"{base}/site/{biggest.relative_to(demo_site.out_dir).as_posix()}/")
        codes.wait_for_selector("[data-hdc-codes][data-loaded]")
        view.assert_clean()


def test_big_code_list_loads_on_demand_and_is_searchable(
    demo_site: SiteResult, serve: Any, watched: Any
) -> None:
    site = demo_site.out_dir
    biggest, rows = _largest_codelist(site)
    view = watched()
    page = view.open(serve(site) + biggest.relative_to(site).as_posix() + "/")
    page.wait_for_selector("[data-hdc-codes][data-loaded]")
    assert int(page.get_attribute("[data-hdc-codes]", "data-loaded")) == len(rows) >= 50_000
    body = page.locator(".hdc-codes-body tr")
    assert body.count() == 100
    view.screenshot("codelist-largest")
    page.click(".hdc-next")
    assert page.inner_text(".hdc-page").startswith("page 2 /")
    wanted = rows[len(rows) // 2]
    page.fill(".hdc-codes-filter", wanted[0])
    page.wait_for_function(
        "code => document.querySelector('.hdc-codes-body td')?.textContent === code", arg=wanted[0]
    )
    view.assert_clean()


def test_static_search_finds_datasets_tables_and_variables(
    demo_site: SiteResult, serve: Any, watched: Any
) -> None:
    """Without the API (catalogue-api.json says so) the static index answers."""
    view = watched()
    base = serve(demo_site.out_dir)
    page = view.open(base + "search/?q=DGN_PAL")
    page.wait_for_selector(".hdc-search-results li")
    assert "index statique" in page.inner_text(".hdc-search-status")
    results = page.locator(".hdc-search-results li a")
    assert results.first.inner_text() == "DGN_PAL"
    results.first.click()
    page.wait_for_load_state("networkidle")
    assert "/tables/" in page.url and page.url.endswith("#var-DGN_PAL")
    page = view.open(base + "search/?q=pmsi mco")
    page.wait_for_selector(".hdc-search-results li")
    assert view.external == []
    view.assert_clean()  # no probe of a missing API: no 404 in the console


def test_search_uses_the_api_when_served_with_it(demo_site: SiteResult, serve: Any, watched: Any) -> None:
    payload = {
        "total": 1,
        "complete": 0,  # no result with every word: this one is the closest
        "results": [
            {
                "type": "variable",
                "id": "https://catalogue.health-data-hub.fr/dataset/snds-dcir/table/ER_PRS_F/variable/BEN_NIR_PSA",
                "dataset": "snds-dcir",
                "table": "ER_PRS_F",
                "name": "BEN_NIR_PSA",
                "label": "Identifiant <script>bénéficiaire</script>",
                "snippet": "identifiant <b>pseudonymisé</b> <img src=x onerror=alert(1)> de l&#x27;hôpital &amp; co",
                "evidence": [{"text": "2 codes de <img src=x onerror=alert(2)> contiennent « x »"}],
            }
        ],
        "facets": {},
    }
    view = watched()
    page = view.open(serve(demo_site.out_dir, payload) + "search/?q=beneficiaire")
    page.wait_for_selector(".hdc-search-results li")
    status = page.inner_text(".hdc-search-status")
    assert "API" in status and "Aucun résultat avec tous les mots ; 1 résultat les plus proches" in status
    link = page.locator(".hdc-search-results li a").first
    assert link.get_attribute("href") == "../datasets/snds-dcir/tables/ER_PRS_F/#var-BEN_NIR_PSA"
    assert page.locator(".hdc-search-results mark").inner_text() == "pseudonymisé"
    assert page.locator(".hdc-search-results img, .hdc-search-results script").count() == 0
    # Snippets are parsed, not inserted: their entities read as characters; evidence is text.
    assert "de l'hôpital & co" in page.inner_text(".hdc-snippet")
    assert page.inner_text(".hdc-evidence") == "2 codes de <img src=x onerror=alert(2)> contiennent « x »"
    assert page.evaluate("window.__xss === undefined")
    view.assert_clean()


# ---------------------------------------------------------------- safety


def test_hostile_markdown_is_inert(hostile_site: SiteResult, serve: Any, watched: Any) -> None:
    site = hostile_site.out_dir
    dataset = site / "datasets" / "registre-cancers-isere" / "index.html"
    tables = site.glob("datasets/registre-cancers-isere/tables/*/index.html")
    table = next(p for p in tables if "lien piégé" in p.read_text(encoding="utf-8"))
    for page in (dataset, table, site / "index.html", site / "datasets" / "index.html"):
        collected = _parse(page)
        for tag, name, value in collected.attributes:
            assert not name.startswith("on"), (page, tag, name)
            assert "javascript:" not in (value or "").lower(), (page, tag, name, value)
            assert tag not in ("iframe", "svg", "img") or page != dataset or name not in ("src", "onload")
        for attributes, text in collected.scripts:
            if attributes.get("type") == "application/ld+json":  # data, and nothing in it closes the tag
                assert "<" not in text and json.loads(text)["name"].startswith("Registre <script>")
            else:
                assert "__xss" not in text, (page, attributes)
    view = watched()
    dialogs: list[str] = []
    view.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = serve(site)
    for page in (dataset, table):
        opened = view.open(base + page.parent.relative_to(site).as_posix() + "/")
        for link in opened.locator(".md-content a").all():
            if link.is_visible() and "lien" in link.inner_text():
                link.click()
        assert opened.evaluate("window.__xss === undefined")
        assert "paragraphe" in opened.inner_text(".md-content")
        assert "<script>" in opened.inner_text(".md-content")  # the title is shown as text
    view.screenshot("hostile-dataset")
    assert dialogs == []
    assert view.external == []


# ---------------------------------------------------------------- command line


def test_site_command(hostile_site: SiteResult, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("site")(site_command)
    app.command("other")(lambda: None)  # two commands: `site` stays a subcommand, as in `catalogue`
    runner = CliRunner()
    build_dir = hostile_site.out_dir.parent
    done = runner.invoke(app, ["site", "--build", str(build_dir), "--out", str(tmp_path / "site")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "site" / "datasets" / "registre-cancers-isere" / "index.html").is_file()
    missing = runner.invoke(app, ["site", "--build", str(tmp_path / "nothing")])
    assert missing.exit_code == 1


def test_outside_links_only_http(tmp_path: Path) -> None:
    """URLs from the graph (a harvested record can hold anything) become links only when http(s)."""
    hostile = "javascript:window.__xss=1"
    dataset = Dataset(
        id="x",
        iri="https://example.org/dataset/x",
        title="X",
        landing_page=hostile,
        documentation=[hostile, "https://example.org/doc"],
        publisher=Agent(name="P", url=hostile, contact_url="JavaScript:alert(1)"),
        legislation=[Term("L", "Loi", iri=hostile)],
        distributions=[
            Distribution(id="d", title="D", access_url=hostile, licence=Term("l", "Lic", iri=hostile))
        ],
    )
    env = environment(resources.site("templates"))
    bodies: dict[str, list[str]] = {}
    for page in all_pages(Catalogue(title="C", datasets=[dataset])):
        write_page(env, tmp_path, page, bodies)
    body = "".join(bodies["datasets/x/index.md"])
    assert 'href="javascript' not in body.lower()
    assert '<a href="https://example.org/doc" rel="noopener">' in body
    assert "javascript:window.__xss=1" in body  # shown, as text


def test_dataset_pages_show_the_quality_score(demo_site: SiteResult) -> None:
    page = (demo_site.out_dir / "datasets" / "snds-dcir" / "index.html").read_text("utf-8")
    assert "Qualité des métadonnées" in page
    assert re.search(r"<strong>\d{1,3}/100</strong>", page)


def test_a_rebuild_reuses_the_parsed_codes_and_gives_the_same_files(
    demo_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    first = build_site(demo_build[1], tmp_path / "first")
    cache = demo_build[1] / "cache" / "site"
    assert list(cache.glob("codes-*.pickle")) and list(cache.glob("code-files-*"))
    second = build_site(demo_build[1], tmp_path / "second")
    assert first.pages == second.pages
    for name in ("IR_GEO_V", "sexe"):
        for kind in ("codes.json", "codes.csv"):
            assert (first.out_dir / "codelists" / name / kind).read_bytes() == (
                second.out_dir / "codelists" / name / kind
            ).read_bytes()
