"""What a change does to the catalogue: datasets, tables, variables and code lists added, removed or changed.

Compared on the producer model (the same files `catalogue validate` reads), so a renamed file or a
reordered key is no change, and a changed field is named. Breaking changes are those that break
users' programs: a dataset, table or variable removed, a variable's datatype changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from harvester.model.codelist import CodeList
from harvester.model.dataset import Dataset


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    what: str  # dataset | table | variable | codelist
    path: str  # e.g. snds-dcir/ER_PRS_F/BEN_NAI_ANN
    fields: tuple[str, ...] = ()  # for `changed`: the fields that differ
    breaking: bool = False

    def as_text(self) -> str:
        changed = f" ({', '.join(self.fields)})" if self.fields else ""
        flag = " **breaking**" if self.breaking else ""
        return f"{self.kind} {self.what} `{self.path}`{changed}{flag}"


@dataclass
class CatalogueDiff:
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    def touched_datasets(self) -> set[str]:
        return {c.path.split("/")[0] for c in self.changes if c.what in ("dataset", "table", "variable")}

    def touched_codelists(self) -> set[str]:
        return {c.path for c in self.changes if c.what == "codelist"}


def diff_catalogues(
    base_datasets: Mapping[str, Dataset],
    head_datasets: Mapping[str, Dataset],
    base_codelists: Mapping[str, CodeList],
    head_codelists: Mapping[str, CodeList],
) -> CatalogueDiff:
    result = CatalogueDiff()
    for kind, key, old, new in _pairs(base_datasets, head_datasets):
        if kind != "changed":
            result.changes.append(Change(kind, "dataset", key, breaking=kind == "removed"))
            continue
        assert old is not None and new is not None
        fields = _changed_fields(old, new, exclude={"tables"})
        if fields:
            result.changes.append(Change("changed", "dataset", key, fields))
        result.changes += _table_changes(key, old, new)
    for kind, key, old_list, new_list in _pairs(base_codelists, head_codelists):
        if kind != "changed":
            result.changes.append(Change(kind, "codelist", key, breaking=kind == "removed"))
        elif (
            old_list is not None and new_list is not None and (fields := _changed_fields(old_list, new_list))
        ):
            result.changes.append(Change("changed", "codelist", key, fields))
    return result


def _table_changes(dataset_id: str, old: Dataset, new: Dataset) -> Iterator[Change]:
    old_tables = {table.name: table for table in old.tables}
    new_tables = {table.name: table for table in new.tables}
    for kind, name, old_table, new_table in _pairs(old_tables, new_tables):
        path = f"{dataset_id}/{name}"
        if kind != "changed":
            yield Change(kind, "table", path, breaking=kind == "removed")
            continue
        assert old_table is not None and new_table is not None
        fields = _changed_fields(old_table, new_table, exclude={"variables"})
        if fields:
            yield Change("changed", "table", path, fields)
        old_variables = {variable.name: variable for variable in old_table.variables}
        new_variables = {variable.name: variable for variable in new_table.variables}
        for v_kind, v_name, old_variable, new_variable in _pairs(old_variables, new_variables):
            v_path = f"{path}/{v_name}"
            if v_kind != "changed":
                yield Change(v_kind, "variable", v_path, breaking=v_kind == "removed")
            elif old_variable is not None and new_variable is not None:
                v_fields = _changed_fields(old_variable, new_variable)
                if v_fields:
                    yield Change("changed", "variable", v_path, v_fields, breaking="datatype" in v_fields)


def _pairs(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[tuple[str, str, Any, Any]]:
    for key in sorted(set(old) | set(new)):
        if key not in old:
            yield "added", key, None, new[key]
        elif key not in new:
            yield "removed", key, old[key], None
        else:
            yield "changed", key, old[key], new[key]


def _changed_fields(old: Any, new: Any, exclude: set[str] | None = None) -> tuple[str, ...]:
    before = old.model_dump(mode="json", exclude=exclude)
    after = new.model_dump(mode="json", exclude=exclude)
    return tuple(sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key)))
