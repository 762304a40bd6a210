"""A draft of the EHDS data quality and utility label (regulation (EU) 2025/327, art. 78), element by
element, computed from what the graph says of a dataset. It is a producer's to-do list, not a
certificate: each element carries the evidence it was judged on, and is published as computed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from harvester.reader.views import Dataset


class Level(IntEnum):
    MISSING = 0
    PARTIAL = 1
    MET = 2


@dataclass(frozen=True)
class Element:
    name: str  # one of ELEMENTS
    level: Level
    evidence_fr: str
    evidence_en: str

    def as_dict(self) -> dict[str, object]:
        return {
            "element": self.name,
            "level": int(self.level),
            "fr": self.evidence_fr,
            "en": self.evidence_en,
        }


def _documentation(dataset: Dataset) -> Element:
    variables = [v for table in dataset.tables for v in table.variables]
    described = sum(1 for v in variables if v.description) / len(variables) if variables else 0.0
    pages = len(dataset.documentation) + bool(dataset.landing_page)
    complete = bool(variables) and described >= 0.9
    level = Level.MET if complete and pages else Level.PARTIAL if variables or pages else Level.MISSING
    return Element(
        "documentation",
        level,
        f"{len(dataset.tables)} table(s), {len(variables)} variable(s) dont {described:.0%} décrites ; "
        f"{pages} page(s) de documentation.",
        f"{len(dataset.tables)} table(s), {len(variables)} variable(s), {described:.0%} described; "
        f"{pages} documentation page(s).",
    )


def _declared(name: str, field: str, text: str, certificates: list[str]) -> Element:
    if certificates:
        listed = ", ".join(certificates)
        return Element(
            name, Level.MET, f"Certificat(s) de qualité : {listed}.", f"Quality certificate(s): {listed}."
        )
    if text:
        quoted = text if len(text) <= 160 else text[:157].rstrip() + "…"
        return Element(
            name,
            Level.MET,
            f"Déclaré par le producteur : « {quoted} »",
            f"Declared by the producer: “{quoted}”",
        )
    return Element(
        name,
        Level.MISSING,
        f"Rien de déclaré (`quality.{field}` dans la description).",
        f"Nothing declared (`quality.{field}` in the description).",
    )


def _technical_quality(dataset: Dataset) -> Element:
    return _declared("technical_quality", "technical", dataset.technical_quality, [])


def _quality_management(dataset: Dataset) -> Element:
    return _declared(
        "quality_management", "management", dataset.quality_management, dataset.quality_certificates
    )


# A fact an element is judged on: (French name, English name, French value, English value); "" unknown.
Fact = tuple[str, str, str, str]


def _judged(name: str, facts: list[Fact], unknown_fr: str, unknown_en: str) -> Element:
    known = sum(bool(fr_value) for _, _, fr_value, _ in facts)
    level = Level.MET if known == len(facts) else Level.PARTIAL if known else Level.MISSING
    return Element(
        name,
        level,
        " ; ".join(f"{fr} : {value or unknown_fr}" for fr, _, value, _ in facts) + ".",
        "; ".join(f"{en}: {value or unknown_en}" for _, en, _, value in facts) + ".",
    )


def _coverage(dataset: Dataset) -> Element:
    start, end = dataset.temporal
    period = f"{start or '…'} – {end or '…'}" if start or end else ""
    areas = ", ".join(t.label for t in dataset.spatial)
    population = bool(dataset.population)
    facts: list[Fact] = [
        ("période", "period", period, period),
        ("territoire", "area", areas, ", ".join(t.label_en or t.label for t in dataset.spatial)),
        ("population", "population", "décrite" * population, "described" * population),
    ]
    return _judged("coverage", facts, "non décrite", "not described")


def _access(dataset: Dataset) -> Element:
    rights = dataset.access_rights
    public = rights is not None and rights.code == "PUBLIC"
    licensed = bool(dataset.distributions) and all(d.licence for d in dataset.distributions)
    basis = bool(dataset.legal_basis)
    facts: list[Fact] = [
        (
            "droits d’accès",
            "access rights",
            rights.label if rights else "",
            rights.label_en or rights.label if rights else "",
        ),
        ("base légale", "legal basis", "énoncée" * basis, "stated" * basis),
    ]
    if public:
        facts.append(
            ("licence", "licence", "sur chaque distribution" * licensed, "on each distribution" * licensed)
        )
    else:
        body = dataset.hdab.name if dataset.hdab else ""
        facts.append(("organisme d’accès", "access body", body, body))
    return _judged("access", facts, "non indiqué", "not stated")


def _enrichments(dataset: Dataset) -> Element:
    # Code lists and links to other datasets count, and the register's uses when there are some.
    coded = sum(1 for table in dataset.tables for v in table.variables if v.code_list)
    linked = ", ".join(
        sorted({fk.dataset for t in dataset.tables for fk in t.foreign_keys if fk.dataset != dataset.id})
    )
    facts: list[Fact] = [
        (
            "variables liées à une nomenclature",
            "variables linked to a code list",
            str(coded or ""),
            str(coded or ""),
        ),
        ("jeux de données joints", "datasets joined", linked, linked),
    ]
    if dataset.uses:
        facts.append(_uses_fact(dataset))
    return _judged("enrichments", facts, "aucun", "none")


def _uses_fact(dataset: Dataset) -> Fact:
    """The data-use register: "used by N projects, M with outputs"."""
    used, with_outputs = len(dataset.uses), sum(1 for use in dataset.uses if use.outputs)
    return (
        "utilisations (registre)",
        "uses (register)",
        f"{used} projet{'s' * (used > 1)}, dont {with_outputs} avec des productions",
        f"{used} project{'s' * (used > 1)}, {with_outputs} with outputs",
    )


ASSESSORS: dict[str, Callable[[Dataset], Element]] = {
    "documentation": _documentation,
    "technical_quality": _technical_quality,
    "quality_management": _quality_management,
    "coverage": _coverage,
    "access": _access,
    "enrichments": _enrichments,
}
ELEMENTS = tuple(ASSESSORS)


def draft_label(dataset: Dataset) -> list[Element]:
    return [assess(dataset) for assess in ASSESSORS.values()]
