"""When a dataset's data stop: the years a researcher can expect, read from what the graph says."""

from __future__ import annotations

from harvester.reader.nodes import year
from harvester.reader.views import Dataset


def last_delivered_year(dataset: Dataset, this_year: int) -> int:
    """The declared end of the temporal coverage; else the latest release or update; else this year
    (an ongoing collection has delivered nothing of the years to come)."""
    end = year(dataset.temporal[1])
    if end:
        return end
    delivered = [int(release.year[:4]) for release in dataset.releases if release.year[:4].isdigit()]
    delivered += [found for found in (year(dataset.modified),) if found]
    return min(max(delivered), this_year) if delivered else this_year
