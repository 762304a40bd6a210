"""Read the JSON files of an import (Table Schemas, nomenclature descriptors, a Data Package)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.core.problems import Problem
from harvester.core.rules import files

MAX_JSON_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class JsonFile:
    path: Path
    display: str  # what problems show: the path from the folder the user named
    data: dict[str, Any]


def read_json(path: Path, display: str, problems: list[Problem]) -> JsonFile | None:
    """The file's object, or None with an error problem when it is unreadable or not an object."""
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ValueError(f"larger than {MAX_JSON_BYTES // 1024 // 1024} MB")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except json.JSONDecodeError as error:
        problems.append(files.JSON_SYNTAX.at(display, line=error.lineno, column=error.colno, error=error.msg))
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        problems.append(files.JSON_FILE.at(display, error=error))
        return None
    if not isinstance(data, dict):
        problems.append(files.JSON_STRUCTURE.at(display, line=1, column=1))
        return None
    return JsonFile(path, display, data)


def json_files(folder: Path) -> list[Path]:
    """Every *.json below a folder, in a stable order (the import must be reproducible)."""
    return sorted(path for path in folder.rglob("*.json") if path.is_file())


def shown_path(path: Path, root: Path) -> str:
    return str(Path(root.name) / path.relative_to(root))
