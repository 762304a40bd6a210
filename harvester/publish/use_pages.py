"""The data-use register on the site, from the reader's views (Catalogue.uses): a page per use
(/uses/{id}/), the register (/uses/) whose rows the page's script filters by kind, status, dataset,
organisation and year (site/assets/js/register.js), and "used by N projects" on dataset and table
pages (and on each variable of a table's dictionary)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from harvester.core import site_urls as urls
from harvester.publish.pages import Page
from harvester.publish.schema_org import script_tag, use_jsonld
from harvester.publish.use_labels import KINDS, STATUSES
from harvester.reader.nodes import year
from harvester.reader.views import Catalogue, Use, UsedItem

REGISTER_TITLE = "Registre des usages des données"


@dataclass(frozen=True)
class UsedVariable:
    name: str
    label: str
    years: str
    url: str  # "" when the catalogue has no such variable


@dataclass
class UsedTable:
    name: str
    title: str
    years: str
    url: str
    whole: bool  # named as a table, not only through some of its variables
    variables: list[UsedVariable] = field(default_factory=list)


@dataclass
class UsedDataset:
    id: str
    title: str
    years: str
    url: str
    opened: bool  # a dataset a challenge opens to its participants
    tables: list[UsedTable] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterRow:
    """A line of the register, with the values its filters compare (space-separated in attributes)."""

    use: Use
    datasets: list[tuple[str, str]]  # (id, title)
    organisations: list[str]
    years: list[int]  # the years of its period (an open end: this year)

    @property
    def period(self) -> str:
        return years_text(period_years(self.use))


def period_years(use: Use) -> tuple[int | None, int | None]:
    start, end = use.period
    return year(start), year(end)


def years_text(years: tuple[int | None, int | None]) -> str:
    """'2015–2020', 'depuis 2015', 'jusqu’en 2020', or '' when nothing is said."""
    first, last = years
    if first and last:
        return str(first) if first == last else f"{first}–{last}"
    if first:
        return f"depuis {first}"
    return f"jusqu’en {last}" if last else ""


def use_pages(catalogue: Catalogue, this_year: int | None = None) -> Iterator[Page]:
    """The register, then a page per use."""
    year_now = this_year or date.today().year
    rows = [_row(catalogue, use, year_now) for use in catalogue.uses]
    filters = {
        "kinds": [(k, KINDS[k][0]) for k in KINDS if any(r.use.kind == k for r in rows)],
        "statuses": [(s, STATUSES[s][0]) for s in STATUSES if any(r.use.status == s for r in rows)],
        "datasets": sorted({d for r in rows for d in r.datasets}, key=lambda pair: pair[1].lower()),
        "organisations": sorted({o for r in rows for o in r.organisations}, key=str.lower),
        "years": sorted({y for r in rows for y in r.years}, reverse=True),
    }
    context = {"rows": rows, "filters": filters}
    yield Page(urls.USES, "uses.html.j2", REGISTER_TITLE, context, hide=["toc"])
    for use in catalogue.uses:
        yield _use_page(catalogue, use)


def add_uses(page: Page, catalogue: Catalogue) -> None:
    """A dataset page lists the uses naming it; a table page those naming it or its variables, and
    its dictionary says how many name each variable."""
    if page.template == "dataset.html.j2":
        dataset = page.context["d"]
        page.context["uses"] = catalogue.uses_of(dataset.id) if dataset.uses else []
    elif page.template == "table.html.j2":
        dataset, table = page.context["d"], page.context["t"]
        uses = catalogue.uses_of(dataset.id, table.name) if dataset.uses else []
        page.context["uses"] = uses
        page.context["variable_uses"] = {
            v.name: found
            for v in table.variables
            if uses and (found := catalogue.uses_of(dataset.id, table.name, v.name))
        }


def _row(catalogue: Catalogue, use: Use, this_year: int) -> RegisterRow:
    start, end = period_years(use)
    first = start or end or this_year
    last = end or max(this_year, first)
    datasets = [(d, _dataset_title(catalogue, d)) for d in use.datasets]
    return RegisterRow(use, datasets, [o.name for o in use.organisations], list(range(first, last + 1)))


def _dataset_title(catalogue: Catalogue, dataset_id: str) -> str:
    dataset = catalogue.dataset(dataset_id)
    return (dataset.title or dataset_id) if dataset else dataset_id


def _use_page(catalogue: Catalogue, use: Use) -> Page:
    path = urls.use_dir(use.id)
    root = "../" * len(path.split("/"))
    context = {
        "u": use,
        "used": used_tree(catalogue, use, root),
        "period": years_text(period_years(use)),
        "jsonld": Markup(script_tag(use_jsonld(use))),
    }
    return Page(path, "use.html.j2", use.title or use.id, context)


def used_tree(catalogue: Catalogue, use: Use, root: str) -> list[UsedDataset]:
    """What a use named, dataset by dataset and table by table, with links to what the catalogue has."""
    tree: dict[str, UsedDataset] = {}
    for item in use.used:
        dataset = catalogue.dataset(item.dataset)
        node = tree.get(item.dataset)
        if node is None:
            url = f"{root}{urls.dataset_dir(item.dataset)}/" if dataset else ""
            node = tree[item.dataset] = UsedDataset(
                item.dataset, _dataset_title(catalogue, item.dataset), "", url, False
            )
        node.opened = node.opened or item.opened
        if item.level == "dataset":
            node.years = node.years or years_text(item.years)
            continue
        table = _table_node(catalogue, node, item, root)
        if item.level == "table":
            table.whole = True
            table.years = table.years or years_text(item.years)
            continue
        found = catalogue.table(item.dataset, item.table)
        variable = next((v for v in found.variables if v.name == item.variable), None) if found else None
        url = f"{table.url}#{urls.variable_anchor(item.variable)}" if variable else ""
        label = variable.label if variable else ""
        own = years_text(item.years)  # said only where it differs from its table's (or dataset's)
        shown = "" if own == (table.years or node.years) else own
        table.variables.append(UsedVariable(item.variable, label, shown, url))
    return list(tree.values())


def _table_node(catalogue: Catalogue, node: UsedDataset, item: UsedItem, root: str) -> UsedTable:
    table = next((t for t in node.tables if t.name == item.table), None)
    if table is None:
        found = catalogue.table(item.dataset, item.table)
        url = f"{root}{urls.table_url(item.dataset, item.table)}" if found else ""
        table = UsedTable(item.table, found.title if found else "", "", url, False)
        node.tables.append(table)
    return table
