"""`catalogue new dataset ID`: scaffold producer files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli import options
from harvester.cli.options import err
from harvester.core.problems import ProblemError
from harvester.scaffold import scaffold_dataset


def new_dataset(
    dataset_id: Annotated[str, typer.Argument(help="Identifier: lower case, digits, - _ .")],
    out: Annotated[Path, typer.Option("--out", help="Folder of producer files.")] = Path("catalogue_src"),
) -> None:
    """Write OUT/ID/dataset.yaml: a valid, commented dataset to fill in."""
    try:
        target = scaffold_dataset(dataset_id, out)
    except ProblemError as error:
        options.refuse(error)
    err.print(f"Written {target}: fill it in, then `catalogue validate {target}`.")
