"""One Frictionless Table Schema (with the SNDS extensions) → one table of our producer format.

The result is a plain mapping in the order a producer reads it, ready to be written as YAML.
Everything the source says is kept; what had to be repaired or looks doubtful is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harvester.core.rules import imports as rules
from harvester.importers.reporter import Reporter, names
from harvester.importers.source_files import JsonFile

# Table Schema types → CSVW datatypes (harvester.model.dictionary.Datatype).
DATATYPES = {
    "string": "string",
    "integer": "integer",
    "number": "decimal",
    "boolean": "boolean",
    "date": "date",
    "datetime": "dateTime",
    "time": "time",
    "year": "gYear",
    "yearmonth": "gYearMonth",
    "duration": "duration",
    "object": "json",
    "array": "json",
    "any": "string",
}
NO_NOMENCLATURE = {"", "-"}
# Year and version placeholders in physical table names: T_MCOaaB is T_MCO19B, CT_IND_AAAA_GN is
# CT_IND_2019_G1; lower-case `aa`/`xx` inside an upper-case name, or `AAAA` between underscores.
_PLACEHOLDER = re.compile(r"(?<![a-z])(aa|xx)(?![a-z])|(?<![A-Za-z])(AAAA)(?![A-Za-z])")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class KnownTable:
    dataset: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]


def table_entry(
    schema: JsonFile, dataset_id: str, tables: dict[str, KnownTable], report: Reporter
) -> dict[str, Any]:
    data = schema.data
    name = str(data.get("name") or schema.path.stem)
    table: dict[str, Any] = {"name": name}
    pattern = _PLACEHOLDER.sub(lambda m: "{" + m.group() + "}", name)
    if pattern != name:
        table["name_pattern"] = pattern
    table["title"] = report.text(data.get("title"), "title") or _missing(report, "title", name)
    _put(table, "description", report.text(data.get("description"), "description"))
    _put(table, "scope", report.text(data.get("champ"), "champ"))
    _put(table, "observation", report.text(data.get("observation"), "observation"))
    _put(table, "history", _history(data.get("history"), "history", report))
    columns = tuple(str(field.get("name")) for field in _fields(data) if isinstance(field, dict))
    primary_key = [
        _column(name, columns, column, "primaryKey", report) for column in names(data.get("primaryKey"))
    ]
    _put(table, "primary_key", primary_key)
    keys = [
        _foreign_key(key, index, dataset_id, columns, tables, report)
        for index, key in enumerate(data.get("foreignKeys") or [])
        if isinstance(key, dict)
    ]
    _put(table, "foreign_keys", keys)
    table["variables"] = [
        _variable(field, f"fields.{field.get('name', index)}", report)
        for index, field in enumerate(_fields(data))
        if isinstance(field, dict)
    ]
    for extra in sorted(set(data) - _TABLE_KEYS):
        _not_mapped(report, extra, data[extra])
    missing_values = data.get("missingValues", [""])
    if missing_values != [""]:
        report.warn("missingValues", rules.MISSING_VALUES, values=missing_values)
    return table


_TABLE_KEYS = {
    "name",
    "title",
    "produit",
    "champ",
    "observation",
    "history",
    "primaryKey",
    "foreignKeys",
    "fields",
    "missingValues",
    "description",
}
_FIELD_KEYS = {
    "name",
    "description",
    "type",
    "format",
    "length",
    "nomenclature",
    "dateCreated",
    "dateDeleted",
    "dateMissing",
    "observation",
    "regle_gestion",
    "type_oracle",
    "constraints",
    "trueValues",
    "falseValues",
    "title",
}


def _fields(data: dict[str, Any]) -> list[Any]:
    fields = data.get("fields")
    return fields if isinstance(fields, list) else []


def _put(target: dict[str, Any], key: str, value: object) -> None:
    """Only what the source says: empty values are left out of the YAML."""
    if value not in (None, "", [], {}):
        target[key] = value


def _missing(report: Reporter, field: str, fallback: str) -> str:
    report.warn(field, rules.TEXT_MISSING, name=field, fallback=fallback)
    return fallback


def _not_mapped(report: Reporter, key: str, value: object) -> None:
    report.warn(key, rules.KEY_NOT_MAPPED, key=key, value=str(value)[:80])


def _column(table: str, columns: tuple[str, ...], column: str, field: str, report: Reporter) -> str:
    """A column named by a key; a name differing only by case is repaired, an unknown one reported."""
    if column in columns:
        return column
    same = [candidate for candidate in columns if candidate.lower() == column.lower()]
    if len(same) == 1:
        report.warn(field, rules.NAME_CASE, name=column, spelled=same[0], table=table)
        return same[0]
    report.warn(field, rules.UNKNOWN_COLUMN, name=column, table=table)
    return column


def _foreign_key(
    key: dict[str, Any],
    index: int,
    dataset_id: str,
    columns: tuple[str, ...],
    tables: dict[str, KnownTable],
    report: Reporter,
) -> dict[str, Any]:
    field = f"foreignKeys.{index}"
    found = key.get("reference")
    reference: dict[str, Any] = found if isinstance(found, dict) else {}
    target_name = str(reference.get("resource", ""))
    local = [_column("this table", columns, c, field, report) for c in names(key.get("fields"))]
    target = tables.get(target_name)
    entry: dict[str, Any] = {"columns": local, "table": target_name}
    if target is None:
        report.warn(f"{field}.reference.resource", rules.UNKNOWN_TABLE, table=target_name)
        entry["referenced_columns"] = names(reference.get("fields"))
        return entry
    if target.dataset != dataset_id:
        entry["dataset"] = target.dataset
    remote = [
        _column(target_name, target.columns, c, f"{field}.reference", report)
        for c in names(reference.get("fields"))
    ]
    entry["referenced_columns"] = remote
    if tuple(remote) != target.primary_key:
        declared = ", ".join(target.primary_key) or "aucune / none"
        report.warn(
            f"{field}.reference",
            rules.FK_NOT_KEY,
            table=target_name,
            columns=", ".join(remote),
            declared=declared,
        )
    return entry


def _variable(field: dict[str, Any], path: str, report: Reporter) -> dict[str, Any]:
    name = str(field.get("name", ""))
    variable: dict[str, Any] = {"name": name}
    # SNDS fields only have a short `description`, which is a label; plain Table Schema has both.
    label_key = "title" if field.get("title") else "description"
    label = report.text(field.get(label_key), f"{path}.{label_key}")
    variable["label"] = label or _missing(report, f"{path}.description", name)
    if label_key == "title":
        _put(variable, "description", report.text(field.get("description"), f"{path}.description"))
    source_type = str(field.get("type", "string"))
    datatype = DATATYPES.get(source_type)
    if datatype is None:
        report.warn(f"{path}.type", rules.UNKNOWN_TYPE, type=source_type)
        datatype = "string"
    variable["datatype"] = datatype
    _put(variable, "storage_type", report.text(field.get("type_oracle"), f"{path}.type_oracle"))
    variable.update(_length(field.get("length"), f"{path}.length", report))
    fmt = report.text(field.get("format"), f"{path}.format")
    if fmt and fmt != "default":
        variable["format"] = fmt
    _put(variable, "code_list", _code_list(field.get("nomenclature")))
    _put(variable, "constraints", _constraints(field.get("constraints"), f"{path}.constraints", report))
    _booleans(variable, field, path, report)
    history = {"dateCreated": field.get("dateCreated"), "dateDeleted": field.get("dateDeleted")}
    history["dateMissing"] = field.get("dateMissing")
    _put(variable, "history", _history(history, path, report))
    _put(variable, "business_rule", report.text(field.get("regle_gestion"), f"{path}.regle_gestion"))
    _put(variable, "observation", report.text(field.get("observation"), f"{path}.observation"))
    for extra in sorted(set(field) - _FIELD_KEYS):
        _not_mapped(report, f"{path}.{extra}", field[extra])
    return variable


def _length(value: object, path: str, report: Reporter) -> dict[str, int]:
    """SNDS lengths are strings: "17", or "precision,scale" such as "17,2"."""
    if value in (None, ""):
        return {}
    parts = str(value).replace(" ", "").split(",")
    if len(parts) <= 2 and all(part.isdigit() for part in parts) and int(parts[0]) > 0:
        result = {"length": int(parts[0])}
        if len(parts) == 2:
            result["precision"] = int(parts[1])
        return result
    report.warn(path, rules.LENGTH, value=value)
    return {}


def _code_list(value: object) -> str | dict[str, str] | None:
    """`NAME` joins on the list's code column; `NAME:COLUMN` on an explicit column."""
    text = str(value or "").strip()
    if text in NO_NOMENCLATURE:
        return None
    name, _, column = text.partition(":")
    return {"id": name, "column": column} if column else name


def _constraints(value: object, path: str, report: Reporter) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    constraints: dict[str, Any] = {}
    for source, target in (
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("minLength", "min_length"),
        ("maxLength", "max_length"),
        ("pattern", "pattern"),
    ):
        if source in value:
            constraints[target] = value[source]
    if "enum" in value:
        constraints["allowed_values"] = [str(item) for item in value["enum"]]
    if value.get("unique"):
        constraints["unique"] = True
    _put(constraints, "note", report.text(value.get("description"), f"{path}.description"))
    for extra in sorted(
        set(value)
        - {"minimum", "maximum", "minLength", "maxLength", "pattern", "enum", "unique", "description"}
    ):
        _not_mapped(report, f"{path}.{extra}", value[extra])
    return constraints


def _booleans(variable: dict[str, Any], field: dict[str, Any], path: str, report: Reporter) -> None:
    true_values, false_values = names(field.get("trueValues")), names(field.get("falseValues"))
    _put(variable, "true_values", true_values)
    _put(variable, "false_values", false_values)
    both = sorted(set(true_values) & set(false_values))
    if both:
        report.warn(f"{path}.trueValues", rules.CONTRADICTORY_BOOLEAN, values=", ".join(both))


def _history(value: object, path: str, report: Reporter) -> dict[str, Any] | None:
    """dateCreated / dateDeleted (year strings or "") and dateMissing (years) → created/deleted/missing."""
    if not isinstance(value, dict):
        return None
    created = _year(value.get("dateCreated"), f"{path}.dateCreated", report)
    deleted = _year(value.get("dateDeleted"), f"{path}.dateDeleted", report)
    if created and deleted and deleted < created:
        report.warn(f"{path}.dateDeleted", rules.DELETED_BEFORE_CREATED, deleted=deleted, created=created)
        deleted = None
    missing: list[int] = []
    outside: list[int] = []
    for item in value.get("dateMissing") or []:
        year = _year(item, f"{path}.dateMissing", report)
        if year is None:
            continue
        (outside if (created and year < created) or (deleted and year > deleted) else missing).append(year)
    if outside:
        span = f"{created or '…'}–{deleted or '…'}"
        report.warn(
            f"{path}.dateMissing", rules.MISSING_OUTSIDE, span=span, years=", ".join(map(str, outside))
        )
    history: dict[str, Any] = {}
    _put(history, "created", created)
    _put(history, "deleted", deleted)
    _put(history, "missing", sorted(set(missing)))
    return history or None


def _year(value: object, path: str, report: Reporter) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if _YEAR.match(text):
        return int(text)
    report.warn(path, rules.YEAR, value=text)
    return None
