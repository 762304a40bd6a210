"""The files of a source under `build/harvest/<source>/`, and the list the build reads.

<source>/datasets/<local id>.nt   one dataset each, N-Triples, our IRIs, provenance
<source>/state.json               the last good harvest (state.py)
<source>/last-attempt.json        only while the latest attempt failed entirely: its problems
<source>/.lock                    held by the harvest running now (one at a time per source)
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from harvester.core.problems import Problem
from harvester.remote.state import load_state, write_text_atomically


@dataclass(frozen=True)
class SourceFolder:
    root: Path

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"

    @property
    def state(self) -> Path:
        return self.root / "state.json"

    @property
    def last_attempt(self) -> Path:
        return self.root / "last-attempt.json"

    @contextmanager
    def locked(self) -> Iterator[bool]:
        """Holds the source's lock while the block runs; yields False (and holds nothing) when another
        harvest of the source holds it. The lock is the kernel's: it dies with its process."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def dataset_file(self, local_id: str) -> Path:
        return self.datasets / f"{local_id}.nt"

    def write_dataset(self, local_id: str, text: str) -> None:
        write_text_atomically(self.dataset_file(local_id), text)

    def delete_dataset(self, local_id: str) -> None:
        self.dataset_file(local_id).unlink(missing_ok=True)

    def stray_files(self, expected: set[str]) -> list[Path]:
        """Dataset files no state lists (left by an interrupted harvest)."""
        if not self.datasets.is_dir():
            return []
        return sorted(p for p in self.datasets.glob("*.nt") if p.stem not in expected)

    def record_failure(self, when: str, problems: list[Problem]) -> None:
        payload = {"attempted_at": when, "problems": [problem.as_dict() for problem in problems]}
        write_text_atomically(self.last_attempt, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@dataclass(frozen=True)
class HarvestedDataset:
    """One dataset of a source's last good harvest, as the build needs it."""

    source_id: str
    local_id: str  # our IRI is {base}/dataset/{local_id}
    path: Path  # its N-Triples file
    original_iri: str | None  # where problems about it should point
    page: str


def harvested_datasets(out_dir: Path, source_ids: Iterable[str] | None = None) -> list[HarvestedDataset]:
    """The datasets of each source's last good harvest under `out_dir` (e.g. build/harvest/).

    Pass the configured source ids: a source removed from the configuration, or harvested once
    from a bare URL on the command line, then stays out of the catalogue although its files remain.
    """
    if source_ids is None:
        source_ids = sorted(p.name for p in out_dir.iterdir() if p.is_dir()) if out_dir.is_dir() else []
    found: list[HarvestedDataset] = []
    for source_id in sorted(source_ids):
        folder = SourceFolder(out_dir / source_id)
        state, _ = load_state(folder.state)
        for entry in state.datasets if state else []:
            path = folder.dataset_file(entry.local_id)
            if path.is_file():
                found.append(HarvestedDataset(source_id, entry.local_id, path, entry.iri, entry.page))
    return found


def harvested_files(out_dir: Path, source_ids: Iterable[str] | None = None) -> list[Path]:
    """The N-Triples files of `harvested_datasets`, in a stable order."""
    return [dataset.path for dataset in harvested_datasets(out_dir, source_ids)]
