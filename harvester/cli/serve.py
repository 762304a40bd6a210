"""`catalogue serve`: the API, the DCAT feed, the IRIs, SPARQL and the site of a build."""

from __future__ import annotations

from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import BuildOption, ConfigOption, err
from harvester.config import DEFAULT_CONFIG


def serve_command(
    build_dir: BuildOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Serve the search API on http://HOST:PORT/api/ (OpenAPI at /docs)."""
    import uvicorn

    from search_api.api import create_app
    from search_api.linked_data import open_linked_data
    from search_api.selection_api import SelectionData
    from search_api.server import guard_limits, server_config
    from search_api.service import SearchService, open_backend

    config = options.configuration(config_path)
    build = options.build_folder(config, build_dir)
    options.existing_file(build / "dcat" / "catalog.nt")
    service = SearchService(open_backend(config, build))
    health = service.health()  # the index's schema version, checked before serving
    if health.status != "ready":
        err.print(f"Search is not ready: {health.message}. /api/health says so until it is.")
    served_at = f"http://{host}:{port}"
    err.print(
        f"Serving on {served_at}/ — API under /api/ (OpenAPI at /docs), DCAT feed at /catalog, SPARQL at /sparql"
    )
    linked_data = open_linked_data(config, build, served_at)
    selection = SelectionData(build / "graph.nt", config.access_bodies)
    selection.preload()
    app = create_app(service, linked_data, guard_limits(config.server), selection)
    uvicorn.Server(server_config(app, host, port, config.server)).run()
