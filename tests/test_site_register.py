"""The data-use register in real Chromium, on the static build of a small catalogue (the Isère cancer
registry and two uses): the register's filters (kind, status, dataset, organisation, year, kept in the
URL), a variable's row listing the projects that used it, and a selection saved as the draft YAML of a
new use, which is the Python draft's text and validates (issue 18)."""

# ruff: noqa: F811  (the fixtures imported from other test modules are the tests' parameters)
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import free_port
from support.live_server import live_server
from test_register_site import DATASET, register  # noqa: F401
from test_site import serve, watched  # noqa: F401

from harvester.model.file import CatalogueFile
from harvester.publish.site import SiteResult
from harvester.reader.graph_file import read_catalogue
from harvester.selection.joins import KeyGraph
from harvester.selection.project_draft import DraftIn, project_draft
from harvester.sources.use_rules import check_use_text
from search_api.api import create_app
from search_api.documents import documents_from_graph
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

Register = tuple[Path, SiteResult]
IRI_BASE = "https://catalogue.health-data-hub.fr"


@pytest.fixture(scope="module")
def served(register: Register, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`catalogue serve` over the small catalogue: the site under /site/, the API under /api/."""
    backend = TantivyBackend(tmp_path_factory.mktemp("register-search") / "tantivy")
    backend.replace_all(documents_from_graph(register[0] / "graph.nt"))
    feed = Feed(register[0] / "dcat" / "catalog.nt", f"{IRI_BASE}/catalogue")
    port = free_port()
    data = LinkedData(feed, IRI_BASE, f"http://127.0.0.1:{port}", site_dir=register[1].out_dir)
    with live_server(create_app(SearchService(backend), data), port) as base:
        yield base


def _visible(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "[data-hdc-register] tbody tr[data-use]",
            "rows => rows.filter(r => !r.hidden).map(r => r.dataset.use)",
        )
    )


def _choose(page: Any, facet: str, value: str, shown: int) -> None:
    page.select_option(f'select[data-hdc-register-filter="{facet}"]', value)
    page.wait_for_selector(f'[data-hdc-register][data-shown="{shown}"]')


def test_the_register_filters(register: Register, serve: Any, watched: Any) -> None:
    base = serve(register[1].out_dir)
    view = watched()
    page = view.open(f"{base}uses/")
    page.wait_for_selector('[data-hdc-register][data-shown="2"]')
    assert _visible(page) == ["pilote-stades", "survie-cancers-isere"]
    assert page.inner_text(".hdc-register-status") == "2 usages"
    _choose(page, "kind", "pilot", 1)
    assert _visible(page) == ["pilote-stades"] and "kind=pilot" in page.url
    assert page.inner_text(".hdc-register-status") == "1 usage sur 2"
    _choose(page, "status", "finished", 0)  # a finished pilot: none
    assert _visible(page) == []
    page.click(".hdc-register-reset")
    page.wait_for_selector('[data-hdc-register][data-shown="2"]')
    assert page.url.endswith("/uses/")
    _choose(page, "dataset", DATASET, 2)
    _choose(page, "organisation", "Hospices civils de Lyon", 1)
    assert _visible(page) == ["survie-cancers-isere"]
    _choose(page, "organisation", "", 2)
    _choose(page, "year", "2022", 1)
    assert _visible(page) == ["survie-cancers-isere"]
    # A filtered register is a link to share: the URL's choices come back.
    page = view.open(f"{base}uses/?status=requested&kind=project")
    page.wait_for_selector('[data-hdc-register][data-shown="0"]')
    page = view.open(f"{base}uses/?status=requested")
    page.wait_for_selector('[data-hdc-register][data-shown="1"]')
    assert _visible(page) == ["pilote-stades"]
    page.click('tr[data-use="pilote-stades"] a')
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Enrichir les stades TNM du registre"
    view.assert_clean()


def test_a_variable_lists_the_projects_that_used_it(register: Register, serve: Any, watched: Any) -> None:
    base = serve(register[1].out_dir)
    view = watched()
    page = view.open(f"{base}datasets/{DATASET}/tables/tumeur/#var-date_diagnostic")
    cell = page.locator("#var-date_diagnostic td.hdc-variable-uses a")
    assert [cell.nth(i).get_attribute("data-use") for i in range(cell.count())] == ["survie-cancers-isere"]
    assert page.locator("#var-grade td.hdc-variable-uses a").count() == 0
    assert "Utilisée par 2 projets" in page.inner_text(".hdc-used-by")
    cell.first.click()
    page.wait_for_selector(".hdc-use-dataset")
    assert page.inner_text("h1") == "Survie nette des cancers en Isère"
    used = page.locator('.hdc-use-variable[data-variable="tumeur/date_diagnostic"] a')
    assert (
        used.get_attribute("href")
        == "../../datasets/registre-cancers-isere/tables/tumeur/#var-date_diagnostic"
    )
    page = view.open(f"{base}datasets/{DATASET}/")
    assert page.locator(".hdc-used-by-list li").count() == 2
    view.assert_clean()


def test_a_selection_becomes_the_draft_of_a_new_use(register: Register, serve: Any, watched: Any) -> None:
    base = serve(register[1].out_dir)
    view = watched()
    page = view.open(f"{base}datasets/{DATASET}/tables/tumeur/")
    for variable in ("topographie", "morphologie"):
        page.click(f'button.hdc-select-variable[data-variable="{variable}"]')
    page = view.open(f"{base}datasets/{DATASET}/tables/suivi/")
    page.click('button.hdc-select[data-table="suivi"]:not([data-variable])')
    page = view.open(f"{base}selection/")
    page.wait_for_selector("[data-hdc-selection][data-rendered]")
    for selector, year in ((".hdc-years-from", "2005"), (".hdc-years-to", "2010")):
        page.fill(selector, year)
        page.dispatch_event(selector, "change")
    fields = {
        "title": "Incidence des mélanomes « cutanés »",
        "organisation": "Inserm U1018",
        "email": "equipe@inserm.fr",
        "purpose": 'Décrire l’incidence ; "guillemets" et\nretour à la ligne.',
    }
    for name, value in fields.items():
        page.fill(f'[data-hdc-project="{name}"]', value)
    page.select_option('[data-hdc-project="kind"]', "pilot")
    page.wait_for_selector('[data-hdc-selection][data-project="incidence-des-melanomes-cutanes"]')
    assert "catalogue_src/projects/incidence-des-melanomes-cutanes.yaml" in page.inner_text(
        ".hdc-project-status"
    )
    page.reload()  # the fields are kept with the selection
    page.wait_for_selector('[data-hdc-selection][data-project="incidence-des-melanomes-cutanes"]')
    with page.expect_download() as download:
        page.click(".hdc-download-project")
    assert download.value.suggested_filename == "incidence-des-melanomes-cutanes.yaml"
    text = Path(download.value.path()).read_text(encoding="utf-8")

    # The producer model reads it; the register's own rules find nothing to say.
    use = CatalogueFile.model_validate(yaml.safe_load(text)).use
    assert use is not None and use.kind.value == "pilot" and use.purpose.fr == fields["purpose"]
    assert check_use_text(text, display="draft.yaml") == []
    # The same text as the Python draft (POST /api/selection/project) for the same selection.
    catalogue = read_catalogue(register[0] / "graph.nt")
    selection = DraftIn.model_validate(
        {
            "items": [
                {"dataset": DATASET, "table": "tumeur", "variable": "topographie"},
                {"dataset": DATASET, "table": "tumeur", "variable": "morphologie"},
                {"dataset": DATASET, "table": "suivi"},
            ],
            "years": {"from": 2005, "to": 2010},
            "project": {**fields, "kind": "pilot"},
        }
    )
    today = dt.date.fromisoformat(str(use.period.start))
    expected = project_draft(catalogue, KeyGraph.of(catalogue), selection, today=today)
    assert text == expected.yaml
    view.assert_clean()


def test_search_finds_uses_and_says_how_many_use_a_variable(served: str, watched: Any) -> None:
    view = watched()
    page = view.open(f"{served}/site/search/?q=date%20diagnostic&type=variable")
    page.wait_for_function(
        "() => document.querySelector('[data-hdc-search]').dataset.shown === location.search"
    )
    item = page.locator(
        ".hdc-search-results > li", has=page.locator('a.hdc-result-link:text-is("date_diagnostic")')
    )
    assert item.locator(".hdc-result-uses").inner_text() == "Utilisé par 1 projet du registre"
    assert (
        item.locator(".hdc-result-uses a")
        .get_attribute("href")
        .endswith("tables/tumeur/#var-date_diagnostic")
    )
    page = view.open(f"{served}/site/search/?q=survie&type=use")
    page.wait_for_function(
        "() => document.querySelector('[data-hdc-search]').dataset.shown === location.search"
    )
    links = page.locator(".hdc-search-results > li a.hdc-result-link")
    assert [links.nth(i).inner_text() for i in range(links.count())] == ["survie-cancers-isere"]
    assert page.locator(".hdc-search-results > li .hdc-chip").first.inner_text() == "usage"
    assert (
        page.locator('[data-hdc-facet="type"] label[data-value="use"] .hdc-facet-count').inner_text() == "1"
    )
    links.first.click()
    page.wait_for_selector(".hdc-use-dataset")
    assert page.inner_text("h1") == "Survie nette des cancers en Isère"
    view.assert_clean()
