"""Judge datasets by the official profiles: every harvested record, and ours on request
(`catalogue validate --profile official`).

A harvested record is published when it meets DCAT-AP 3.0.1 and the HealthDCAT-AP tier of its
access rights; our producers' rules, which it was never written for, only advise (warnings). Each
record is validated alone with the vocabulary terms it uses described, as the feed will carry it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import PROV, URIRef

from harvester.core.problems import Problem, Severity
from harvester.core.rules import official as rules
from harvester.core.vocabularies import describe_terms
from harvester.graph.unit import GraphUnit, Origin
from harvester.pipeline.assemble import Assembly, sorted_ntriples
from harvester.validation.official import Profile, class_hierarchy, compact, judged_text, profile_of
from harvester.validation.shacl import ChunkValidator, ShaclResult
from harvester.validation.shacl_problems import problem_from_result


@dataclass
class OfficialJudgement:
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # by dataset id
    validated: int = 0
    reused: int = 0


def judge(assembly: Assembly, dataset_ids: list[str], cache_dir: Path | None) -> OfficialJudgement:
    """Official problems of each dataset (errors leave it out)."""
    judgement = OfficialJudgement()
    by_profile: dict[str, tuple[Profile, dict[str, str]]] = {}
    for dataset_id in dataset_ids:
        unit = assembly.datasets[dataset_id]
        chosen = profile_of(unit.graph, assembly.iris.dataset(dataset_id))
        chunk = sorted_ntriples(unit.graph, describe_terms(unit.terms), class_hierarchy())
        by_profile.setdefault(chosen.name, (chosen, {}))[1][dataset_id] = chunk
    origins = assembly.origins()
    for chosen, chunks in by_profile.values():
        validator = ChunkValidator(chosen.shapes, cache_dir)
        results = validator.run(chunks)
        judgement.validated += validator.validated
        judgement.reused += validator.reused
        for dataset_id, found in results.items():
            unit = assembly.datasets[dataset_id]
            judgement.problems[dataset_id] = [
                _problem(result, chosen, assembly, unit, dataset_id, origins) for result in found
            ]
    return judgement


def as_advice(problem: Problem) -> Problem:
    """One of our producer rules, broken by a harvested record: a warning that says it is ours."""
    fr = rules.PRODUCER_RULE.fr.format(message=problem.message_fr)
    en = rules.PRODUCER_RULE.en.format(message=problem.message_en)
    rule = rules.ADVICE_RULES.rule_id(problem.rule)
    return replace(problem, rule=rule, severity=Severity.WARNING, message_fr=fr, message_en=en)


def record_source(unit: GraphUnit, record: URIRef) -> str:
    """Where a harvested record's problems point: its IRI at the source, else its file."""
    original = unit.graph.value(record, PROV.wasDerivedFrom)
    return str(original) if original is not None else unit.source


def _problem(
    result: ShaclResult,
    chosen: Profile,
    assembly: Assembly,
    unit: GraphUnit,
    dataset_id: str,
    origins: dict[str, Origin],
) -> Problem:
    record = assembly.iris.dataset(dataset_id)
    text = judged_text(result, str(record), chosen.label)
    if dataset_id in assembly.models:  # ours: point at the producer's file and line
        worded = replace(result, message_fr=text.fr, message_en=text.en)
        fallback = Origin(unit.source, ("dataset",))
        return problem_from_result(worded, origins, assembly.documents, fallback, rules.OFFICIAL)
    severity = Severity.ERROR if result.severity == "error" else Severity.WARNING
    path = compact(result.path or "")
    suffix = f"{chosen.name}:{path or result.component}"
    source = record_source(unit, record)
    return replace(
        rules.OFFICIAL.problem(suffix, source, text, field=path, severity=severity), focus=result.focus
    )
