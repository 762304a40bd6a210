"""The `catalogue` command line. Exit codes: 0 ok, 1 invalid input found, 2 usage error."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harvester.build import build, check
from harvester.config import DEFAULT_CONFIG, Config, ConfigError, load_config
from harvester.importers.import_tableschema import ImportRequest, import_tableschema
from harvester.model.file import json_schema_text
from harvester.pr_check import GitError, check_change, check_json, report_markdown
from harvester.problems import render
from harvester.publish.site import site_command
from harvester.remote.command import harvest_command
from harvester.remote.source import sources_for_urls
from harvester.remote.store import harvested_files
from harvester.scaffold import ScaffoldError, scaffold_dataset
from search_api.api import create_app
from search_api.commands import BuildOption, index_catalogue, linked_data, print_results, search_catalogue
from search_api.service import SearchService, open_backend

app = typer.Typer(
    help="Health data catalogue: producer YAML → DCAT-AP 3 / HealthDCAT-AP graph, validation and outputs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


ConfigOption = Annotated[Path, typer.Option("--config", help="Configuration file.")]


def _config(path: Path) -> Config:
    try:
        return load_config(path)
    except ConfigError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


def _sources(config: Config, paths: list[Path] | None) -> list[Path]:
    chosen = paths or config.sources
    missing = [p for p in chosen if not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    return chosen


def _harvested(config: Config) -> list[Path]:
    """The last good harvest of each configured source (a one-off URL harvest stays out)."""
    return harvested_files(config.build_dir / "harvest", [source.id for source in config.harvest])


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the configured sources).")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Report format.")
    ] = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
    cache: Annotated[Path | None, typer.Option(help="Cache folder for per-dataset results.")] = Path(
        "build/cache"
    ),
) -> None:
    """Check producer files: structure, then SHACL rules. Exit 1 when errors are found."""
    config = _config(config_path)
    result = check(config, _sources(config, paths), cache, _harvested(config))
    typer.echo(render(result.problems, output_format.value))
    if output_format is OutputFormat.TEXT:
        summary = result.summary()
        err.print(
            f"{len(result.verdict.valid_datasets)} valid dataset(s), "
            f"{len(result.verdict.invalid_datasets)} invalid; "
            f"{summary['errors']} error(s), {summary['warnings']} warning(s)."
        )
    raise typer.Exit(0 if result.ok else 1)


@app.command("build")
def build_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the configured sources).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: build/).")] = None,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Build the graph, the DCAT feed and the validation report. Invalid datasets are left out (exit 1)."""
    config = _config(config_path)
    out_dir = out or config.build_dir
    with err.status("Building the catalogue…"):
        result = build(
            config, _sources(config, paths), out_dir, harvested_files(config.build_dir / "harvest")
        )
    if result.problems:
        typer.echo(render(result.problems, "text"))
    summary = result.summary()
    err.print(
        f"Published {len(result.verdict.valid_datasets)} dataset(s) and {summary['published_codelists']} code "
        f"list(s), {summary['triples']} triples, in {out_dir}/ (graph.nt, dcat/catalog.ttl|jsonld|rdf, "
        "validation.json)."
    )
    if summary["left_out_datasets"] or summary["left_out_codelists"]:
        err.print(f"[red]Left out:[/red] {summary['left_out_datasets']} {summary['left_out_codelists']}")
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", help="Where to write the JSON Schema.")] = Path(
        "catalogue_src/catalogue.schema.json"
    ),
) -> None:
    """Write the JSON Schema of producer files (for editors' autocompletion)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json_schema_text(), encoding="utf-8")
    err.print(f"JSON Schema written to {out}")


@app.command("check")
def check_command(
    base: Annotated[str, typer.Option("--base", help="Git revision to compare with, e.g. origin/main.")],
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the configured sources).")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Report format.")
    ] = OutputFormat.MARKDOWN,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Validate what changed since BASE (and what depends on it); report problems, diff and quality."""
    config = _config(config_path)
    try:
        outcome = check_change(config, Path.cwd(), _sources(config, paths), base)
    except GitError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    if output_format is OutputFormat.MARKDOWN:
        typer.echo(report_markdown(outcome))
    elif output_format is OutputFormat.JSON:
        typer.echo(json.dumps(check_json(outcome), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(outcome.problems, "text"))
        for change in outcome.diff.changes:
            typer.echo(change.as_text())
    raise typer.Exit(0 if outcome.ok else 1)


@app.command("harvest")
def harvest(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="Catalogue URLs (default: the sources configured under `harvest:`)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Default: build/harvest/.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Report format.")
    ] = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Harvest other catalogues' DCAT feeds. Exit 1 when a problem is an error."""
    config = _config(config_path)
    try:
        sources = sources_for_urls(urls, config.harvest) if urls else config.harvest
    except ValueError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    target = out or config.build_dir / "harvest"
    raise typer.Exit(harvest_command(sources, target, config.iri_base(), output_format=output_format.value))


@app.command("index")
def index_command(build_dir: BuildOption = None, config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Index the built graph for search, with the configured backend (default: embedded tantivy)."""
    config = _config(config_path)
    index_catalogue(config, build_dir or config.build_dir)


@app.command("search")
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
    config = _config(config_path)
    print_results(search_catalogue(config, build_dir or config.build_dir, query, types or [], limit), as_json)


@app.command("serve")
def serve_command(
    build_dir: BuildOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Serve the search API on http://HOST:PORT/api/ (OpenAPI at /docs)."""
    import uvicorn

    config = _config(config_path)
    build = build_dir or config.build_dir
    service = SearchService(open_backend(config, build))
    err.print(
        f"Serving on http://{host}:{port}/ — API under /api/ (OpenAPI at /docs), DCAT feed at /catalog, "
        "SPARQL at /sparql"
    )
    app = create_app(service, linked_data(config, build))
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


app.command("site")(site_command)

new_app = typer.Typer(help="Scaffold producer files.", no_args_is_help=True)
app.add_typer(new_app, name="new")


@new_app.command("dataset")
def new_dataset(
    dataset_id: Annotated[str, typer.Argument(help="Identifier: lower case, digits, - _ .")],
    out: Annotated[Path, typer.Option("--out", help="Folder of producer files.")] = Path("catalogue_src"),
) -> None:
    """Write OUT/ID/dataset.yaml: a valid, commented dataset to fill in."""
    try:
        target = scaffold_dataset(dataset_id, out)
    except ScaffoldError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    err.print(f"Written {target}: fill it in, then `catalogue validate {target}`.")


import_app = typer.Typer(help="Convert other dictionary formats into producer files.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("tableschema")
def import_tableschema_command(
    source: Annotated[
        Path, typer.Argument(help="Folder of Frictionless Table Schema JSON files, or a datapackage.json.")
    ],
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset id (the prefix, with --per-product).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder, e.g. catalogue_src/<id>/.")],
    nomenclatures: Annotated[
        Path | None, typer.Option(help="Folder of nomenclature descriptors (*.json) and their CSVs.")
    ] = None,
    per_product: Annotated[
        bool, typer.Option("--per-product", help="One dataset per `produit` value: <dataset>-<product>.")
    ] = False,
    repository: Annotated[str | None, typer.Option(help="Upstream repository URL (provenance).")] = None,
    commit: Annotated[str | None, typer.Option(help="Upstream commit (provenance).")] = None,
    licence: Annotated[str | None, typer.Option(help="SPDX id of the upstream licence.")] = None,
    force: Annotated[bool, typer.Option(help="Replace generated parts even if edited by hand.")] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Format of the warnings.")
    ] = OutputFormat.TEXT,
) -> None:
    """Import Table Schema dictionaries. Exit 1 when an edited file would be overwritten."""
    missing = [str(p) for p in (source, nomenclatures) if p is not None and not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    request = ImportRequest(
        source, dataset, out, nomenclatures, per_product, repository, commit, licence, force
    )
    with err.status("Importing…"):
        result = import_tableschema(request)
    if result.problems:
        typer.echo(render(result.problems, output_format.value))
    outcome = result.outcome
    if outcome.refused:
        for message in outcome.refused:
            typer.echo(f"refused: {message}", err=True)  # unwrapped: one file per line, paths whole
        typer.echo(
            "Nothing was written. Move your edits to the source (or above the generated line), "
            "or re-run with --force to replace them.",
            err=True,
        )
        raise typer.Exit(1)
    counts = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in result.counts.items())
    err.print(
        f"Imported {counts}; {len(outcome.written)} file(s) written, {len(outcome.unchanged)} unchanged, "
        f"{len(result.problems)} warning(s)."
    )
    for stale in outcome.stale:
        err.print(
            f"[yellow]stale:[/yellow] {out / stale} is no longer produced by the import; delete it if so."
        )


if __name__ == "__main__":
    app()
