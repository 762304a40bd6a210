"""What a use of the data must say as a whole, and what only today's date can tell (so it is never
cached with the graph's SHACL results): an authorisation once authorised, a status that agrees with
the period, a challenge block for challenges only."""

from __future__ import annotations

import datetime as dt

from harvester.core.problems import Problem
from harvester.core.rules import uses as rules
from harvester.model.use import AUTHORISED_STATUSES, Use, UseKind, UseStatus
from harvester.sources.catalogue_source import SourceFile, load_text

ROOT = ("use",)


def check_use_text(text: str, display: str = "draft.yaml", today: dt.date | None = None) -> list[Problem]:
    """The problems of a use written as YAML text (e.g. a draft made from a selection), located in it:
    YAML, the model (fields, kinds, statuses, dates in order) and the rules of this module. Whether the
    datasets, tables and variables it names exist is the catalogue's to say: validate the written file
    with `harvester.pipeline.build.check_named` (or `catalogue validate FILE`)."""
    source, problems = load_text(text, display)
    if source is None or source.salvaged:
        return problems
    use = source.content.use
    if use is None:
        return [*problems, source.problem((), rules.NOT_A_USE)]
    return [*problems, *use_problems(source, use, today or dt.date.today())]


def use_problems(source: SourceFile, use: Use, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    status = use.status.value
    if use.status in AUTHORISED_STATUSES and not use.legal.authorised:
        # On its legal block when written, else on the status that asks for one.
        at = (*ROOT, "legal") if (*ROOT, "legal") in source.document.positions else (*ROOT, "status")
        problems.append(source.problem(at, rules.NO_AUTHORISATION, status=status))
    if use.challenge is not None and use.kind is not UseKind.CHALLENGE:
        problems.append(source.problem((*ROOT, "challenge"), rules.CHALLENGE_BLOCK, kind=use.kind.value))
    if use.challenge is None and use.kind is UseKind.CHALLENGE:
        problems.append(source.problem((*ROOT, "kind"), rules.CHALLENGE_WITHOUT_BLOCK))
    problems += _status_against_dates(source, use, today)
    return problems


def _status_against_dates(source: SourceFile, use: Use, today: dt.date) -> list[Problem]:
    start, end = use.period.start, use.period.end
    at = (*ROOT, "status")
    status = use.status.value
    if use.status is UseStatus.FINISHED and (end is None or end > today):
        said = ("est ouverte", "has no end") if end is None else (f"finit le {end}", f"ends on {end}")
        return [source.problem(at, rules.FINISHED_NOT_ENDED, end_fr=said[0], end_en=said[1])]
    if use.status is UseStatus.RUNNING and start is not None and start > today:
        return [source.problem(at, rules.RUNNING_NOT_STARTED, start=start.isoformat())]
    if use.status is UseStatus.RUNNING and end is not None and end < today:
        return [source.problem(at, rules.RUNNING_ENDED, end=end.isoformat())]
    if use.status in (UseStatus.REQUESTED, UseStatus.AUTHORISED):
        if end is not None and end < today:
            return [source.problem(at, rules.PENDING_ENDED, status=status, end=end.isoformat())]
        if use.outputs:
            return [source.problem(at, rules.OUTPUTS_BEFORE_START, status=status)]
    return []
