"""`catalogue schema`: the JSON Schema of producer files, for editors' autocompletion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harvester.cli.options import err
from harvester.model.file import json_schema_text


def schema(
    out: Annotated[Path, typer.Option("--out", help="Where to write the JSON Schema.")] = Path(
        "catalogue_src/catalogue.schema.json"
    ),
) -> None:
    """Write the JSON Schema of producer files (for editors' autocompletion)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json_schema_text(), encoding="utf-8")
    err.print(f"JSON Schema written to {out}")
