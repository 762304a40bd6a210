"""The DCAT feed as other portals harvest it: pages of datasets with Hydra links, and one record at a time.

Served from the exact triples the build wrote (`build/dcat/catalog.nt`), not from a triple store: a store
canonicalizes xsd:nonNegativeInteger to xsd:integer, which the DCAT-AP shapes then reject (byteSize).
A page holds the catalogue, the page's datasets with everything they reach (distributions, agents,
dictionary, vocabulary terms), and a `hydra:PartialCollectionView`. Catalogues (the top one and the
collections) list only the datasets of the page, so every `dcat:dataset` link resolves within the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, XSD

from harvester.core.namespaces import DCAT, HYDRA
from harvester.reader.closure import reachable

RDF_TYPE = ox.NamedNode(str(RDF.type))
DCAT_DATASET = ox.NamedNode(str(DCAT.dataset))
CATALOG = ox.NamedNode(str(DCAT.Catalog))
MODIFIED = ox.NamedNode(str(DCTERMS.modified))
RECORD_CLASSES = {ox.NamedNode(str(DCAT.Dataset)), CATALOG}
SERIES = ox.NamedNode(str(DCAT.DatasetSeries))
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

Subject = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class FeedPage:
    triples: list[ox.Triple]
    total_items: int
    page: int
    last_page: int


class Feed:
    def __init__(self, catalog_nt: Path, catalogue_iri: str) -> None:
        self._by_subject: dict[Subject, list[ox.Triple]] = defaultdict(list)
        for triple in ox.parse(path=str(catalog_nt), format=ox.RdfFormat.N_TRIPLES):
            self._by_subject[triple.subject].append(triple)
        self.catalogue = ox.NamedNode(catalogue_iri)
        types = {
            (t.subject, t.object) for ts in self._by_subject.values() for t in ts if t.predicate == RDF_TYPE
        }
        self._records = {subject for subject, kind in types if kind in RECORD_CLASSES}
        self._series = {subject for subject, kind in types if kind == SERIES}
        catalogues = {subject for subject, kind in types if kind == CATALOG}
        self._catalogues: list[Subject] = sorted(
            (c for c in catalogues if isinstance(c, ox.NamedNode | ox.BlankNode)), key=str
        )
        listed = {t.object for t in self._by_subject[self.catalogue] if t.predicate == DCAT_DATASET}
        self.datasets: list[ox.NamedNode] = sorted(
            (d for d in listed if isinstance(d, ox.NamedNode)), key=lambda node: node.value
        )
        self.last_modified = dt.datetime.fromtimestamp(catalog_nt.stat().st_mtime, dt.UTC)

    def page(self, page: int, size: int, modified_since: dt.date | None = None) -> FeedPage:
        chosen = [d for d in self.datasets if modified_since is None or self._modified(d) >= modified_since]
        last_page = max(1, -(-len(chosen) // size))
        members = set(chosen[(page - 1) * size : page * size])
        triples: list[ox.Triple] = []
        for catalogue in self._catalogues:
            if catalogue in members:
                continue
            triples += self._catalogue_triples(catalogue, members)
        for dataset in sorted(members, key=str):
            triples += self.description(dataset)
        return FeedPage(_unique(triples), len(chosen), page, last_page)

    def description(self, root: Subject) -> list[ox.Triple]:
        """The record's triples and what it reaches; a series belongs to its datasets' descriptions."""
        return reachable(root, self._by_subject, self._records - self._series)

    def knows(self, iri: str) -> bool:
        return ox.NamedNode(iri) in self._by_subject

    def _catalogue_triples(self, catalogue: Subject, members: set[ox.NamedNode]) -> list[ox.Triple]:
        """A catalogue's description, its dataset links cut down to the page's members."""
        kept = []
        for triple in self.description(catalogue):
            if (
                triple.subject == catalogue
                and triple.predicate == DCAT_DATASET
                and triple.object not in members
            ):
                continue
            kept.append(triple)
        return kept

    def _modified(self, dataset: ox.NamedNode) -> dt.date:
        for triple in self._by_subject.get(dataset, []):
            if triple.predicate == MODIFIED and isinstance(triple.object, ox.Literal):
                try:
                    return dt.date.fromisoformat(triple.object.value[:10])
                except ValueError:
                    break
        return self.last_modified.date()  # undated records count as changed at the last build


def hydra_view(collection: str, page: FeedPage, page_url: str, link: str) -> list[ox.Triple]:
    """`link` is the URL of a page with `{page}` in it."""
    view = ox.NamedNode(page_url)
    catalogue = ox.NamedNode(collection)
    hydra = ox.NamedNode
    triples = [
        ox.Triple(view, RDF_TYPE, hydra(HYDRA + "PartialCollectionView")),
        ox.Triple(catalogue, RDF_TYPE, hydra(HYDRA + "Collection")),
        ox.Triple(catalogue, hydra(HYDRA + "view"), view),
        ox.Triple(
            catalogue, hydra(HYDRA + "totalItems"), ox.Literal(str(page.total_items), datatype=_INTEGER)
        ),
        ox.Triple(view, hydra(HYDRA + "first"), hydra(link.format(page=1))),
        ox.Triple(view, hydra(HYDRA + "last"), hydra(link.format(page=page.last_page))),
    ]
    # The older Hydra terms too (hydra:PagedCollection, nextPage…): what ckanext-dcat harvesters follow.
    triples += [
        ox.Triple(view, RDF_TYPE, hydra(HYDRA + "PagedCollection")),
        ox.Triple(view, hydra(HYDRA + "totalItems"), ox.Literal(str(page.total_items), datatype=_INTEGER)),
        ox.Triple(view, hydra(HYDRA + "firstPage"), hydra(link.format(page=1))),
        ox.Triple(view, hydra(HYDRA + "lastPage"), hydra(link.format(page=page.last_page))),
    ]
    if page.page > 1:
        previous = hydra(link.format(page=page.page - 1))
        triples += [ox.Triple(view, hydra(HYDRA + term), previous) for term in ("previous", "previousPage")]
    if page.page < page.last_page:
        following = hydra(link.format(page=page.page + 1))
        triples += [ox.Triple(view, hydra(HYDRA + term), following) for term in ("next", "nextPage")]
    return triples


_INTEGER = ox.NamedNode(str(XSD.integer))


def _unique(triples: list[ox.Triple]) -> list[ox.Triple]:
    return list(dict.fromkeys(triples))
