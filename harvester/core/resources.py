"""Files the product reads at run time, shipped inside the distribution and found with importlib.resources.

`ontology/` (shapes, vocabularies, search synonyms) and `site/` (mkdocs configuration, templates,
assets) stay at the top of the repository; `harvester/resources/` maps them in (one link each), so
the checkout, an editable install and an installed wheel all read them at the same package path.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def _root() -> Path:
    root = files("harvester.resources")
    # pip unpacks wheels: the resources are plain files. A zipped install would need extraction,
    # which mkdocs and rdflib (they take paths) cannot do for us.
    if not isinstance(root, Path):
        raise RuntimeError(f"the catalogue's resources must be installed as files, not in {root}")
    return root


def ontology(*parts: str) -> Path:
    """A file or folder of `ontology/`: shapes, vocabularies, search synonyms."""
    return _root().joinpath("ontology", *parts)


def site(*parts: str) -> Path:
    """A file or folder of `site/`: mkdocs configuration, page templates, assets."""
    return _root().joinpath("site", *parts)


def scaffold(name: str) -> Path:
    """A template that `catalogue new` copies for a producer."""
    return _root().joinpath("scaffold", name)
