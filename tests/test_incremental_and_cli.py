"""Per-dataset validation cache and the command line's contract."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from support.cli import CATALOGUE

from harvester.config import Config
from harvester.model.file import json_schema_text
from harvester.pipeline.build import check

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_changed_dataset_is_revalidated(config: Config, tmp_path: Path) -> None:
    sources = tmp_path / "src"
    # The hand-written demo datasets: the SNDS would only make the three builds slower.
    shutil.copytree(ROOT / "catalogue_src", sources, ignore=shutil.ignore_patterns("snds"))
    cache = tmp_path / "cache"
    first = check(config, [sources], cache)
    units = len(first.assembly.datasets) + len(first.assembly.codelists)
    assert first.verdict.chunks_validated == units

    again = check(config, [sources], cache)
    assert (again.verdict.chunks_validated, again.verdict.chunks_reused) == (0, units)

    changed = sorted(sources.glob("*/dataset.yaml"))[0]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text + "\n# a comment only\n", encoding="utf-8")
    unchanged = check(config, [sources], cache)
    assert unchanged.verdict.chunks_validated == 0  # comments and spacing do not change the graph

    changed.write_text(
        text.replace("keywords:\n    fr:\n", "keywords:\n    fr:\n      - modifié\n", 1), encoding="utf-8"
    )
    edited = check(config, [sources], cache)
    assert edited.verdict.chunks_validated == 1
    assert edited.verdict.problems == first.verdict.problems


def test_schema_file_is_up_to_date() -> None:
    committed = (ROOT / "catalogue_src" / "catalogue.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text()


def test_validate_exit_codes(tmp_path: Path) -> None:
    ok = subprocess.run(
        [CATALOGUE, "validate", "catalogue_src", "--format", "json"], cwd=ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert [p for p in json.loads(ok.stdout) if p["severity"] == "error"] == []

    usage = subprocess.run(
        [CATALOGUE, "validate", "no/such/folder"], cwd=ROOT, capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr

    bad = tmp_path / "bad.yaml"
    bad.write_text("dataset:\n  id: Bad Id\n", encoding="utf-8")
    invalid = subprocess.run(
        [CATALOGUE, "validate", str(bad), "--format", "markdown"], cwd=ROOT, capture_output=True, text=True
    )
    assert invalid.returncode == 1
    assert "bad.yaml`" in invalid.stdout and "| ❌ | 2 |" in invalid.stdout  # grouped by file, with the line
    assert "Traceback" not in invalid.stderr
