"""`catalogue import tableschema`: Frictionless Table Schemas (+ nomenclatures) → producer YAML and CSVs.

Layout written under the output folder:
  <dataset-id>.yaml                     one per dataset: hand-written metadata, generated tables
  nomenclatures/<group>.yaml            the code lists of one nomenclature sub-folder
  nomenclatures/<group>/<NAME>.csv      their codes
  import-manifest.json                  what the import owns, to protect hand edits
With `per_product`, tables are split by their `produit` into datasets `<dataset>-<product>`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from harvester.core.problems import Problem
from harvester.core.rules import imports as rules
from harvester.importers.generated_files import (
    PlannedFile,
    WriteOutcome,
    dataset_file,
    to_yaml,
    write_planned,
)
from harvester.importers.reporter import Reporter, names
from harvester.importers.source_files import JsonFile, json_files, read_json, shown_path
from harvester.importers.tableschema_codelists import ImportedCodeList, import_nomenclatures
from harvester.importers.tableschema_tables import KnownTable, table_entry
from harvester.model.provenance import ImportedFrom


@dataclass(frozen=True)
class ImportRequest:
    source: Path  # a folder of Table Schema JSON files, or a datapackage.json
    dataset: str
    out: Path
    nomenclatures: Path | None = None
    per_product: bool = False
    repository: str | None = None
    commit: str | None = None
    licence: str | None = None
    force: bool = False


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    outcome: WriteOutcome = field(default_factory=WriteOutcome)
    counts: dict[str, int] = field(default_factory=dict)


def import_tableschema(request: ImportRequest) -> ImportResult:
    result = ImportResult()
    schemas = _read_schemas(request.source, result.problems)
    datasets = _assign_datasets(schemas, request, result.problems)
    known = {
        _name(schema): KnownTable(
            datasets[id(schema)],
            tuple(str(f.get("name")) for f in schema.data.get("fields", []) if isinstance(f, dict)),
            tuple(names(schema.data.get("primaryKey"))),
        )
        for schema in schemas
    }
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    folders: dict[str, set[str]] = defaultdict(set)
    for schema in sorted(schemas, key=_name):
        dataset_id = datasets[id(schema)]
        tables[dataset_id].append(
            table_entry(schema, dataset_id, known, Reporter(schema.display, result.problems))
        )
        folders[dataset_id].add(PurePosixPath(schema.display).parent.as_posix())
    planned = [
        dataset_file(
            request.out, f"{dataset_id}.yaml", dataset_id, _generated(request, entries, folders[dataset_id])
        )
        for dataset_id, entries in sorted(tables.items())
    ]
    links = (_code_list_id(v) for entries in tables.values() for t in entries for v in t["variables"])
    referenced = {link for link in links if link}
    codelists: list[ImportedCodeList] = []
    if request.nomenclatures is not None:
        source_iri = _source_iri(request, request.nomenclatures.name, "blob")
        codelists = import_nomenclatures(request.nomenclatures, referenced, source_iri, result.problems)
        _report_unknown_code_lists(tables, {c.entry["id"] for c in codelists}, result.problems)
        planned += _codelist_files(codelists)
    source = ImportedFrom(format="tableschema", repository=request.repository, commit=request.commit)
    result.outcome = write_planned(
        request.out, planned, source.model_dump(mode="json", exclude_none=True), request.force
    )
    result.counts = {
        "datasets": len(tables),
        "tables": sum(len(entries) for entries in tables.values()),
        "variables": sum(len(t["variables"]) for entries in tables.values() for t in entries),
        "foreign_keys": sum(len(t.get("foreign_keys", [])) for entries in tables.values() for t in entries),
        "code_list_links": sum(
            1 for entries in tables.values() for t in entries for v in t["variables"] if "code_list" in v
        ),
        "code_lists": len(codelists),
        "codes": sum(c.codes for c in codelists),
    }
    return result


def _read_schemas(source: Path, problems: list[Problem]) -> list[JsonFile]:
    if source.is_file():
        package = read_json(source, source.name, problems)
        return _package_schemas(package, source, problems) if package else []
    root = source
    files = [read_json(path, shown_path(path, root), problems) for path in json_files(root)]
    return [file for file in files if file is not None]


def _package_schemas(package: JsonFile, source: Path, problems: list[Problem]) -> list[JsonFile]:
    """A Data Package's resources, each with its schema inline or in a file beside the package."""
    schemas = []
    for index, resource in enumerate(package.data.get("resources") or []):
        if not isinstance(resource, dict):
            continue
        schema = resource.get("schema")
        if isinstance(schema, str):
            loaded = read_json(source.parent / schema, schema, problems)
            if loaded is None:
                continue  # already reported, with the file's line
            schema = loaded.data
        if not isinstance(schema, dict):
            Reporter(package.display, problems).warn(f"resources.{index}.schema", rules.NO_SCHEMA)
            continue
        described = {key: resource[key] for key in ("name", "title", "description") if key in resource}
        schemas.append(JsonFile(source, f"{package.display}#resources/{index}", {**described, **schema}))
    return schemas


def _assign_datasets(
    schemas: list[JsonFile], request: ImportRequest, problems: list[Problem]
) -> dict[int, str]:
    assigned = {}
    for schema in schemas:
        product = str(schema.data.get("produit") or "").strip()
        if request.per_product and not product:
            Reporter(schema.display, problems).warn("produit", rules.NO_PRODUCT, dataset=request.dataset)
        assigned[id(schema)] = (
            f"{request.dataset}-{_slug(product)}" if request.per_product and product else request.dataset
        )
    return assigned


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _name(schema: JsonFile) -> str:
    return str(schema.data.get("name") or schema.path.stem)


def _generated(request: ImportRequest, entries: list[dict[str, Any]], folders: set[str]) -> dict[str, Any]:
    common = _common_folder(folders)
    source = ImportedFrom(
        format="tableschema",
        repository=request.repository,
        commit=request.commit,
        path=common,
        licence=request.licence,
    )
    return {"imported_from": source.model_dump(mode="json", exclude_none=True), "tables": entries}


def _common_folder(folders: set[str]) -> str:
    parts = [PurePosixPath(folder).parts for folder in sorted(folders)]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "/".join(common)


def _source_iri(request: ImportRequest, path: str, kind: str) -> str | None:
    if not (request.repository and request.commit):
        return None
    return f"{request.repository.rstrip('/')}/{kind}/{request.commit}/{path}"


def _code_list_id(variable: dict[str, Any]) -> str | None:
    ref = variable.get("code_list")
    return ref["id"] if isinstance(ref, dict) else ref


def _report_unknown_code_lists(
    tables: dict[str, list[dict[str, Any]]], known: set[str], problems: list[Problem]
) -> None:
    for dataset_id, entries in sorted(tables.items()):
        for table in entries:
            for variable in table["variables"]:
                code_list = _code_list_id(variable)
                if code_list and code_list not in known:
                    Reporter(f"{dataset_id}.yaml", problems).warn(
                        f"{table['name']}.{variable['name']}.code_list",
                        rules.UNKNOWN_CODELIST,
                        codelist=code_list,
                    )


def _codelist_files(codelists: list[ImportedCodeList]) -> list[PlannedFile]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    files = []
    for codelist in codelists:
        groups[codelist.group].append(codelist.entry)
        if codelist.csv_path is not None and codelist.csv_bytes is not None:
            files.append(PlannedFile(f"nomenclatures/{codelist.csv_path}", codelist.csv_bytes))
    for group, entries in sorted(groups.items()):
        header = "# Generated by `catalogue import tableschema`: edit the source and re-import.\n"
        files.append(
            PlannedFile(f"nomenclatures/{group}.yaml", (header + to_yaml({"codelists": entries})).encode())
        )
    return files
