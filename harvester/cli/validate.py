"""`catalogue validate [PATH …]`: structure, then SHACL rules. Exit 1 when errors are found."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import ConfigOption, FormatOption, OutputFormat, SourcePaths, err
from harvester.config import DEFAULT_CONFIG
from harvester.core.report import render
from harvester.pipeline.build import BuildResult, check, check_named
from harvester.sources.catalogue_source import find_source_files


class Profile(StrEnum):
    PRODUCER = "producer"
    OFFICIAL = "official"


def validate(
    paths: SourcePaths = None,
    output_format: FormatOption = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
    cache: Annotated[Path | None, typer.Option(help="Cache folder for per-dataset results.")] = Path(
        "build/cache"
    ),
    profile: Annotated[
        Profile,
        typer.Option(
            help="producer: our rules (harvested records: the official ones); official: also judge our "
            "datasets by DCAT-AP 3.0.1 and the HealthDCAT-AP R8 tier of their access rights."
        ),
    ] = Profile.PRODUCER,
) -> None:
    """Check producer files: structure, then SHACL rules. Exit 1 when errors are found."""
    config = options.configuration(config_path)
    chosen = options.sources(config, paths)
    official = profile is Profile.OFFICIAL
    if paths:  # these files, in their catalogue: references resolve against the other files
        result = check_named(config, chosen, cache, official=official)
    else:
        result = check(config, chosen, cache, options.harvested(config), official=official)
    typer.echo(render(result.problems, output_format.value))
    if output_format is OutputFormat.TEXT:
        err.print(_summary(result, len(find_source_files(chosen))))
    raise typer.Exit(0 if result.ok else 1)


def _summary(result: BuildResult, files: int) -> str:
    verdict = result.verdict
    errors = [p for p in result.problems if p.is_error]
    failing = len({p.source for p in errors})
    invalid = len(verdict.invalid_datasets) + len(verdict.invalid_codelists) + len(verdict.invalid_uses)
    return (
        f"{files} file(s) checked: {len(verdict.valid_datasets)} dataset(s), {len(verdict.valid_codelists)} "
        f"code list(s) and {len(verdict.valid_uses)} use(s) valid, {invalid} invalid; "
        f"{len(errors)} error(s) in {failing} file(s), {len(result.problems) - len(errors)} warning(s)."
    )
