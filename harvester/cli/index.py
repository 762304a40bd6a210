"""`catalogue index`: the built graph into the search backend and the SPARQL store."""

from __future__ import annotations

from harvester.cli import options
from harvester.cli.options import BuildOption, ConfigOption, err
from harvester.config import DEFAULT_CONFIG


def index_command(build_dir: BuildOption = None, config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Index the built graph for search, with the configured backend (default: embedded tantivy)."""
    from search_api.backend import SearchUnavailable
    from search_api.indexing import index_build
    from search_api.sparql.errors import SparqlError, SparqlTimeout, SparqlWorkerLost

    config = options.configuration(config_path)
    build = options.build_folder(config, build_dir)
    options.existing_file(build / "graph.nt")
    try:
        report = index_build(config, build)
    except (SearchUnavailable, SparqlError, SparqlTimeout, SparqlWorkerLost) as error:
        options.fail(str(error), 1)
    err.print(
        f"Indexed {report.documents:,} documents with {report.backend} in "
        f"{report.read_seconds + report.index_seconds:.1f} s (read from the graph {report.read_seconds:.1f} s)."
    )
    err.print(f"Loaded {report.triples:,} triples into the SPARQL store in {report.store_seconds:.1f} s.")
