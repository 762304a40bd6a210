"""`catalogue new dataset ID`: a valid, commented dataset file for a producer to fill in."""

from __future__ import annotations

import os
import re
from pathlib import Path

from harvester.core import resources
from harvester.model.common import IDENTIFIER_PATTERN

SCHEMA_FILE = "catalogue.schema.json"


class ScaffoldError(ValueError):
    """The id is not an identifier, or the file exists already."""


def scaffold_dataset(dataset_id: str, out: Path) -> Path:
    if not re.match(IDENTIFIER_PATTERN, dataset_id):
        raise ScaffoldError(
            f"'{dataset_id}' is not an identifier: lower case letters, digits, '-', '_' or '.'"
        )
    target = out / dataset_id / "dataset.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} exists already")
    schema = os.path.relpath(out / SCHEMA_FILE, target.parent)
    text = (
        resources.scaffold("new_dataset.yaml")
        .read_text(encoding="utf-8")
        .replace("__ID__", dataset_id)
        .replace("__SCHEMA__", schema)
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
