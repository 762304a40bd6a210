"""The search contract, run against every backend: the embedded one, real Elasticsearch and OpenSearch nodes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from search_corpus import corpus
from support.backends import BACKENDS, open_backend

from search_api.backend import SearchBackend, SearchRequest
from search_api.documents import FACETS
from search_api.query_plan import QueryError, plan
from search_api.service import SearchParameters, SearchService


@pytest.fixture(scope="module", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchBackend]:
    engine = open_backend(request.param, request, tmp_path_factory.mktemp("tantivy"), "contract")
    engine.replace_all(corpus())
    yield engine
    engine.close()


def names(backend: SearchBackend, query: str, size: int = 10, **filters: tuple[str, ...]) -> list[str]:
    page = backend.search(SearchRequest(plan(query), filters, size=size))
    return [hit.document.name for hit in page.hits]


@pytest.mark.parametrize(
    "query",
    ["naissance", "naissances", "NAISSANCE", "annee de naissance", "l’année de naissance", "d'naissance"],
)
def test_french_folding_stemming_and_elision(backend: SearchBackend, query: str) -> None:
    assert names(backend, query)[:1] == ["BEN_NAI_ANN"]


@pytest.mark.parametrize("query", ["BEN_NIR_PSA", "ben nir psa", "Ben_Nir_Psa"])
def test_identifiers_are_split_and_exact_names_come_first(backend: SearchBackend, query: str) -> None:
    assert names(backend, query)[0] == "BEN_NIR_PSA"


def test_part_of_an_identifier_finds_all_its_variants(backend: SearchBackend) -> None:
    assert {"BEN_NIR_PSA", "BEN_NIR_ANO"} <= set(names(backend, "BEN_NIR"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AVC", "top_CvAVC_aig"),
        ("DP", "DGN_PAL"),
        ("accident vasculaire cérébral", "top_CvAVC_aig"),
        ("CIP", "PHA_PRS_C13"),
    ],
)
def test_synonyms_and_acronyms(backend: SearchBackend, query: str, expected: str) -> None:
    assert expected in names(backend, query)[:3]


@pytest.mark.parametrize(
    ("query", "expected"), [("diagnostique", "DGN_PAL"), ("naisance", "BEN_NAI_ANN"), ("sejour", "SEJ_NBJ")]
)
def test_typos_and_missing_accents_are_tolerated(backend: SearchBackend, query: str, expected: str) -> None:
    assert expected in names(backend, query)


def test_facet_counts_match_the_results(backend: SearchBackend) -> None:
    documents = corpus()
    page = backend.search(SearchRequest(plan(""), size=100))
    assert page.total == len(documents)
    for facet in FACETS:
        expected = Counter(value for d in documents for value in d.facet_values(facet))
        assert page.facets[facet] == dict(expected), facet
    filtered = backend.search(
        SearchRequest(plan(""), {"type": ("variable",), "dataset": ("dcir",)}, size=100)
    )
    assert filtered.total == 5
    assert filtered.facets["type"] == {"variable": 5}
    assert filtered.facets["datatype"] == {"string": 3, "gYear": 1, "integer": 1}


def test_filters_combine_with_text(backend: SearchBackend) -> None:
    assert set(names(backend, "diagnostic", type=("variable",), dataset=("pmsi-mco",))) == {
        "DGN_PAL",
        "DGN_REL",
    }
    assert names(backend, "diagnostic", dataset=("dcir",)) == []


@pytest.mark.parametrize(
    ("year", "present"),
    [(2009, False), (2010, True), (2011, True), (2012, False), (2015, True), (2016, False)],
)
def test_available_in_year(backend: SearchBackend, year: int, present: bool) -> None:
    page = backend.search(SearchRequest(plan("mode entrée"), {"type": ("variable",)}, year=year))
    assert ("ENT_MOD" in [hit.document.name for hit in page.hits]) is present


def test_codes_lead_to_the_variables_using_their_list(backend: SearchBackend) -> None:
    service = SearchService(backend)
    result = service.search(SearchParameters("E11")).model_dump(by_alias=True)
    top = result["results"][0]
    assert (top["type"], top["name"], top["code_list"]) == ("code", "E11", "CIM10")
    assert {use["variable"] for use in top["used_by"]} == {"DGN_PAL", "DGN_REL"}


def test_words_of_codes_find_the_tables_and_variables_using_their_list(backend: SearchBackend) -> None:
    """A descriptive query ranks the structure first: the table and variables whose list holds a
    matching code come before the code itself, and say why."""
    results = SearchService(backend).search(SearchParameters("diabète de type 2"))
    order = [(hit.type, hit.name) for hit in results.results]
    assert order[:3] == [("table", "T_MCOaaB"), ("variable", "DGN_PAL"), ("variable", "DGN_REL")], order
    # Found through their codes, they are complete matches, as E11; E10 (type 1) is the closest.
    # (the closest may also hold a code named "2": which ones is the engine's BM25, not the contract)
    assert results.complete == 4 and order[3] == ("code", "E11") and ("code", "E10") in order[4:], order
    why = results.results[0].evidence[0]
    assert (why.kind, why.code_list, why.names) == ("codes", "CIM10", ["DGN_PAL", "DGN_REL"])
    assert "CIM10" in why.text and "diabète de type 2" in why.text and "CIM10" in why.text_en
    # A code-shaped query looks for codes: E11 comes first (test above), and a name for its document.
    assert SearchService(backend).search(SearchParameters("I63")).results[0].name == "I63"


def test_a_table_is_found_by_its_variables(backend: SearchBackend) -> None:
    results = SearchService(backend).search(SearchParameters("durée du séjour en jours", size=20))
    table = next(hit for hit in results.results if hit.name == "T_MCOaaB")
    assert any(e.kind == "variables" and "SEJ_NBJ" in e.names for e in table.evidence), table.evidence


@pytest.mark.parametrize(
    ("year_from", "year_to", "present"),
    [(2016, None, False), (None, 2009, False), (2015, 2020, True), (2000, 2010, True), (2011, 2011, True)],
)
def test_available_in_a_year_range(
    backend: SearchBackend, year_from: int | None, year_to: int | None, present: bool
) -> None:
    """At least one year of the range within the variable's years (ENT_MOD: 2010–2015)."""
    request = SearchRequest(
        plan("mode entrée"), {"type": ("variable",)}, year_from=year_from, year_to=year_to
    )
    assert ("ENT_MOD" in [hit.document.name for hit in backend.search(request).hits]) is present


def test_paging_is_stable_and_complete(backend: SearchBackend) -> None:
    for page_request in (plan("bénéficiaire"), plan("")):
        single = [h.document.id for h in backend.search(SearchRequest(page_request, size=30)).hits]
        paged = [
            h.document.id
            for page in (1, 2, 3, 4, 5, 6)
            for h in backend.search(SearchRequest(page_request, page=page, size=5)).hits
        ]
        assert paged == single
        assert len(set(paged)) == len(paged)


@pytest.mark.parametrize("filters", [{}, {"type": ("variable",)}, {"type": ("code", "dataset")}])
def test_listings_follow_the_sort_keys_page_after_page(
    backend: SearchBackend, filters: dict[str, tuple[str, ...]]
) -> None:
    """Pages of 3 straddle types, datasets and code lists: together they are the documents in key order."""
    kinds = filters.get("type")
    wanted = [d.id for d in sorted(corpus(), key=lambda d: d.sort_key) if not kinds or d.type in kinds]
    pages = [backend.search(SearchRequest(plan(""), filters, page=n, size=3)) for n in range(1, 9)]
    assert [h.document.id for page in pages for h in page.hits] == wanted
    assert {page.total for page in pages} == {len(wanted)}


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("naiss", "BEN_NAI_ANN"), ("BEN_N", "BEN_NIR_PSA"), ("diagnostic pr", "DGN_PAL"), ("Séj", "SEJ_NBJ")],
)
def test_autocomplete(backend: SearchBackend, prefix: str, expected: str) -> None:
    assert expected in [d.name for d in backend.suggest(plan(prefix), 10)]


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("", "everything"),
        ("   ", "everything"),
        ("!!! ??? ...", "everything"),  # no word left: a listing
        ('title:(a OR b)~2 AND "x', "anything"),
        ("*ssance", "anything"),
        ("/.*/", "everything"),
        ("\\", "everything"),
        ("a" * 200, "nothing"),
        ("naissance)(][", "BEN_NAI_ANN"),  # the word is searched, the brackets are not syntax
    ],
)
def test_odd_queries_give_results_not_errors(backend: SearchBackend, query: str, finds: str) -> None:
    """Engine syntax in the user's text is plain text: never an error, never a different query."""
    page = backend.search(SearchRequest(plan(query), size=5))
    assert len(page.hits) == min(page.total, 5)
    if finds == "everything":
        assert page.total == len(corpus())
    elif finds == "nothing":
        assert page.total == 0
    elif finds != "anything":
        assert page.hits and page.hits[0].document.name == finds


def test_too_long_queries_are_refused_clearly() -> None:
    with pytest.raises(QueryError, match="at most 200"):
        plan("x" * 10_000)


def test_closest_results_match_some_of_the_words_never_all(backend: SearchBackend) -> None:
    """The second part of a search (search_api/service.py): at least n groups, not every one."""
    complete = backend.search(SearchRequest(plan("diagnostic principal introuvablexyz")))
    assert complete.total == 0
    closest = backend.search(SearchRequest(plan("diagnostic principal introuvablexyz"), closest=1))
    found = {hit.document.name for hit in closest.hits}
    assert "DGN_PAL" in found and closest.hits[0].document.name == "DGN_PAL", found  # most words first
    every = {hit.document.name for hit in backend.search(SearchRequest(plan("diagnostic séjour"))).hits}
    some = {
        hit.document.name for hit in backend.search(SearchRequest(plan("diagnostic séjour"), closest=1)).hits
    }
    assert every and some and not every & some
    service = SearchService(backend)
    results = service.search(SearchParameters(q="diagnostic séjour"))
    assert results.complete == len(every) and results.total == len(every) + len(some)
    assert {hit.name for hit in results.results[: results.complete]} == every


def test_uses_are_found_filtered_and_counted(backend: SearchBackend) -> None:
    """A use of the register is a document of its own type: found by its words, filtered and counted
    by kind, status, organisation, every dataset it used and its period; a variable's hit says how
    many uses name it."""
    assert names(backend, "vaccination grippe")[:1] == ["vaccination-grippe"]
    uses = backend.search(SearchRequest(plan(""), {"type": ("use",)}, size=10))
    assert [hit.document.name for hit in uses.hits] == ["vaccination-grippe"]
    assert uses.facets["kind"] == {"project": 1} and uses.facets["status"] == {"running": 1}
    assert uses.facets["organisation"] == {"Inserm": 1, "Santé publique France": 1}
    assert uses.facets["dataset"] == {"dcir": 1, "open-damir": 1}
    for dataset in ("dcir", "open-damir"):
        assert names(backend, "", type=("use",), dataset=(dataset,)) == ["vaccination-grippe"]
    assert names(backend, "", type=("use",), dataset=("pmsi-mco",)) == []
    assert names(backend, "", kind=("challenge",)) == []
    assert names(backend, "", organisation=("Inserm",), status=("running",)) == ["vaccination-grippe"]
    for year, found in ((2018, 0), (2019, 1), (2026, 1)):
        assert backend.search(SearchRequest(plan(""), {"type": ("use",)}, year=year)).total == found, year
    service = SearchService(backend)
    use = service.search(SearchParameters("vaccination", {"type": ("use",)})).results[0]
    assert (use.type, use.name, use.kind, use.status, use.uses) == (
        "use",
        "vaccination-grippe",
        "project",
        "running",
        None,
    )
    variables = service.search(SearchParameters("bénéficiaire", {"type": ("variable",)}, size=20)).results
    assert {hit.name: hit.uses for hit in variables if hit.uses} == {"BEN_NAI_ANN": 1}
    assert all(hit.uses == 0 for hit in variables if hit.name != "BEN_NAI_ANN")
