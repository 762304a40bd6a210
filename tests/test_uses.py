"""The data-use register: the demo's uses validate; broken uses are reported where they are wrong
and the rest still builds; the feed links datasets to their uses and stays conformant; SPARQL goes
from a project to its variables and from a variable to its projects; the reader's views and the
quality figures count them.

Fast: a small catalogue (the three hand-written datasets, their code lists and the uses of them) is
built once; the whole demo register is validated in its catalogue with `check_named`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from official_shapes import TIERS, dcat_ap_shapes, description, healthdcat_shapes, violations
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from harvester.config import Config
from harvester.core.namespaces import DCAT
from harvester.core.problems import Problem
from harvester.core.vocabularies import AUTHORITY
from harvester.pipeline.build import BuildResult, build, check_named
from harvester.reader.graph_file import read_built_graph
from harvester.reader.views import Catalogue
from harvester.review.change_check import check_change
from harvester.sources.use_rules import check_use_text
from search_api.sparql.endpoint import SparqlEndpoint, build_store

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "catalogue_src"
PROJECTS = SOURCES / "projects"
BROKEN = ROOT / "tests" / "broken_uses"
HAND_WRITTEN = ["cohorte-constances", "registre-cancers-isere", "entrepot-aphp", "codelists"]
# The demo's uses of the hand-written datasets only (the others use the SNDS, too big for this suite).
SMALL_USES = [
    "survie-cancers-isere",
    "challenge-constances-sante-travail",
    "aphp-sepsis-entrepot",
    "aphp-antibiotiques-resistances",
    "constances-tabac-depression",
]


@dataclass(frozen=True)
class Expected:
    rule: str
    line: int
    field: str
    error: bool = True
    message: str = ""


CASES: dict[str, Expected] = {
    "unknown-variable.yaml": Expected(
        "catalogue:used-item", 19, "use.datasets.0.tables.0.variables.1", message="tabac"
    ),
    "unknown-table.yaml": Expected(
        "catalogue:used-item", 18, "use.datasets.0.tables.0", message="did you mean 'questionnaire_annuel'"
    ),
    "unknown-dataset.yaml": Expected(
        "catalogue:used-item", 16, "use.datasets.0", message="did you mean 'cohorte-constances'"
    ),
    "authorised-without-authorisation.yaml": Expected(
        "use-authorisation", 7, "use.status", message="authorised"
    ),
    "running-without-authorisation.yaml": Expected("use-authorisation", 14, "use.legal", message="CNIL"),
    "dates-inverted.yaml": Expected("model:period_reversed", 8, "use.period", message="2025-01-01"),
    "unknown-kind.yaml": Expected("model:enum", 4, "use.kind", message="challenge"),
    "challenge-on-a-project.yaml": Expected("use-challenge", 15, "use.challenge"),
    "output-without-address.yaml": Expected("model:output_unreachable", 18, "use.outputs.0", message="doi"),
    "finished-in-the-future.yaml": Expected("use-status-dates", 7, "use.status", error=False, message="2030"),
    "years-beyond-coverage.yaml": Expected(
        "catalogue:used-years", 16, "use.datasets.0", error=False, message="cohorte-constances"
    ),
    "years-inherited.yaml": Expected(
        "catalogue:used-years", 18, "use.datasets.0.tables.0", error=False, message="questionnaire_annuel"
    ),
    "years-outside.yaml": Expected(
        "catalogue:used-years", 19, "use.datasets.0.tables.0.variables.0", error=False, message="score_audit"
    ),
}


def _described(problems: list[Problem]) -> str:
    return "\n".join(f"{p.location()} [{p.field}] {p.rule}: {p.message_en}" for p in sorted(problems))


# --- the demo register ---------------------------------------------------------------------------


def test_the_demo_register_validates_in_its_catalogue(config: Config) -> None:
    files = sorted(PROJECTS.glob("*.yaml"))
    result = check_named(config, files, None)
    assert [p.as_text() for p in result.problems if p.is_error] == []
    assert sorted(result.verdict.valid_uses) == sorted(path.stem for path in files)
    assert len(result.verdict.valid_uses) >= 12
    models = result.assembly.use_models
    assert {use.kind.value for use in models.values()} == {"project", "pilot", "challenge"}
    assert {use.status.value for use in models.values()} == {"requested", "authorised", "running", "finished"}
    for use in models.values():  # in French, with an English title, down to variables
        assert use.title.en, use.id
        assert any(table.variables for used in use.datasets for table in used.tables), use.id


# --- broken uses -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_build(config: Config, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The hand-written datasets, their uses of the demo, and every broken use beside them."""
    out = tmp_path_factory.mktemp("uses-build")
    paths = [SOURCES / name for name in HAND_WRITTEN]
    paths += [PROJECTS / f"{name}.yaml" for name in SMALL_USES] + [BROKEN]
    return build(config, paths, out), out


def test_the_broken_corpus_is_complete() -> None:
    on_disk = {path.name for path in BROKEN.glob("*.yaml")}
    assert on_disk == set(CASES)
    for path in BROKEN.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# BROKEN: "), path.name


@pytest.mark.parametrize(("name", "expected"), [pytest.param(n, e, id=n) for n, e in CASES.items()])
def test_a_broken_use_is_reported_where_it_is_wrong(
    small_build: tuple[BuildResult, Path], name: str, expected: Expected
) -> None:
    result, _ = small_build
    mine = [p for p in result.problems if Path(p.source).name == name]
    found = [
        p
        for p in mine
        if p.rule == expected.rule
        and p.line == expected.line
        and p.field == expected.field
        and p.is_error == expected.error
    ]
    assert found, f"expected {expected} in {name}; got:\n{_described(mine)}"
    problem = found[0]
    assert problem.message_fr and problem.message_en and problem.column
    wanted = expected.message.lower()
    assert wanted in problem.message_en.lower() or wanted in problem.message_fr.lower()
    use_id = name.removesuffix(".yaml")
    published = use_id in result.verdict.valid_uses
    assert published == (not expected.error), _described(mine)


def test_an_unknown_table_is_reported_once_not_for_each_of_its_variables(
    small_build: tuple[BuildResult, Path],
) -> None:
    result, _ = small_build
    mine = [p for p in result.problems if Path(p.source).name == "unknown-table.yaml"]
    assert [p.field for p in mine if p.rule == "catalogue:used-item"] == ["use.datasets.0.tables.0"]


def test_years_are_warned_where_written_not_for_each_item_inheriting_them(
    small_build: tuple[BuildResult, Path],
) -> None:
    result, _ = small_build
    mine = [p for p in result.problems if Path(p.source).name == "years-inherited.yaml"]
    assert [p.field for p in mine if p.rule == "catalogue:used-years"] == ["use.datasets.0.tables.0"]


def test_the_rest_still_builds_next_to_broken_uses(small_build: tuple[BuildResult, Path]) -> None:
    result, out = small_build
    assert sorted(result.verdict.valid_datasets) == sorted(HAND_WRITTEN[:3])
    assert set(SMALL_USES) <= set(result.verdict.valid_uses)
    summary = json.loads((out / "validation.json").read_text(encoding="utf-8"))["summary"]
    assert summary["published_uses"] == sorted(result.verdict.valid_uses)
    assert "unknown-variable" in summary["left_out_uses"]
    graph = (out / "graph.nt").read_text(encoding="utf-8")
    assert "/use/survie-cancers-isere>" in graph
    assert "/use/unknown-variable>" not in graph  # a use left out is not published


# --- the feed -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed(small_build: tuple[BuildResult, Path]) -> Graph:
    return Graph().parse(small_build[1] / "dcat" / "catalog.ttl")


def test_every_dataset_a_published_use_names_is_referenced_by_it(
    small_build: tuple[BuildResult, Path], feed: Graph
) -> None:
    result, _ = small_build
    iris = result.assembly.iris
    expected = {
        (iris.dataset(dataset), iris.use(use_id))
        for use_id in result.verdict.valid_uses
        for dataset in _datasets_of(result, use_id)
    }
    found = set(feed.subject_objects(DCTERMS.isReferencedBy))
    assert expected and found == expected


def _datasets_of(result: BuildResult, use_id: str) -> set[str]:
    use = result.assembly.use_models[use_id]
    return {used.dataset for used in use.datasets} | set(use.challenge.opens if use.challenge else ())


def test_the_demo_feed_links_every_dataset_a_demo_project_used(demo_build: tuple[BuildResult, Path]) -> None:
    """The whole demo (slow: the SNDS); its conformance is test_demo_catalogue's, on the same build."""
    result, out = demo_build
    assert len(result.verdict.valid_uses) >= 12 and result.verdict.invalid_uses == []
    iris = result.assembly.iris
    feed = Graph().parse(out / "dcat" / "catalog.ttl")
    found = set(feed.subject_objects(DCTERMS.isReferencedBy))
    for use_id in result.verdict.valid_uses:
        for dataset in _datasets_of(result, use_id):
            assert (iris.dataset(dataset), iris.use(use_id)) in found, (use_id, dataset)


def test_the_feed_with_uses_conforms_to_dcat_ap_and_healthdcat_ap(feed: Graph) -> None:
    assert violations(feed, dcat_ap_shapes()) == []
    for dataset in sorted(feed.subjects(RDF.type, DCAT.Dataset)):
        rights = str(feed.value(dataset, DCTERMS.accessRights))
        tier = TIERS[rights.removeprefix(AUTHORITY + "access-right/")]
        # A dataset's description reaches its uses (dct:isReferencedBy): they are judged with it.
        assert violations(description(feed, dataset), healthdcat_shapes(tier)) == [], dataset


# --- SPARQL ---------------------------------------------------------------------------------------

PREFIXES = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#>
"""


@pytest.fixture(scope="module")
def sparql(
    small_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SparqlEndpoint]:
    """The project's SPARQL endpoint (worker processes over an on-disk store) on the small build."""
    store = tmp_path_factory.mktemp("uses-sparql") / "store"
    build_store(small_build[1] / "graph.nt", store)
    endpoint = SparqlEndpoint(store)
    yield endpoint
    endpoint.close()


def _select(endpoint: SparqlEndpoint, query: str) -> list[dict[str, str]]:
    answer = endpoint.query(PREFIXES + query, "application/sparql-results+json")
    bindings = json.loads(answer.body)["results"]["bindings"]
    return [{name: value["value"] for name, value in row.items()} for row in bindings]


def test_sparql_finds_the_variables_a_project_used(
    small_build: tuple[BuildResult, Path], sparql: SparqlEndpoint
) -> None:
    result, _ = small_build
    use = result.assembly.iris.use("survie-cancers-isere")
    rows = _select(
        sparql,
        f"SELECT ?table ?name WHERE {{ <{use}> prov:used ?variable . ?variable a csvw:Column ; csvw:name ?name . "
        "?t csvw:column ?variable ; dct:identifier ?table } ORDER BY ?table ?name",
    )
    model = result.assembly.use_models["survie-cancers-isere"]
    expected = sorted((t.name, v.name) for used in model.datasets for t in used.tables for v in t.variables)
    assert sorted((row["table"], row["name"]) for row in rows) == expected


def test_sparql_finds_the_projects_using_a_variable(
    small_build: tuple[BuildResult, Path], sparql: SparqlEndpoint
) -> None:
    result, _ = small_build
    iris = result.assembly.iris
    variable = iris.variable("cohorte-constances", "questionnaire_annuel", "score_cesd")
    rows = _select(
        sparql,
        f"SELECT ?id WHERE {{ ?use prov:used <{variable}> ; a hdc:DataUse ; dct:identifier ?id }} ORDER BY ?id",
    )
    expected = sorted(
        use_id
        for use_id in result.verdict.valid_uses
        for used in result.assembly.use_models[use_id].datasets
        for table in used.tables
        if used.dataset == "cohorte-constances" and table.name == "questionnaire_annuel"
        for v in table.variables
        if v.name == "score_cesd"
    )
    assert [row["id"] for row in rows] == expected
    assert {"challenge-constances-sante-travail", "constances-tabac-depression"} <= set(expected)


# --- the reader and the quality figures -------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(small_build: tuple[BuildResult, Path]) -> Catalogue:
    return read_built_graph(small_build[1] / "graph.nt").catalogue


def test_the_reader_gives_each_use_as_written(
    catalogue: Catalogue, small_build: tuple[BuildResult, Path]
) -> None:
    result, _ = small_build
    assert [use.id for use in catalogue.uses] == sorted(result.verdict.valid_uses)
    survival = catalogue.use("survie-cancers-isere")
    assert survival is not None
    model = result.assembly.use_models["survie-cancers-isere"]
    assert (survival.kind, survival.status) == ("project", "finished")
    assert (survival.title, survival.title_en) == (model.title.fr, model.title.en)
    assert survival.legal.authorisation == model.legal.authorisation
    assert survival.period == (str(model.period.start), str(model.period.end))
    assert [o.doi for o in survival.outputs] == [o.doi or "" for o in model.outputs]
    assert [o.kind for o in survival.outputs] == [o.type.value for o in model.outputs]
    assert survival.datasets == ["registre-cancers-isere"]
    assert [o.name for o in survival.organisations] == sorted(o.name.fr for o in model.organisations)
    assert survival.source.endswith("projects/survie-cancers-isere.yaml")
    stage = next(item for item in survival.used if item.variable == "stade_tnm")
    assert stage.years == (2008, 2019)  # its own years
    status = next(item for item in survival.used if item.variable == "statut_vital")
    assert status.years == (1989, 2019)  # the dataset's, inherited
    challenge = catalogue.use("challenge-constances-sante-travail")
    assert challenge is not None and challenge.kind == "challenge"
    assert challenge.submissions == ("2024-03-01", "2024-06-30")
    assert [item.dataset for item in challenge.used if item.opened] == ["cohorte-constances"]


def test_the_uses_of_a_dataset_a_table_and_a_variable(catalogue: Catalogue) -> None:
    def ids(*named: str) -> list[str]:
        return [use.id for use in catalogue.uses_of(*named)]

    assert ids("entrepot-aphp") == ["aphp-antibiotiques-resistances", "aphp-sepsis-entrepot"]
    assert ids("entrepot-aphp", "drug_exposure") == ["aphp-antibiotiques-resistances"]
    assert ids("entrepot-aphp", "visit_occurrence", "care_site_id") == ["aphp-antibiotiques-resistances"]
    assert ids("entrepot-aphp", "person", "death_datetime") == []
    dataset = catalogue.dataset("cohorte-constances")
    assert dataset is not None
    assert [ref.id for ref in dataset.uses] == [use.id for use in catalogue.uses_of("cohorte-constances")]


def test_quality_counts_the_uses_and_those_with_outputs(small_build: tuple[BuildResult, Path]) -> None:
    result, out = small_build
    figures = {entry["dataset"]: entry for entry in json.loads((out / "quality.json").read_text("utf-8"))}
    for dataset_id in result.verdict.valid_datasets:
        uses = [
            result.assembly.use_models[u]
            for u in result.verdict.valid_uses
            if dataset_id in _datasets_of(result, u)
        ]
        expected = {"projects": len(uses), "with_outputs": sum(1 for use in uses if use.outputs)}
        assert figures[dataset_id]["uses"] == expected, dataset_id
        enrichments = next(e for e in figures[dataset_id]["label"] if e["element"] == "enrichments")
        assert (f"{len(uses)} project" in enrichments["en"]) == bool(uses)


# --- a pull request ------------------------------------------------------------------------------


def test_a_pull_request_renaming_a_variable_reports_the_uses_naming_it(
    config: Config, tmp_path: Path
) -> None:
    """`catalogue check`: the use is not touched, but it depends on the changed dataset."""
    src = tmp_path / "catalogue_src"
    for name in HAND_WRITTEN:
        shutil.copytree(SOURCES / name, src / name)
    (src / "projects").mkdir()
    for name in SMALL_USES:
        shutil.copy(PROJECTS / f"{name}.yaml", src / "projects")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "base"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    dataset = src / "registre-cancers-isere" / "dataset.yaml"
    text = dataset.read_text("utf-8")
    dataset.write_text(text.replace("name: stade_tnm", "name: stade_tnm_8", 1), "utf-8")
    outcome = check_change(config, tmp_path, [src], "HEAD")
    found = [
        (Path(p.source).name, p.rule, p.field)
        for p in outcome.problems
        if p.is_error and Path(p.source).name == "survie-cancers-isere.yaml"
    ]
    assert found == [
        ("survie-cancers-isere.yaml", "catalogue:used-item", "use.datasets.0.tables.1.variables.6")
    ]


# --- drafts ---------------------------------------------------------------------------------------


def test_a_draft_text_is_checked_with_located_problems() -> None:
    text = (PROJECTS / "parcours-avc-pmsi.yaml").read_text(encoding="utf-8")
    assert check_use_text(text) == []
    problems = check_use_text(text.replace("status: requested", "status: running"), "draft.yaml")
    assert [(p.source, p.rule, p.field, p.is_error) for p in problems if p.is_error] == [
        ("draft.yaml", "use-authorisation", "use.status", True)
    ]
    unknown = check_use_text(text.replace("kind: project", "kind: study"))
    assert [(p.rule, p.field, p.line) for p in unknown] == [("model:enum", "use.kind", 6)]
    assert check_use_text("dataset: {}\n")  # not a use: said, not a traceback
