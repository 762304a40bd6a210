"""`catalogue new dataset ID`: a valid, commented dataset file for a producer to fill in."""

from __future__ import annotations

import os
import re
from pathlib import Path

from harvester.core import resources
from harvester.core.problems import ProblemError
from harvester.core.rules import setup as rules
from harvester.model.common import IDENTIFIER_PATTERN

SCHEMA_FILE = "catalogue.schema.json"


def scaffold_dataset(dataset_id: str, out: Path) -> Path:
    """Raises ProblemError when the id is not an identifier, or the file exists already."""
    if not re.match(IDENTIFIER_PATTERN, dataset_id):
        raise ProblemError(rules.NOT_AN_IDENTIFIER.at(dataset_id, value=dataset_id))
    target = out / dataset_id / "dataset.yaml"
    if target.exists():
        raise ProblemError(rules.EXISTS_ALREADY.at(str(target), path=target))
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
