"""What each producer file declares and references, read without the model: enough to find, for
some files, the others they need (the code lists they use, the datasets their keys point to, the
collections) and those that depend on them. Cached by path, size and modification time: the SNDS
files take a second to read, a commit hook has less.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from harvester.sources.yaml_document import MAX_FILE_BYTES

CACHE_FORMAT = 2


@dataclass(frozen=True)
class FileFacts:
    path: Path
    datasets: frozenset[str] = frozenset()
    codelists: frozenset[str] = frozenset()
    uses_lists: frozenset[str] = frozenset()  # code lists its variables take their values from
    key_datasets: frozenset[str] = frozenset()  # other datasets its foreign keys point to
    code_files: frozenset[str] = frozenset()  # CSV files of its code lists, relative to it
    collection: bool = False
    uses: frozenset[str] = frozenset()  # the use of the data it declares (catalogue_src/projects/)
    used_datasets: frozenset[str] = frozenset()  # the datasets that use names or opens


def read_facts(paths: Iterable[Path], cache_file: Path | None = None) -> list[FileFacts]:
    cached = _load_cache(cache_file)
    found: list[FileFacts] = []
    fresh: dict[str, dict[str, Any]] = {}
    for path in paths:
        resolved = path.resolve()
        stat = resolved.stat() if resolved.exists() else None
        stamp = [stat.st_size, stat.st_mtime_ns] if stat else None
        entry = cached.get(str(resolved))
        facts = _from_json(entry["facts"]) if entry and entry["stamp"] == stamp else _read(resolved)
        fresh[str(resolved)] = {"stamp": stamp, "facts": _to_json(facts)}
        found.append(facts)
    if cache_file is not None and fresh != cached:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps({"format": CACHE_FORMAT, "files": fresh}), "utf-8")
    return found


def needed_by(checked: Iterable[FileFacts], facts: Iterable[FileFacts]) -> set[Path]:
    """The files that define what `checked` references: its code lists, key targets, collections."""
    checked = list(checked)
    lists = set().union(*(f.uses_lists for f in checked))
    datasets = set().union(*(f.key_datasets | f.used_datasets for f in checked))
    return {f.path for f in facts if f.codelists & lists or f.datasets & datasets or f.collection}


def _read(path: Path) -> FileFacts:
    """Aliases are shared, not expanded, and only a few keys are looked at: a hostile file (billion
    laughs, an impossible date) reads as empty here and is reported when it is validated."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return FileFacts(path)
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, ValueError, RecursionError, yaml.YAMLError):
        return FileFacts(path)
    if not isinstance(data, dict):
        return FileFacts(path)
    found = data.get("dataset")
    dataset: dict[str, Any] = found if isinstance(found, dict) else {}
    tables = [t for t in dataset.get("tables") or [] if isinstance(t, dict)]
    variables = [v for t in tables for v in t.get("variables") or [] if isinstance(v, dict)]
    keys = [k for t in tables for k in t.get("foreign_keys") or [] if isinstance(k, dict)]
    lists = [v.get("code_list") for v in variables if v.get("code_list")]
    codelists = [c for c in data.get("codelists") or [] if isinstance(c, dict)]
    found_use = data.get("use")
    use: dict[str, Any] = found_use if isinstance(found_use, dict) else {}
    used = [d.get("dataset") for d in use.get("datasets") or [] if isinstance(d, dict)]
    found_challenge = use.get("challenge")
    challenge: dict[str, Any] = found_challenge if isinstance(found_challenge, dict) else {}
    used += [d for d in challenge.get("opens") or [] if isinstance(d, str)]
    files = [c["file"].get("path") for c in codelists if isinstance(c.get("file"), dict)]
    return FileFacts(
        path,
        frozenset({str(dataset["id"])} if "id" in dataset else set()),
        frozenset(str(c.get("id")) for c in codelists),
        frozenset(str(ref.get("id") if isinstance(ref, dict) else ref) for ref in lists),
        frozenset(str(k["dataset"]) for k in keys if k.get("dataset")),
        frozenset(str(f) for f in files if f),
        "collection" in data,
        frozenset({str(use["id"])} if "id" in use else set()),
        frozenset(str(d) for d in used if d),
    )


def _load_cache(cache_file: Path | None) -> dict[str, dict[str, Any]]:
    if cache_file is None or not cache_file.is_file():
        return {}
    try:
        data = json.loads(cache_file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("files", {}) if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _to_json(facts: FileFacts) -> dict[str, Any]:
    data = asdict(facts)
    return {key: sorted(value) if isinstance(value, frozenset) else value for key, value in data.items()} | {
        "path": str(facts.path)
    }


def _from_json(data: dict[str, Any]) -> FileFacts:
    return FileFacts(
        path=Path(data["path"]),
        datasets=frozenset(data["datasets"]),
        codelists=frozenset(data["codelists"]),
        uses_lists=frozenset(data["uses_lists"]),
        key_datasets=frozenset(data["key_datasets"]),
        code_files=frozenset(data["code_files"]),
        collection=bool(data["collection"]),
        uses=frozenset(data["uses"]),
        used_datasets=frozenset(data["used_datasets"]),
    )
