from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from harvester.build import BuildResult, build
from harvester.config import Config, load_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT / "catalogue.yaml")


@pytest.fixture(scope="session")
def demo_store(demo_build: tuple[BuildResult, Path]) -> ox.Store:
    """The whole built graph (1.5 M triples with the SNDS), queryable with SPARQL."""
    store = ox.Store()
    store.bulk_load(path=str(demo_build[1] / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="session")
def demo_build(config: Config, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("demo-build")
    return build(config, [ROOT / "catalogue_src"], out), out
