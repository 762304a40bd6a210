"""`catalogue check --base REF`: what a pull request changes, validated, with the diff and quality."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import ConfigOption, FormatOption, OutputFormat, SourcePaths
from harvester.config import DEFAULT_CONFIG
from harvester.core.problems import ProblemError
from harvester.core.report import render


def check_command(
    base: Annotated[str, typer.Option("--base", help="Git revision to compare with, e.g. origin/main.")],
    paths: SourcePaths = None,
    output_format: FormatOption = OutputFormat.MARKDOWN,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Validate what changed since BASE (and what depends on it); report problems, diff and quality."""
    from harvester.review.change_check import check_change, check_json, report_markdown

    config = options.configuration(config_path)
    try:
        outcome = check_change(config, Path.cwd(), options.sources(config, paths), base)
    except ProblemError as error:
        options.refuse(error)
    if output_format is OutputFormat.MARKDOWN:
        typer.echo(report_markdown(outcome))
    elif output_format is OutputFormat.JSON:
        typer.echo(json.dumps(check_json(outcome), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(sorted([*outcome.problems, *outcome.reviews]), "text"))
        for change in outcome.diff.changes:
            typer.echo(change.as_text())
    raise typer.Exit(0 if outcome.ok else 1)
