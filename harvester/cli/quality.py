"""`catalogue quality [--stale] [--format text|json|markdown]`: the quality figures of the last build."""

from __future__ import annotations

from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import BuildOption, ConfigOption, FormatOption, OutputFormat
from harvester.config import DEFAULT_CONFIG
from harvester.core.problems import ProblemError


def quality_command(
    stale: Annotated[
        bool, typer.Option("--stale", help="Only descriptions not reviewed for more than 12 months.")
    ] = False,
    output_format: FormatOption = OutputFormat.TEXT,
    build: BuildOption = None,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """List each dataset's score and yearly review from BUILD/quality.json (`catalogue build` writes it)."""
    from harvester.pipeline.scores import QUALITY_FILE
    from harvester.quality.listing import read_entries, render_entries

    folder = options.build_folder(options.configuration(config_path), build)
    try:
        entries = read_entries(options.existing_file(folder / QUALITY_FILE))
    except ProblemError as error:
        options.refuse(error, 1)
    if stale:
        entries = [entry for entry in entries if entry.stale]
    typer.echo(render_entries(entries, output_format.value))
