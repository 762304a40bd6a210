"""Nomenclatures (a Table Schema descriptor + a CSV each) → code lists of our producer format.

The CSV is carried over as it is (repaired only when it holds mis-encoded characters), and read
once here to check what the build will rely on: its header, the code column, whether codes are
unique or need the descriptor's primary key to identify a row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.core.problems import Problem
from harvester.core.rules import imports as rules
from harvester.importers.reporter import Reporter, names
from harvester.importers.source_files import json_files, read_json, shown_path
from harvester.importers.text_repair import repair_text

DELIMITERS = (";", ",", "\t", "|")


@dataclass(frozen=True)
class ImportedCodeList:
    group: str  # the sub-folder of the nomenclatures: one YAML file per group
    entry: dict[str, Any]  # the code list as written in YAML
    csv_path: str | None  # relative to the group's YAML file
    csv_bytes: bytes | None
    codes: int


@dataclass(frozen=True)
class _CsvFacts:
    text: str
    delimiter: str
    header: list[str]
    rows: list[list[str]]


# SNDS nomenclatures that are an international or national coding system (HealthDCAT-AP codes):
# the datasets using them are then said to use that system.
CODING_SYSTEMS = {
    "MS_CIM_V": "ICD-10",
    "IR_CIM_V": "ICD-10",
    "IR_CCAM_V54": "PROC-CODES-NAT",
    "IR_CCAM_V63": "PROC-CODES-NAT",
}
# Why a list has no codes, written into the YAML where the source says nothing (the site shows it).
NOT_PUBLISHED = {
    "fr": "Codes non publiés par la source : le dictionnaire décrit cette nomenclature sans son fichier de codes.",
    "en": "Codes not published by the source: the dictionary describes this nomenclature without its file of codes.",
}
PUBLISHED_EMPTY = {
    "fr": "La source publie cette nomenclature sans aucun code.",
    "en": "The source publishes this nomenclature without any code.",
}


def import_nomenclatures(
    folder: Path, referenced: set[str], source_iri: str | None, problems: list[Problem]
) -> list[ImportedCodeList]:
    imported = []
    for path in json_files(folder):
        descriptor = read_json(path, shown_path(path, folder), problems)
        if descriptor is None:
            continue
        group = path.parent.relative_to(folder).as_posix() or folder.name
        report = Reporter(descriptor.display, problems)
        iri = (
            f"{source_iri}/{path.relative_to(folder).with_suffix('.csv').as_posix()}" if source_iri else None
        )
        imported.append(_code_list(descriptor.data, path, group, referenced, iri, report))
    return imported


def _code_list(
    data: dict[str, Any], path: Path, group: str, referenced: set[str], iri: str | None, report: Reporter
) -> ImportedCodeList:
    name = str(data.get("name") or path.stem)
    entry: dict[str, Any] = {"id": name}
    title = report.text(data.get("title"), "title")
    if title is None:
        report.warn("title", rules.UNTITLED_CODELIST, name=name)
    entry["title"] = title or name
    description = report.text(data.get("description"), "description")
    if description:
        entry["description"] = description
    if iri:
        entry["source"] = iri
    if name in CODING_SYSTEMS:
        entry["coding_system"] = CODING_SYSTEMS[name]
    if referenced and name not in referenced:
        report.warn("name", rules.UNREFERENCED_CODELIST)
    csv_file = path.with_suffix(".csv")
    if not csv_file.is_file():
        report.warn("csv", rules.MISSING_CSV, file=csv_file.name)
        entry["empty_reason"] = dict(NOT_PUBLISHED)  # a copy: a shared dict would be written as a YAML alias
        return ImportedCodeList(group, entry, None, None, 0)
    columns = [str(field.get("name")) for field in data.get("fields", []) if isinstance(field, dict)]
    facts = _read_csv(
        csv_file, columns, Reporter(str(Path(report.source).with_suffix(".csv")), report.problems)
    )
    relative = f"{group}/{csv_file.name}"
    entry["file"] = _file_spec(data, relative, facts, report)
    if not facts.rows:
        entry["empty_reason"] = dict(PUBLISHED_EMPTY)
    return ImportedCodeList(group, entry, relative, facts.text.encode("utf-8"), len(facts.rows))


def _read_csv(path: Path, columns: list[str], report: Reporter) -> _CsvFacts:
    raw = path.read_bytes()
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        report.warn("", rules.CSV_ENCODING, error=error)
        decoded = raw.decode("cp1252", errors="replace")
    repair = repair_text(decoded)
    if repair.repaired:
        report.warn("", rules.C1_REPAIRED, characters=", ".join(repair.repaired))
    if repair.unrepairable:
        report.warn("", rules.C1_UNREPAIRABLE, characters=", ".join(repair.unrepairable))
    text = repair.text
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=lambda d: sum(column in first_line.split(d) for column in columns))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, rows = (records[0], records[1:]) if records else ([], [])
    if header != columns:
        report.warn("header", rules.CSV_HEADER, header=header, columns=columns)
    if not rows:
        report.warn("", rules.EMPTY_CODELIST)
    # The rows are only checked; the text is what gets written (multi-line labels stay quoted).
    return _CsvFacts(text, delimiter, header, rows)


def _file_spec(data: dict[str, Any], relative: str, facts: _CsvFacts, report: Reporter) -> dict[str, Any]:
    fields = [field for field in data.get("fields", []) if isinstance(field, dict)]
    primary_key = names(data.get("primaryKey"))
    code = next((str(f["name"]) for f in fields if f.get("role") == "code"), None)
    label = next((str(f["name"]) for f in fields if f.get("role") == "label"), None)
    if code is None:
        code = primary_key[0] if primary_key else facts.header[0] if facts.header else "code"
        report.warn("fields", rules.NO_CODE_COLUMN, name=code)
    spec: dict[str, Any] = {"path": relative, "code_column": code}
    _report_empty_codes(code, facts, report)
    if label is None:
        report.warn("fields", rules.NO_LABEL_COLUMN)
    else:
        spec["label_column"] = label
    key = _identifying_columns(code, primary_key, facts, report)
    if key != [code]:
        spec["key_columns"] = key
    if facts.delimiter != ",":
        spec["delimiter"] = facts.delimiter
    return spec


def _report_empty_codes(code: str, facts: _CsvFacts, report: Reporter) -> None:
    """Table Schema reads an empty cell as a missing value: such a row has no code to publish."""
    if code not in facts.header:
        return
    position = facts.header.index(code)
    empty = [index for index, row in enumerate(facts.rows, start=1) if not _cell(row, position)]
    if empty:
        report.warn("", rules.EMPTY_CODE, count=len(empty), records=", ".join(map(str, empty[:10])))


def _cell(row: list[str], position: int) -> str:
    return row[position].strip() if position < len(row) else ""


def _identifying_columns(code: str, primary_key: list[str], facts: _CsvFacts, report: Reporter) -> list[str]:
    """The code alone when it is unique, else the descriptor's (composite) primary key."""
    if _unique(facts, [code]):
        return [code]
    if primary_key and _unique(facts, primary_key):
        report.warn("primaryKey", rules.COMPOSITE_CODE, code=code, key=" + ".join(primary_key))
        return primary_key
    report.warn("primaryKey", rules.DUPLICATE_CODES, code=code, key=primary_key)
    return primary_key or [code]


def _unique(facts: _CsvFacts, columns: list[str]) -> bool:
    if any(column not in facts.header for column in columns):
        return False
    positions = [facts.header.index(column) for column in columns]
    keys = {tuple(_cell(row, p) for p in positions) for row in facts.rows}
    return len(keys) == len(facts.rows)
