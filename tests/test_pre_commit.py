"""A producer's repository running the hook for real: `pre-commit` from PyPI installs this repository
as its `.pre-commit-hooks.yaml` says (`language: python`: a virtualenv and `pip install .`), and
validates the changed files in their catalogue."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    identity = ["-c", "user.name=Producteur", "-c", "user.email=producteur@example.org"]
    return subprocess.run(
        ["git", "-C", str(repo), *identity, *args], capture_output=True, text=True, check=True
    )


def _revision() -> str:
    """The hook is installed from a commit of this repository (pre-commit clones it at `rev`)."""
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def producer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("producer")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    shutil.copy(ROOT / "catalogue.yaml", repo)
    shutil.copytree(ROOT / "catalogue_src" / "codelists", repo / "catalogue_src" / "codelists")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {_revision()}\n    hooks:\n      - id: catalogue-validate\n",
        "utf-8",
    )
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "shared code lists")
    return repo


def _dataset(valid: bool) -> str:
    """A new dataset of the producer using the shared `sexe` list (another file of its catalogue)."""
    text = (ROOT / "catalogue_src" / "registre-cancers-isere" / "dataset.yaml").read_text("utf-8")
    text = text.replace("id: registre-cancers-isere", "id: essai-eds", 1).split("\ncodelists:")[0]
    text = text.replace("code_list: cim-o-3-topographie-extrait", "code_list: sexe", 1)
    for name in (
        "cim-o3-morphologie",
        "cim-o-3-grade",
        "base-diagnostic-encr",
        "mode-decouverte",
        "statut-vital",
    ):
        text = text.replace(f"code_list: {name}\n", "\n")
    text = text.replace("code_list: source-statut-vital\n", "\n")
    return text if valid else text.replace("code_list: sexe", "code_list: sex", 1)


def _run_hook(producer: Path, text: str, home: Path) -> subprocess.CompletedProcess[str]:
    target = producer / "catalogue_src" / "essai-eds" / "dataset.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    _git(producer, "add", ".")
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PRE_COMMIT_HOME": str(home / "pre-commit")}
    return subprocess.run(
        [PRE_COMMIT, "run", "--files", "catalogue_src/essai-eds/dataset.yaml"],
        cwd=producer,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=1800,
    )


def test_the_hook_passes_a_valid_dataset_and_stops_a_broken_one(
    producer: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("home")
    valid = _run_hook(producer, _dataset(valid=True), home)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "catalogue validate" in valid.stdout and "Passed" in valid.stdout

    broken = _run_hook(producer, _dataset(valid=False), home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    line = next(
        n for n, row in enumerate(_dataset(valid=False).splitlines(), 1) if "code_list: sex\n" in row + "\n"
    )
    assert f"catalogue_src/essai-eds/dataset.yaml:{line}" in broken.stdout
    assert "Did you mean 'sexe'?" in broken.stdout and "Traceback" not in broken.stdout + broken.stderr
