""" "Did you mean": the closest of some known names to one that is not, for any message to offer."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from harvester.core.rules.base import Text

DID_YOU_MEAN = Text(" Vouliez-vous dire « {value} » ?", " Did you mean '{value}'?")


def closest(wanted: str, names: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The known name closest to `wanted` (case aside), or None when none is close enough."""
    by_fold = {name.casefold(): name for name in names}
    if not wanted:
        return None
    if wanted.casefold() in by_fold:
        return by_fold[wanted.casefold()]
    found = difflib.get_close_matches(wanted.casefold(), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found else None


def suggestion(wanted: str, names: Iterable[str], cutoff: float = 0.7) -> dict[str, str]:
    """`suggestion_fr` and `suggestion_en` values for a message ("" when nothing is close)."""
    found = closest(wanted, names, cutoff)
    said = DID_YOU_MEAN.format(value=found) if found and found != wanted else Text("", "")
    return {"suggestion_fr": said.fr, "suggestion_en": said.en}
