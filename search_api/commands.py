"""`catalogue index`, `catalogue search` and `catalogue serve`: the search stage on the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harvester.config import Config
from harvester.graph.iris import Iris
from search_api.backend import SearchUnavailable
from search_api.documents import documents_from_graph
from search_api.feed import Feed
from search_api.linked_data import LinkedData
from search_api.query_plan import QueryError
from search_api.service import SearchParameters, SearchService, open_backend
from search_api.sparql import SparqlEndpoint, build_store

err = Console(stderr=True)
BuildOption = Annotated[Path | None, typer.Option("--build", help="Build folder (default: build/).")]


def _graph_file(build_dir: Path) -> Path:
    graph = build_dir / "graph.nt"
    if not graph.is_file():
        err.print(f"[red]error:[/red] {graph} does not exist: run `catalogue build` first")
        raise typer.Exit(2)
    return graph


def index_catalogue(config: Config, build_dir: Path) -> int:
    started = time.perf_counter()
    documents = documents_from_graph(_graph_file(build_dir))
    extracted = time.perf_counter()
    backend = open_backend(config, build_dir)
    try:
        count = backend.replace_all(documents)
    except SearchUnavailable as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        backend.close()
    err.print(
        f"Indexed {count:,} documents with {backend.name} in {time.perf_counter() - started:.1f} s "
        f"(read from the graph {extracted - started:.1f} s)."
    )
    # The graph is read a second time on purpose: extracting the documents from this on-disk store
    # took 30 s on the SNDS demo, against 17–20 s for loading it in memory and querying there.
    started = time.perf_counter()
    triples = build_store(_graph_file(build_dir), build_dir / "sparql")
    err.print(f"Loaded {triples:,} triples into the SPARQL store in {time.perf_counter() - started:.1f} s.")
    return count


def linked_data(config: Config, build_dir: Path) -> LinkedData:
    """The feed, IRIs and SPARQL of a build, for `catalogue serve`."""
    feed_file = build_dir / "dcat" / "catalog.nt"
    if not feed_file.is_file():
        err.print(f"[red]error:[/red] {feed_file} does not exist: run `catalogue build` first")
        raise typer.Exit(2)
    store = build_dir / "sparql"
    return LinkedData(
        Feed(feed_file, str(Iris(config.iri_base()).catalogue())),
        config.iri_base(),
        SparqlEndpoint(store) if store.is_dir() else None,
        config.public_base_url,
        build_dir / "site",
    )


def search_catalogue(
    config: Config, build_dir: Path, query: str, types: list[str], limit: int
) -> dict[str, object]:
    backend = open_backend(config, build_dir)
    try:
        service = SearchService(backend)
        filters = {"type": tuple(types)} if types else {}
        return service.search(SearchParameters(query, filters, None, 1, limit))
    except QueryError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    except SearchUnavailable as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        backend.close()


def print_results(result: dict[str, object], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{result['total']} result(s)")
    for hit in result["results"]:  # type: ignore[attr-defined]
        where = "/".join(part for part in (hit["dataset"], hit["table"], hit.get("code_list", "")) if part)
        typer.echo(f"  {hit['type']:<8} {where:<45} {hit['name']:<20} {hit['label']}")
