"""What the shapes cannot say: the closest existing name for an unknown reference, and the columns a
foreign key could point to. Added to the problems of our shapes, from the assembled models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.core.rules.base import Text
from harvester.core.suggest import suggestion
from harvester.model.dataset import Dataset
from harvester.model.dictionary import ForeignKey, Table
from harvester.pipeline.assemble import Assembly

MAX_LISTED = 40


def with_hints(problem: Problem, value: str, assembly: Assembly, dataset_id: str | None) -> Problem:
    """`value`: the name the shape found wrong (a code list id, a table or column name)."""
    parts = problem.field.split(".")
    rule = problem.rule.removeprefix("catalogue:")
    model = assembly.models.get(dataset_id) if dataset_id else None
    extra: list[Text] = []
    if rule == "code_list":
        extra += _closest(value, assembly.codelists)
    elif rule == "used-item":
        extra += _used_item(value, parts, assembly, problem.source)
    elif model is not None and rule in ("table", "referenced_columns", "columns", "primary_key"):
        table = _table(model, parts)
        key = _key(table, parts)
        if rule == "table" and key is not None:
            target = assembly.models.get(key.dataset or model.id)
            names = [t.name for t in target.tables] if target else []
            extra += _closest(value, names)
            if target is not None:
                extra.append(rules.TABLES_OF.format(dataset=target.id, tables=_listed(names)))
        elif rule == "referenced_columns" and key is not None:
            target_table = _target(assembly, model, key)
            if target_table is not None:
                extra += _closest(value, [v.name for v in target_table.variables])
                extra.append(_columns(target_table))
        elif table is not None:  # the table's own columns: a key or the primary key names one
            extra += _closest(value, [v.name for v in table.variables])
            extra.append(_columns(table))
    if not extra:
        return problem
    return replace(
        problem,
        message_fr=problem.message_fr + "".join(t.fr for t in extra),
        message_en=problem.message_en + "".join(t.en for t in extra),
    )


def _closest(value: str, names: Iterable[str]) -> list[Text]:
    said = suggestion(value, names, cutoff=0.6)
    return [Text(said["suggestion_fr"], said["suggestion_en"])] if said["suggestion_fr"] else []


def _columns(table: Table) -> Text:
    return rules.COLUMNS_OF.format(table=table.name, columns=_listed([v.name for v in table.variables]))


def _listed(names: list[str]) -> str:
    return ", ".join(names[:MAX_LISTED]) + (f", … ({len(names)})" if len(names) > MAX_LISTED else "")


def _table(model: Dataset, parts: list[str]) -> Table | None:
    if len(parts) > 2 and parts[1] == "tables" and parts[2].isdigit() and int(parts[2]) < len(model.tables):
        return model.tables[int(parts[2])]
    return None


def _key(table: Table | None, parts: list[str]) -> ForeignKey | None:
    if table is None or len(parts) < 5 or parts[3] != "foreign_keys" or not parts[4].isdigit():
        return None
    index = int(parts[4])
    return table.foreign_keys[index] if index < len(table.foreign_keys) else None


def _target(assembly: Assembly, model: Dataset, key: ForeignKey) -> Table | None:
    target = assembly.models.get(key.dataset or model.id)
    return next((t for t in target.tables if t.name == key.table), None) if target else None


def _used_item(value: str, parts: list[str], assembly: Assembly, source: str) -> list[Text]:
    """A use names an unknown dataset (`use.datasets.D`, `use.challenge.opens.N`), table
    (`….tables.T`) or variable (`….variables.V`): the closest names, and the table's or dataset's."""
    use = next((assembly.use_models[u] for u, unit in assembly.uses.items() if unit.source == source), None)
    if use is None or len(parts) < 3 or not parts[2].isdigit():
        return []
    if parts[1] != "datasets" or len(parts) == 3:
        return _closest(value, assembly.datasets)
    used = use.datasets[int(parts[2])]
    target = assembly.models.get(used.dataset)
    if target is None or not parts[4].isdigit():
        return []
    tables = [t.name for t in target.tables]
    if len(parts) == 5:
        return [*_closest(value, tables), rules.TABLES_OF.format(dataset=target.id, tables=_listed(tables))]
    name = used.tables[int(parts[4])].name
    table = next((t for t in target.tables if t.name == name), None)
    return [*_closest(value, [v.name for v in table.variables]), _columns(table)] if table else []
