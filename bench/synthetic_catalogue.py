"""Generate a synthetic producer catalogue: N datasets × T tables × V variables, and C codes."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import yaml

DATASET_TEMPLATE = {
    "publisher": {
        "name": "Producteur synthétique",
        "type": "public-health-institute",
        "contact": {"email": "contact@example.org"},
    },
    "contact_point": {"email": "contact@example.org"},
    "keywords": {"fr": ["synthétique", "test"]},
    "access_rights": "RESTRICTED",
    "provenance": "Données générées pour mesurer le catalogue.",
    "frequency": "ANNUAL",
    "health": {
        "categories": ["EHRS"],
        "legal_basis": "Article 9 RGPD",
        "purpose": "Mesure de performance",
        "hdab": {
            "name": "Plateforme des données de santé",
            "type": "national-authority",
            "contact": {"email": "hdab@example.org"},
        },
    },
    "distributions": [
        {"id": "csv", "title": "Extraction", "access_url": "https://example.org/acces", "format": "CSV"}
    ],
}


def generate(out: Path, datasets: int, tables: int, variables: int, codes: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "codes.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["code", "libelle"])
        writer.writerows([f"C{i:07d}", f"Libellé du code {i}"] for i in range(codes))
    codelists = {
        "codelists": [
            {
                "id": "codes-synthetiques",
                "title": "Codes synthétiques",
                "file": {
                    "path": "codes.csv",
                    "code_column": "code",
                    "label_column": "libelle",
                    "delimiter": ";",
                },
            }
        ]
    }
    (out / "codelists.yaml").write_text(yaml.safe_dump(codelists, allow_unicode=True), encoding="utf-8")
    for d in range(datasets):
        dataset = {
            "id": f"jeu-{d:04d}",
            "title": {"fr": f"Jeu de données synthétique {d}", "en": f"Synthetic dataset {d}"},
            "description": f"Jeu **synthétique** numéro {d}.",
            **DATASET_TEMPLATE,
            "tables": [_table(t, variables) for t in range(tables)],
        }
        folder = out / dataset["id"]
        folder.mkdir(exist_ok=True)
        (folder / "dataset.yaml").write_text(
            yaml.safe_dump({"dataset": dataset}, allow_unicode=True), encoding="utf-8"
        )


def _table(index: int, variables: int) -> dict[str, object]:
    columns: list[dict[str, object]] = [
        {
            "name": f"VAR_{v:03d}",
            "label": {"fr": f"Variable {v} de la table {index}", "en": f"Column {v}"},
            "description": f"Description de la variable {v}.",
            "datatype": "string" if v % 3 else "integer",
            **({"code_list": "codes-synthetiques"} if v % 10 == 1 else {}),
            "history": {"created": 2006 + v % 10},
        }
        for v in range(variables)
    ]
    table: dict[str, object] = {
        "name": f"T_{index:03d}",
        "title": f"Table {index}",
        "primary_key": ["VAR_000"],
        "variables": columns,
    }
    if index:
        table["foreign_keys"] = [{"columns": "VAR_000", "table": "T_000", "referenced_columns": "VAR_000"}]
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--tables-per-dataset", type=int, default=20)
    parser.add_argument("--variables-per-table", type=int, default=50)
    parser.add_argument("--codes", type=int, default=100_000)
    args = parser.parse_args()
    generate(args.out, args.datasets, args.tables_per_dataset, args.variables_per_table, args.codes)


if __name__ == "__main__":
    main()
