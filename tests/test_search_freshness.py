"""A server answering beside `catalogue index`: what the service remembered from the previous index (the
variables using a code list, the lists a question's codes fall in) gives way to the new index's answers
within FRESH_FOR_S, without a restart."""

from __future__ import annotations

import time
from pathlib import Path

from search_api.documents import SearchDocument
from search_api.fresh_cache import FRESH_FOR_S, fresh_cache
from search_api.service import SearchParameters, SearchService
from search_api.tantivy_backend import TantivyBackend

LIST = "LPP_PRS"


def _catalogue(variable: str) -> list[SearchDocument]:
    """A code list whose code says "audioprothèse", used by `variable` of a table of the DCIR."""
    table_iri = "https://example.org/dataset/dcir/table/ER_TIP_F"
    return [
        SearchDocument(
            id=f"{table_iri}/variable/{variable}",
            type="variable",
            name=variable,
            label="Code LPP de la prestation",
            dataset="dcir",
            table="ER_TIP_F",
            code_list=LIST,
            lists=(LIST,),
        ),
        SearchDocument(
            id=f"https://example.org/codelist/{LIST}/code/2355084",
            type="code",
            name="2355084",
            label="Audioprothèse, appareil de classe I",
            code_list=LIST,
            linked=True,
        ),
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_reindex_beside_the_server_is_answered_within_the_freshness_period(tmp_path: Path) -> None:
    TantivyBackend(tmp_path).replace_all(_catalogue("TIP_PRS_IDE"))
    clock = Clock()
    service = SearchService(TantivyBackend(tmp_path), clock)
    question = SearchParameters(q="audioprothèse")

    def answer() -> tuple[list[str], list[str]]:
        results = service.search(question).results
        code = next(hit for hit in results if hit.type == "code")
        return [use.variable for use in code.used_by or []], [
            hit.name for hit in results if hit.type == "variable"
        ]

    assert answer() == (["TIP_PRS_IDE"], ["TIP_PRS_IDE"])
    TantivyBackend(tmp_path).replace_all(_catalogue("TIP_PRS_COD"))  # `catalogue index`, another process
    _until_the_reader_reloads(service, "TIP_PRS_COD")
    clock.now += FRESH_FOR_S
    assert answer() == (["TIP_PRS_COD"], ["TIP_PRS_COD"])


def _until_the_reader_reloads(service: SearchService, variable: str) -> None:
    """Tantivy's readers watch the index and reload within about half a second of a commit."""
    deadline = time.monotonic() + 30
    while [hit.name for hit in service.search(SearchParameters(q="prestation")).results] != [variable]:
        assert time.monotonic() < deadline, "the server never saw the new index"
        time.sleep(0.1)


def test_answers_are_remembered_within_the_period_and_computed_again_after() -> None:
    clock, calls = Clock(), []
    square = fresh_cache(lambda n: calls.append(n) or n * n, maxsize=8, clock=clock)
    assert (square(3), square(3)) == (9, 9) and calls == [3]
    clock.now += FRESH_FOR_S
    assert square(3) == 9 and calls == [3, 3]
