"""Quality of built datasets, read from their graph like every other reader of the build, and the
files that keep it: build/quality.json (this build) and build/quality-history.jsonl (one line per build)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from harvester.core.iris import Iris
from harvester.graph.unit import GraphUnit
from harvester.quality.assessment import Assessment, assess
from harvester.quality.score import QualityScore, score
from harvester.reader.catalogue import GraphReader

QUALITY_FILE = "quality.json"
HISTORY_FILE = "quality-history.jsonl"


def quality_scores(graph: ox.Store, iris: Iris, dataset_ids: Iterable[str]) -> list[QualityScore]:
    reader = GraphReader(graph)
    return [score(reader.dataset(str(iris.dataset(dataset_id)))) for dataset_id in dataset_ids]


def assessments(graph: ox.Store, iris: Iris, dataset_ids: Iterable[str], today: dt.date) -> list[Assessment]:
    reader = GraphReader(graph)
    return [assess(reader.dataset(str(iris.dataset(dataset_id))), today) for dataset_id in dataset_ids]


def write_quality(
    out_dir: Path,
    assessed: list[Assessment],
    sources: dict[str, str] | None = None,
    built_at: dt.datetime | None = None,
) -> None:
    """This build's figures (with the file or record each dataset was read from, so its problems in
    validation.json can be found), and a line of them appended to the history (the dashboards' trend)."""
    entries = [a.as_dict() | {"source": (sources or {}).get(a.dataset, "")} for a in assessed]
    (out_dir / QUALITY_FILE).write_text(
        json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    moment = (built_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    line = {"built_at": moment, "scores": {a.dataset: a.score.score for a in assessed}}
    with (out_dir / HISTORY_FILE).open("a", encoding="utf-8") as history:
        history.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def read_history(build_dir: Path) -> list[tuple[str, dict[str, int]]]:
    """(build time, {dataset: score}) of each build kept, oldest first; a damaged line is skipped
    (the history is a convenience, never a reason to fail a site build)."""
    path = build_dir / HISTORY_FILE
    if not path.is_file():
        return []
    found = []
    for text in path.read_text("utf-8").splitlines():
        try:
            line = json.loads(text)
            found.append((str(line["built_at"]), {str(k): int(v) for k, v in line["scores"].items()}))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return found


def units_store(units: Iterable[GraphUnit]) -> ox.Store:
    """The triples of some units (datasets not built into a graph file yet, e.g. a pull request's)."""
    store = ox.Store()
    for unit in units:
        store.bulk_load(unit.graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store
