"""The quality score: read from the graph, bounded, explained, and moving the right way when a
description improves."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from harvester.pipeline.build import BuildResult
from harvester.quality.assessment import assess
from harvester.quality.score import score
from harvester.reader.catalogue import GraphReader
from harvester.reader.views import Catalogue, Dataset


@pytest.fixture(scope="module")
def demo_catalogue(demo_store: ox.Store) -> Catalogue:
    return GraphReader(demo_store).catalogue()


def _dataset(catalogue: Catalogue, dataset_id: str) -> Dataset:
    found = next(d for d in catalogue.datasets if d.id == dataset_id)
    return found


def test_scores_are_bounded_and_every_lost_point_says_why(demo_catalogue: Catalogue) -> None:
    assert demo_catalogue.datasets
    for dataset in demo_catalogue.datasets:
        result = score(dataset)
        assert 0 <= result.score <= 100
        lost = 100 - result.score
        assert (lost > 0) == bool(result.lost())
        assert all(check.why_fr and check.why_en for check in result.lost())


def test_the_build_writes_the_scores_of_every_published_dataset(
    demo_build: tuple[BuildResult, Path], demo_catalogue: Catalogue
) -> None:
    written = json.loads((demo_build[1] / "quality.json").read_text("utf-8"))
    assert [entry["dataset"] for entry in written] == sorted(demo_build[0].verdict.valid_datasets)
    # The build's day: the review is counted from it.
    today = dt.date.fromtimestamp((demo_build[1] / "quality.json").stat().st_mtime)
    assert [{k: v for k, v in e.items() if k != "source"} for e in written] == [
        assess(dataset, today).as_dict() for dataset in demo_catalogue.datasets
    ]
    # Each dataset says the file it was read from: the dashboards find its problems by it.
    assert all(Path(e["source"]).is_file() for e in written)


def test_the_score_moves_in_the_expected_direction(demo_catalogue: Catalogue) -> None:
    dcir = _dataset(demo_catalogue, "snds-dcir")
    base = score(dcir)
    assert dcir.documentation, "the demo documents the DCIR: the checks below start from there"
    undocumented = score(replace(dcir, documentation=[]))
    assert undocumented.score < base.score
    assert any("documentation link" in check.why_en for check in undocumented.lost())

    variables = [replace(v, description="") for t in dcir.tables for v in t.variables]
    tables = [replace(t, variables=variables[:1]) for t in dcir.tables[:1]]
    worse = score(replace(dcir, tables=tables, keywords_en=[]))
    assert worse.score < base.score
    assert any("English keyword" in check.why_en for check in worse.lost())
    assert score(replace(dcir, tables=[])).dimensions()["dictionary"] == (0, 5)
