"""Per-dataset validation cache and the command line's contract."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml
from support.cli import CATALOGUE

from harvester.config import Config, config_json_schema_text
from harvester.model.file import json_schema_text
from harvester.pipeline.build import check

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_changed_dataset_is_revalidated(config: Config, tmp_path: Path) -> None:
    sources = tmp_path / "src"
    # The hand-written demo datasets: the SNDS would only make the three builds slower.
    shutil.copytree(ROOT / "catalogue_src", sources, ignore=shutil.ignore_patterns("snds"))
    cache = tmp_path / "cache"
    first = check(config, [sources], cache)
    units = len(first.assembly.datasets) + len(first.assembly.codelists) + len(first.assembly.uses)
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
    configuration = (ROOT / "catalogue_src" / "config.schema.json").read_text(encoding="utf-8")
    assert configuration == config_json_schema_text()
    assert "$schema=catalogue_src/config.schema.json" in (ROOT / "catalogue.yaml").read_text("utf-8")


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


def test_one_file_is_validated_in_its_catalogue(tmp_path: Path) -> None:
    """What the pre-commit hook runs: the changed file alone, its references resolved in the catalogue."""
    text = (ROOT / "catalogue_src" / "registre-cancers-isere" / "dataset.yaml").read_text("utf-8")
    assert "code_list: sexe" in text  # defined in catalogue_src/codelists/communs.yaml
    # A new dataset of the producer, also using an SNDS nomenclature (MS_CIM_V, another file again).
    new = text.replace("id: registre-cancers-isere", "id: essai-eds", 1)
    new = new.replace("code_list: cim-o-3-topographie-extrait", "code_list: MS_CIM_V", 1)
    new = new.split("\ncodelists:")[0]  # its own code lists stay in the registry's file
    # The producer's folder beside the demo catalogue: both are sources of the configuration.
    settings = yaml.safe_load((ROOT / "catalogue.yaml").read_text("utf-8"))
    settings["sources"] = [str(ROOT / "catalogue_src"), "producer"]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    target = tmp_path / "producer" / "essai-eds" / "dataset.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(new, "utf-8")
    command = [CATALOGUE, "validate", "producer/essai-eds/dataset.yaml", "--format", "json"]
    alone = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert json.loads(alone.stdout) == []
    target.write_text(new.replace("code_list: MS_CIM_V", "code_list: MS_CIM_X", 1), "utf-8")
    broken = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert broken.returncode == 1
    errors = [p for p in json.loads(broken.stdout) if p["severity"] == "error"]
    assert {p["source"] for p in errors} == {"producer/essai-eds/dataset.yaml"}
    line = next(n for n, row in enumerate(new.splitlines(), 1) if "code_list: MS_CIM_V" in row)
    assert [(p["rule"], p["line"]) for p in errors] == [("catalogue:code_list", line)]
