"""Issue 17: join paths between tables (across datasets, with their notes), the years of variables, and
the dossier of a selection; `GET /api/joins` and `POST /api/selection/report` on the SNDS demo over a
real HTTP server."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from support.live_server import live_server

from harvester.config import Config
from harvester.pipeline.build import BuildResult
from harvester.reader.graph_file import read_catalogue
from harvester.reader.views import Catalogue, Dataset, ForeignKey, History, Release, Table, Variable
from harvester.selection.availability import common_years, variable_years
from harvester.selection.dossier import Report, SelectionIn
from harvester.selection.joins import KeyGraph, TableRef
from harvester.selection.report import build_report, report_csv, years_text
from search_api.api import create_app
from search_api.selection_api import SelectionData
from search_api.service import SearchService
from search_api.tantivy_backend import TantivyBackend


def _variable(name: str, **history: int) -> Variable:
    return Variable(name, name.lower(), history=History(**history), iri=f"urn:{name}")  # type: ignore[arg-type]


def _small() -> Catalogue:
    """Stays → people ← claims, people ← deaths, and a dataset joined to nothing."""
    stays = Table(
        "stays",
        "S",
        "stays",
        variables=[_variable("NIR_ANO"), _variable("DP", created=2010)],
        foreign_keys=[ForeignKey(["NIR_ANO"], "people", "P", ["NIR", "RANK"][:1])],
    )
    people = Table("people", "P", "people", variables=[_variable("NIR"), _variable("RANK"), _variable("ID")])
    claims = Table(
        "claims",
        "C",
        "claims",
        variables=[_variable("NIR"), _variable("RANK"), _variable("ACT", deleted=2019, missing=(2012,))],
        foreign_keys=[ForeignKey(["NIR", "RANK"], "people", "P", ["NIR", "RANK"])],
    )
    deaths = Table(
        "deaths",
        "D",
        "deaths",
        variables=[_variable("ID")],
        foreign_keys=[ForeignKey(["ID"], "people", "P", ["ID"])],
    )
    alone = Table("alone", "A", "alone", variables=[_variable("X")])
    return Catalogue(
        "test",
        datasets=[
            Dataset("stays", "urn:stays", "Stays", temporal=("2005-01-01", ""), tables=[stays]),
            Dataset("people", "urn:people", "People", temporal=("2006-01-01", ""), tables=[people]),
            Dataset(
                "claims",
                "urn:claims",
                "Claims",
                temporal=("2008-01-01", "2022-12-31"),
                tables=[claims],
            ),
            Dataset("deaths", "urn:deaths", "Deaths", releases=[Release("2021", "2021")], tables=[deaths]),
            Dataset("alone", "urn:alone", "Alone", temporal=("2000-01-01", ""), tables=[alone]),
        ],
    )


def test_shortest_path_crosses_datasets_with_columns_and_notes() -> None:
    graph = KeyGraph.of(_small())
    path = graph.path(TableRef("stays", "S"), TableRef("claims", "C"))
    assert path is not None
    steps = [(s.start.table, s.start.columns, s.end.table, s.end.columns, s.forward) for s in path.steps]
    assert steps == [
        ("S", ("NIR_ANO",), "P", ("NIR",), True),
        ("P", ("NIR", "RANK"), "C", ("NIR", "RANK"), False),
    ]
    notes = [n.en for n in path.notes]
    assert notes[0] == "S.NIR_ANO matches P.NIR (the names differ)."
    assert "S (stays) has no RANK" in notes[1], notes
    assert path.datasets == ["stays", "people", "claims"]
    deaths = graph.path(TableRef("stays", "S"), TableRef("deaths", "D"))
    assert deaths is not None and "left on ID" in deaths.notes[-1].en
    assert graph.path(TableRef("stays", "S"), TableRef("alone", "A")) is None
    with pytest.raises(KeyError):
        graph.path(TableRef("stays", "S"), TableRef("stays", "nowhere"))
    assert sorted(graph.reachable("stays")) == ["claims", "deaths", "people"]


def test_static_trees_hold_the_paths_the_api_answers() -> None:
    """The site rebuilds paths from the trees and notes written at build time: same keys, same notes."""
    graph = KeyGraph.of(_small())
    data = graph.static_data()
    start, end = graph.index[TableRef("stays", "S")], graph.index[TableRef("claims", "C")]
    path = graph.path(TableRef("stays", "S"), TableRef("claims", "C"))
    assert path is not None
    tree = data["trees"][start]
    keys, here = [], end
    while here != start:
        keys.append(tree[here])
        owner, _, target, _ = data["keys"][tree[here]]
        here = owner if here == target else target
    assert list(reversed(keys)) == [s.key for s in path.steps]
    middle = graph.index[TableRef("people", "P")]
    transition = data["transition_notes"][f"{path.steps[0].key}:{path.steps[1].key}:{middle}"]
    assert transition[1] == path.notes[1].en


def test_years_stop_at_the_last_delivered_year_and_say_where_it_comes_from() -> None:
    catalogue = _small()
    claims = catalogue.dataset("claims")
    stays = catalogue.dataset("stays")
    deaths = catalogue.dataset("deaths")
    assert claims and stays and deaths
    act = variable_years(claims, claims.tables[0], claims.tables[0].variables[2], 2026)
    assert (act.first, act.last, act.missing, act.end_source) == (2008, 2019, (2012,), "temporal")
    dp = variable_years(stays, stays.tables[0], stays.tables[0].variables[1], 2026)
    assert (dp.first, dp.last, dp.end_source) == (2010, 2026, "assumed")
    death = variable_years(deaths, deaths.tables[0], deaths.tables[0].variables[0], 2026)
    assert (death.first, death.last, death.end_source, death.years) == (None, 2021, "release", [2021])
    assert common_years([act, dp]) == [y for y in range(2010, 2020) if y != 2012]
    assert years_text([2005, 2006, 2007, 2009, 2011, 2012]) == "2005-2007,2009,2011-2012"


def test_report_of_a_selection_and_its_problems(config: Config) -> None:
    catalogue = _small()
    graph = KeyGraph.of(catalogue)
    selection = SelectionIn.model_validate(
        {
            "items": [
                {"dataset": "stays", "table": "S", "variable": "DP"},
                {"dataset": "claims", "table": "C"},
                {"dataset": "alone"},
            ],
            "years": {"from": 2015, "to": 2022},
        }
    )
    outcome = build_report(catalogue, graph, selection, config.access_bodies, date(2026, 12, 2))
    assert outcome.report is not None, outcome.problems
    report = outcome.report
    assert [(r.table, r.variable) for r in report.variables] == [
        ("S", "DP"),
        *[("C", v) for v in ("NIR", "RANK", "ACT")],
        ("A", "X"),
    ]
    assert report.common_years == [2015, 2016, 2017, 2018, 2019]
    assert [j.to for j in report.joins] == ["claims/C"] and report.unjoined == ["alone/A"]
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert [r["variable"] for r in rows] == ["DP", "NIR", "RANK", "ACT", "X"]
    assert rows[3]["years"] == "2015-2019"
    assert Report.model_validate(report.model_dump(by_alias=True)) == report

    wrong = SelectionIn.model_validate(
        {
            "items": [{"dataset": "stays", "table": "S", "variable": "NOPE"}, {"dataset": "nowhere"}],
            "years": {"from": 1990, "to": 1995},
        }
    )
    problems = build_report(catalogue, graph, wrong, config.access_bodies).problems
    assert [p.pointer for p in problems] == ["/items/0/variable", "/items/1/dataset"]
    late = SelectionIn.model_validate(
        {"items": [{"dataset": "claims", "table": "C", "variable": "ACT"}], "years": {"from": 2020}}
    )
    (problem,) = build_report(catalogue, graph, late, config.access_bodies).problems
    assert problem.pointer == "/years" and "2008–2019" in problem.en


def test_access_bodies_give_their_procedures_to_their_datasets(config: Config) -> None:
    from harvester.reader.views import Agent
    from harvester.selection.report import procedures

    dataset = Dataset("x", "urn:x", "X", hdab=Agent("HDH", url="http://www.health-data-hub.fr"))
    found = procedures(dataset, config.access_bodies)
    assert [p.id for p in found] == ["authorisation", "reference-methodology"]
    assert "CESREES" in found[0].steps[1].title.fr and found[0].steps[0].url.startswith("https://")
    assert (
        procedures(
            Dataset("y", "urn:y", "Y", hdab=Agent("Other", url="https://else.example")), config.access_bodies
        )
        == []
    )


# ---------------------------------------------------------------- the API on the SNDS demo


@pytest.fixture(scope="module")
def api(
    demo_build: tuple[BuildResult, Path], config: Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    backend = TantivyBackend(tmp_path_factory.mktemp("selection") / "tantivy")
    selection = SelectionData(demo_build[1] / "graph.nt", config.access_bodies)
    selection.get()  # read before the first request, as `catalogue serve` preloads it
    with live_server(create_app(SearchService(backend), selection=selection), free_port()) as base:
        yield base


def test_api_joins_pmsi_stays_to_dcir_claims_through_the_beneficiaries(
    api: str, demo_build: tuple[BuildResult, Path]
) -> None:
    answer = httpx.get(
        f"{api}/api/joins", params={"from": "snds-pmsi-mco/T_MCOaaC", "to": "snds-dcir/ER_PRS_F"}
    )
    assert answer.status_code == 200, answer.text
    path = answer.json()
    hops = [(s["table"], s["columns"], s["to_table"], s["to_columns"]) for s in path["steps"]]
    assert hops == [
        ("T_MCOaaC", ["NIR_ANO_17"], "IR_BEN_R", ["BEN_NIR_PSA"]),
        ("IR_BEN_R", ["BEN_NIR_PSA", "BEN_RNG_GEM"], "ER_PRS_F", ["BEN_NIR_PSA", "BEN_RNG_GEM"]),
    ]
    assert path["datasets"] == ["snds-pmsi-mco", "snds-beneficiaire", "snds-dcir"]
    assert any("has no BEN_RNG_GEM" in n["en"] for n in path["notes"]), path["notes"]
    # The columns are the graph's: the keys the reader finds on both tables.
    catalogue = read_catalogue(demo_build[1] / "graph.nt")
    stays, claims = catalogue.table("snds-pmsi-mco", "T_MCOaaC"), catalogue.table("snds-dcir", "ER_PRS_F")
    assert stays and claims
    assert any(fk.table == "IR_BEN_R" and fk.columns == ["NIR_ANO_17"] for fk in stays.foreign_keys)
    assert any(
        fk.table == "IR_BEN_R" and fk.columns == ["BEN_NIR_PSA", "BEN_RNG_GEM"] for fk in claims.foreign_keys
    )
    flags = {v.name: v.identifying for v in claims.variables}
    assert (flags["BEN_NIR_PSA"], flags["BEN_RES_DPT"], flags["PRS_NAT_REF"]) == (
        "indirect",
        "indirect",
        "no",
    )
    aphp = catalogue.dataset("entrepot-aphp")  # its own flags, set variable by variable, are kept
    assert aphp and [v.identifying for t in aphp.tables for v in t.variables].count("direct") == 1


def test_api_joins_unknown_or_malformed_table(api: str) -> None:
    unknown = httpx.get(f"{api}/api/joins", params={"from": "snds-pmsi-mco/NOPE", "to": "snds-dcir/ER_PRS_F"})
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    assert "NOPE is not in the catalogue" in unknown.json()["detail"]
    malformed = httpx.get(f"{api}/api/joins", params={"from": "no-slash", "to": "snds-dcir/ER_PRS_F"})
    assert malformed.status_code == 422 and malformed.headers["content-type"] == "application/problem+json"


def test_api_joins_no_path_is_a_sentence(api: str, demo_build: tuple[BuildResult, Path]) -> None:
    catalogue = read_catalogue(demo_build[1] / "graph.nt")
    damir = catalogue.dataset("snds-damir")
    assert damir and damir.tables and not any(t.foreign_keys for t in damir.tables)
    answer = httpx.get(
        f"{api}/api/joins", params={"from": f"snds-damir/{damir.tables[0].name}", "to": "snds-dcir/ER_PRS_F"}
    )
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/problem+json"
    detail = answer.json()["detail"]
    assert detail.startswith("no chain of foreign keys joins snds-damir/") and detail.endswith("other tables")


SIX = [
    {"dataset": "snds-pmsi-mco", "table": "T_MCOaaC", "variable": "NIR_ANO_17"},
    {"dataset": "snds-pmsi-mco", "table": "T_MCOaaB", "variable": "DGN_PAL"},
    {"dataset": "snds-dcir", "table": "ER_PRS_F", "variable": "PRS_NAT_REF"},
    {"dataset": "snds-dcir", "table": "ER_PRS_F", "variable": "EXE_SOI_DTD"},
    {"dataset": "snds-causes-de-deces", "table": "KI_CCI_R", "variable": "BEN_IDT_ANO"},
    {"dataset": "snds-causes-de-deces", "table": "KI_CCI_R", "variable": "DCD_CIM_COD"},
]


def test_api_selection_report_json_csv_and_problems(api: str) -> None:
    body = {"version": 1, "items": SIX, "years": {"from": 2015, "to": 2022}}
    answer = httpx.post(f"{api}/api/selection/report", json=body, timeout=60)
    assert answer.status_code == 200, answer.text
    report = Report.model_validate(answer.json())
    assert [(r.table, r.variable) for r in report.variables] == [(i["table"], i["variable"]) for i in SIX]
    assert report.common_years == list(range(2015, 2023))
    assert [j.to for j in report.joins] == [
        "snds-pmsi-mco/T_MCOaaB",
        "snds-dcir/ER_PRS_F",
        "snds-causes-de-deces/KI_CCI_R",
    ]
    assert [s.to_table for s in report.joins[2].steps] == ["IR_BEN_R", "KI_CCI_R"]
    assert {p.id for d in report.datasets for p in d.procedures} == {"authorisation", "reference-methodology"}
    # The SNDS pseudonyms are flagged by their datasets (identifying_columns above the generated line).
    assert [(i.variable, i.identifying) for i in report.identifiers] == [
        ("NIR_ANO_17", "indirect"),
        ("BEN_IDT_ANO", "indirect"),
    ]
    as_csv = httpx.post(f"{api}/api/selection/report", json=body, headers={"Accept": "text/csv"}, timeout=60)
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["variable"] for r in rows] == [i["variable"] for i in SIX] and rows[0]["years"] == "2015-2022"

    unknown = httpx.post(
        f"{api}/api/selection/report",
        json={"items": [{"dataset": "snds-dcir", "table": "ER_PRS_F", "variable": "NOPE"}]},
    )
    assert unknown.status_code == 422 and unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["errors"][0]["pointer"] == "/items/0/variable"
    early = httpx.post(
        f"{api}/api/selection/report", json={"items": SIX[:1], "years": {"from": 1980, "to": 1990}}
    )
    assert early.status_code == 422 and "none of the years requested" in early.json()["detail"]
    malformed = httpx.post(
        f"{api}/api/selection/report", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 422 and malformed.json()["title"] == "Unprocessable Content"
    huge = httpx.post(f"{api}/api/selection/report", content=b"x" * 200_000)
    assert huge.status_code == 413
    assert httpx.put(f"{api}/api/selection/report", json=body).status_code == 405
