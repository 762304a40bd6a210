"""The distribution works where producers and operators install it: a wheel in a fresh virtualenv,
run on a copy of the demo in a folder with no checkout around it (what the pre-commit hook does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
# The hand-written part of the demo: the SNDS is left out to keep this test about packaging, not scale.
DEMO_PARTS = ("codelists", "cohorte-constances", "entrepot-aphp", "registre-cancers-isere")

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """The `catalogue` command of a wheel installed in a new virtualenv, and a clean environment."""
    work = tmp_path_factory.mktemp("wheel")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(work))}
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT, cwd=work, env=env
    )
    assert built.returncode == 0, built.stderr
    wheels = list((work / "dist").glob("health_data_catalogue-*.whl"))
    assert len(wheels) == 1
    venv = work / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=work, env=env).returncode == 0
    pip = _run(venv / "bin" / "pip", "install", "-q", wheels[0], cwd=work, env=env)
    assert pip.returncode == 0, pip.stderr
    yield venv / "bin" / "catalogue", env


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("producer")
    shutil.copy(ROOT / "catalogue.yaml", folder)
    for part in DEMO_PARTS:
        shutil.copytree(ROOT / "catalogue_src" / part, folder / "catalogue_src" / part)
    return folder


def test_the_wheel_carries_what_the_product_reads(installed: tuple[Path, dict[str, str]], demo: Path) -> None:
    catalogue, env = installed
    python = catalogue.with_name("python")
    where = _run(
        python,
        "-c",
        "import harvester, pathlib; print(pathlib.Path(harvester.__file__).parent)",
        cwd=demo,
        env=env,
    )
    package = Path(where.stdout.strip())
    assert "site-packages" in package.parts, package  # the wheel, not the checkout
    for resource in (
        "ontology/shapes/catalogue.ttl",
        "ontology/search/synonyms.txt",
        "site/mkdocs.yml",
        "scaffold/new_dataset.yaml",
    ):
        assert (package / "resources" / resource).is_file(), resource
    licence = _run(
        python,
        "-c",
        "import importlib.metadata as m; d = m.distribution('health-data-catalogue');"
        "print(d.metadata['License-Expression']); print(d.read_text('licenses/LICENSE').splitlines()[0])",
        cwd=demo,
        env=env,
    )
    assert licence.stdout.split("\n")[:2] == ["MPL-2.0", "Mozilla Public License Version 2.0"], licence


def test_validate_build_index_site_and_serve_from_the_wheel(
    installed: tuple[Path, dict[str, str]], demo: Path
) -> None:
    catalogue, env = installed
    assert _run(catalogue, "validate", cwd=demo, env=env).returncode == 0
    assert _run(catalogue, "build", cwd=demo, env=env).returncode == 0
    assert (demo / "build" / "graph.nt").is_file()
    assert _run(catalogue, "index", cwd=demo, env=env).returncode == 0
    site = _run(catalogue, "site", cwd=demo, env=env)
    assert site.returncode == 0, site.stderr
    assert (demo / "build" / "site" / "datasets" / "registre-cancers-isere" / "index.html").is_file()

    port = free_port()
    server = subprocess.Popen(
        [str(catalogue), "serve", "--port", str(port)], cwd=demo, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        answer = _get(f"http://127.0.0.1:{port}/api/search?q=cancer", server)
        assert '"total"' in answer and "registre-cancers-isere" in answer
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors


def test_a_producer_scaffolds_and_validates_with_the_wheel(
    installed: tuple[Path, dict[str, str]], demo: Path
) -> None:
    catalogue, env = installed
    assert _run(catalogue, "new", "dataset", "mon-registre", cwd=demo, env=env).returncode == 0
    target = demo / "catalogue_src" / "mon-registre" / "dataset.yaml"
    assert _run(catalogue, "validate", target, cwd=demo, env=env).returncode == 0


def _get(url: str, server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body: str = response.read().decode("utf-8")
                return body
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)
