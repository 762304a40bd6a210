"""What can still be checked in a file that does not validate: the same file mended where it is wrong.

Each error is mended at the smallest scale that works: an unknown field is dropped, a broken optional
value is dropped, a broken required text or choice gets a stand-in; only when none fits is the whole
list item removed (a variable, a table, a code list). Names stay, so the references to a variable with
a wrong type still resolve. The structural problems are reported from the whole file; the mended
file is assembled and validated like any other (its references, keys and years are checked in the
same run) but never published. Removed items shift positions: the salvaged document maps each path
back to its place in the producer's file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harvester.core.paths import FieldPath
from harvester.model.file import CatalogueFile
from harvester.sources.model_paths import model_at, placeholder
from harvester.sources.yaml_document import YamlDocument

MAX_ROUNDS = 5


@dataclass
class SalvagedDocument(YamlDocument):
    """The producer's document, seen through the salvaged data: paths are mapped back to the file."""

    data: Any = None
    kept: dict[int, list[int]] = field(default_factory=dict)  # id(salvaged list) → original positions

    def original(self, loc: FieldPath) -> FieldPath:
        out: list[str | int] = []
        node = self.data
        for part in loc:
            if isinstance(part, int) and isinstance(node, list):
                positions = self.kept.get(id(node))
                out.append(positions[part] if positions is not None and part < len(positions) else part)
                node = node[part] if part < len(node) else None
            else:
                out.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(out)


def salvage(document: YamlDocument, error: ValidationError) -> tuple[CatalogueFile, SalvagedDocument] | None:
    """The file without the list items its errors are in, when that validates; else None."""
    data = copy.deepcopy(document.data)
    kept: dict[int, list[int]] = {}
    errors = error
    for _ in range(MAX_ROUNDS):
        removals: set[FieldPath] = set()
        for detail in errors.errors(include_url=False):
            loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
            if _mend(data, loc, detail["type"]):
                continue
            item = _item_path(loc)
            if item is None:
                return None  # an error outside any list item that cannot be mended: nothing sound
            removals.add(item)
        for path in sorted(removals, key=lambda p: (len(p), p), reverse=True):
            _remove(data, path, kept)
        try:
            content = CatalogueFile.model_validate(data)
        except ValidationError as again:
            errors = again
            continue
        salvaged = SalvagedDocument(Path(document.path), data, dict(document.positions), kept)
        return content, salvaged
    return None


def _mend(data: Any, loc: FieldPath, kind: str) -> bool:
    """Mend the value at `loc` in place when a field-level repair fits; False when none does."""
    if not loc or not isinstance(loc[-1], str):
        return False
    parent, name = _at(data, loc[:-1]), loc[-1]
    model = model_at(loc[:-1])
    if not isinstance(parent, dict) or model is None:
        return False
    field = model.model_fields.get(name)
    leaf = not isinstance(parent.get(name), dict | list)  # a whole part (the dataset…) is never dropped
    if kind == "extra_forbidden" or (
        field is not None and not field.is_required() and name in parent and leaf
    ):
        parent.pop(name, None)  # unknown, or optional: the rest stands without it
        return True
    usable, value = placeholder(model, name)
    if usable:
        parent[name] = value
    return usable


def _at(data: Any, path: FieldPath) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def _item_path(loc: tuple[Any, ...]) -> FieldPath | None:
    """The path of the innermost list item an error is in (`dataset.tables.2.variables.5`)."""
    parts = [part for part in loc if isinstance(part, str | int)]
    last = max((i for i, part in enumerate(parts) if isinstance(part, int)), default=None)
    return tuple(parts[: last + 1]) if last is not None else None


def _remove(data: Any, path: FieldPath, kept: dict[int, list[int]]) -> None:
    node = data
    for part in path[:-1]:
        node = node[part] if isinstance(node, list) and isinstance(part, int) else node.get(part)
        if node is None:
            return
    position = path[-1]
    if not isinstance(node, list) or not isinstance(position, int) or position >= len(node):
        return
    positions = kept.setdefault(id(node), list(range(len(node))))
    del node[position]
    del positions[position]
