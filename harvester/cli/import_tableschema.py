"""`catalogue import tableschema SRC`: Frictionless Table Schema dictionaries → producer files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import FormatOption, OutputFormat, err
from harvester.core.problems import ProblemError
from harvester.core.report import render
from harvester.core.rules import setup as rules


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
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Import Table Schema dictionaries. Exit 1 when an edited file would be overwritten."""
    from harvester.importers.import_tableschema import ImportRequest, import_tableschema

    missing = [str(p) for p in (source, nomenclatures) if p is not None and not p.exists()]
    if missing:
        options.refuse(ProblemError(rules.NO_SUCH_PATH.at(missing[0], path=", ".join(missing))))
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
