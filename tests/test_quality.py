"""The quality score: bounded, explained, and moving the right way when a description improves."""

from __future__ import annotations

from pathlib import Path

import yaml

from harvester.model.dataset import Dataset
from harvester.quality.score import score

ROOT = Path(__file__).resolve().parents[1]


def _dataset(path: str) -> Dataset:
    return Dataset.model_validate(
        yaml.safe_load((ROOT / "catalogue_src" / path).read_text("utf-8"))["dataset"]
    )


def test_scores_are_bounded_and_every_lost_point_says_why() -> None:
    for path in sorted((ROOT / "catalogue_src").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if not data.get("dataset"):
            continue
        result = score(Dataset.model_validate(data["dataset"]))
        assert 0 <= result.score <= 100
        lost = 100 - result.score
        assert (lost > 0) == bool(result.lost())
        assert all(check.why_fr and check.why_en for check in result.lost())


def test_the_score_moves_in_the_expected_direction() -> None:
    dcir = _dataset("snds/snds-dcir.yaml")
    base = score(dcir)
    better = dcir.model_copy(update={"documentation": ["https://documentation-snds.health-data-hub.fr/"]})
    variables = [v.model_copy(update={"description": None}) for t in dcir.tables for v in t.variables]
    assert score(better).score >= base.score
    tables = [t.model_copy(update={"variables": variables[:1]}) for t in dcir.tables[:1]]
    worse = dcir.model_copy(
        update={"tables": tables, "keywords": dcir.keywords.model_copy(update={"en": []})}
    )
    assert score(worse).score < base.score
    assert any("English keyword" in check.why_en for check in score(worse).lost())
    assert score(dcir.model_copy(update={"tables": []})).dimensions()["dictionary"] == (0, 5)
