"""`catalogue import tableschema` on a small source written here: mapping, quirks, hand-edit protection."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from support.cli import CATALOGUE

from harvester.config import Config
from harvester.importers.generated_files import MARKER
from harvester.importers.import_tableschema import ImportRequest, ImportResult, import_tableschema
from harvester.pipeline.build import build

PATIENTS = {
    "name": "PATIENTS",
    "title": "Patients",
    "produit": "COHORTE",
    "champ": "Tous les inclus",
    "observation": "",
    "missingValues": [""],
    "primaryKey": "PAT_ID",
    "history": {"dateCreated": "2010", "dateDeleted": "", "dateMissing": []},
    "fields": [
        {
            "name": "PAT_ID",
            "description": "Identifiant",
            "type": "string",
            "length": "12",
            "format": "default",
            "nomenclature": "-",
            "dateCreated": "2010",
            "dateDeleted": "",
            "dateMissing": [],
            "observation": "",
            "regle_gestion": "",
            "type_oracle": "string",
            "constraints": {"unique": True, "minLength": 12},
        },
        {
            "name": "pat_sex",
            "description": "Sexe de l\u0092inclus",
            "type": "integer",
            "length": "1",
            "format": "default",
            "nomenclature": "SEXE",
            "dateCreated": "2010",
            "dateDeleted": "",
            "dateMissing": ["2008", "2012"],
            "observation": "",
            "regle_gestion": "",
            "type_oracle": "number",
        },
        {
            "name": "POIDS",
            "description": "Poids",
            "type": "number",
            "length": "5,1",
            "format": "default",
            "nomenclature": "-",
            "dateCreated": "",
            "dateDeleted": "",
            "dateMissing": [],
            "observation": "",
            "regle_gestion": "Arrondi au dixième",
            "type_oracle": "number",
        },
    ],
}
VISITS = {
    "name": "VISITESaa",
    "title": "Visites de l'année",
    "produit": "COHORTE",
    "champ": "",
    "observation": "",
    "missingValues": [""],
    "foreignKeys": [
        {"fields": "PAT_SEX_REF", "reference": {"resource": "PATIENTS", "fields": "PAT_SEX"}},
        {"fields": ["VIS_PAT"], "reference": {"resource": "PATIENTS", "fields": ["PAT_ID"]}},
    ],
    "history": {"dateCreated": "", "dateDeleted": "", "dateMissing": []},
    "fields": [
        {
            "name": "VIS_PAT",
            "description": "Patient",
            "type": "string",
            "length": "12",
            "format": "default",
            "nomenclature": "-",
            "dateCreated": "",
            "dateDeleted": "",
            "dateMissing": [],
            "observation": "",
            "regle_gestion": "",
            "type_oracle": "string",
        },
        {
            "name": "PAT_SEX_REF",
            "description": "Sexe",
            "type": "integer",
            "length": None,
            "format": "default",
            "nomenclature": "SEXE:SEX_COD",
            "dateCreated": "",
            "dateDeleted": "",
            "dateMissing": [],
            "observation": "",
            "regle_gestion": "",
            "type_oracle": "number",
        },
        {
            "name": "VIS_COMMUNE",
            "description": "Commune",
            "type": "string",
            "length": "3",
            "format": "default",
            "nomenclature": "COMMUNES",
            "dateCreated": "",
            "dateDeleted": "",
            "dateMissing": [],
            "observation": "",
            "regle_gestion": "",
            "type_oracle": "string",
        },
    ],
}
DESCRIPTORS = {
    "SEXE": (
        {
            "name": "SEXE",
            "title": "Sexe",
            "primaryKey": "SEX_COD",
            "fields": [
                {"name": "SEX_COD", "type": "integer", "role": "code"},
                {"name": "SEX_LIB", "type": "string", "role": "label"},
            ],
        },
        'SEX_COD;SEX_LIB\n01;Masculin\n02;"Féminin\nsur deux lignes"\n;Indéterminé\n',
    ),
    "COMMUNES": (
        {
            "name": "COMMUNES",
            "primaryKey": ["DPT", "COM"],
            "fields": [
                {"name": "DPT", "type": "string"},
                {"name": "COM", "type": "string", "role": "code"},
                {"name": "LIB", "type": "string", "role": "label"},
            ],
        },
        "DPT;COM;LIB\n01;001;L\u0092Abergement\n02;001;Abbécourt\n",
    ),
    "VIDE": (
        {"name": "VIDE", "title": "Vide", "primaryKey": "C", "fields": [{"name": "C", "role": "code"}]},
        "C\n",
    ),
    "ABSENTE": (
        {
            "name": "ABSENTE",
            "title": "Sans CSV",
            "primaryKey": "C",
            "fields": [{"name": "C", "role": "code"}],
        },
        None,
    ),
}


@pytest.fixture()
def source(tmp_path: Path) -> tuple[Path, Path]:
    schemas = tmp_path / "schemas" / "COHORTE"
    schemas.mkdir(parents=True)
    for table in (PATIENTS, VISITS):
        (schemas / f"{table['name']}.json").write_text(json.dumps(table, ensure_ascii=False), "utf-8")
    nomenclatures = tmp_path / "nomenclatures" / "REF"
    nomenclatures.mkdir(parents=True)
    for name, (descriptor, rows) in DESCRIPTORS.items():
        (nomenclatures / f"{name}.json").write_text(json.dumps(descriptor), "utf-8")
        if rows is not None:
            (nomenclatures / f"{name}.csv").write_text(rows, "utf-8")
    return tmp_path / "schemas", tmp_path / "nomenclatures"


def _import(source: tuple[Path, Path], out: Path, force: bool = False) -> ImportResult:
    schemas, nomenclatures = source
    request = ImportRequest(
        schemas,
        "cohorte",
        out,
        nomenclatures,
        per_product=True,
        repository="https://example.org/dictionnaire",
        commit="abc1234",
        licence="MPL-2.0",
        force=force,
    )
    return import_tableschema(request)


def _rules(result: ImportResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in result.problems:
        found.setdefault(problem.rule, []).append(f"{problem.source} {problem.field} {problem.message_en}")
    return found


def test_maps_tables_variables_and_keys(source: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _import(source, out)
    assert result.counts == {
        "datasets": 1,
        "tables": 2,
        "variables": 6,
        "foreign_keys": 2,
        "code_list_links": 3,
        "code_lists": 4,
        "codes": 5,
    }
    dataset = yaml.safe_load((out / "cohorte-cohorte.yaml").read_text("utf-8"))["dataset"]
    patients, visits = dataset["tables"]
    assert dataset["imported_from"]["path"] == "schemas/COHORTE"
    assert patients["primary_key"] == ["PAT_ID"]  # a string key became a list
    assert patients["scope"] == "Tous les inclus"
    identifier, sex, weight = patients["variables"]
    assert identifier["constraints"] == {"min_length": 12, "unique": True}
    assert sex["label"] == "Sexe de l’inclus"  # U+0092 repaired
    assert sex["history"] == {"created": 2010, "missing": [2012]}  # 2008 is before creation
    assert (weight["datatype"], weight["length"], weight["precision"]) == ("decimal", 5, 1)
    assert weight["business_rule"] == "Arrondi au dixième"
    assert visits["name_pattern"] == "VISITES{aa}"
    assert visits["variables"][1]["code_list"] == {"id": "SEXE", "column": "SEX_COD"}
    # PAT_SEX is spelled pat_sex in PATIENTS: repaired, and reported with the other doubts.
    assert visits["foreign_keys"][0]["referenced_columns"] == ["pat_sex"]
    rules = _rules(result)
    for rule in (
        "import-c1-repaired",
        "import-history",
        "import-name-case",
        "import-fk-not-key",
        "import-composite-code",
        "import-empty-codelist",
        "import-missing-csv",
        "import-empty-code",
        "import-missing-text",
    ):
        assert rule in rules, rule
    assert any("PATIENTS.json" in message for message in rules["import-c1-repaired"])


def test_code_lists_keep_codes_as_text_and_composite_keys(source: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _import(source, out)
    codelists = {
        c["id"]: c for c in yaml.safe_load((out / "nomenclatures" / "REF.yaml").read_text())["codelists"]
    }
    assert codelists["COMMUNES"]["file"]["key_columns"] == ["DPT", "COM"]
    assert codelists["COMMUNES"]["title"] == "COMMUNES"  # no title: the name, reported
    assert "codes" not in codelists["ABSENTE"]  # no CSV: the list says why it has no codes
    assert codelists["ABSENTE"]["empty_reason"]["en"].startswith("Codes not published by the source")
    assert "L’Abergement" in (out / "nomenclatures" / "REF" / "COMMUNES.csv").read_text("utf-8")
    assert codelists["SEXE"]["source"] == (
        "https://example.org/dictionnaire/blob/abc1234/nomenclatures/REF/SEXE.csv"
    )


def test_imported_files_build(source: tuple[Path, Path], tmp_path: Path, config: Config) -> None:
    """With metadata written by hand above the marker, the import builds: codes, keys, provenance."""
    out = tmp_path / "out"
    _import(source, out)
    dataset_file = out / "cohorte-cohorte.yaml"
    _, marker, generated = dataset_file.read_text("utf-8").partition(MARKER)
    dataset_file.write_text(_valid_dataset_header("cohorte-cohorte") + marker + generated, "utf-8")
    result = build(config, [out], tmp_path / "build")
    errors = [p.as_text() for p in result.problems if p.is_error]
    assert errors == []
    graph = (tmp_path / "build" / "graph.nt").read_text("utf-8")
    assert '"01"' in graph  # leading zeros kept
    assert "/codelist/COMMUNES/code/01/001>" in graph and "/codelist/COMMUNES/code/02/001>" in graph
    assert "Féminin\\nsur deux lignes" in graph
    assert (
        "<http://www.w3.org/ns/prov#used> <https://example.org/dictionnaire/tree/abc1234/schemas/COHORTE>"
        in graph
    )


def _valid_dataset_header(dataset_id: str) -> str:
    """The dataset metadata of a valid demo file, under another id (the part a producer writes)."""
    demo = Path(__file__).resolve().parents[1] / "catalogue_src" / "registre-cancers-isere"
    data = yaml.safe_load(next(demo.glob("*.yaml")).read_text("utf-8"))
    dataset = {k: v for k, v in data["dataset"].items() if k not in ("tables", "releases")}
    dataset["id"] = dataset_id
    return yaml.safe_dump({"dataset": dataset}, allow_unicode=True, sort_keys=False)


def test_reimport_is_byte_identical(source: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _import(source, out)
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = _import(source, out)
    assert second.outcome.written == [] and len(second.outcome.unchanged) == len(first.outcome.written)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_hand_edits_above_the_marker_are_kept(source: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _import(source, out)
    path = out / "cohorte-cohorte.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "  id: cohorte-cohorte\n", "  id: cohorte-cohorte\n  title: Ma cohorte\n"
        )
    )
    result = _import(source, out)
    assert result.outcome.refused == [] and "cohorte-cohorte.yaml" not in result.outcome.written
    assert "  title: Ma cohorte\n" in path.read_text("utf-8")


def test_hand_edits_below_the_marker_are_refused_unless_forced(
    source: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _import(source, out)
    path = out / "cohorte-cohorte.yaml"
    edited = path.read_text("utf-8").replace("label: Poids", "label: Poids (kg)")
    path.write_text(edited, "utf-8")
    csv_path = out / "nomenclatures" / "REF" / "SEXE.csv"
    csv_path.write_text(csv_path.read_text("utf-8") + "03;Autre\n", "utf-8")

    schemas, nomenclatures = source
    command = [
        CATALOGUE,
        "import",
        "tableschema",
        str(schemas),
        "--dataset",
        "cohorte",
        "--per-product",
        "--nomenclatures",
        str(nomenclatures),
        "--out",
        str(out),
    ]
    refused = subprocess.run(command, capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "cohorte-cohorte.yaml: edited by hand below the generated line" in refused.stderr
    assert "SEXE.csv: edited by hand" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.read_text("utf-8") == edited  # nothing was written

    forced = _import(source, out, force=True)
    assert "cohorte-cohorte.yaml" in forced.outcome.written
    assert "label: Poids (kg)" not in path.read_text("utf-8")


def test_a_hand_written_dataset_file_gets_the_tables_appended(
    source: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    header = "# written by hand\ndataset:\n  id: cohorte-cohorte\n  title: Cohorte\n"
    (out / "cohorte-cohorte.yaml").write_text(header, "utf-8")
    result = _import(source, out)
    assert result.outcome.refused == []
    text = (out / "cohorte-cohorte.yaml").read_text("utf-8")
    assert text.startswith(header + MARKER)
    assert yaml.safe_load(text)["dataset"]["title"] == "Cohorte"


def test_a_file_the_import_did_not_write_is_not_overwritten(
    source: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "nomenclatures").mkdir(parents=True)
    mine = out / "nomenclatures" / "REF.yaml"
    mine.write_text("codelists: []\n", "utf-8")
    result = _import(source, out)
    assert any(
        "REF.yaml: exists but was not written by a previous import" in m for m in result.outcome.refused
    )
    assert mine.read_text("utf-8") == "codelists: []\n"


def test_data_package_and_broken_json(tmp_path: Path) -> None:
    package = {
        "name": "petit",
        "resources": [
            {
                "name": "mesures",
                "title": "Mesures",
                "path": "mesures.csv",
                "schema": {
                    "fields": [
                        {"name": "id", "type": "integer", "title": "Identifiant", "description": "Clé"},
                        {"name": "valeur", "type": "number", "constraints": {"minimum": 0}},
                    ],
                    "primaryKey": ["id"],
                },
            },
            {"name": "externe", "path": "externe.csv", "schema": "externe.schema.json"},
            {"name": "sans-schema", "path": "x.csv"},
        ],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(package), "utf-8")
    (tmp_path / "externe.schema.json").write_text('{"fields": [{"name": "a", "type": "string"}', "utf-8")
    result = import_tableschema(ImportRequest(tmp_path / "datapackage.json", "petit", tmp_path / "out"))
    table = yaml.safe_load((tmp_path / "out" / "petit.yaml").read_text("utf-8"))["dataset"]["tables"][0]
    assert table["name"] == "mesures" and table["title"] == "Mesures"
    assert table["variables"][0]["label"] == "Identifiant" and table["variables"][0]["description"] == "Clé"
    assert table["variables"][1]["constraints"] == {"minimum": 0}
    rules = _rules(result)
    assert "externe.schema.json" in rules["json-syntax"][0]
    assert "resources.2.schema" in rules["import-no-schema"][0]
