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
    year_from: Annotated[
        int | None, typer.Option("--from", help="Available in at least one year from this one.")
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--to", help="Available in at least one year up to this one.")
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
        parameters = SearchParameters(query, filters, None, 1, limit, year_from, year_to)
        result = SearchService(backend).search(parameters)
    except QueryError as error:
        options.fail(str(error), 2)
    except SearchUnavailable as error:
        options.fail(str(error), 1)
    finally:
        backend.close()
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
        return
    closest = (
        f", {result.total - result.complete} closest (not every word)"
        if result.complete < result.total
        else ""
    )
    typer.echo(f"{result.total} result(s){closest}")
    for hit in result.results:
        where = "/".join(part for part in (hit.dataset, hit.table, hit.code_list or "") if part)
        typer.echo(f"  {hit.type:<8} {where:<45} {hit.name:<20} {hit.label}")
        for reason in hit.evidence:
            typer.echo(f"{'':<13}↳ {reason.text_en}")
