"""The data-use register on the site and in search (issue 18): a page per use, the register with its
filter values, "used by N projects" on dataset and table pages and on each variable of a dictionary,
search documents of type "use" with the counts on the others, and a selection saved as the draft of
a new use that the producer model and the build accept. Built from a small catalogue of one dataset
(the Isère cancer registry) and two uses written here, one of them hostile."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import free_port
from support.live_server import live_server

from harvester.config import Config
from harvester.model.file import CatalogueFile
from harvester.pipeline.build import build
from harvester.publish.site import SiteResult, build_site
from harvester.reader.graph_file import read_catalogue
from harvester.reader.views import Catalogue
from harvester.selection.joins import KeyGraph
from harvester.selection.project_draft import DraftIn, draft_id, emit, project_draft
from search_api.api import create_app
from search_api.documents import documents_from_graph
from search_api.selection_api import PROJECT_PATH, SelectionData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[1]
DATASET = "registre-cancers-isere"
SURVIVAL = {
    "use": {
        "id": "survie-cancers-isere",
        "kind": "project",
        "title": {"fr": "Survie nette des cancers en Isère", "en": "Net cancer survival in Isère"},
        "summary": {
            "fr": "Survie **nette** à 5 ans.<script>alert('summary')</script> [piège](javascript:alert(1))"
        },
        "status": "finished",
        "period": {"start": "2021-01-01", "end": "2023-12-31"},
        "organisations": [{"name": "Registre des cancers de l'Isère"}, {"name": "Hospices civils de Lyon"}],
        "contact": {"email": "registre@example.org"},
        "purpose": "Estimer la survie nette par localisation.",
        "public_interest": "Évaluer le parcours de soins des patients atteints de cancer.",
        "legal": {"methodology": "MR-003"},
        "datasets": [
            {
                "dataset": DATASET,
                "years": {"start": 2000, "end": 2015},
                "tables": [
                    {"name": "tumeur", "variables": ["date_diagnostic", "topographie"]},
                    {"name": "suivi"},
                ],
            }
        ],
        "outputs": [
            {
                "type": "publication",
                "title": "Survie des cancers en Isère, 2000-2015",
                "doi": "10.1000/demo-survie",
                "issued": "2023-06-01",
            }
        ],
    }
}
PILOT = {
    "use": {
        "id": "pilote-stades",
        "kind": "pilot",
        "title": "Enrichir les stades TNM du registre",
        "summary": "Projet pilote qui documente les stades.",
        "status": "requested",
        "period": {"start": "2099-01-01"},
        "organisations": [{"name": "Health Data Hub"}],
        "contact": {"email": "pilotes@example.org"},
        "purpose": "Documenter le stade au diagnostic.",
        "public_interest": "Des métadonnées plus riches pour tous les utilisateurs.",
        "datasets": [{"dataset": DATASET, "tables": [{"name": "tumeur", "variables": ["stade_tnm"]}]}],
    }
}


@pytest.fixture(scope="module")
def register(config: Config, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteResult]:
    src = tmp_path_factory.mktemp("register-src")
    shutil.copytree(ROOT / "catalogue_src" / "codelists", src / "codelists")
    shutil.copytree(ROOT / "catalogue_src" / DATASET, src / DATASET)
    (src / "projects").mkdir()
    for use in (SURVIVAL, PILOT):
        (src / "projects" / f"{use['use']['id']}.yaml").write_text(yaml.safe_dump(use, allow_unicode=True))
    out = tmp_path_factory.mktemp("register-build")
    result = build(config, [src], out)
    assert not [p for p in result.problems if p.is_error], result.problems
    return out, build_site(out, out / "site")


def _catalogue(register: tuple[Path, SiteResult]) -> Catalogue:
    return read_catalogue(register[0] / "graph.nt")


def _html(register: tuple[Path, SiteResult], path: str) -> str:
    return (register[1].out_dir / path / "index.html").read_text(encoding="utf-8")


def test_a_page_per_use_with_its_data_outputs_and_schema_org(register: tuple[Path, SiteResult]) -> None:
    page = _html(register, "uses/survie-cancers-isere")
    assert "Survie nette des cancers en Isère" in page and "Net cancer survival in Isère" in page
    assert "<strong>nette</strong>" in page  # the producer's Markdown, sanitised
    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert "Registre des cancers de l&#39;Isère" in page or "Registre des cancers de l'Isère" in page
    assert "<code>MR-003</code>" in page
    # What it used, linked to the dictionary: tables, the variables named, the years requested.
    assert 'href="../../datasets/registre-cancers-isere/tables/tumeur/#var-date_diagnostic"' in page
    assert 'href="../../datasets/registre-cancers-isere/tables/suivi/"' in page
    assert "2000–2015" in page
    assert 'href="https://doi.org/10.1000/demo-survie"' in page
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "ResearchProject" and data["name"] == "Survie nette des cancers en Isère"
    assert [m["name"] for m in data["member"]] == [
        "Registre des cancers de l'Isère",
        "Hospices civils de Lyon",
    ]
    assert data["subjectOf"][0]["identifier"] == "https://doi.org/10.1000/demo-survie"
    assert data["foundingDate"] == "2021-01-01" and data["dissolutionDate"] == "2023-12-31"


def test_the_register_rows_carry_what_its_filters_compare(register: tuple[Path, SiteResult]) -> None:
    page = _html(register, "uses")
    rows = dict(re.findall(r'<tr data-use="([^"]+)"([^>]*)>', page))
    assert (
        set(rows)
        == {use.id for use in _catalogue(register).uses}
        == {"survie-cancers-isere", "pilote-stades"}
    )
    assert 'data-kind="project" data-status="finished"' in rows["survie-cancers-isere"]
    assert 'data-year="2021|2022|2023"' in rows["survie-cancers-isere"]
    assert 'data-kind="pilot" data-status="requested"' in rows["pilote-stades"]
    assert f'data-dataset="{DATASET}"' in rows["pilote-stades"]
    for value in ("project", "pilot", "finished", "requested", DATASET, "Health Data Hub", "2022"):
        assert f'<option value="{value}">' in page, value
    home = _html(register, "")
    assert '<a class="hdc-count" href="uses/"><strong>2</strong> usages au registre</a>' in home
    assert re.search(r'<a href="uses/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Usages', home), (
        "nav"
    )


def test_datasets_tables_and_variables_say_which_uses_name_them(register: tuple[Path, SiteResult]) -> None:
    catalogue = _catalogue(register)
    dataset_page = _html(register, f"datasets/{DATASET}")
    assert '<p class="hdc-used-by" data-uses="2">' in dataset_page
    assert "dont 1 avec des productions" in dataset_page
    tumeur = _html(register, f"datasets/{DATASET}/tables/tumeur")
    assert len(catalogue.uses_of(DATASET, "tumeur")) == 2
    assert '<p class="hdc-used-by" data-uses="2">' in tumeur
    cells = dict(
        re.findall(r'<tr id="var-([^"]+)">.*?<td class="hdc-variable-uses">(.*?)</td>', tumeur, re.S)
    )
    assert re.findall(r'data-use="([^"]+)"', cells["date_diagnostic"]) == ["survie-cancers-isere"]
    assert re.findall(r'data-use="([^"]+)"', cells["stade_tnm"]) == ["pilote-stades"]
    assert cells["grade"] == ""
    patient = _html(register, f"datasets/{DATASET}/tables/patient")
    assert "hdc-used-by" not in patient and "hdc-variable-uses" not in patient


def test_search_documents_of_uses_and_the_counts_of_what_they_name(register: tuple[Path, SiteResult]) -> None:
    documents = {(d.type, d.name, d.table): d for d in documents_from_graph(register[0] / "graph.nt")}
    survival = documents[("use", "survie-cancers-isere", "")]
    assert (survival.kind, survival.status, survival.datasets) == ("project", "finished", (DATASET,))
    assert survival.organisations == ("Hospices civils de Lyon", "Registre des cancers de l'Isère")
    assert (survival.year_from, survival.year_to, survival.scope) == (2021, 2023, "use:survie-cancers-isere")
    assert survival.facet_values("dataset") == (DATASET,)
    assert documents[("use", "pilote-stades", "")].facet_values("kind") == ("pilot",)
    assert documents[("dataset", DATASET, "")].uses == 2
    assert documents[("table", "tumeur", "tumeur")].uses == 2
    assert documents[("table", "suivi", "suivi")].uses == 1
    assert documents[("table", "patient", "patient")].uses == 0
    assert documents[("variable", "date_diagnostic", "tumeur")].uses == 1
    assert documents[("variable", "grade", "tumeur")].uses == 0
    index = json.loads((register[1].out_dir / "assets" / "search-index.json").read_text(encoding="utf-8"))
    assert [
        "use",
        "uses/pilote-stades/",
        "",
        "",
        "pilote-stades",
        "Enrichir les stades TNM du registre",
    ] in index


def test_a_selection_becomes_a_valid_draft_of_a_new_use(
    config: Config, register: tuple[Path, SiteResult]
) -> None:
    catalogue = _catalogue(register)
    selection = DraftIn.model_validate(
        {
            "items": [
                {"dataset": DATASET, "table": "tumeur", "variable": "topographie"},
                {"dataset": DATASET, "table": "tumeur", "variable": "morphologie"},
                {"dataset": DATASET, "table": "suivi"},
                {"dataset": DATASET, "table": "suivi", "variable": "date_point"},  # inside the whole table
            ],
            "years": {"from": 2005, "to": 2010},
            "project": {"title": "Incidence des mélanomes", "organisation": "Inserm", "email": "a@inserm.fr"},
        }
    )
    draft = project_draft(catalogue, KeyGraph.of(catalogue), selection, today=dt.date(2026, 12, 2))
    assert draft.yaml is not None and draft.file_name == "incidence-des-melanomes.yaml"
    use = CatalogueFile.model_validate(yaml.safe_load(draft.yaml)).use
    assert use is not None
    assert (use.id, use.kind.value, use.status.value, str(use.period.start)) == (
        "incidence-des-melanomes",
        "project",
        "requested",
        "2026-12-02",
    )
    assert use.organisations[0].name.fr == "Inserm" and str(use.contact.email) == "a@inserm.fr"
    [used] = use.datasets
    assert (
        used.dataset == DATASET
        and used.years is not None
        and (used.years.start, used.years.end) == (2005, 2010)
    )
    assert [(t.name, [v.name for v in t.variables]) for t in used.tables] == [
        ("tumeur", ["topographie", "morphologie"]),
        ("suivi", []),
    ]
    # The draft, dropped into the catalogue, builds without a problem of its own and enters the graph.
    src = register[0].parent / "draft-src"
    shutil.copytree(ROOT / "catalogue_src" / DATASET, src / DATASET)
    shutil.copytree(ROOT / "catalogue_src" / "codelists", src / "codelists")
    (src / "projects").mkdir()
    (src / "projects" / draft.file_name).write_text(draft.yaml, encoding="utf-8")
    result = build(config, [src], register[0].parent / "draft-build")
    assert not [p for p in result.problems if "projects" in p.source], result.problems
    assert "/use/incidence-des-melanomes" in (register[0].parent / "draft-build" / "graph.nt").read_text()


def test_a_draft_names_the_selection_problems(register: tuple[Path, SiteResult]) -> None:
    catalogue = _catalogue(register)
    selection = DraftIn.model_validate(
        {"items": [{"dataset": DATASET, "table": "tumeur", "variable": "nope"}]}
    )
    draft = project_draft(catalogue, KeyGraph.of(catalogue), selection)
    assert draft.yaml is None and [p.pointer for p in draft.problems] == ["/items/0/variable"]


def test_draft_identifiers_and_yaml() -> None:
    assert draft_id("Étude « ÉPI » : l’œil, 2024 !") == "etude-epi-l-il-2024"
    assert draft_id("") == draft_id("!!!") == "nouveau-projet"
    assert len(draft_id("x" * 100)) == 60
    text = emit({"a": {"b": 'é"\n', "c": [1, "x"], "d": [{"e": "f", "g": 2}]}})
    assert yaml.safe_load(text) == {"a": {"b": 'é"\n', "c": [1, "x"], "d": [{"e": "f", "g": 2}]}}


def test_the_api_answers_the_draft_of_a_selection(register: tuple[Path, SiteResult], tmp_path: Path) -> None:
    """POST /api/selection/project on a real server: the draft's YAML to save, or located problems."""
    graph = register[0] / "graph.nt"
    body = {
        "version": 1,
        "items": [{"dataset": DATASET, "table": "tumeur", "variable": "grade"}],
        "project": {"title": "Grades", "kind": "pilot"},
    }
    app = create_app(SearchService(TantivyBackend(tmp_path / "index")), selection=SelectionData(graph))
    with live_server(app, free_port()) as base:
        answer = httpx.post(base + PROJECT_PATH, json=body, timeout=30)
        unknown = httpx.post(
            base + PROJECT_PATH, json={**body, "items": [{"dataset": DATASET, "table": "x"}]}, timeout=30
        )
        malformed = httpx.post(
            base + PROJECT_PATH, json={**body, "project": {"email": "not an address"}}, timeout=30
        )
        read = httpx.get(base + PROJECT_PATH, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/yaml; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="grades.yaml"'
    catalogue = read_catalogue(graph)
    expected = project_draft(catalogue, KeyGraph.of(catalogue), DraftIn.model_validate(body))
    assert answer.text == expected.yaml
    assert unknown.status_code == 422 and unknown.headers["content-type"] == "application/problem+json"
    assert [e["pointer"] for e in unknown.json()["errors"]] == ["/items/0/table"]
    assert malformed.status_code == 422
    assert [e["pointer"] for e in malformed.json()["errors"]] == ["/project/email"]
    assert read.status_code == 405
