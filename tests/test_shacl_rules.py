"""Rules of our shapes that compare a column with its table, located on the column's own YAML line."""

from __future__ import annotations

from pathlib import Path

from harvester.config import Config
from harvester.pipeline.build import check

DATASET = """\
dataset:
  id: annees
  title: Années de disponibilité
  description: Variables dont les années ne suivent pas celles de leur table.
  publisher:
    name: Registre X
    type: public-health-registry
    contact: {email: a@b.fr}
  contact_point: {email: a@b.fr}
  keywords: {fr: [test]}
  access_rights: PUBLIC
  provenance: Collecte active.
  health:
    categories: [RQSH]
    legal_basis: Mission d’intérêt public
    purpose: Surveillance
  distributions:
    - {id: csv, title: CSV, access_url: "https://example.org/acces"}
  tables:
    - name: sejour
      title: Séjours
      history: {created: 2010, deleted: 2020}
      variables:
        - {name: id, label: Identifiant, datatype: string}
        - name: ancienne
          label: Créée avant la table
          datatype: string
          history: {created: 2005}
        - name: tardive
          label: Supprimée après la table
          datatype: string
          history: {deleted: 2022}
"""


def test_column_years_outside_their_table_are_warnings_on_the_column(config: Config, tmp_path: Path) -> None:
    source = tmp_path / "annees.yaml"
    source.write_text(DATASET, encoding="utf-8")
    result = check(config, [source], None)
    found = {(p.line, p.field, p.severity.value, p.message_en) for p in result.problems}
    assert found == {
        (
            28,
            "dataset.tables.0.variables.1.history.created",
            "warning",
            "The variable ancienne is created before its table.",
        ),
        (
            32,
            "dataset.tables.0.variables.2.history.deleted",
            "warning",
            "The variable tardive still exists after its table was deleted.",
        ),
    }
    assert result.verdict.valid_datasets == ["annees"]
