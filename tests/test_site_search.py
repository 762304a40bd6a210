"""The site's search page and header box, served with the real API over an index of the whole demo
(`catalogue serve`: the site under /site/, the API under /api/), and their static fallback.

Facets and filters (type, dataset, years), paging with the state in the URL, code hits with their
list and the variables using it (opening the list at the code), the API's evidence, snippets rendered
as text, suggestions while typing. Chromium is the Debian package; the tests skip without it.
"""

# ruff: noqa: F811  (the fixtures imported from test_site are the tests' parameters)
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from conftest import free_port
from support.live_server import live_server

# The site fixtures of the site tests (`browser` is conftest's: one Playwright driver per process).
from test_site import demo_site, serve, watched  # noqa: F401

from harvester.pipeline.build import BuildResult
from harvester.publish.site import SiteResult
from search_api.api import create_app
from search_api.documents import documents_from_graph
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

IRI_BASE = "https://catalogue.health-data-hub.fr"
VISIBLE_ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;", "<b>", "</")


@pytest.fixture(scope="module")
def served(
    demo_site: SiteResult,
    demo_build: tuple[BuildResult, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """`catalogue serve` over the demo: every dataset, table, variable and code indexed (~420k)."""
    backend = TantivyBackend(tmp_path_factory.mktemp("site-search") / "tantivy")
    backend.replace_all(documents_from_graph(demo_build[1] / "graph.nt"))
    feed = Feed(demo_build[1] / "dcat" / "catalog.nt", f"{IRI_BASE}/catalogue")
    port = free_port()
    data = LinkedData(feed, IRI_BASE, f"http://127.0.0.1:{port}", site_dir=demo_site.out_dir)
    with live_server(create_app(SearchService(backend), data), port) as base:
        yield base


# ---------------------------------------------------------------- helpers


def _api(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{base}/api/{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def _settled(page: Any, /, **expected: str) -> None:
    """Wait until the results shown answer the page's URL, and the URL holds `expected`."""
    page.wait_for_function(
        """expected => {
            const box = document.querySelector('[data-hdc-search]');
            if (!box || box.dataset.shown !== location.search) return false;
            const params = new URLSearchParams(location.search);
            return Object.entries(expected).every(([key, value]) => params.getAll(key).includes(value));
        }""",
        arg=expected,
        polling=100,
    )


def _results(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll('.hdc-search-results > li')).map(li => ({
                type: li.querySelector('.hdc-chip').textContent,
                name: li.querySelector('a.hdc-result-link').textContent,
                href: li.querySelector('a.hdc-result-link').getAttribute('href'),
                context: (li.querySelector('.hdc-context') || {}).textContent || '',
                list: (li.querySelector('a.hdc-code-list') || {}).textContent || '',
                users: Array.from(li.querySelectorAll('a.hdc-code-user')).map(a => a.getAttribute('href')),
                evidence: Array.from(li.querySelectorAll('.hdc-evidence')).map(e => e.textContent),
                text: li.innerText,
            }))"""
        )
    )


def _counts(page: Any, facet: str) -> dict[str, int]:
    counts = page.evaluate(
        """facet => Object.fromEntries(Array.from(
            document.querySelectorAll(`[data-hdc-facet=${facet}] .hdc-facet-option`)
        ).map(o => [o.dataset.value, o.querySelector('.hdc-facet-count').textContent]))""",
        facet,
    )
    return {value: int(count) for value, count in counts.items()}


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _search(view: Any, base: str, query: str) -> Any:
    page = view.open(f"{base}/site/search/?q={query}")
    _settled(page)
    return page


# ---------------------------------------------------------------- with the API


def test_type_and_dataset_filters_narrow_the_results_with_the_apis_counts(served: str, watched: Any) -> None:
    view = watched()
    page = _search(view, served, "diabète")
    assert "(API)" in page.inner_text(".hdc-search-status")
    answer = _api(served, "search", q="diabète", size=20)
    types = _counts(page, "type")
    assert {t: n for t, n in types.items() if n} == {t: n for t, n in answer["facets"]["type"].items() if n}
    assert (
        set(types) == {"dataset", "table", "variable", "code", "use"}
        and 0 < types["variable"] < answer["total"]
    )
    assert page.inner_text(".hdc-search-status").startswith(f"{answer['total']} résultat")
    before = _counts(page, "dataset")

    page.check("[data-hdc-facet=type] input[value=variable]")
    _settled(page, type="variable")
    results = _results(page)
    assert results and {r["type"] for r in results} == {"variable"}
    assert page.inner_text(".hdc-search-status").startswith(f"{types['variable']} résultat")
    assert _counts(page, "type") == types  # the other types stay offered, with their counts
    narrowed = _counts(page, "dataset")
    assert narrowed != before  # counted among the variables only
    assert {d: n for d, n in narrowed.items() if n} == _api(
        served, "search", q="diabète", type="variable", size=1
    )["facets"]["dataset"]

    page = _search(view, served, "séjour")
    datasets = _counts(page, "dataset")
    assert len(datasets) > 2
    chosen = sorted(datasets, key=lambda d: (-datasets[d], d))[1]
    page.check(f"[data-hdc-facet=dataset] input[value='{chosen}']")
    _settled(page, dataset=chosen)
    results = _results(page)
    assert results and all(r["context"].split(" › ")[0] == chosen or r["name"] == chosen for r in results)
    total = _api(served, "search", q="séjour", dataset=chosen, size=1)["total"]
    assert total == datasets[chosen]
    assert page.inner_text(".hdc-search-status").startswith(f"{total} résultat")
    assert _counts(page, "dataset") == datasets  # the other datasets stay offered
    page.click(".hdc-facets-reset")
    _settled(page)
    assert "dataset" not in _params(page.url)
    view.assert_clean()


def test_pages_next_and_back_with_the_state_in_the_url(served: str, watched: Any) -> None:
    view = watched()
    page = _search(view, served, "séjour")
    page.check("[data-hdc-facet=type] input[value=variable]")
    _settled(page, type="variable")
    first = _results(page)
    assert len(first) == 20
    total = _api(served, "search", q="séjour", type="variable", size=1)["total"]
    pages = -(-total // 20)
    assert pages > 2
    assert page.inner_text(".hdc-search-pager .hdc-page") == f"page 1 / {pages}"
    assert page.is_disabled(".hdc-search-pager .hdc-prev")

    page.click(".hdc-search-pager .hdc-next")
    _settled(page, page="2", type="variable")
    second = _results(page)
    assert len(second) == 20 and {r["href"] for r in second}.isdisjoint({r["href"] for r in first})
    assert f"page 2 / {pages}" in page.inner_text(".hdc-search-status")
    assert page.inner_text(".hdc-search-pager .hdc-page") == f"page 2 / {pages}"
    assert _params(page.url) == {"q": ["séjour"], "type": ["variable"], "page": ["2"]}
    assert page.get_attribute(".hdc-search-results", "start") == "21"

    page.reload(wait_until="networkidle")  # a reload (or the link, shared) gives the same page
    _settled(page, page="2", type="variable")
    assert _results(page) == second
    assert page.input_value(".hdc-search-input") == "séjour"
    assert page.is_checked("[data-hdc-facet=type] input[value=variable]")

    page.click(".hdc-search-pager .hdc-prev")
    _settled(page, type="variable")
    assert "page" not in _params(page.url) and _results(page) == first
    page.click(".hdc-search-pager .hdc-next")
    _settled(page, page="2")
    page.uncheck("[data-hdc-facet=type] input[value=variable]")  # a filter changed: back to page 1
    _settled(page)
    assert _params(page.url) == {"q": ["séjour"]}
    view.assert_clean()


def test_year_range_goes_to_the_api_and_stays_in_the_url(served: str, watched: Any) -> None:
    view = watched()
    page = _search(view, served, "séjour")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/search" in r.url else None)
    page.fill(".hdc-year-from", "2015")
    page.fill(".hdc-year-to", "2012")  # the wrong way round: taken as 2012–2015
    page.press(".hdc-year-to", "Tab")
    _settled(page, year_from="2012", year_to="2015")
    assert any(
        _params(url).get("year_from") == ["2012"] and _params(url).get("year_to") == ["2015"] for url in asked
    )
    assert _results(page)
    page.reload(wait_until="networkidle")
    _settled(page, year_from="2012", year_to="2015")
    assert (page.input_value(".hdc-year-from"), page.input_value(".hdc-year-to")) == ("2012", "2015")
    view.assert_clean()


def test_code_hits_tell_their_lists_apart_and_open_the_list_at_the_code(served: str, watched: Any) -> None:
    view = watched()
    page = _search(view, served, "E11")
    codes = [r for r in _results(page) if r["type"] == "code" and r["name"] == "E11"]
    answer = [r for r in _api(served, "search", q="E11", size=20)["results"] if r["type"] == "code"]
    assert len(codes) == len(answer) >= 2
    assert [c["list"] for c in codes] == [r["code_list"] for r in answer]
    assert len({c["list"] for c in codes}) == len(codes)  # the same code, told apart by its list
    used = next(c for c, r in zip(codes, answer, strict=True) if r["used_by"])
    uses = next(r["used_by"] for r in answer if r["used_by"])
    assert 1 <= len(used["users"]) <= 3
    first_use = uses[0]
    assert used["users"][0] == (
        f"../datasets/{first_use['dataset']}/tables/{first_use['table']}/#var-{first_use['variable']}"
    )
    assert used["href"] == f"../codelists/{used['list']}/?code=E11"

    page.click(f".hdc-search-results a.hdc-result-link[href='{used['href']}']")
    page.wait_for_selector("[data-hdc-codes][data-loaded]")
    assert urlsplit(page.url).path == f"/site/codelists/{used['list']}/" and _params(page.url) == {
        "code": ["E11"]
    }
    assert page.input_value(".hdc-codes-filter") == "E11"
    first = page.locator(".hdc-codes-body tr").first
    assert first.locator("td").first.inner_text() == "E11"
    assert "hdc-code-target" in (first.get_attribute("class") or "")
    assert page.locator(".hdc-codes-body tr.hdc-code-target").count() == 1
    assert first.evaluate(
        "row => { const r = row.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"
    )

    table = view.open(f"{served}/site/search/?q=E11")
    _settled(table)
    table.click(f".hdc-search-results a.hdc-code-user[href='{used['users'][0]}']")
    table.wait_for_load_state("networkidle")
    assert table.url.endswith(f"#var-{first_use['variable']}")
    assert table.locator(f"#var-{first_use['variable']}").count() == 1
    view.assert_clean()


def test_snippets_show_text_never_markup_or_entities(served: str, watched: Any) -> None:
    view = watched()
    escaped_in_api = marked = 0
    for query in ("hôpital", "l'hôpital", "établissement", "séjour", "diabète", "bénéficiaire"):
        answer = _api(served, "search", q=query, size=20)
        escaped_in_api += sum("&#x27;" in r["snippet"] or "&amp;" in r["snippet"] for r in answer["results"])
        page = view.open(f"{served}/site/search/?{httpx.QueryParams(q=query)}")
        _settled(page)
        text = page.inner_text(".hdc-search-results")
        assert text.strip(), query
        for escape in VISIBLE_ESCAPES:
            assert escape not in text, (query, escape)
        marked += page.locator(".hdc-search-results mark").count()
        # Only text and <mark> come from a snippet: no element the API wrote is carried over.
        carried = ".hdc-snippet *:not(mark), .hdc-label *:not(mark), .hdc-search-results b"
        assert page.locator(carried).count() == 0, query
        for result, shown in zip(answer["results"], _results(page), strict=True):
            if "&#x27;" in result["snippet"]:
                assert "'" in shown["text"], (query, result["name"])
    assert escaped_in_api > 0  # the API does escape: the test would see an entity shown as such
    assert marked > 0  # and the matched words are highlighted
    view.assert_clean()


def test_evidence_is_shown_under_its_hit(served: str, watched: Any) -> None:
    answer = _api(served, "search", q="audioprothèse", size=20)
    given = [[e["text"] for e in r.get("evidence") or []] for r in answer["results"]]
    if not any(given):
        pytest.skip("this API gives no evidence yet")
    view = watched()
    page = _search(view, served, "audioprothèse")
    assert [r["evidence"] for r in _results(page)] == given
    view.assert_clean()


def test_header_box_suggests_and_opens_the_choice(served: str, watched: Any) -> None:
    view = watched()
    page = view.open(f"{served}/site/datasets/")
    box = page.locator(".hdc-header-search input")
    box.click()
    box.press_sequentially("diagn")
    page.wait_for_selector(".hdc-header-search [role=listbox] [role=option]")
    listbox = page.locator(".hdc-header-search [role=listbox]")
    options = listbox.locator("[role=option]")
    suggested = _api(served, "suggest", q="diagn", limit=8)
    assert options.count() == len(suggested) > 0
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    for option, item in zip(options.all(), suggested, strict=True):
        assert option.locator(".hdc-suggest-name").inner_text() == item["name"]
        assert option.locator(".hdc-chip").inner_text()
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    target = second.get_attribute("data-url")
    assert target and suggested[1]["table"] in target
    box.press("Enter")
    page.wait_for_url(target)
    page.wait_for_load_state("networkidle")

    box = page.locator(".hdc-header-search input")
    box.click()
    box.press_sequentially("diagn")
    page.wait_for_selector(".hdc-header-search [role=option]")
    box.press("Escape")
    assert page.locator(".hdc-header-search [role=listbox]").is_hidden()
    box.press("Enter")  # no choice: the form goes to the search page
    page.wait_for_url("**/site/search/?q=diagn")
    _settled(page, q="diagn")
    assert _results(page)
    view.assert_clean()


# ---------------------------------------------------------------- without the API


def test_static_search_filters_pages_and_suggests(demo_site: SiteResult, serve: Any, watched: Any) -> None:
    view = watched()
    base = serve(demo_site.out_dir)
    page = view.open(base + "search/?q=diagnostic")
    _settled(page)
    assert "index statique" in page.inner_text(".hdc-search-status")
    assert page.locator(".hdc-facet-years").is_hidden()  # the static index knows no years
    types = _counts(page, "type")
    assert types["variable"] > 20 and types["table"] > 0
    page.check("[data-hdc-facet=type] input[value=variable]")
    _settled(page, type="variable")
    assert {r["type"] for r in _results(page)} == {"variable"}
    assert page.inner_text(".hdc-search-status").startswith(f"{types['variable']} résultat")
    datasets = _counts(page, "dataset")
    chosen = max(datasets, key=lambda d: datasets[d])
    page.check(f"[data-hdc-facet=dataset] input[value='{chosen}']")
    _settled(page, type="variable", dataset=chosen)
    assert all(r["context"].startswith(chosen + " ›") for r in _results(page))
    if datasets[chosen] > 20:
        first = _results(page)
        page.click(".hdc-search-pager .hdc-next")
        _settled(page, page="2")
        assert {r["href"] for r in _results(page)}.isdisjoint({r["href"] for r in first})

    box = page.locator(".hdc-header-search input")
    box.click()
    box.press_sequentially("DGN_P")
    page.wait_for_selector(".hdc-header-search [role=option]")
    names = page.locator(".hdc-header-search .hdc-suggest-name").all_inner_texts()
    assert names and all(n.upper().startswith("DGN_P") for n in names) and "DGN_PAL" in names
    for _ in range(names.index("DGN_PAL") + 1):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/tables/**#var-DGN_PAL")
    view.assert_clean()
