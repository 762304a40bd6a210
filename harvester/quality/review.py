"""The yearly review of a description (EHDS art. 60: data holders review their dataset descriptions
every year): counted from the `reviewed` date the producer gives, else from the last modification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from harvester.core.problems import Problem
from harvester.core.rules import quality as rules
from harvester.reader.views import Dataset


@dataclass(frozen=True)
class Review:
    dataset: str
    since: dt.date | None  # the date the review is counted from; None when the description gives none
    basis: str  # "reviewed", "modified", or "" when neither date is known
    stale: bool  # not reviewed for more than 12 months (or never)

    @property
    def due(self) -> dt.date | None:
        """When the next review is due: a year after the last one."""
        return _year_after(self.since) if self.since else None

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.since.isoformat() if self.since else None,
            "basis": self.basis or None,
            "due": self.due.isoformat() if self.due else None,
            "stale": self.stale,
        }


def review_problem(review: Review, source: str, line: int | None = None) -> Problem | None:
    """The warning a stale description gets in `catalogue check`, at its file; None when up to date."""
    if not review.stale:
        return None
    if review.since is None:
        return rules.REVIEW_NEVER.at(source, line=line, field="dataset.reviewed")
    return rules.REVIEW_STALE.at(
        source, line=line, field="dataset.reviewed", basis=review.basis, date=review.since.isoformat()
    )


def review_of(dataset: Dataset, today: dt.date) -> Review:
    for basis, value in (("reviewed", dataset.reviewed), ("modified", dataset.modified)):
        since = _date(value)
        if since is not None:
            return Review(dataset.id, since, basis, _year_after(since) < today)
    return Review(dataset.id, None, "", True)


def _date(value: str) -> dt.date | None:
    """A date, or the date of a dateTime (harvested records write either)."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
