"""Where in a producer's file: the path of keys and list positions from the document's root.

`("dataset", "tables", 2, "variables", 0, "name")` is the name of the first variable of the third
table; problems show it dotted (`dataset.tables.2.variables.0.name`) and YAML documents locate it.
"""

from __future__ import annotations

from collections.abc import Sequence

FieldPath = tuple[str | int, ...]


def dotted(path: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in path)
