"""`catalogue index`: the built graph into the search backend and the SPARQL store."""

from __future__ import annotations

from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import BuildOption, ConfigOption, err
from harvester.config import DEFAULT_CONFIG

FullOption = Annotated[
    bool, typer.Option("--full", help="Reindex everything (a new index behind the alias on a cluster).")
]


def index_command(
    build_dir: BuildOption = None, config_path: ConfigOption = DEFAULT_CONFIG, full: FullOption = False
) -> None:
    """Index the built graph for search, with the configured backend (default: embedded tantivy): the
    datasets and code lists the build changed, or everything the first time and with --full."""
    from search_api.backend import SearchUnavailable
    from search_api.indexing import index_build
    from search_api.sparql.errors import SparqlError, SparqlTimeout, SparqlWorkerLost

    config = options.configuration(config_path)
    build = options.build_folder(config, build_dir)
    options.existing_file(build / "graph.nt")
    try:
        report = index_build(config, build, full=full)
    except (SearchUnavailable, SparqlError, SparqlTimeout, SparqlWorkerLost) as error:
        options.fail(str(error), 1)
    search = report.search
    what = {
        "full": "all documents",
        "partial": f"the documents of {len(search.scopes)} changed part(s): {_listed(search.scopes)}",
        "unchanged": "nothing: the build changed no dataset nor code list",
    }[search.mode]
    err.print(
        f"Indexed {search.documents:,} documents with {search.backend} ({what}) in "
        f"{search.read_seconds + search.index_seconds:.1f} s (read from the graph {search.read_seconds:.1f} s)."
    )
    err.print(f"Loaded {report.triples:,} triples into the SPARQL store in {report.store_seconds:.1f} s.")


def _listed(scopes: tuple[str, ...], shown: int = 5) -> str:
    return ", ".join(scopes[:shown]) + (f" and {len(scopes) - shown} more" if len(scopes) > shown else "")
