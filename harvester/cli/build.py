"""`catalogue build [PATH …]`: the graph, the DCAT feed and the validation report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import ConfigOption, SourcePaths, err
from harvester.config import DEFAULT_CONFIG
from harvester.core.report import render
from harvester.core.rules.official import ADVICE_RULES
from harvester.pipeline.build import build


def build_command(
    paths: SourcePaths = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: build/).")] = None,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Build the graph, the DCAT feed and the validation report. Invalid datasets are left out (exit 1)."""
    config = options.configuration(config_path)
    out_dir = out or config.build_dir
    with err.status("Building the catalogue…"):
        result = build(config, options.sources(config, paths), out_dir, options.harvested(config))
    # Our producer rules only advise harvested records: counted here, listed in validation.json.
    advice = [p for p in result.problems if p.rule.startswith(ADVICE_RULES.prefix)]
    shown = [p for p in result.problems if not p.rule.startswith(ADVICE_RULES.prefix)]
    if shown:
        typer.echo(render(shown, "text"))
    summary = result.summary()
    err.print(
        f"Published {len(result.verdict.valid_datasets)} dataset(s), {summary['published_codelists']} code "
        f"list(s) and {len(result.verdict.valid_uses)} use(s) of the data, {summary['triples']} triples, in "
        f"{out_dir}/ (graph.nt, dcat/catalog.ttl|jsonld|rdf, validation.json)."
    )
    if advice:
        err.print(
            f"{len(advice)} advice warning(s) for harvested datasets (our producer rules, optional for them): "
            f"see {out_dir}/validation.json."
        )
    if summary["left_out_datasets"] or summary["left_out_codelists"] or summary["left_out_uses"]:
        left_out = [summary[key] for key in ("left_out_datasets", "left_out_codelists", "left_out_uses")]
        err.print(f"[red]Left out:[/red] {' '.join(str(ids) for ids in left_out)}")
    raise typer.Exit(0 if result.ok else 1)
