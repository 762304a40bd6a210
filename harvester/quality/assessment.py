"""Everything the catalogue says of one dataset's quality: the metadata score, the draft EHDS label
and the yearly review, from the graph's view of the dataset (YAML or harvested alike)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from harvester.quality.label import Element, draft_label
from harvester.quality.review import Review, review_of
from harvester.quality.score import QualityScore, score
from harvester.reader.views import Dataset


@dataclass(frozen=True)
class Assessment:
    dataset: str
    iri: str
    title: str
    publisher: str  # the publisher's name ("" when none): the producer dashboards group by it
    score: QualityScore
    label: list[Element]
    review: Review
    uses: int = 0  # uses of the register that name it (projects, pilots, challenges)
    uses_with_outputs: int = 0

    def as_dict(self) -> dict[str, object]:
        """The score's figures (as before), then the label and the review."""
        return self.score.as_dict() | {
            "title": self.title,
            "publisher": self.publisher,
            "label": [element.as_dict() for element in self.label],
            "review": self.review.as_dict(),
            "uses": {"projects": self.uses, "with_outputs": self.uses_with_outputs},
        }


def assess(dataset: Dataset, today: dt.date) -> Assessment:
    return Assessment(
        dataset.id,
        dataset.iri,
        dataset.title,
        dataset.publisher.name if dataset.publisher else "",
        score(dataset),
        draft_label(dataset),
        review_of(dataset, today),
        len(dataset.uses),
        sum(1 for use in dataset.uses if use.outputs),
    )
