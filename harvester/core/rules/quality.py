"""Quality of the descriptions: the yearly review (EHDS art. 60) and the quality files of a build."""

from __future__ import annotations

from harvester.core.problems import Severity
from harvester.core.rules.base import Rule, Text

REVIEW = Rule(
    "review-stale",
    Severity.WARNING,
    fix=Text(
        "Relisez la description, corrigez-la si besoin, puis datez la revue : `reviewed: AAAA-MM-JJ`.",
        "Read the description, fix it if needed, then date the review: `reviewed: YYYY-MM-DD`.",
    ),
)
REVIEW_STALE = REVIEW.says(
    "Description non revue depuis plus de 12 mois ({basis} : {date}).",
    "Description not reviewed for more than 12 months ({basis}: {date}).",
)
REVIEW_NEVER = REVIEW.says(
    "Description jamais revue : ni date de revue (`reviewed`) ni date de modification (`modified`).",
    "Description never reviewed: no review date (`reviewed`) nor modification date (`modified`).",
)

QUALITY_FILE = Rule(
    "quality-file",
    fix=Text("Relancez `catalogue build`.", "Run `catalogue build` again."),
)
QUALITY_FILE_BAD = QUALITY_FILE.says("{path} est illisible : {reason}.", "{path} cannot be read: {reason}.")
