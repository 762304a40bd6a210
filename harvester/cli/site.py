"""`catalogue site [--build DIR]`: the static documentation site from the built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import ConfigOption
from harvester.config import DEFAULT_CONFIG
from harvester.core.report import render


def site_command(
    build: Annotated[Path, typer.Option("--build", help="Build directory holding graph.nt.")] = Path("build"),
    out: Annotated[Path | None, typer.Option("--out", help="Output directory (default BUILD/site).")] = None,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Build the static documentation site (mkdocs-material) from the graph into BUILD/site/."""
    from harvester.publish.site import build_site

    config = options.configuration(config_path)
    result = build_site(build, out, config.access_bodies)
    if result.problems:
        typer.echo(render(result.problems, "text"), err=True)
    if result.pages == 0:
        raise typer.Exit(1)
    typer.echo(f"Site: {result.pages} pages in {result.seconds:.1f} s → {result.out_dir}")
