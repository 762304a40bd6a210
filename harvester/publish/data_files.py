"""Files the pages load or link to, written straight into the built site: each code list as JSON
(loaded on demand by the page) and CSV, each dataset's RDF (Turtle, JSON-LD), the static search index
(datasets, tables, variables, code lists and uses of the register).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox

from harvester.core.namespaces import PREFIX_IRIS
from harvester.core.site_urls import codelist_dir, dataset_dir, table_url, use_dir, variable_anchor
from harvester.reader.views import Catalogue, Code

_EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


def write_codes(site: Path, codelist_id: str, codes: list[Code]) -> None:
    target = site / codelist_dir(codelist_id)
    target.mkdir(parents=True, exist_ok=True)
    rows = [[c.code, c.label, c.label_en, c.broader] for c in codes]
    payload = {"columns": ["code", "label", "label_en", "broader"], "rows": rows}
    (target / "codes.json").write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    with (target / "codes.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "libelle", "label_en", "parent"])
        writer.writerows(rows)


def write_dataset_rdf(site: Path, dataset_lines: dict[str, list[bytes]], catalogue: Catalogue) -> None:
    """Each dataset's own triples (dataset, its parts, tables, columns, releases) as Turtle and JSON-LD."""
    for dataset in catalogue.datasets:
        triples = list(ox.parse(b"".join(dataset_lines.get(dataset.iri, [])), format=ox.RdfFormat.N_TRIPLES))
        target = site / dataset_dir(dataset.id)
        target.mkdir(parents=True, exist_ok=True)
        for suffix, rdf_format in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
            ox.serialize(triples, str(target / f"dataset.{suffix}"), format=rdf_format, prefixes=PREFIX_IRIS)
        # mkdocs-material reads `sitemap.xml` beside every <link rel="alternate"> (for language
        # versions): an empty one spares the page a 404 for its RDF alternates.
        (target / "sitemap.xml").write_text(_EMPTY_SITEMAP)


def write_search_index(site: Path, catalogue: Catalogue) -> None:
    """The static index: [type, url (from the site root), dataset, table, name, label] rows."""
    entries: list[list[str]] = []
    for dataset in catalogue.datasets:
        entries.append(["dataset", dataset_dir(dataset.id) + "/", dataset.id, "", dataset.id, dataset.title])
        for table in dataset.tables:
            url = table_url(dataset.id, table.name)
            entries.append(["table", url, dataset.id, table.name, table.name, table.title])
            entries.extend(
                ["variable", f"{url}#{variable_anchor(v.name)}", dataset.id, table.name, v.name, v.label]
                for v in table.variables
            )
    for codelist in catalogue.codelists:
        entries.append(["codelist", codelist_dir(codelist.id) + "/", "", "", codelist.id, codelist.title])
    entries.extend(["use", use_dir(use.id) + "/", "", "", use.id, use.title] for use in catalogue.uses)
    target = site / "assets" / "search-index.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")))
    # No API behind a static site; `catalogue serve` answers this path itself (search_api.api).
    (site / "catalogue-api.json").write_text('{"search": null}\n')
