"""What the site's selection page reads, written at build time so that it works on a static host: the
join graph with the tree of each table and the notes (`assets/selection/joins.json`), each dataset's
conditions and variable rows (`datasets/{id}/selection.json`), and the JSON Schema of the dossier."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from harvester.config import AccessBody
from harvester.core.site_urls import dataset_dir
from harvester.reader.views import Catalogue
from harvester.selection.dossier import Report
from harvester.selection.joins import KeyGraph
from harvester.selection.report import dataset_data


def write_selection_files(
    site: Path, catalogue: Catalogue, graph: KeyGraph, bodies: Sequence[AccessBody], this_year: int
) -> None:
    target = site / "assets" / "selection"
    target.mkdir(parents=True, exist_ok=True)
    (target / "joins.json").write_text(
        json.dumps(graph.static_data(), ensure_ascii=False, separators=(",", ":"))
    )
    schema = Report.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dossier of a selection of variables (dossier/1)"
    (target / "dossier.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    for dataset in catalogue.datasets:
        folder = site / dataset_dir(dataset.id)
        folder.mkdir(parents=True, exist_ok=True)
        data = dataset_data(catalogue, dataset, bodies, this_year)
        (folder / "selection.json").write_text(data.model_dump_json(by_alias=True))
