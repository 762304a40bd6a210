"""Stable IRIs minted from one configurable base (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef


def _segment(value: str) -> str:
    return quote(value, safe="-_.~")


@dataclass(frozen=True)
class Iris:
    base: str

    def catalogue(self) -> URIRef:
        return URIRef(f"{self.base}/catalogue")

    def collection(self, collection: str) -> URIRef:
        return URIRef(f"{self.base}/collection/{_segment(collection)}")

    def dataset(self, dataset: str) -> URIRef:
        return URIRef(f"{self.base}/dataset/{_segment(dataset)}")

    def part(self, dataset: str, fragment: str) -> URIRef:
        """A node that only exists inside a dataset's description (agent, contact, period)."""
        return URIRef(f"{self.dataset(dataset)}#{_segment(fragment)}")

    def dictionary(self, dataset: str) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/dictionary")

    def table(self, dataset: str, table: str) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/table/{_segment(table)}")

    def variable(self, dataset: str, table: str, variable: str) -> URIRef:
        return URIRef(f"{self.table(dataset, table)}/variable/{_segment(variable)}")

    def distribution(self, dataset: str, distribution: str) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/distribution/{_segment(distribution)}")

    def series(self, dataset: str) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/series")

    def release(self, dataset: str, year: int) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/release/{year}")

    def use(self, use: str) -> URIRef:
        """A use of the data (project, pilot, challenge) of the register."""
        return URIRef(f"{self.base}/use/{_segment(use)}")

    def use_part(self, use: str, fragment: str) -> URIRef:
        return URIRef(f"{self.use(use)}#{_segment(fragment)}")

    def codelist(self, codelist: str) -> URIRef:
        return URIRef(f"{self.base}/codelist/{_segment(codelist)}")

    def code(self, codelist: str, *key: str) -> str:
        """A code's IRI; a list whose codes repeat (communes per department) gives the whole key.

        A plain string: codes are emitted in bulk through pyoxigraph, not rdflib.
        """
        return f"{self.codelist(codelist)}/code/{'/'.join(_segment(part) for part in key)}"
