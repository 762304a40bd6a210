"""Relevance over the real SNDS demo, on every backend: realistic queries → expected variables or tables.

Expected names come from reading the SNDS labels, not from any engine's answers. The test prints
success@5 (an expected name in the top 5) and MRR (mean of 1/rank of the first expected name in the
top 10) and fails below the floors stated here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harvester.pipeline.build import BuildResult
from search_api.backend import SearchBackend, SearchRequest
from search_api.documents import SearchDocument, documents_from_graph
from search_api.query_plan import plan
from search_api.tantivy_backend import TantivyBackend

QUERIES: dict[str, set[str]] = {
    "année de naissance": {"BEN_NAI_ANN", "ben_nai_ann"},
    "sexe du patient": {"BEN_SEX_COD", "COD_SEX", "ben_sex_cod"},
    "diagnostic principal": {"DGN_PAL"},
    "diagnostic relié": {"DGN_REL"},
    "code CIP": {"PHA_PRS_C13", "PHA_PRS_IDE", "PHA_IDE_CPL", "COD_UCP_CIP"},
    "date de décès": {"BEN_DCD_DTE", "ben_dcd_dte", "BEN_DCD_DTD"},
    "département de résidence": {"BEN_RES_DPT", "dpt", "BDI_DEP"},
    "commune de résidence": {"BEN_RES_COM"},
    "durée du séjour": {"SEJ_NBJ"},
    "mode d'entrée": {"ENT_MOD"},
    "mode de sortie": {"SOR_MOD"},
    "numéro FINESS de l'établissement": {
        "ETB_EXE_FIN",
        "ETB_PRE_FIN",
        "ETA_NUM",
        "IDE_ETA_NUM",
        "IDE_ETA_NU8",
    },
    "actes CCAM": {
        "T_MCOaaA",
        "ER_CAM_F",
        "T_RIPaaCCAM",
        "T_SSRaaCCAM",
        "T_MCOaaFM",
        "T_HADaaFM",
        "CAM_PRS_IDE",
    },
    "montant remboursé": {"PRS_REM_MNT", "BSE_REM_MNT"},
    "date de début des soins": {"EXE_SOI_DTD"},
    "spécialité du médecin": {"PSE_SPE_COD", "PSP_SPE_COD", "PSE_SPE_SNDS", "PSP_SPE_SNDS"},
    "cause initiale de décès": {"DCD_CIM_COD", "KI_CCI_R"},
    "poids de naissance": {"NEO_NAI_POI"},
    "nombre de séances": {"NBR_SEA"},
    "table pharmacie": {"ER_PHA_F", "NS_PHA_F", "EB_PHA_F"},
    "transports": {"ER_TRS_F", "ER_DTR_F", "NS_TRS_F", "NS_DTR_F", "EB_TRS_F"},
    "passages aux urgences": {"T_SUPaaATU"},
    "BEN_NIR_PSA": {"BEN_NIR_PSA", "ben_nir_psa"},
    "ben idt ano": {"BEN_IDT_ANO"},
    "diabète de type 2": {"E11"},
    "AVC": {"top_CvAVC_aig", "sup_CvAVC_cat", "top_CvAVC_seq"},
    "séjours MCO": {"T_MCOaaB", "T_MCOaaC", "snds-pmsi-mco"},
}
FLOOR_SUCCESS_AT_5 = 0.85
FLOOR_MRR = 0.7


@pytest.fixture(scope="module")
def snds_documents(demo_build: tuple[BuildResult, Path]) -> list[SearchDocument]:
    """The SNDS part of the demo (its datasets and the code lists): the queries are about the SNDS."""
    documents = documents_from_graph(demo_build[1] / "graph.nt")
    return [d for d in documents if d.type == "code" or d.dataset.startswith("snds-")]


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def backend(
    request: pytest.FixtureRequest,
    snds_documents: list[SearchDocument],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SearchBackend]:
    if request.param == "tantivy":
        engine: SearchBackend = TantivyBackend(tmp_path_factory.mktemp("relevance"))
    else:
        from search_api.elasticsearch_backend import ElasticsearchBackend

        engine = ElasticsearchBackend(request.getfixturevalue("elasticsearch_url"), "relevance")
    engine.replace_all(snds_documents)
    yield engine
    engine.close()


def test_relevance_on_the_snds(backend: SearchBackend, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(QUERIES) >= 20
    found_at_5 = 0
    reciprocal_ranks = []
    misses = []
    for query, expected in QUERIES.items():
        page = backend.search(SearchRequest(plan(query), size=10))
        names = [hit.document.name for hit in page.hits]
        rank = next((position for position, name in enumerate(names, start=1) if name in expected), None)
        found_at_5 += rank is not None and rank <= 5
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        if rank is None or rank > 5:
            misses.append(f"{query!r} → {names[:5]}")
    success, mrr = found_at_5 / len(QUERIES), sum(reciprocal_ranks) / len(QUERIES)
    with capsys.disabled():
        print(f"\n[{backend.name}] {len(QUERIES)} queries: success@5 {success:.2f}, MRR {mrr:.2f}")
        for miss in misses:
            print(f"    miss: {miss}")
    assert success >= FLOOR_SUCCESS_AT_5 and mrr >= FLOOR_MRR, misses
