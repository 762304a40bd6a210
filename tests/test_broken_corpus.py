"""The broken-file corpus: every way a producer file can be wrong is reported, located and survived.

Each file of `tests/broken/` is a copy of a minimal valid dataset with one thing broken (its header
comment says what). Validation must report a problem with the expected rule, on the expected line of
the expected file, and never fail with a traceback. A few cases are generated here instead of being
committed (a 50 MB file, deep nesting, a zero-byte file).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from support.cli import CATALOGUE

from harvester.config import Config
from harvester.core.problems import Problem
from harvester.core.rules import fix_for
from harvester.pipeline.build import BuildResult, build, check

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "broken"


@dataclass(frozen=True)
class Expected:
    """The problem a broken file must produce."""

    rule: str | tuple[str, ...]  # prefix(es) of the rule
    line: int | None
    field: str | None = None  # exact dotted field path, when relevant
    source: str | None = None  # name of the file the problem names (default: the case's own file)
    message: str | None = None  # substring of the English or French message (case-insensitive)


V2 = "unknown-field-near-name.yaml"
V2_PATH = "dataset.tables.0.variables.2"
CASES: dict[str, Expected] = {
    # --- YAML syntax -----------------------------------------------------------------------------
    "yaml-bad-indentation.yaml": Expected("yaml-syntax", 9),
    "yaml-unclosed-bracket.yaml": Expected("yaml-syntax", 16, message="never closed"),
    "yaml-tab-indentation.yaml": Expected("yaml-syntax", 8, message="Tab character"),
    # --- wrong types ------------------------------------------------------------------------------
    "type-int-as-text.yaml": Expected("model:int", 19, "dataset.health.number_of_records"),
    "type-list-for-mapping.yaml": Expected("model:", 11, "dataset.contact_point"),
    # --- missing mandatory fields (located on the parent mapping) ---------------------------------
    "missing-dataset-title.yaml": Expected("model:missing", 3, "dataset.title"),
    "missing-health.yaml": Expected("model:missing", 3, "dataset.health"),
    "missing-variable-datatype.yaml": Expected("model:missing", 36, "dataset.tables.0.variables.2.datatype"),
    # --- unknown field and unknown codes ----------------------------------------------------------
    "unknown-field-typo.yaml": Expected("model:extra_forbidden", 5, "dataset.titel"),
    "unknown-access-rights.yaml": Expected("model:", 13, "dataset.access_rights", message="SECRET"),
    "unknown-frequency.yaml": Expected("model:", 14, "dataset.frequency", message="YEARLY"),
    "unknown-health-category.yaml": Expected("model:", 16, "dataset.health.categories.1", message="CANCER"),
    "unknown-code-list.yaml": Expected(
        "catalogue:code_list", 35, "dataset.tables.0.variables.1.code_list", message="nope"
    ),
    # --- keys and references ----------------------------------------------------------------------
    "fk-missing-table.yaml": Expected(
        "catalogue:table", 40, "dataset.tables.1.foreign_keys.0.table", message="patients"
    ),
    "fk-missing-column.yaml": Expected(
        "catalogue:referenced_columns",
        40,
        "dataset.tables.1.foreign_keys.0.referenced_columns",
        message="ident",
    ),
    "pk-missing-column.yaml": Expected(
        "catalogue:primary_key", 32, "dataset.tables.0.primary_key", message="ident"
    ),
    # --- duplicates -------------------------------------------------------------------------------
    "duplicate-table-name.yaml": Expected("duplicate-id", 37, "dataset.tables.1.name", message=".yaml:30"),
    "duplicate-variable-name.yaml": Expected(
        "duplicate-id", 36, "dataset.tables.0.variables.2.name", message="sexe"
    ),
    "duplicate-yaml-key.yaml": Expected("duplicate-key", 9, message="line 8"),
    "duplicate-dataset-across-files": Expected(
        "duplicate-id", 4, "dataset.id", source="b-second.yaml", message="a-first.yaml:4"
    ),
    # --- dates and periods ------------------------------------------------------------------------
    "date-invalid-unquoted.yaml": Expected(("model:date", "yaml-syntax", "invalid-date"), 15),
    "date-invalid-quoted.yaml": Expected("model:date", 15, "dataset.issued"),
    "temporal-end-before-start.yaml": Expected("model:period_reversed", 15, "dataset.temporal"),
    "history-deleted-before-created.yaml": Expected("model:history_reversed", 41, "dataset.tables.1.history"),
    # --- IRIs and e-mail --------------------------------------------------------------------------
    "iri-landing-page.yaml": Expected("model:url", 15, "dataset.landing_page"),
    "iri-access-url-ftp.yaml": Expected("model:url", 27, "dataset.distributions.0.access_url"),
    "invalid-email.yaml": Expected("model:", 11, "dataset.contact_point.email"),
    # --- encodings --------------------------------------------------------------------------------
    "mis-encoded-c1.yaml": Expected("mis-encoded-text", 5, message="U+0092"),
    "encoding-latin1.yaml": Expected("encoding", 5, message="0xe9"),
    # --- shape of the file ------------------------------------------------------------------------
    "empty-file.yaml": Expected("model:dict_type", 1),
    "top-level-list.yaml": Expected("model:dict_type", 3),
    "billion-laughs.yaml": Expected("too-complex", 4),  # the anchor whose copies overflow the budget
    # --- code lists in CSV files ------------------------------------------------------------------
    "codelist-csv-missing.yaml": Expected(
        "codelist-file",
        7,
        "codelists.0.file.path",
        message="missing.csv",
    ),
    "codelist-csv-missing-column.yaml": Expected(
        "codelist-columns", 1, "header", source="codelist-csv-missing-column.csv", message="label"
    ),
    # --- what a producer meets first: near names, values, parents, reasons -----------------------
    V2: Expected("model:extra_forbidden", 36, f"{V2_PATH}.lable", message="did you mean 'label'"),
    "wrong-enum-datatype.yaml": Expected(
        "model:enum", 36, "dataset.tables.0.variables.2.datatype", message="did you mean 'string'"
    ),
    "wrong-enum-identifying.yaml": Expected(
        "model:enum", 34, "dataset.tables.0.variables.0.identifying", message="no, indirect, direct"
    ),
    "fk-target-columns-listed.yaml": Expected(
        "catalogue:referenced_columns",
        40,
        "dataset.tables.1.foreign_keys.0.referenced_columns",
        message="Variables of table patient: id, sexe, dep",
    ),
    "fk-table-near-name.yaml": Expected(
        "catalogue:table", 40, "dataset.tables.1.foreign_keys.0.table", message="did you mean 'patient'"
    ),
    "code-list-near-name.yaml": Expected(
        "catalogue:code_list",
        35,
        "dataset.tables.0.variables.1.code_list",
        message="did you mean 'code-list-near-name-sexe'",
    ),
    "dangling-broader-inline.yaml": Expected(
        "codelist-broader", 48, "codelists.0.codes.1.broader", message="'9'"
    ),
    "dangling-broader-csv.yaml": Expected(
        "codelist-broader", 4, "parent", source="dangling-broader-csv.csv", message="'48'"
    ),
    "empty-list-without-reason.yaml": Expected(
        "codelist-empty", 46, "codelists.0", message="does not say why"
    ),
    "codes-and-file.yaml": Expected("model:codes_source", 46, "codelists.0"),
    "csv-path-outside.yaml": Expected("model:csv_path_outside", 48, "codelists.0.file.path"),
    "unknown-theme-near-code.yaml": Expected(
        "model:unknown_code", 14, "dataset.themes.0", message="did you mean 'HEAL'"
    ),
    "unknown-language-near-code.yaml": Expected(
        "model:unknown_code", 14, "dataset.language.0", message="did you mean 'FRA'"
    ),
    "coding-system-near-code.yaml": Expected(
        "model:unknown_code", 48, "codelists.0.coding_system", message="did you mean 'ICD-10'"
    ),
    "fk-arity.yaml": Expected("model:fk_arity", 40, "dataset.tables.1.foreign_keys.0", message="id_tumeur"),
    "contact-without-email-or-url.yaml": Expected("model:contact_unreachable", 11, "dataset.contact_point"),
    "ages-reversed.yaml": Expected("model:ages_reversed", 15, "dataset.health", message="(80)"),
    "modified-before-issued.yaml": Expected("model:dates_reversed", 3, "dataset", message="2021-05-01"),
    "history-missing-outside.yaml": Expected(
        "model:history_missing_outside", 41, "dataset.tables.1.history", message="2005"
    ),
    "structural-and-reference.yaml": Expected(
        "catalogue:referenced_columns",
        40,
        "dataset.tables.1.foreign_keys.0.referenced_columns",
        message="ident",
    ),
}


def _write_too_large(folder: Path) -> Path:
    path = folder / "file-too-large.yaml"
    line = b"    " + b"x" * 95 + b"\n"
    with path.open("wb") as stream:
        stream.write(b"# BROKEN: a 50 MB file.\ndataset:\n  description: |\n")
        stream.write(line * (50 * 2**20 // len(line) + 1))
    return path


def _write_deep_nesting(folder: Path) -> Path:
    path = folder / "deep-nesting.yaml"
    path.write_text("a:\n  " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    return path


def _write_zero_bytes(folder: Path) -> Path:
    path = folder / "zero-bytes.yaml"
    path.write_bytes(b"")
    return path


GENERATED: dict[str, tuple[Callable[[Path], Path], Expected]] = {
    "file-too-large": (_write_too_large, Expected("file-too-large", 1, message="MB")),
    "deep-nesting": (_write_deep_nesting, Expected(("too-complex", "yaml-syntax"), 2)),
    "zero-bytes": (_write_zero_bytes, Expected("model:dict_type", 1)),
}


def _params(cases: dict[str, Expected]) -> list[object]:
    return [pytest.param(name, expected, id=name) for name, expected in cases.items()]


def _describe(problems: list[Problem]) -> str:
    return "\n".join(f"{p.location()} [{p.field}] {p.rule}: {p.message_en}" for p in sorted(problems))


def _assert_reported(result: BuildResult, expected: Expected, source_name: str) -> None:
    prefixes = (expected.rule,) if isinstance(expected.rule, str) else expected.rule
    candidates = [p for p in result.problems if p.rule.startswith(prefixes)]
    assert candidates, f"no problem with rule {prefixes}; got:\n{_describe(result.problems)}"
    matching = [
        p
        for p in candidates
        if Path(p.source).name == source_name
        and p.line == expected.line
        and (expected.field is None or p.field == expected.field)
        and p.is_error
    ]
    assert matching, (
        f"expected {prefixes} in {source_name} line {expected.line} field {expected.field}; "
        f"got:\n{_describe(candidates)}"
    )
    problem = matching[0]
    assert problem.message_fr and problem.message_en
    if expected.message:
        wanted = expected.message.lower()
        assert wanted in problem.message_en.lower() or wanted in problem.message_fr.lower(), (
            f"message should mention {expected.message!r}: {problem.message_en} / {problem.message_fr}"
        )
    assert not result.ok


def test_structural_and_reference_errors_come_in_one_run(config: Config) -> None:
    """A file that does not validate is mended to check the rest: its broken key shows at once."""
    result = check(config, [BROKEN / "structural-and-reference.yaml"], None)
    found = {(p.rule, p.line) for p in result.problems if p.is_error}
    assert found == {("model:enum", 36), ("catalogue:referenced_columns", 40)}
    assert result.verdict.valid_datasets == []  # never published


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in BROKEN.iterdir() if p.suffix == ".yaml" or p.is_dir()}
    assert on_disk == set(CASES), "every file of tests/broken/ needs an entry in CASES, and back"
    assert len(CASES) + len(GENERATED) >= 28
    for name in CASES:
        path = BROKEN / name
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            assert file.read_bytes().startswith(b"# BROKEN: "), f"{file.name}: header comment missing"


@pytest.mark.parametrize(("name", "expected"), _params(CASES))
def test_broken_file_is_reported(config: Config, name: str, expected: Expected) -> None:
    target = BROKEN / name
    result = check(config, [target], None)
    _assert_reported(result, expected, expected.source or name)


@pytest.mark.parametrize(
    ("name", "expected"), [pytest.param(name, case[1], id=name) for name, case in GENERATED.items()]
)
def test_generated_broken_file_is_reported(
    config: Config, tmp_path: Path, name: str, expected: Expected
) -> None:
    path = GENERATED[name][0](tmp_path)
    result = check(config, [path], None)
    _assert_reported(result, expected, expected.source or path.name)


def _run_cli(paths: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CATALOGUE, "validate", *paths, "--format", "json", "--cache", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _assert_clean_failure(run: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1, run.stderr[-3000:]
    problems = json.loads(run.stdout)
    assert isinstance(problems, list) and problems
    keys = {"source", "line", "column", "field", "rule", "message_fr", "message_en", "severity"}
    for problem in problems:
        assert keys <= problem.keys()
    return problems


def test_cli_validates_the_whole_corpus_without_traceback(tmp_path: Path) -> None:
    run = _run_cli(["tests/broken"], tmp_path / "cache")
    problems = _assert_clean_failure(run)
    reported = {Path(str(p["source"])).name for p in problems}
    for name, expected in CASES.items():
        wanted = expected.source or name
        assert wanted in reported, f"{wanted}: nothing reported by the CLI"
    # The pull-request report gives a one-line fix for every error of the corpus.
    assert (
        sorted({str(p["rule"]) for p in problems if p["severity"] == "error" and not fix_for(str(p["rule"]))})
        == []
    )


# The minimal valid dataset the corpus is derived from (kept here: the tests must not depend on /tmp).
MINI_DATASET = """\
dataset:
  id: mini
  title: {fr: Mini registre, en: Mini registry}
  description: Un registre **minimal**.
  publisher:
    name: Registre X
    type: public-health-registry
    contact: {email: a@b.fr}
  contact_point: {email: a@b.fr}
  keywords: {fr: [cancer]}
  access_rights: RESTRICTED
  provenance: Collecte active.
  health:
    categories: [RQSH]
    legal_basis: Autorisation CNIL
    purpose: Surveillance
    hdab:
      name: Health Data Hub
      type: national-authority
      contact: {email: hdab@hdh.fr}
  releases: [{year: 2020}, {year: 2021}]
  distributions:
    - id: csv
      title: Extraction CSV
      access_url: https://example.org/acces
      format: CSV
  tables:
    - name: patient
      title: Patients
      primary_key: id
      variables:
        - {name: id, label: Identifiant, datatype: string, identifying: direct}
        - {name: sexe, label: Sexe, datatype: string, code_list: sexe}
        - {name: dep, label: Département, datatype: string}
    - name: tumeur
      title: Tumeurs
      primary_key: [id_tumeur]
      foreign_keys: [{columns: id_patient, table: patient, referenced_columns: id}]
      history: {created: 2010}
      variables:
        - {name: id_tumeur, label: Identifiant tumeur, datatype: string}
        - {name: id_patient, label: Patient, datatype: string, history: {created: 2005}}
codelists:
  - id: sexe
    title: Sexe
    codes: [{code: "1", label: Homme}, {code: "2", label: Femme}]
"""

# Broken neighbours: datasets rejected by the model, by SHACL, a YAML error and a broken code list.
NEIGHBOURS = {
    "fk-missing-table.yaml": "fk-missing-table",
    "unknown-code-list.yaml": "unknown-code-list",
    "missing-health.yaml": None,
    "yaml-tab-indentation.yaml": None,
    "codelist-csv-missing.yaml": None,
}


def test_valid_files_next_to_broken_ones_still_build(config: Config, tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "mini.yaml").write_text(MINI_DATASET, encoding="utf-8")
    for name in NEIGHBOURS:
        shutil.copy(BROKEN / name, sources / name)
    out = tmp_path / "out"

    result = build(config, [sources], out)

    assert result.verdict.valid_datasets == ["mini"]
    assert sorted(result.verdict.invalid_datasets) == sorted(d for d in NEIGHBOURS.values() if d)
    assert "codelist-csv-missing" in result.verdict.invalid_codelists
    assert "sexe" in result.verdict.valid_codelists
    assert not [p for p in result.problems if Path(p.source).name == "mini.yaml" and p.is_error]
    reported = {Path(p.source).name for p in result.problems if p.is_error}
    assert set(NEIGHBOURS) <= reported

    feed = Graph().parse(out / "dcat" / "catalog.ttl", format="turtle")
    datasets = {str(s) for s in feed.subjects()}
    assert str(URIRef(f"{config.iri_base()}/dataset/mini")) in datasets
    for dataset_id in filter(None, NEIGHBOURS.values()):
        assert f"{config.iri_base()}/dataset/{dataset_id}" not in datasets
