"""`catalogue schema`: the JSON Schemas of producer files and of catalogue.yaml, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli.options import err
from harvester.config import config_json_schema_text
from harvester.model.file import json_schema_text


def schema(
    out: Annotated[Path, typer.Option("--out", help="Where to write the JSON Schema.")] = Path(
        "catalogue_src/catalogue.schema.json"
    ),
    config_out: Annotated[
        Path, typer.Option("--config-out", help="Where to write the JSON Schema of catalogue.yaml.")
    ] = Path("catalogue_src/config.schema.json"),
) -> None:
    """Write the JSON Schemas of producer files and of catalogue.yaml (for editors' autocompletion)."""
    for target, text in ((out, json_schema_text()), (config_out, config_json_schema_text())):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        err.print(f"JSON Schema written to {target}")
