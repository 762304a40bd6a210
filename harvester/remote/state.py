"""What a source's last good harvest left: `build/harvest/<source>/state.json`.

It is the memory of the harvester: which local id each source dataset got (stable identity), which
content hash each file has (unchanged files are not rewritten), and which datasets were seen (so
that those gone at the source are deleted here).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from harvester.core.problems import Problem
from harvester.core.rules import harvest as rules
from harvester.remote.text import one_line

STATE_FORMAT = 1


@dataclass(frozen=True)
class DatasetEntry:
    local_id: str
    iri: str | None  # the dataset's IRI at the source (None for a blank node)
    identifier: str | None  # its dct:identifier at the source
    page: str  # the page it was read on
    content_hash: str  # of its file, harvest time left out
    harvested_at: str  # when this version of its description was first harvested
    seen_at: str  # the last harvest that saw it at the source


@dataclass(frozen=True)
class PageEntry:
    url: str
    status: str  # "ok" or "failed"
    datasets: int


@dataclass
class SourceState:
    source_id: str
    url: str
    last_good_harvest: str
    complete: bool  # every page read: deletions were propagated
    pages: list[PageEntry] = field(default_factory=list)
    datasets: list[DatasetEntry] = field(default_factory=list)
    problems: list[dict[str, object]] = field(default_factory=list)
    format: int = STATE_FORMAT


_ADAPTER = TypeAdapter(SourceState)


def load_state(path: Path) -> tuple[SourceState | None, list[Problem]]:
    if not path.is_file():
        return None, []
    try:
        state = _ADAPTER.validate_json(path.read_bytes())
    except (OSError, ValidationError) as error:
        return None, [rules.STATE_UNREADABLE.at(str(path), detail=one_line(str(error).splitlines()[0]))]
    if state.format != STATE_FORMAT:
        return None, [
            rules.STATE_UNREADABLE.at(str(path), detail=f"format {state.format}, expected {STATE_FORMAT}")
        ]
    return state, []


def save_state(path: Path, state: SourceState) -> None:
    write_text_atomically(path, json.dumps(asdict(state), ensure_ascii=False, indent=2) + "\n")


def write_text_atomically(path: Path, text: str) -> None:
    """Readers never see half a file: write aside, then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
