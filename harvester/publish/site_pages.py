"""The list of pages of the site, with what each template needs."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from harvester.config import AccessBody
from harvester.core import site_urls as urls
from harvester.publish.erd import er_diagram, neighbourhood_diagram
from harvester.publish.pages import Page
from harvester.publish.schema_org import dataset_jsonld, script_tag
from harvester.reader.views import Catalogue, Dataset, ForeignKey, Table, Term
from harvester.selection.availability import Years, variable_years
from harvester.selection.joins import JoinPath, KeyGraph, Step, TableRef
from harvester.selection.report import procedures

BIG_DATASET = 12  # more tables than this: a table of keys and one diagram per table, not one for all


@dataclass(frozen=True)
class Link:
    id: str
    title: str
    exists: bool


@dataclass(frozen=True)
class KeyLink:
    key: ForeignKey
    url: str


@dataclass(frozen=True)
class Reachable:
    """Another dataset a dataset's keys lead to, and the shortest path there."""

    link: Link
    path: JoinPath


@dataclass(frozen=True)
class Neighbour:
    table: str
    steps: list[Step]


@dataclass(frozen=True)
class Reference:
    dataset: str
    table: str
    url: str


def all_pages(
    catalogue: Catalogue,
    graph: KeyGraph | None = None,
    bodies: Sequence[AccessBody] = (),
    this_year: int | None = None,
) -> Iterator[Page]:
    graph = graph or KeyGraph.of(catalogue)
    year_now = this_year or date.today().year
    yield _home(catalogue)
    counts = {d.id: sum(len(t.variables) for t in d.tables) for d in catalogue.datasets}
    yield Page(
        "datasets", "datasets.html.j2", "Jeux de données", {"catalogue": catalogue, "variable_counts": counts}
    )
    yield Page("codelists", "codelists.html.j2", "Nomenclatures", {"catalogue": catalogue})
    yield Page("search", "search.html.j2", "Recherche", {})
    yield Page("selection", "selection.html.j2", "Sélection et dossier d’accès", {}, hide=["toc"])
    referenced_by = _references(catalogue)
    codelists = {c.id for c in catalogue.codelists}
    for dataset in catalogue.datasets:
        yield _dataset(catalogue, dataset, graph, bodies)
        for table in dataset.tables:
            yield _table(catalogue, dataset, table, referenced_by, codelists, year_now)
    for codelist in catalogue.codelists:
        yield Page(urls.codelist_dir(codelist.id), "codelist.html.j2", codelist.title, {"c": codelist})


def _home(catalogue: Catalogue) -> Page:
    tables = [t for d in catalogue.datasets for t in d.tables]
    counts = {
        "datasets": len(catalogue.datasets),
        "tables": len(tables),
        "variables": sum(len(t.variables) for t in tables),
        "codes": sum(c.count for c in catalogue.codelists),
        "codelists": len(catalogue.codelists),
        "uses": len(catalogue.uses),
    }
    themes: dict[str, tuple[Term, list[Dataset]]] = {}
    publishers: dict[str, list[Dataset]] = defaultdict(list)
    for dataset in catalogue.datasets:
        for theme in dataset.themes:
            themes.setdefault(theme.code, (theme, []))[1].append(dataset)
        publishers[dataset.publisher.name if dataset.publisher else "—"].append(dataset)
    products = [(c, [d for d in catalogue.datasets if d.collection == c.id]) for c in catalogue.collections]
    alone = [d for d in catalogue.datasets if not d.collection]
    if alone:
        products.append((_Other(), alone))  # type: ignore[arg-type]
    context = {
        "catalogue": catalogue,
        "counts": counts,
        "themes": sorted(themes.values(), key=lambda pair: pair[0].label),
        "publishers": sorted(publishers.items()),
        "products": products,
    }
    return Page("", "home.html.j2", catalogue.title, context)


class _Other:
    title = "Autres jeux de données"
    title_en = "Other datasets"


def _dataset(catalogue: Catalogue, dataset: Dataset, graph: KeyGraph, bodies: Sequence[AccessBody]) -> Page:
    reachable = [
        Reachable(Link(other, found.title if found else other, found is not None), path)
        for other, path in graph.reachable(dataset.id).items()
        for found in [catalogue.dataset(other)]
    ]
    big = len(dataset.tables) > BIG_DATASET
    neighbours = [Neighbour(t.name, graph.neighbours(TableRef(dataset.id, t.name))) for t in dataset.tables]
    diagrams = {
        n.table: neighbourhood_diagram(graph, TableRef(dataset.id, n.table)) for n in neighbours if big
    }
    diagram = "" if big else er_diagram(dataset)
    # The table with most keys is shown first: the centre of the dataset.
    initial = max(neighbours, key=lambda n: len(n.steps)).table if neighbours else ""
    collection = next((c for c in catalogue.collections if c.id == dataset.collection), None)
    context = {
        "d": dataset,
        "collection": collection,
        "diagram": diagram,
        "reachable": reachable,
        "big": big,
        "neighbours": [n for n in neighbours if n.steps],
        "initial_table": initial,
        "neighbourhoods": json.dumps({t: d for t, d in diagrams.items() if d}),  # an attribute, escaped
        "procedures": procedures(dataset, bodies),
        "jsonld": Markup(script_tag(dataset_jsonld(dataset, catalogue, dataset.iri))),
    }
    head = [
        '<link rel="alternate" type="text/turtle" href="dataset.ttl" title="RDF (Turtle)">',
        '<link rel="alternate" type="application/ld+json" href="dataset.jsonld" title="RDF (JSON-LD)">',
    ]
    page = Page(urls.dataset_dir(dataset.id), "dataset.html.j2", dataset.title or dataset.id, context, head)
    page.mermaid = bool(diagram) or big
    return page


def _references(catalogue: Catalogue) -> dict[tuple[str, str], list[Reference]]:
    found: dict[tuple[str, str], list[Reference]] = defaultdict(list)
    for dataset in catalogue.datasets:
        for table in dataset.tables:
            for fk in table.foreign_keys:
                reference = Reference(dataset.id, table.name, urls.table_url(dataset.id, table.name))
                if reference not in found[(fk.dataset, fk.table)]:
                    found[(fk.dataset, fk.table)].append(reference)
    return found


def _table(
    catalogue: Catalogue,
    dataset: Dataset,
    table: Table,
    referenced_by: dict[tuple[str, str], list[Reference]],
    codelists: set[str],
    this_year: int,
) -> Page:
    path = urls.table_dir(dataset.id, table.name)
    root = "../" * len(path.split("/"))
    keys = [
        KeyLink(
            fk, root + urls.table_url(fk.dataset, fk.table) if catalogue.table(fk.dataset, fk.table) else ""
        )
        for fk in table.foreign_keys
    ]
    years = {v.name: variable_years(dataset, table, v, this_year) for v in table.variables}
    table_years = variable_years(dataset, table, None, this_year)
    context = {
        "d": dataset,
        "t": table,
        "years": years,
        "table_years": table_years,
        "span": _span([table_years, *years.values()]),
        "foreign_keys": keys,
        "fk_columns": {c for fk in table.foreign_keys for c in fk.columns},
        "referenced_by": [
            Reference(r.dataset, r.table, root + r.url)
            for r in referenced_by.get((dataset.id, table.name), [])
        ],
        "codelists": codelists,
    }
    title = f"{table.name} — {table.title}" if table.title else table.name
    return Page(path, "table.html.j2", title, context, hide=["toc"])  # the dictionary needs the width


def _span(all_years: list[Years]) -> tuple[int, int]:
    """Years the timelines of a table cover: from the earliest known start to the latest end."""
    firsts = [y.first for y in all_years if y.first]
    lasts = [y.last for y in all_years]
    return (min(firsts) if firsts else min(lasts, default=0), max(lasts, default=0))
