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
from harvester.config import DEFAULT_CONFIG, Config, HarvestSource
from harvester.core.problems import ProblemError, Severity, has_errors
from harvester.core.report import render
from harvester.core.rules import setup as rules

if TYPE_CHECKING:  # the harvester (httpx, pyoxigraph) loads when a harvest runs, not with every command
    from harvester.remote.harvest import HarvestResult, PageProgress
    from harvester.remote.verdict import SourceVerdict


def harvest(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="Catalogue URLs (default: the sources configured under `harvest:`)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Default: build/harvest/.")] = None,
    output_format: FormatOption = OutputFormat.TEXT,
    config_path: ConfigOption = DEFAULT_CONFIG,
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="URLs given here may be on a non-public address (loopback, private network); "
            "configured sources say so in catalogue.yaml (`private:`).",
        ),
    ] = False,
) -> None:
    """Harvest other catalogues' DCAT feeds. Exit 1 when a problem is an error."""
    from harvester.remote.source import sources_for_urls

    config = options.configuration(config_path)
    try:
        sources = sources_for_urls(urls, config.harvest, private=private) if urls else config.harvest
    except ValueError as error:
        options.refuse(ProblemError(rules.NOT_A_URL.at(" ".join(urls or []), detail=error)))
    target = out or config.build_dir / "harvest"
    code = harvest_sources(sources, target, config, output_format=output_format.value)
    raise typer.Exit(code)


def harvest_sources(
    sources: list[HarvestSource],
    out_dir: Path,
    config: Config,
    *,
    output_format: str = "text",
    console: Console = err,
) -> int:
    """Harvest each source in turn, then judge what each will publish; exit code 0 when no problem
    is an error, else 1."""
    from harvester.remote.harvest import harvest_source
    from harvester.remote.verdict import judge_sources

    if not sources:
        console.print("Nothing to harvest: no URL given and no `harvest:` source in the configuration.")
        return 0
    results: list[HarvestResult] = []
    for source in sources:
        with console.status(f"Harvesting {source.id} ({source.url})…") as status:
            on_page = _progress(status, source.id)
            results.append(harvest_source(source, out_dir, config.iri_base(), on_page=on_page))
    with console.status("Judging the harvested records by the official rules…"):
        ids = [result.source_id for result in results]
        verdicts = judge_sources(config, out_dir, ids, config.build_dir / "cache")
    problems = [problem for result in results for problem in result.problems]
    problems += [problem for verdict in verdicts.values() for problem in verdict.problems]
    if problems:
        typer.echo(render(problems, output_format))
    rows = [_row(result, verdicts[result.source_id]) for result in results]
    if console.is_terminal:
        console.print(_table(rows, out_dir))
    else:  # a log or a pipe: one whole line per source, never cut to a width
        for row in rows:
            console.file.write("  ".join(f"{name}={value}" for name, value in row.items()) + "\n")
    return 1 if has_errors(problems) else 0


def _progress(status: Status, source_id: str) -> Callable[[PageProgress], None]:
    def update(page: PageProgress) -> None:
        status.update(f"Harvesting {source_id}: page {page.number}, {page.datasets} dataset(s) so far…")

    return update


def _row(result: HarvestResult, verdict: SourceVerdict) -> dict[str, str]:
    if result.failed:
        outcome = "failed, last good harvest kept"
    elif not result.complete:
        outcome = "partial"
    else:
        outcome = "complete"
    rejected = ", ".join(f"{rule} ×{count}" for rule, count in verdict.rejected.most_common())
    return {
        "source": result.source_id,
        "outcome": outcome,
        "pages": f"{result.pages_fetched} ok/{result.pages_failed} failed",
        "fetched": str(result.written),
        "filtered": str(result.filtered),
        "published": str(verdict.published),
        "rejected": f"{verdict.left_out}" + (f" ({rejected})" if rejected else ""),
        "kept": str(result.kept),
        "deleted": str(result.deleted),
        "errors": str(sum(p.is_error for p in result.problems + verdict.problems)),
        "warnings": str(sum(p.severity is Severity.WARNING for p in result.problems + verdict.problems)),
        "advice": str(verdict.advice),
    }


OUTCOME_STYLE = {"complete": "green", "partial": "yellow"}


def _table(rows: list[dict[str, str]], out_dir: Path) -> Table:
    table = Table(title=f"Harvest → {out_dir}/", title_justify="left")
    for column in rows[0]:
        table.add_column(column, justify="left" if column in ("source", "outcome", "rejected") else "right")
    for row in rows:
        style = OUTCOME_STYLE.get(row["outcome"], "red")
        table.add_row(*[f"[{style}]{v}[/{style}]" if k == "outcome" else v for k, v in row.items()])
    return table
