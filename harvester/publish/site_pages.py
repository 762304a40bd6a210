"""The list of pages of the site, with what each template needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from harvester.core import site_urls as urls
from harvester.publish.erd import er_diagram, joined_datasets
from harvester.publish.pages import Page
from harvester.publish.schema_org import dataset_jsonld, script_tag
from harvester.quality.score import score
from harvester.reader.views import Catalogue, Dataset, ForeignKey, Table, Term


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
class Reference:
    dataset: str
    table: str
    url: str


def all_pages(catalogue: Catalogue) -> Iterator[Page]:
    yield _home(catalogue)
    counts = {d.id: sum(len(t.variables) for t in d.tables) for d in catalogue.datasets}
    yield Page(
        "datasets", "datasets.html.j2", "Jeux de données", {"catalogue": catalogue, "variable_counts": counts}
    )
    yield Page("codelists", "codelists.html.j2", "Nomenclatures", {"catalogue": catalogue})
    yield Page("search", "search.html.j2", "Recherche", {})
    referenced_by = _references(catalogue)
    codelists = {c.id for c in catalogue.codelists}
    for dataset in catalogue.datasets:
        yield _dataset(catalogue, dataset)
        for table in dataset.tables:
            yield _table(catalogue, dataset, table, referenced_by, codelists)
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


def _dataset(catalogue: Catalogue, dataset: Dataset) -> Page:
    joined = [
        Link(j, other.title if other else j, other is not None)
        for j in joined_datasets(dataset, catalogue.datasets)
        for other in [catalogue.dataset(j)]
    ]
    diagram = er_diagram(dataset)
    collection = next((c for c in catalogue.collections if c.id == dataset.collection), None)
    context = {
        "d": dataset,
        "collection": collection,
        "diagram": diagram,
        "joined": joined,
        "quality": score(dataset).as_dict(),
        "jsonld": Markup(script_tag(dataset_jsonld(dataset, catalogue, dataset.iri))),
    }
    head = [
        '<link rel="alternate" type="text/turtle" href="dataset.ttl" title="RDF (Turtle)">',
        '<link rel="alternate" type="application/ld+json" href="dataset.jsonld" title="RDF (JSON-LD)">',
    ]
    page = Page(urls.dataset_dir(dataset.id), "dataset.html.j2", dataset.title or dataset.id, context, head)
    page.mermaid = bool(diagram)
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
) -> Page:
    path = urls.table_dir(dataset.id, table.name)
    root = "../" * len(path.split("/"))
    keys = [
        KeyLink(
            fk, root + urls.table_url(fk.dataset, fk.table) if catalogue.table(fk.dataset, fk.table) else ""
        )
        for fk in table.foreign_keys
    ]
    context = {
        "d": dataset,
        "t": table,
        "span": _span(dataset, table),
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


def _span(dataset: Dataset, table: Table) -> tuple[int, int]:
    """Years the timelines of a table cover: the dataset's period widened by the known histories."""
    years = [y for v in table.variables for y in (v.history.created, v.history.deleted) if y]
    years += [y for y in (table.history.created, table.history.deleted) if y]
    for value in dataset.temporal:
        if value[:4].isdigit():
            years.append(int(value[:4]))
    return (min(years), max(years)) if years else (0, 0)
