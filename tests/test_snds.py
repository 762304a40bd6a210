"""The real SNDS dictionary, imported into the demo catalogue: complete and exact in the built graph.

Expected figures come from `../shared/data/snds/` itself (read here with json and csv), never from
the importer, so a mapping that drops or invents something fails.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from harvester.importers.import_tableschema import ImportRequest, import_tableschema

ROOT = Path(__file__).resolve().parents[1]
SNDS = ROOT.parent / "shared" / "data" / "snds"
COMMITTED = ROOT / "catalogue_src" / "snds"
BASE = "https://catalogue.health-data-hub.fr"
PREFIXES = """
PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
SNDS_TABLE = f'?table dct:isPartOf ?dataset . FILTER(STRSTARTS(STR(?dataset), "{BASE}/dataset/snds-"))'


def _count(store: ox.Store, where: str) -> int:
    result = store.query(f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    assert isinstance(result, ox.QuerySolutions)
    return int(next(iter(result))["n"].value)


def _schemas() -> list[dict[str, object]]:
    return [json.loads(path.read_text("utf-8")) for path in sorted((SNDS / "schemas").rglob("*.json"))]


def test_source_figures() -> None:
    """The figures below are those of the source (guards against a changed ../shared)."""
    schemas = _schemas()
    assert len(schemas) == 188
    assert sum(len(s["fields"]) for s in schemas) == 4815  # type: ignore[arg-type]


def test_tables_and_variables(demo_store: ox.Store) -> None:
    assert _count(demo_store, f"?table a csvw:Table . {SNDS_TABLE}") == 188
    assert _count(demo_store, f"?table a csvw:Table ; csvw:column ?column . {SNDS_TABLE}") == 4815


def test_foreign_keys_resolve_to_tables_and_columns(demo_store: ox.Store) -> None:
    assert _count(demo_store, f"?table csvw:foreignKey ?fk . {SNDS_TABLE}") == 197
    resolved = f"""
        ?table csvw:foreignKey ?fk . {SNDS_TABLE}
        ?fk hdc:referencedTable ?target .
        ?target a csvw:Table .
        FILTER NOT EXISTS {{
            ?fk hdc:referencedColumn ?column .
            FILTER NOT EXISTS {{ ?target csvw:column ?column . ?column a csvw:Column }}
        }}
    """
    assert _count(demo_store, resolved) == 197
    cross = f"""
        ?table csvw:foreignKey ?fk . {SNDS_TABLE}
        ?fk hdc:referencedTable ?target . ?target dct:isPartOf ?other . FILTER(?other != ?dataset)
    """
    assert _count(demo_store, cross) > 0  # keys across products


def test_code_list_links(demo_store: ox.Store) -> None:
    expected = sum(
        1
        for schema in _schemas()
        for field in schema["fields"]  # type: ignore[attr-defined]
        if field["nomenclature"] not in ("", "-")
    )
    assert expected == 957
    linked = f"?table csvw:column ?column . {SNDS_TABLE} ?column hdc:codeList ?scheme . ?scheme a skos:ConceptScheme ."
    assert _count(demo_store, linked) == 957


def test_every_nomenclature_is_a_scheme_with_all_its_codes(demo_store: ox.Store) -> None:
    query = f"{PREFIXES} SELECT ?id (COUNT(?code) AS ?n) WHERE {{ ?scheme a skos:ConceptScheme ; dct:identifier ?id . OPTIONAL {{ ?code skos:inScheme ?scheme }} }} GROUP BY ?id"
    result = demo_store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    in_graph = {row["id"].value: int(row["n"].value) for row in result}
    expected: dict[str, int] = {}
    for descriptor_path in sorted((SNDS / "nomenclatures").rglob("*.json")):
        descriptor = json.loads(descriptor_path.read_text("utf-8"))
        code = next(f["name"] for f in descriptor["fields"] if f.get("role") == "code")
        csv_path = descriptor_path.with_suffix(".csv")
        if not csv_path.exists():
            expected[descriptor["name"]] = 0  # 3 CSVs are not in the copy: declared without codes
            continue
        with csv_path.open(encoding="utf-8", newline="") as stream:
            records = list(csv.DictReader(stream, delimiter=";"))
        # A row whose code cell is empty has no code (Table Schema missing value); the import says so.
        expected[descriptor["name"]] = sum(1 for record in records if record[code].strip())
    assert len(expected) == 505
    assert {name: in_graph.get(name) for name in expected} == expected
    assert sum(expected.values()) == 414_489  # 414,490 records, one without a code (IR_DTE_V)


def test_quirks_are_kept_or_repaired(demo_store: ox.Store) -> None:
    notations = f'?c skos:inScheme <{BASE}/codelist/XC_CTP_V> ; skos:notation "0001" .'
    assert _count(demo_store, notations) == 1  # leading zeros kept
    communes = f"?c skos:inScheme <{BASE}/codelist/IR_GEO_V> ."
    assert _count(demo_store, communes) == 40_589  # codes repeated per department, keyed by both
    pattern = f'<{BASE}/dataset/snds-pmsi-mco/table/T_MCOaaB> hdc:namePattern "T_MCO{{aa}}B" .'
    assert _count(demo_store, pattern) == 1
    c1 = '?s ?p ?o . FILTER(isLiteral(?o) && REGEX(STR(?o), "[\\u0080-\\u009f]"))'
    assert _count(demo_store, c1) == 0
    lower = f'<{BASE}/dataset/snds-cartographie-pathologies/table/CT_IND_AAAA_GN> csvw:column ?c . ?c csvw:name "ben_sex_cod" .'
    assert _count(demo_store, lower) == 1


def test_provenance_names_the_upstream_commit(demo_store: ox.Store) -> None:
    used = (
        f"<{BASE}/dataset/snds-dcir> prov:wasGeneratedBy ?activity . ?activity prov:used "
        "<https://github.com/indsante/schema-snds/tree/fe17ef8348aeb74f38c29016f49e65f82a6168b6/schemas/DCIR> ."
    )
    assert _count(demo_store, used) == 1
    collection = f"<{BASE}/collection/snds> a dcat:Catalog ; dcat:dataset ?dataset ."
    assert _count(demo_store, collection) == 12


def test_committed_import_is_what_the_importer_writes(tmp_path: Path) -> None:
    """Re-importing over the committed files changes no byte; the warnings name the quirks."""
    out = tmp_path / "snds"
    shutil.copytree(COMMITTED, out)
    request = ImportRequest(
        SNDS / "schemas",
        "snds",
        out,
        SNDS / "nomenclatures",
        per_product=True,
        repository="https://github.com/indsante/schema-snds",
        commit="fe17ef8348aeb74f38c29016f49e65f82a6168b6",
        licence="MPL-2.0",
    )
    result = import_tableschema(request)
    assert result.outcome.refused == []
    assert result.outcome.written == []
    rules = Counter(problem.rule for problem in result.problems)
    assert rules["import-missing-csv"] == 3
    assert rules["import-composite-code"] == 20
    assert rules["import-empty-codelist"] == 2
    assert rules["import-unreferenced-codelist"] == 348
    assert rules["import-contradictory-boolean"] == 1
    assert rules["import-c1-repaired"] > 0 and rules["import-empty-code"] == 1
    assert all(problem.source for problem in result.problems)
