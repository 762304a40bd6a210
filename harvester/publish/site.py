"""The static documentation site, built with mkdocs-material from the graph (build/graph.nt) into
build/site/. Templates and mkdocs configuration live in `site/` (a package resource)."""

from __future__ import annotations

import hashlib
import html
import logging
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from harvester.config import AccessBody
from harvester.core import resources
from harvester.core.problems import Problem, ProblemError
from harvester.core.rules import setup as rules
from harvester.publish.data_files import write_codes, write_dataset_rdf, write_search_index
from harvester.publish.page_bodies import PageBodies
from harvester.publish.pages import environment, write_page
from harvester.publish.quality_pages import QualityFigures, add_quality, dashboard_pages, read_figures
from harvester.publish.selection_files import write_selection_files
from harvester.publish.site_pages import all_pages
from harvester.publish.use_pages import add_uses, use_pages
from harvester.reader.graph_file import read_built_graph
from harvester.selection.joins import KeyGraph


@dataclass
class SiteResult:
    out_dir: Path
    pages: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = now - since
        return now


def build_site(
    build_dir: Path, out_dir: Path | None = None, access_bodies: Sequence[AccessBody] = ()
) -> SiteResult:
    """Build `out_dir` (default `build_dir/site`) from `build_dir/graph.nt`; `access_bodies` (from
    catalogue.yaml) give the steps of each access procedure shown with its datasets."""
    start = time.perf_counter()
    out = (out_dir or build_dir / "site").resolve()
    result = SiteResult(out)
    graph = build_dir / "graph.nt"
    if not graph.is_file():
        result.problems.append(rules.SITE_NO_GRAPH.at(str(graph), path=graph))
        return result
    cache = build_dir / "cache" / "site"
    built = read_built_graph(graph, cache)
    catalogue, codes = built.catalogue, built.codes
    try:
        figures = read_figures(build_dir)
    except ProblemError as error:  # the pages are built without quality figures, and the problem says why
        result.problems.append(error.problem)
        figures = QualityFigures()
    lap = result.lap("read graph", start)
    known = {c.id for c in catalogue.codelists}
    for dataset in catalogue.datasets:
        for table in dataset.tables:
            result.problems.extend(
                rules.SITE_CODELIST_MISSING.at(
                    str(graph), variable=f"{dataset.id}/{table.name}/{v.name}", codelist=v.code_list
                )
                for v in table.variables
                if v.code_list and v.code_list not in known
            )
    with tempfile.TemporaryDirectory(prefix="catalogue-site-") as work:
        docs = Path(work) / "docs"
        shutil.copytree(resources.site("assets"), docs / "assets")
        (docs / "guide").mkdir(parents=True)
        shutil.copy(resources.site("templates", "guide.md"), docs / "guide" / "index.md")
        env = environment(resources.site("templates"))
        bodies = PageBodies()
        keys = KeyGraph.of(catalogue)
        this_year = date.today().year
        pages = all_pages(catalogue, keys, access_bodies, this_year)
        for page in [*pages, *dashboard_pages(catalogue, figures), *use_pages(catalogue, this_year)]:
            add_quality(page, figures)
            add_uses(page, catalogue)
            write_page(env, docs, page, bodies.fragments)
            result.pages += 1
        result.pages += 1  # the guide
        lap = result.lap("render pages", lap)
        result.problems.extend(_mkdocs(docs, out, html.escape(catalogue.title), bodies))
        lap = result.lap("mkdocs", lap)
    # The code-list files only change with the codes: written once per digest, then copied.
    listed = "\n".join(sorted(codelist.id for codelist in catalogue.codelists))
    key = hashlib.sha256(f"{built.codes_digest}\n{listed}".encode()).hexdigest()
    code_files = cache / f"code-files-{key}"
    if not code_files.is_dir():
        for stale in cache.glob("code-files-*"):
            shutil.rmtree(stale)
        for codelist in catalogue.codelists:
            write_codes(code_files, codelist.id, codes.get(codelist.id, []))
    shutil.copytree(code_files, out, dirs_exist_ok=True)
    lap = result.lap("code files", lap)
    write_dataset_rdf(out, built.dataset_lines, catalogue)
    lap = result.lap("dataset RDF", lap)
    write_search_index(out, catalogue)
    lap = result.lap("search index", lap)
    write_selection_files(out, catalogue, keys, access_bodies, this_year)
    result.lap("selection data", lap)
    result.seconds = time.perf_counter() - start
    return result


class _Warnings(logging.Handler):
    def __init__(self, source: str) -> None:
        super().__init__(logging.WARNING)
        self.source = source
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(rules.SITE_MKDOCS.at(self.source, message=record.getMessage()))


def _mkdocs(docs: Path, out: Path, site_name: str, bodies: PageBodies) -> list[Problem]:
    """Run mkdocs on the generated pages; its warnings come back as problems."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    warnings = _Warnings(str(resources.site("mkdocs.yml")))
    logger.addHandler(warnings)
    config = load_config(
        config_file=str(resources.site("mkdocs.yml")),
        docs_dir=str(docs),
        site_dir=str(out),
        site_name=site_name,
    )
    config.plugins["catalogue-pages"] = bodies
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(warnings)
    return warnings.problems
