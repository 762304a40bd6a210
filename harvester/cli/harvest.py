"""`catalogue harvest [URL …]`: harvest the configured (or given) catalogues and summarize."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.status import Status
from rich.table import Table

from harvester.cli import options
from harvester.cli.options import ConfigOption, FormatOption, OutputFormat, err
from harvester.config import DEFAULT_CONFIG, HarvestSource
from harvester.core.problems import ProblemError, Severity, has_errors
from harvester.core.report import render
from harvester.core.rules import setup as rules

if TYPE_CHECKING:  # the harvester (httpx, pyoxigraph) loads when a harvest runs, not with every command
    from harvester.remote.harvest import HarvestResult, PageProgress


def harvest(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="Catalogue URLs (default: the sources configured under `harvest:`)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Default: build/harvest/.")] = None,
    output_format: FormatOption = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Harvest other catalogues' DCAT feeds. Exit 1 when a problem is an error."""
    from harvester.remote.source import sources_for_urls

    config = options.configuration(config_path)
    try:
        sources = sources_for_urls(urls, config.harvest) if urls else config.harvest
    except ValueError as error:
        options.refuse(ProblemError(rules.NOT_A_URL.at(" ".join(urls or []), detail=error)))
    target = out or config.build_dir / "harvest"
    raise typer.Exit(harvest_sources(sources, target, config.iri_base(), output_format=output_format.value))


def harvest_sources(
    sources: list[HarvestSource],
    out_dir: Path,
    base_iri: str,
    *,
    output_format: str = "text",
    console: Console = err,
) -> int:
    """Harvest each source in turn; exit code 0 when no problem is an error, else 1."""
    from harvester.remote.harvest import harvest_source

    if not sources:
        console.print("Nothing to harvest: no URL given and no `harvest:` source in the configuration.")
        return 0
    results: list[HarvestResult] = []
    for source in sources:
        with console.status(f"Harvesting {source.id} ({source.url})…") as status:
            results.append(harvest_source(source, out_dir, base_iri, on_page=_progress(status, source.id)))
    problems = [problem for result in results for problem in result.problems]
    if problems:
        typer.echo(render(problems, output_format))
    console.print(_summary(results, out_dir))
    return 1 if has_errors(problems) else 0


def _progress(status: Status, source_id: str) -> Callable[[PageProgress], None]:
    def update(page: PageProgress) -> None:
        status.update(f"Harvesting {source_id}: page {page.number}, {page.datasets} dataset(s) so far…")

    return update


def _summary(results: list[HarvestResult], out_dir: Path) -> Table:
    table = Table(title=f"Harvest → {out_dir}/", title_justify="left")
    for column in (
        "source",
        "outcome",
        "pages ok/failed",
        "datasets",
        "changed",
        "kept",
        "deleted",
        "errors",
        "warnings",
    ):
        table.add_column(column, justify="left" if column in ("source", "outcome") else "right")
    for result in results:
        errors = sum(problem.is_error for problem in result.problems)
        warnings = sum(problem.severity is Severity.WARNING for problem in result.problems)
        if result.failed:
            outcome = "[red]failed, last good harvest kept[/red]"
        elif not result.complete:
            outcome = "[yellow]partial[/yellow]"
        else:
            outcome = "[green]complete[/green]"
        table.add_row(
            result.source_id,
            outcome,
            f"{result.pages_fetched}/{result.pages_failed}",
            str(result.written),
            str(result.changed),
            str(result.kept),
            str(result.deleted),
            str(errors),
            str(warnings),
        )
    return table
