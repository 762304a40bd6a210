"""The `catalogue` command line. Exit codes: 0 ok, 1 invalid input found, 2 usage error."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harvester.build import build, check
from harvester.config import DEFAULT_CONFIG, Config, ConfigError, load_config
from harvester.model.file import json_schema_text
from harvester.problems import render

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
    result = check(config, _sources(config, paths), cache)
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
        result = build(config, _sources(config, paths), out_dir)
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


if __name__ == "__main__":
    app()
