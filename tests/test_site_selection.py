"""Issue 17 in real Chromium, on the static build (no API): six variables of PMSI MCO, DCIR and the causes
of death selected from their tables' dictionaries; the selection page shows the years in common, the
join paths through the beneficiaries with the graph's columns, the identifiers, the access steps; the
CSV and JSON downloads hold exactly those rows (and the JSON is the API's report); the selection
survives a reload; the printable page renders."""

# ruff: noqa: F811  (the fixtures imported from test_site are the tests' parameters)
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from test_site import demo_site, serve, watched  # noqa: F401

from harvester.config import Config
from harvester.pipeline.build import BuildResult
from harvester.publish.site import SiteResult, build_site
from harvester.reader.graph_file import read_catalogue
from harvester.selection.dossier import Report, SelectionIn
from harvester.selection.joins import KeyGraph
from harvester.selection.report import build_report

SIX = [
    ("snds-pmsi-mco", "T_MCOaaC", "NIR_ANO_17"),
    ("snds-pmsi-mco", "T_MCOaaB", "DGN_PAL"),
    ("snds-dcir", "ER_PRS_F", "PRS_NAT_REF"),
    ("snds-dcir", "ER_PRS_F", "EXE_SOI_DTD"),
    ("snds-causes-de-deces", "KI_CCI_R", "BEN_IDT_ANO"),
    ("snds-causes-de-deces", "KI_CCI_R", "DCD_CIM_COD"),
]


def _site_with_steps(demo_build: tuple[BuildResult, Path], config: Config, tmp_path: Path) -> Path:
    return build_site(demo_build[1], tmp_path / "site", config.access_bodies).out_dir


def test_selection_to_dossier_on_the_static_site(
    demo_build: tuple[BuildResult, Path], config: Config, serve: Any, watched: Any, tmp_path: Path
) -> None:
    site = _site_with_steps(demo_build, config, tmp_path)
    base = serve(site)
    view = watched()
    for dataset, table, variable in SIX:
        page = view.open(f"{base}datasets/{dataset}/tables/{table}/")
        button = page.locator(f'button.hdc-select-variable[data-variable="{variable}"]')
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
    assert page.inner_text(".hdc-selection-count") == "Sélection (6)"

    page = view.open(f"{base}selection/")
    page.wait_for_selector('[data-hdc-selection][data-rendered="6"]')
    page.reload()  # kept in the browser
    page.wait_for_selector('[data-hdc-selection][data-rendered="6"]')
    shown = page.eval_on_selector_all(
        ".hdc-selection-variables tr[data-variable]", "rows => rows.map(r => r.dataset.variable)"
    )
    assert shown == ["/".join(item) for item in SIX]

    # The matrix: one row per variable, the years in common highlighted and said.
    assert page.locator(".hdc-matrix tbody tr").count() == 6
    common = page.inner_text(".hdc-common-years")
    assert "Années communes à toutes les variables : 2013-" in common, common
    assert page.locator(".hdc-matrix thead th.hdc-common").count() >= 10

    # Join paths: PMSI MCO → beneficiaries → DCIR, and → causes of death, with the graph's columns.
    to_dcir = page.inner_text('.hdc-join[data-to="snds-dcir/ER_PRS_F"]')
    assert "NIR_ANO_17 → BEN_NIR_PSA snds-beneficiaire/IR_BEN_R" in to_dcir
    assert "BEN_NIR_PSA + BEN_RNG_GEM ← BEN_NIR_PSA + BEN_RNG_GEM snds-dcir/ER_PRS_F" in to_dcir
    assert "T_MCOaaC (snds-pmsi-mco) n'a pas BEN_RNG_GEM" in to_dcir
    to_deaths = page.inner_text('.hdc-join[data-to="snds-causes-de-deces/KI_CCI_R"]')
    assert "snds-beneficiaire/IR_BEN_R BEN_IDT_ANO ← BEN_IDT_ANO snds-causes-de-deces/KI_CCI_R" in to_deaths

    # Identifiers: the two pseudonyms, flagged, each with a justification to fill in.
    flagged = page.eval_on_selector_all(
        ".hdc-identifiers tr[data-variable]", "rows => rows.map(r => r.dataset.variable)"
    )
    assert flagged == ["snds-pmsi-mco/T_MCOaaC/NIR_ANO_17", "snds-causes-de-deces/KI_CCI_R/BEN_IDT_ANO"]
    assert page.locator(".hdc-identifiers .hdc-flag-indirect").count() == 2
    assert page.locator(".hdc-identifiers textarea").count() == 2
    # Conditions and the Health Data Hub's steps, each with its link.
    conditions = page.locator('.hdc-conditions[data-dataset="snds-dcir"]')
    assert "Plateforme des données de santé" in conditions.inner_text()
    steps = conditions.locator('[data-procedure="authorisation"] ol li a')
    assert [steps.nth(i).inner_text() for i in range(steps.count())][1:3] == [
        "Avis du CESREES (comité éthique et scientifique)",
        "Autorisation de la CNIL",
    ]
    assert conditions.locator('[data-procedure="reference-methodology"]').count() == 1

    # Downloads: exactly the six rows; the JSON is the API's report for the same selection.
    with page.expect_download() as csv_download:
        page.click(".hdc-download-csv")
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    assert [(r["dataset"], r["table"], r["variable"]) for r in rows] == SIX
    with page.expect_download() as json_download:
        page.click(".hdc-download-json")
    downloaded = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    report = Report.model_validate(downloaded)  # the documented schema, no field more or less
    assert [(r.dataset, r.table, r.variable) for r in report.variables] == SIX
    catalogue = read_catalogue(demo_build[1] / "graph.nt")
    selection = SelectionIn.model_validate(
        {"items": [{"dataset": d, "table": t, "variable": v} for d, t, v in SIX]}
    )
    expected = build_report(catalogue, KeyGraph.of(catalogue), selection, config.access_bodies).report
    assert expected is not None
    assert report.model_dump(exclude={"generated"}) == expected.model_dump(exclude={"generated"})

    # A direct identifier of another dataset is flagged too, its justification kept in the browser.
    page = view.open(f"{base}datasets/entrepot-aphp/")
    tables = page.eval_on_selector_all(
        'a[href^="tables/"]', "links => links.map(a => a.getAttribute('href'))"
    )
    chosen = None
    for href in tables:
        table_page = view.open(f"{base}datasets/entrepot-aphp/{href}")
        direct = table_page.locator("tr:has(.hdc-flag-direct)")
        if direct.count():
            chosen = direct.first.locator("button.hdc-select-variable")
            chosen.click()
            break
    assert chosen is not None
    page = view.open(f"{base}selection/")
    page.wait_for_selector('[data-hdc-selection][data-rendered="7"]')
    assert page.locator(".hdc-identifiers .hdc-flag-direct").count() == 1
    justification = page.locator(".hdc-identifiers textarea").last
    justification.fill("Âge à l'inclusion nécessaire à l'ajustement.")
    justification.dispatch_event("change")
    page.reload()
    page.wait_for_selector('[data-hdc-selection][data-rendered="7"]')
    assert page.locator(".hdc-identifiers textarea").last.input_value().startswith("Âge")

    # The printable page: header and buttons hidden, the dossier's title shown.
    page.emulate_media(media="print")
    assert page.locator(".hdc-print-only").is_visible()
    assert not page.locator(".hdc-selection-actions").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert "Années demandées : toutes celles disponibles" in page.inner_text(".hdc-print-only")
    view.assert_clean()


def test_big_dataset_pages_show_a_keys_table_and_zoomable_neighbourhoods(
    demo_site: SiteResult, serve: Any, watched: Any
) -> None:
    base = serve(demo_site.out_dir)
    view = watched()
    page = view.open(base + "datasets/snds-pmsi-mco/")
    assert page.locator("#hdc-keys tbody tr").count() >= 57
    joins = page.inner_text(".hdc-joins")
    assert "T_MCOaaC NIR_ANO_17 → BEN_NIR_PSA IR_BEN_R" in joins and "KI_CCI_R" in joins
    page.wait_for_selector("div.mermaid", timeout=30_000)
    page.select_option(".hdc-neighbourhood-table", "T_MCOaaB")
    page.wait_for_selector('[data-hdc-neighbourhood][data-shown="T_MCOaaB"]', timeout=30_000)
    before = page.locator(".hdc-neighbourhood-svg svg").bounding_box()
    page.click(".hdc-zoom-in")
    after = page.locator(".hdc-neighbourhood-svg svg").bounding_box()
    assert before and after and after["width"] > before["width"]
    labels = page.inner_text(".hdc-neighbourhood-svg")
    assert "ETA_NUM + RSA_NUM" in labels, labels[:500]
    table = view.open(base + "datasets/snds-pmsi-mco/tables/T_MCOaaB/")
    assert "années" in table.inner_text(".hdc-subtitle")
    assert table.locator("#hdc-variables .hdc-tl-text").first.inner_text().startswith("2005–")
    view.assert_clean()


def test_search_results_add_to_the_selection_without_the_api(
    demo_site: SiteResult, serve: Any, watched: Any
) -> None:
    base = serve(demo_site.out_dir)  # a static host: the search page falls back on its own index
    view = watched()
    page = view.open(base + "search/?q=DGN_PAL")
    button = page.locator(
        'button.hdc-select-result[data-dataset="snds-pmsi-mco"][data-variable="DGN_PAL"]'
    ).first
    button.wait_for()
    table = button.get_attribute("data-table")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page = view.open(base + "selection/")
    page.wait_for_selector('[data-hdc-selection][data-rendered="1"]')
    assert page.locator(f'tr[data-variable="snds-pmsi-mco/{table}/DGN_PAL"]').count() == 1
    page.click(".hdc-clear")
    page.wait_for_selector('[data-hdc-selection][data-rendered="0"]')
    view.assert_clean()
