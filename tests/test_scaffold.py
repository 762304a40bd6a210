"""`catalogue new dataset`: the scaffold validates as it is, and refuses bad ids or overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.config import Config
from harvester.core.problems import ProblemError
from harvester.pipeline.build import check
from harvester.scaffold import scaffold_dataset


def test_the_scaffold_is_valid(config: Config, tmp_path: Path) -> None:
    target = scaffold_dataset("mon-registre", tmp_path)
    result = check(config, [target], None)
    assert [p.as_text() for p in result.problems if p.is_error] == []
    assert result.verdict.valid_datasets == ["mon-registre"]
    assert target.read_text("utf-8").startswith("# yaml-language-server: $schema=../catalogue.schema.json")


def test_bad_ids_and_existing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="not an identifier"):
        scaffold_dataset("Mon Registre", tmp_path)
    scaffold_dataset("x", tmp_path)
    with pytest.raises(ProblemError, match="exists already"):
        scaffold_dataset("x", tmp_path)
