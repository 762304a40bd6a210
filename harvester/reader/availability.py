"""When a dataset's data stop: the years a researcher can expect, read from what the graph says."""

from __future__ import annotations

from typing import Literal

from harvester.reader.nodes import year
from harvester.reader.views import Dataset

EndSource = Literal["temporal", "release", "modified", "assumed"]


def last_delivered_year(dataset: Dataset, this_year: int) -> int:
    """The declared end of the temporal coverage; else the latest release or update; else this year
    (an ongoing collection has delivered nothing of the years to come)."""
    return delivered_until(dataset, this_year)[0]


def delivered_until(dataset: Dataset, this_year: int) -> tuple[int, EndSource]:
    """`last_delivered_year` and what it is read from: the temporal coverage's end, a release, the
    last update, or nothing at all (assumed: this year)."""
    end = year(dataset.temporal[1])
    if end:
        return end, "temporal"
    releases = [int(release.year[:4]) for release in dataset.releases if release.year[:4].isdigit()]
    modified = year(dataset.modified)
    if releases and (not modified or max(releases) >= modified):
        return min(max(releases), this_year), "release"
    if modified:
        return min(modified, this_year), "modified"
    return this_year, "assumed"
