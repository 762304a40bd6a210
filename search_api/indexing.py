"""Indexing a build: search documents into the configured backend, the graph into the SPARQL store."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from harvester.config import Config
from harvester.reader.graph_file import USED, Parts, fingerprints
from search_api.documents import SearchDocument, documents_from_graph
from search_api.service import open_backend
from search_api.sparql.endpoint import build_store
from search_api.sparql.remote import load_graph

SHARED = "shared"  # the manifest's entry for what every document reads


def load_sparql(config: Config, graph: Path, build_dir: Path) -> int:
    """The graph into the SPARQL store of the build, or onto the configured SPARQL server."""
    server = config.sparql.server
    if server is None:
        return build_store(graph, build_dir / "sparql")
    prefix = server.graph or f"{config.iri_base()}/graph/catalogue"
    return load_graph(server, prefix, graph, build_dir).triples


@dataclass(frozen=True)
class SearchReport:
    backend: str
    documents: int  # indexed by this run
    read_seconds: float  # telling what changed and reading those documents from the graph
    index_seconds: float
    mode: str  # full | partial | unchanged
    scopes: tuple[str, ...] = ()  # reindexed, when partial


@dataclass(frozen=True)
class IndexReport:
    search: SearchReport
    triples: int  # loaded into the SPARQL store
    store_seconds: float


@dataclass(frozen=True)
class Changes:
    """What a build changed, scope by scope, against what the index holds."""

    manifest: dict[str, str]  # the new one: "shared" and each scope's fingerprint
    changed: frozenset[str]  # scopes added or modified
    removed: frozenset[str]  # scopes the graph no longer has
    full: bool  # everything is to be read again (no usable manifest, or the shared part changed)


def changes_of(graph: Path, previous: dict[str, str] | None, this_year: int) -> Changes:
    """Scopes whose fingerprint differs from the manifest kept with the index. The shared part
    (publishers, vocabularies, code list descriptions, laws) and the year (it bounds open periods)
    enter every document: when they change, everything does. A use changed, added or removed changes
    the datasets it names, before and after (their tables and variables count their uses)."""
    found = fingerprints(graph)
    manifest = {
        SHARED: f"{found.shared}:{this_year}",
        **{f"dataset:{name}": digest for name, digest in found.datasets.items()},
        **{f"codelist:{name}": digest for name, digest in found.codelists.items()},
        # The datasets named are kept with the digest: once the use is gone, they are still known.
        **{
            f"use:{name}": " ".join((digest, *sorted(found.used_datasets[name])))
            for name, digest in found.uses.items()
        },
    }
    if previous is None or previous.get(SHARED) != manifest[SHARED]:
        return Changes(manifest, frozenset(manifest) - {SHARED}, frozenset(), full=True)
    changed = {scope for scope, digest in manifest.items() if previous.get(scope) != digest}
    removed = frozenset(previous) - frozenset(manifest)
    named = {
        f"dataset:{dataset}"
        for scope in changed | removed
        if scope.startswith("use:")
        for entry in (manifest.get(scope), previous.get(scope))
        if entry
        for dataset in entry.split()[1:]
    }
    changed |= named & frozenset(manifest)
    return Changes(manifest, frozenset(changed), removed, full=False)


def index_build(config: Config, build_dir: Path, *, full: bool = False) -> IndexReport:
    """The search index (see index_search), then the SPARQL store."""
    search = index_search(config, build_dir, full=full)
    started = time.perf_counter()
    triples = load_sparql(config, build_dir / "graph.nt", build_dir)
    return IndexReport(search, triples, time.perf_counter() - started)


def index_search(config: Config, build_dir: Path, *, full: bool = False) -> SearchReport:
    """Only the datasets and code lists the build changed, unless `full` or the index cannot tell
    (then everything, behind an alias swap on a cluster). Raises SearchUnavailable when the backend
    cannot take the documents."""
    graph = build_dir / "graph.nt"
    started = time.perf_counter()
    backend = open_backend(config, build_dir)
    scopes: tuple[str, ...] = ()
    try:
        found = changes_of(graph, None if full else backend.manifest(), date.today().year)
        if found.full:
            documents = documents_from_graph(graph)
            read = time.perf_counter()
            count = backend.replace_all(documents, found.manifest)
            mode = "full"
        else:
            documents = _documents_of(graph, found)
            read = time.perf_counter()
            scopes = tuple(sorted(found.changed | found.removed))
            count = backend.replace_scopes(scopes, documents, found.manifest) if scopes else 0
            mode = "partial" if scopes else "unchanged"
    finally:
        backend.close()
    return SearchReport(backend.name, count, read - started, time.perf_counter() - read, mode, scopes)


def _documents_of(graph: Path, found: Changes) -> list[SearchDocument]:
    """The documents of the changed scopes alone, read from their part of the graph."""
    if not found.changed:
        return []
    datasets = frozenset(s.removeprefix("dataset:") for s in found.changed if s.startswith("dataset:"))
    codelists = frozenset(s.removeprefix("codelist:") for s in found.changed if s.startswith("codelist:"))
    used = {
        scope.removeprefix("codelist:") for scope, digest in found.manifest.items() if digest.endswith(USED)
    }
    documents = documents_from_graph(graph, Parts(datasets, codelists), used_lists=used)
    return [document for document in documents if document.scope in found.changed]
