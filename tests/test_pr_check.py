"""`catalogue check --base REF` in a real git repository: the same verdict as a full validation, an exact diff."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from harvester.config import Config
from harvester.core.problems import Problem
from harvester.pipeline.build import check
from harvester.review.change_check import ChangeCheck, check_change, report_markdown

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = "catalogue_src/registre-cancers-isere/dataset.yaml"
COHORT = "catalogue_src/cohorte-constances/dataset.yaml"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """The hand-written demo (not the SNDS, for speed), committed as the base."""
    shutil.copytree(
        ROOT / "catalogue_src", tmp_path / "catalogue_src", ignore=shutil.ignore_patterns("snds", "projects")
    )
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    return tmp_path


def _edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), "utf-8")


def _check(config: Config, repo: Path) -> ChangeCheck:
    return check_change(config, repo, [repo / "catalogue_src"], "HEAD")


def _same_verdict_as_full(config: Config, repo: Path, outcome: ChangeCheck) -> None:
    """The problems a full validation finds in the changed files (all of them) and in the files that
    depend on them (their errors): no more, no less."""
    full = check(config, [repo / "catalogue_src"], None)

    def within(problem: Problem, files: list[Path]) -> bool:  # a file, or a CSV code file beside it
        return problem.source in {str(p) for p in files} or str(Path(problem.source).parent) in {
            str(p.parent) for p in files
        }

    in_scope = [
        p
        for p in full.problems
        if within(p, outcome.changed_files) or (p.is_error and within(p, outcome.dependent_files))
    ]
    assert sorted(outcome.problems) == sorted(in_scope)
    for dataset_id in outcome.result.verdict.valid_datasets:
        assert dataset_id in full.verdict.valid_datasets
    for dataset_id in outcome.result.verdict.invalid_datasets:
        assert dataset_id in full.verdict.invalid_datasets


def test_a_valid_change_checks_a_fraction_and_agrees(config: Config, repo: Path) -> None:
    _edit(repo, REGISTRY, "fr: Sexe\n", "fr: Sexe du patient\n")
    outcome = _check(config, repo)
    assert outcome.ok
    assert [change.as_text() for change in outcome.diff.changes] == [
        "changed variable `registre-cancers-isere/patient/sexe` (label)"
    ]
    assert len(outcome.validated_files) < outcome.all_files
    assert str(repo / COHORT) not in {str(p) for p in outcome.validated_files}
    _same_verdict_as_full(config, repo, outcome)
    report = report_markdown(outcome)
    assert "registre-cancers-isere" in report and "/100" in report


def test_an_invalid_change_gives_the_full_validation_problems(config: Config, repo: Path) -> None:
    _edit(repo, COHORT, "  frequency: ANNUAL\n", "  frequency: SOMETIMES\n")
    outcome = _check(config, repo)
    assert not outcome.ok
    assert any(p.field == "dataset.frequency" and p.source.endswith("dataset.yaml") for p in outcome.problems)
    _same_verdict_as_full(config, repo, outcome)
    for problem in outcome.problems:
        assert Path(problem.source).is_file()
        if problem.line is not None:
            assert problem.line <= len(Path(problem.source).read_text("utf-8").splitlines())


def test_breaking_changes_are_flagged(config: Config, repo: Path) -> None:
    _edit(
        repo,
        REGISTRY,
        "          datatype: string\n          length: 1\n          code_list: sexe\n",
        "          datatype: integer\n          length: 1\n          code_list: sexe\n",
    )
    outcome = _check(config, repo)
    assert [c.as_text() for c in outcome.diff.breaking] == [
        "changed variable `registre-cancers-isere/patient/sexe` (datatype) **breaking**"
    ]


def test_a_renamed_file_is_no_change_and_a_deleted_dataset_is_breaking(config: Config, repo: Path) -> None:
    _git(repo, "mv", REGISTRY, "catalogue_src/registre-cancers-isere/registre.yaml")
    assert _check(config, repo).diff.changes == []
    lists = [c["id"] for c in yaml.safe_load((repo / COHORT).read_text("utf-8"))["codelists"]]
    (repo / COHORT).unlink()
    outcome = _check(config, repo)
    assert [c.as_text() for c in outcome.diff.changes] == [
        "removed dataset `cohorte-constances` **breaking**",
        *(f"removed codelist `{name}` **breaking**" for name in sorted(lists)),
    ]
    _same_verdict_as_full(config, repo, outcome)


def test_a_changed_code_list_rechecks_the_datasets_using_it(config: Config, repo: Path) -> None:
    _edit(repo, "catalogue_src/codelists/communs.yaml", "    title:", "    version: '2'\n    title:")
    outcome = _check(config, repo)
    validated = {p.name for p in outcome.validated_files}
    assert "communs.yaml" in validated and "dataset.yaml" in validated
    _same_verdict_as_full(config, repo, outcome)


def test_only_what_the_change_touched_speaks(config: Config, repo: Path) -> None:
    """A warning in a file the change does not touch (a duplicate code of a shared list) stays out."""
    departements = repo / "catalogue_src" / "codelists" / "departements.csv"
    lines = departements.read_text("utf-8").splitlines(keepends=True)
    departements.write_text("".join([*lines, lines[1]]), "utf-8")  # the first code, once more
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "duplicate code")
    assert any(
        p.rule == "codelist-duplicate-code" for p in check(config, [repo / "catalogue_src"], None).problems
    )
    _edit(repo, REGISTRY, "fr: Sexe\n", "fr: Sexe du patient\n")
    outcome = _check(config, repo)
    assert outcome.problems == [] and outcome.ok
    # The one warning is the touched description's yearly review (modified in 2024, never reviewed).
    assert [p.rule for p in outcome.reviews] == ["review-stale"]
    report = report_markdown(outcome)
    assert "1 changed file(s) checked" in report and "0 error(s), 1 warning(s)" in report


def test_a_change_with_errors_still_shows_its_diff_and_quality(config: Config, repo: Path) -> None:
    _edit(repo, REGISTRY, "fr: Sexe\n", "fr: Sexe du patient\n")
    _edit(
        repo,
        REGISTRY,
        "          datatype: string\n          length: 1\n",
        "          datatype: strnig\n          length: 1\n",
    )
    outcome = _check(config, repo)
    assert not outcome.ok
    assert [p.rule for p in outcome.problems if p.is_error] == ["model:enum"]
    # What parses is compared: the label change shows (the broken datatype is reported as a problem).
    assert [change.as_text() for change in outcome.diff.changes] == [
        "changed variable `registre-cancers-isere/patient/sexe` (label)"
    ]
    assert [score.dataset for score in outcome.scores] == ["registre-cancers-isere"]
    assert "aucune / none" not in report_markdown(outcome)
