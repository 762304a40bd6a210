"""Reindexing after a build: only the datasets and code lists it changed, on every backend, with the
same results as a full rebuild; what changed is told from fingerprints of the graph's parts."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import tantivy
from support.backends import BACKENDS

from harvester.config import Config, SearchSettings
from harvester.pipeline.build import BuildResult
from search_api.documents import documents_from_graph
from search_api.indexing import changes_of, index_search
from search_api.service import SearchParameters, SearchService, open_backend

BASE = "https://catalogue.example.org"
CHANGED = "cohorte-constances"
TITLE = re.compile(rb"^(<[^>]*/dataset/cohorte-constances> <http://purl.org/dc/terms/title> \")", re.M)
BIG_LIST = 500  # codes: lists longer than this are left out of the graph these tests index
USE = "anticoagulants-oraux-saignements"  # names variables of PMSI MCO and DCIR
USE_TITLE = re.compile(
    rb"^(<[^>]*/use/anticoagulants-oraux-saignements> <http://purl.org/dc/terms/title> \")", re.M
)
QUERIES = [
    "cohorte",
    "Constances révisé",
    "anticoagulants révisé",
    "pharmacie",
    "naissance",
    "diabète",
    "E11",
    "sexe",
    "",
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line} .\n" for line in lines), encoding="utf-8")
    return path


def _tiny_graph(
    path: Path,
    title: str = "Cohorte",
    label: str = "Homme",
    used: bool = True,
    project: list[str] | None = None,
) -> Path:
    uses = [
        f"<{BASE}/dataset/a/table/t/variable/v> <https://w3id.org/health-data-catalogue/ns#codeList> <{BASE}/codelist/sexe>"
    ]
    if project is None:  # a use of the data naming a variable of dataset a
        project = [
            f'<{BASE}/use/p> <http://purl.org/dc/terms/title> "Projet"@fr',
            f"<{BASE}/use/p#usage-1> <http://www.w3.org/ns/prov#entity> <{BASE}/dataset/a/table/t/variable/v>",
        ]
    return _write(
        path,
        [
            f'<{BASE}/dataset/a> <http://purl.org/dc/terms/title> "{title}"@fr',
            f'<{BASE}/dataset/b> <http://purl.org/dc/terms/title> "Registre"@fr',
            *(uses if used else []),
            *project,
            f'<{BASE}/codelist/sexe> <http://purl.org/dc/terms/identifier> "sexe"',
            f'<{BASE}/codelist/sexe/code/1> <http://www.w3.org/2004/02/skos/core#prefLabel> "{label}"@fr',
            f'<{BASE}/catalogue> <http://purl.org/dc/terms/modified> "2026-12-02"^^<http://www.w3.org/2001/XMLSchema#date>',
        ],
    )


def test_one_changed_dataset_is_the_only_change(tmp_path: Path) -> None:
    before = changes_of(_tiny_graph(tmp_path / "before.nt"), None, 2026)
    assert before.full
    after = changes_of(_tiny_graph(tmp_path / "after.nt", title="Cohorte révisée"), before.manifest, 2026)
    assert not after.full and after.changed == {"dataset:a"} and not after.removed


def test_a_code_list_changes_with_its_codes_and_with_its_use(tmp_path: Path) -> None:
    before = changes_of(_tiny_graph(tmp_path / "before.nt"), None, 2026).manifest
    relabelled = changes_of(_tiny_graph(tmp_path / "relabelled.nt", label="Masculin"), before, 2026)
    assert relabelled.changed == {"codelist:sexe"}
    # No variable uses the list any more: its codes are no longer linked, so they change too.
    unused = changes_of(_tiny_graph(tmp_path / "unused.nt", used=False), before, 2026)
    assert unused.changed == {"dataset:a", "codelist:sexe"}


def test_the_catalogue_record_dated_at_each_build_changes_nothing(tmp_path: Path) -> None:
    graph = _tiny_graph(tmp_path / "graph.nt")
    before = changes_of(graph, None, 2026).manifest
    graph.write_text(graph.read_text().replace("2026-12-02", "2026-12-03"), encoding="utf-8")
    assert not changes_of(graph, before, 2026).changed


def test_a_removed_dataset_is_removed_and_a_new_year_reads_everything(tmp_path: Path) -> None:
    before = changes_of(_tiny_graph(tmp_path / "graph.nt"), None, 2026).manifest
    lines = [line for line in (tmp_path / "graph.nt").read_text().splitlines() if "/dataset/b>" not in line]
    (tmp_path / "fewer.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fewer = changes_of(tmp_path / "fewer.nt", before, 2026)
    assert fewer.removed == {"dataset:b"} and not fewer.changed
    # Open periods end at this year: another year, other documents.
    assert changes_of(tmp_path / "graph.nt", before, 2027).full


def test_a_changed_use_changes_itself_and_the_datasets_it_names_before_and_after(tmp_path: Path) -> None:
    before = changes_of(_tiny_graph(tmp_path / "before.nt"), None, 2026).manifest
    retitled = [
        f'<{BASE}/use/p> <http://purl.org/dc/terms/title> "Projet révisé"@fr',
        f"<{BASE}/use/p#usage-1> <http://www.w3.org/ns/prov#entity> <{BASE}/dataset/a/table/t/variable/v>",
    ]
    after = changes_of(_tiny_graph(tmp_path / "retitled.nt", project=retitled), before, 2026)
    assert not after.full and after.changed == {"use:p", "dataset:a"}
    # Moved from dataset a to dataset b: a loses a use, b gains one.
    moved = [retitled[0], f"<{BASE}/use/p#usage-1> <http://www.w3.org/ns/prov#entity> <{BASE}/dataset/b>"]
    assert changes_of(_tiny_graph(tmp_path / "moved.nt", project=moved), before, 2026).changed == {
        "use:p",
        "dataset:a",
        "dataset:b",
    }
    gone = changes_of(_tiny_graph(tmp_path / "gone.nt", project=[]), before, 2026)
    assert not gone.full and gone.removed == {"use:p"} and gone.changed == {"dataset:a"}


# --- on every backend, over the demo graph ----------------------------------------------------------


@pytest.fixture(scope="module")
def graph(demo_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo graph without the codes of its biggest lists: every dataset, fewer codes to index."""
    lines = (demo_build[1] / "graph.nt").read_bytes().splitlines(keepends=True)
    code = re.compile(rb"^<[^>]*/codelist/([^/>]+)/code/")
    sizes = Counter(m.group(1) for line in lines if (m := code.match(line)))
    kept = [line for line in lines if not ((m := code.match(line)) and sizes[m.group(1)] > BIG_LIST)]
    path = tmp_path_factory.mktemp("graph") / "graph.nt"
    path.write_bytes(b"".join(kept))
    return path


def _build_folder(folder: Path, graph: Path, changed: tuple[re.Pattern[bytes], ...]) -> Path:
    """A build of the graph with the titles these patterns find changed."""
    folder.mkdir(parents=True, exist_ok=True)
    data = graph.read_bytes()
    for title in changed:
        data, replaced = title.subn(lambda m: m.group(1) + "Révisé : ".encode(), data)
        assert replaced
    (folder / "graph.nt").write_bytes(data)
    return folder


def _config(config: Config, name: str, request: pytest.FixtureRequest, alias: str) -> Config:
    if name == "tantivy":
        return config
    search = SearchSettings(backend=name, url=request.getfixturevalue(f"{name}_url"), index=alias)
    return config.model_copy(update={"search": search})


@pytest.fixture(scope="module", params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Builds:
    """A build indexed incrementally (changed by the test) and its changed state rebuilt in full."""

    partial: Config
    folder: Path
    full: Config
    rebuilt_folder: Path
    dataset_changed: Path  # the graph with one dataset's title changed


@pytest.fixture
def builds(
    backend_name: str, config: Config, request: pytest.FixtureRequest, tmp_path: Path, graph: Path
) -> Builds:
    return Builds(
        _config(config, backend_name, request, "incremental"),
        _build_folder(tmp_path / "a", graph, ()),
        _config(config, backend_name, request, "rebuilt"),
        _build_folder(tmp_path / "b", graph, (TITLE, USE_TITLE)),
        _build_folder(tmp_path / "c", graph, (TITLE,)) / "graph.nt",
    )


def test_reindexing_one_changed_dataset_touches_only_its_documents(
    backend_name: str, builds: Builds, request: pytest.FixtureRequest
) -> None:
    first = index_search(builds.partial, builds.folder, full=True)
    assert first.mode == "full" and first.documents > 10_000
    again = index_search(builds.partial, builds.folder)
    assert (again.mode, again.documents) == ("unchanged", 0)
    shutil.copyfile(builds.dataset_changed, builds.folder / "graph.nt")

    changed = index_search(builds.partial, builds.folder)

    documents = documents_from_graph(builds.folder / "graph.nt")
    mine = [d for d in documents if d.scope == f"dataset:{CHANGED}"]
    assert changed.mode == "partial" and changed.scopes == (f"dataset:{CHANGED}",)
    assert changed.documents == len(mine) > 10
    # The engine's own record: the changed dataset's documents were indexed again, no other.
    other = next(d.id for d in documents if d.dataset == "snds-dcir")
    changed_stamp, other_stamp = _indexed(backend_name, builds, request, [mine[0].id, other])
    assert changed_stamp > other_stamp
    # A use retitled: its document and those of the datasets it names, which count their uses.
    shutil.copyfile(builds.rebuilt_folder / "graph.nt", builds.folder / "graph.nt")
    retitled = index_search(builds.partial, builds.folder)
    assert retitled.scopes == ("dataset:snds-dcir", "dataset:snds-pmsi-mco", f"use:{USE}")
    # The same index as a full rebuild of the changed build: counts, facets, the documents found.
    index_search(builds.full, builds.rebuilt_folder, full=True)
    engines = [open_backend(builds.partial, builds.folder), open_backend(builds.full, builds.rebuilt_folder)]
    incremental, rebuilt = (SearchService(engine) for engine in engines)
    try:
        assert incremental.health().documents == rebuilt.health().documents
        for query in QUERIES:
            left, right = (s.search(SearchParameters(q=query, size=100)) for s in (incremental, rebuilt))
            assert (left.total, left.complete, left.facets) == (right.total, right.complete, right.facets)
            if left.total <= 100:
                assert {hit.id for hit in left.results} == {hit.id for hit in right.results}, query
        # Listings too, across the changed dataset's documents and the others'.
        for listing in ({"type": ("table",)}, {"type": ("variable",), "dataset": (CHANGED, "snds-dcir")}):
            for page in (1, 2):
                left, right = (
                    s.search(SearchParameters(filters=listing, page=page, size=50))
                    for s in (incremental, rebuilt)
                )
                assert [hit.id for hit in left.results] == [hit.id for hit in right.results], listing
    finally:
        for engine in engines:
            engine.close()


def _indexed(name: str, builds: Builds, request: pytest.FixtureRequest, ids: list[str]) -> list[int]:
    """When each document of the incremental build was indexed, as the engine stored it."""
    if name == "tantivy":
        index = tantivy.Index.open(str(builds.folder / "search" / "tantivy"))
        searcher = index.searcher()
        schema = index.schema
        stamps = []
        for iri in ids:
            (_, address), *_ = searcher.search(tantivy.Query.term_query(schema, "id", iri), 1).hits
            stamps.append(int(searcher.doc(address)["indexed"][0]))
        return stamps
    url = request.getfixturevalue(f"{name}_url")
    if name == "elasticsearch":
        from elasticsearch import Elasticsearch

        client = Elasticsearch(url)
    else:
        from opensearchpy import OpenSearch

        client = OpenSearch(hosts=[url])
    return [int(client.get(index=builds.partial.search.index, id=iri)["_source"]["indexed"]) for iri in ids]
