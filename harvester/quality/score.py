"""A metadata quality score per dataset (0–100), in the spirit of data.europa.eu's metadata quality
assessment (findability, accessibility, interoperability, reusability, contextuality), plus the
completeness of the data dictionary. Every point lost says why, in French and English.

Computed from the graph's views (harvester.reader), so a harvested dataset is scored like one
written in YAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from harvester.model.dictionary import Datatype
from harvester.reader.views import Dataset, Variable

NUMERIC = {str(d) for d in (Datatype.INTEGER, Datatype.DECIMAL, Datatype.DOUBLE, Datatype.NUMBER)}
# A variable whose name or label says it holds a code should name its code list.
_CODED = re.compile(r"(?:^|_)(?:cod|code|cd)(?:_|$)|\bcode\b", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    dimension: str
    points: int
    passed: bool
    why_fr: str  # said when the check fails
    why_en: str


@dataclass
class QualityScore:
    dataset: str
    checks: list[Check] = field(default_factory=list)

    @property
    def score(self) -> int:
        total = sum(check.points for check in self.checks)
        return round(100 * sum(c.points for c in self.checks if c.passed) / total) if total else 0

    def dimensions(self) -> dict[str, tuple[int, int]]:
        """Dimension → (points obtained, points possible)."""
        result: dict[str, tuple[int, int]] = {}
        for check in self.checks:
            got, possible = result.get(check.dimension, (0, 0))
            result[check.dimension] = (got + (check.points if check.passed else 0), possible + check.points)
        return result

    def lost(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "score": self.score,
            "dimensions": {
                name: {"points": got, "max": possible} for name, (got, possible) in self.dimensions().items()
            },
            "lost": [
                {"dimension": c.dimension, "points": c.points, "fr": c.why_fr, "en": c.why_en}
                for c in self.lost()
            ],
        }


def score(dataset: Dataset) -> QualityScore:
    result = QualityScore(dataset.id)
    distributions = dataset.distributions
    contact = dataset.contact
    public = dataset.access_rights is not None and dataset.access_rights.code == "PUBLIC"

    def check(dimension: str, points: int, passed: bool, fr: str, en: str) -> None:
        result.checks.append(Check(dimension, points, passed, fr, en))

    # Findability
    check("findability", 5, len(dataset.keywords) >= 3, "Moins de 3 mots-clés.", "Fewer than 3 keywords.")
    check("findability", 5, bool(dataset.keywords_en), "Aucun mot-clé anglais.", "No English keyword.")
    check("findability", 4, len(dataset.themes) > 1, "Seul le thème HEAL.", "Only the HEAL theme.")
    check(
        "findability",
        3,
        any(dataset.temporal),
        "Couverture temporelle absente.",
        "No temporal coverage.",
    )
    check("findability", 3, bool(dataset.spatial), "Couverture spatiale absente.", "No spatial coverage.")
    # Accessibility
    check("accessibility", 6, bool(dataset.landing_page), "Pas de page d’accueil.", "No landing page.")
    check(
        "accessibility",
        6,
        any(d.download_url for d in distributions) or not public,
        "Données publiques sans lien de téléchargement.",
        "Public data without a download link.",
    )
    has_email, has_page = bool(contact and contact.email), bool(contact and contact.url)
    check("accessibility", 4, has_email, "Contact sans courriel.", "Contact without an e-mail.")
    check("accessibility", 4, has_page, "Contact sans page web.", "Contact without a web page.")
    # Interoperability
    check(
        "interoperability",
        5,
        all(d.format for d in distributions),
        "Format absent sur une distribution.",
        "A distribution has no format.",
    )
    check(
        "interoperability",
        4,
        all(d.media_type for d in distributions),
        "Type de média absent sur une distribution.",
        "A distribution has no media type.",
    )
    check(
        "interoperability",
        6,
        bool(dataset.coding_systems),
        "Aucun système de codage déclaré (CIM-10, CCAM…).",
        "No coding system declared (ICD-10, CCAM…).",
    )
    # Reusability
    check(
        "reusability",
        6,
        # The graph carries a dataset's licence on each of its distributions.
        bool(distributions) and all(d.licence for d in distributions),
        "Licence absente.",
        "No licence.",
    )
    check("reusability", 4, bool(dataset.title_en), "Pas de titre anglais.", "No English title.")
    check(
        "reusability",
        4,
        bool(dataset.description_en),
        "Pas de description anglaise.",
        "No English description.",
    )
    check(
        "reusability",
        6,
        public or dataset.hdab is not None,
        "Accès restreint sans organisme d’accès (HDAB).",
        "Restricted access without a health data access body.",
    )
    # Contextuality
    check(
        "contextuality",
        3,
        dataset.frequency is not None,
        "Fréquence de mise à jour absente.",
        "No update frequency.",
    )
    check(
        "contextuality",
        3,
        bool(dataset.modified),
        "Date de modification absente.",
        "No modification date.",
    )
    check(
        "contextuality",
        2,
        bool(dataset.documentation),
        "Pas de lien de documentation.",
        "No documentation link.",
    )
    check(
        "contextuality",
        2,
        any(d.byte_size for d in distributions),
        "Taille des distributions inconnue.",
        "Distribution sizes unknown.",
    )
    _dictionary_checks(dataset, check)
    return result


def _dictionary_checks(dataset: Dataset, check: Callable[[str, int, bool, str, str], None]) -> None:
    """Dictionary completeness: each share of variables below 90 % loses the points, with the share."""
    variables = [variable for table in dataset.tables for variable in table.variables]
    check("dictionary", 5, bool(variables), "Aucun dictionnaire de variables.", "No data dictionary.")
    if not variables:
        return

    def share(
        name_fr: str, name_en: str, points: int, wanted: list[Variable], ok: Callable[[Variable], bool]
    ) -> None:
        if not wanted:
            return
        done = sum(1 for variable in wanted if ok(variable)) / len(wanted)
        check(
            "dictionary",
            points,
            done >= 0.9,
            f"{done:.0%} des variables {name_fr}.",
            f"{done:.0%} of the variables {name_en}.",
        )

    share("ont une description", "have a description", 3, variables, lambda v: bool(v.description))
    numeric = [v for v in variables if v.datatype in NUMERIC]
    share("numériques ont une unité", "that are numeric have a unit", 2, numeric, lambda v: bool(v.unit))
    coded = [v for v in variables if _CODED.search(v.name) or _CODED.search(v.label)]
    share(
        "codées ont une nomenclature",
        "that are coded have a code list",
        3,
        coded,
        lambda v: bool(v.code_list),
    )
    share("ont leurs années de disponibilité", "have their years", 2, variables, lambda v: v.history.known)
