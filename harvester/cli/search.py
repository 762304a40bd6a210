"""`catalogue search QUERY`: searches as the API does."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import BuildOption, ConfigOption
from harvester.config import DEFAULT_CONFIG


def search_command(
    query: Annotated[str, typer.Argument(help="Words to search.")],
    build_dir: BuildOption = None,
    types: Annotated[
        list[str] | None, typer.Option("--type", help="dataset, table, variable or code.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Search the index, as the API does."""
    from search_api.backend import SearchUnavailable
    from search_api.query_plan import QueryError
    from search_api.service import SearchParameters, SearchService, open_backend

    config = options.configuration(config_path)
    backend = open_backend(config, options.build_folder(config, build_dir))
    try:
        filters = {"type": tuple(types)} if types else {}
        result = SearchService(backend).search(SearchParameters(query, filters, None, 1, limit))
    except QueryError as error:
        options.fail(str(error), 2)
    except SearchUnavailable as error:
        options.fail(str(error), 1)
    finally:
        backend.close()
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{result.total} result(s)")
    for hit in result.results:
        where = "/".join(part for part in (hit.dataset, hit.table, hit.code_list or "") if part)
        typer.echo(f"  {hit.type:<8} {where:<45} {hit.name:<20} {hit.label}")
