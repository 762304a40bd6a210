"""Entity-relationship diagram of a dataset's join keys, as Mermaid `erDiagram` text.

Only identifiers reach the diagram, reduced to [A-Za-z0-9_-]: no producer text, so nothing Mermaid
could interpret as markup. Tables of other datasets appear with their dataset as prefix.
"""

from __future__ import annotations

import re

from harvester.reader.views import Dataset
from harvester.selection.joins import KeyGraph, TableRef

MAX_CHARS = 40_000  # Mermaid refuses text above 50,000 characters by default


def _ident(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", value) or "_"


def _entity(dataset: Dataset, other_dataset: str, table: str) -> str:
    if other_dataset and other_dataset != dataset.id:
        return _ident(f"{other_dataset}__{table}")
    return _ident(table)


def key_label(columns: list[str] | tuple[str, ...]) -> str:
    """A key's columns as a relation label: `ETA_NUM + RSA_NUM`, never run together."""
    return " + ".join(_ident(name) for name in columns)[:80]


def er_diagram(dataset: Dataset, with_attributes: bool = True) -> str:
    """The diagram, or "" when the dataset has no join key at all."""
    relations = []
    keys: dict[str, dict[str, set[str]]] = {}
    for table in dataset.tables:
        entity = _entity(dataset, "", table.name)
        own = keys.setdefault(entity, {})
        for name in table.primary_key:
            own.setdefault(_ident(name), set()).add("PK")
        for fk in table.foreign_keys:
            target = _entity(dataset, fk.dataset, fk.table)
            label = key_label(fk.columns)
            relations.append(f'    {target} ||--o{{ {entity} : "{label}"')
            for name in fk.columns:
                own.setdefault(_ident(name), set()).add("FK")
            theirs = keys.setdefault(target, {})
            for name in fk.referenced_columns:
                theirs.setdefault(_ident(name), set())
    if not relations:
        return ""
    lines = ["erDiagram", *sorted(set(relations))]
    if with_attributes:
        for entity in sorted(keys):
            columns = keys[entity]
            if columns:
                lines.append(f"    {entity} {{")
                for name in sorted(columns):
                    flags = ",".join(sorted(columns[name]))
                    lines.append(f"        key {name} {flags}".rstrip())
                lines.append("    }")
    text = "\n".join(lines)
    if len(text) > MAX_CHARS and with_attributes:
        return er_diagram(dataset, with_attributes=False)
    return text


def neighbourhood_diagram(graph: KeyGraph, table: TableRef) -> str:
    """One table and the tables its keys reach or that reach it, one relation per key (tables of other
    datasets with their dataset as prefix)."""
    relations = []
    for step in graph.neighbours(table):
        key = graph.keys[step.key]
        owner = _ident(
            key.owner.table
            if key.owner.dataset == table.dataset
            else f"{key.owner.dataset}__{key.owner.table}"
        )
        target = _ident(
            key.target.table
            if key.target.dataset == table.dataset
            else f"{key.target.dataset}__{key.target.table}"
        )
        label = f"{key_label(key.columns)} → {key_label(key.referenced_columns)}"
        relations.append(f'    {target} ||--o{{ {owner} : "{label}"')
    return "\n".join(["erDiagram", *sorted(set(relations))]) if relations else ""
