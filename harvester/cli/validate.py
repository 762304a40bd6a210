"""`catalogue validate [PATH …]`: structure, then SHACL rules. Exit 1 when errors are found."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import ConfigOption, FormatOption, OutputFormat, SourcePaths, err
from harvester.config import DEFAULT_CONFIG
from harvester.core.report import render
from harvester.pipeline.build import check


def validate(
    paths: SourcePaths = None,
    output_format: FormatOption = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
    cache: Annotated[Path | None, typer.Option(help="Cache folder for per-dataset results.")] = Path(
        "build/cache"
    ),
) -> None:
    """Check producer files: structure, then SHACL rules. Exit 1 when errors are found."""
    config = options.configuration(config_path)
    result = check(config, options.sources(config, paths), cache, options.harvested(config))
    typer.echo(render(result.problems, output_format.value))
    if output_format is OutputFormat.TEXT:
        summary = result.summary()
        err.print(
            f"{len(result.verdict.valid_datasets)} valid dataset(s), "
            f"{len(result.verdict.invalid_datasets)} invalid; "
            f"{summary['errors']} error(s), {summary['warnings']} warning(s)."
        )
    raise typer.Exit(0 if result.ok else 1)
